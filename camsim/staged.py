"""Staged cameras: a calm still whose picture a test changes on command.

The analytics' tests (motion, tampering, face blurring, crowd level) need cameras whose
picture changes in known ways at known times. A staged camera shows a 1:1 view of the
PTZ cameras' scene (``camsim.scene``: grid, cell labels, landmarks; sharp enough that
"out of focus" can be measured) and nothing moves until an act is set through the
control API (``POST /cameras/<id>/stage``). The acts themselves are drawn in
``camsim.stage``; here they are timed, served and described.

They are cameras like the others (``GET /cameras``, ONVIF, accounts, faults), with ids
``stg001``… after the fleet and the latency cameras, at a test point in Cilandak.
Streams are main 1280x720 and sub 640x360, H.264, encoded live only while watched
(x264 ultrafast, zerolatency, no B-frames, a keyframe every ``--gop``).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np

from camsim.catalog import Camera, TrialSite, trial_cameras
from camsim.feeder import Feed, Ticker
from camsim.gst import Gst
from camsim.lineup import VENDOR, Lineup, StreamSpec
from camsim.profiles import Codec, Profile, Stream
from camsim.scene import CELL, Scene
from camsim.stage import (
    CALM,
    Act,
    ActName,
    Face,
    Planes,
    perform,
    scaled,
    scene_view,
    video_range,
)
from camsim.state import CameraState

ID_PREFIX = "stg"
PROFILES = (
    Profile(Stream.MAIN, 1280, 720, 2000),
    Profile(Stream.SUB, 640, 360, 600),
)
# A test point of its own, away from the fleet's named places and from the latency
# cameras in Tebet.
_PLACE = TrialSite("Jakarta Selatan", "Cilandak", "Cilandak Barat", "RW 02", -6.2866,
                   106.7986)
# Eileen Collins' face and shoulders in skimage's astronaut (512x512): rows, columns.
_PHOTO_CROP = (slice(0, 300), slice(100, 350))


def staged_id(number: int) -> str:
    return f"{ID_PREFIX}{number:03d}"


def staged_lineup() -> Lineup:
    streams = tuple(StreamSpec(profile, Codec.H264) for profile in PROFILES)
    return Lineup(VENDOR, f"camsim staged H.264 {len(streams)}-stream", streams)


def staged_cameras(count: int, first_index: int) -> list[Camera]:
    """``count`` staged cameras ``stg001``…; ``first_index`` follows the last camera."""
    return trial_cameras(_PLACE, ID_PREFIX, "Uji Analitik", count, first_index,
                              staged_lineup(), staged=True)


@functools.cache
def face_photo() -> np.ndarray:
    """The face and shoulders of skimage's astronaut (RGB), a photograph that ships
    inside scikit-image (no download). Imported here only: the first face act pays."""
    from skimage import data

    return data.astronaut()[_PHOTO_CROP]


def _views(scene: Scene, number: int, width: int, height: int) -> tuple[Planes, Planes]:
    """(calm, turned): two views of the scene far apart, different per camera."""
    cols = max(1, (scene.width - width) // (2 * CELL))
    x = CELL // 2 + 2 * CELL * ((number - 1) % cols)
    turned_x = CELL // 2 + 2 * CELL * ((number + cols // 2 - 1) % cols)
    turned_y = min(scene.height - height, CELL * 5) // 2 * 2
    return (video_range(scene_view(scene, x, CELL // 2, width, height)),
            video_range(scene_view(scene, turned_x, turned_y, width, height)))  # fmt: skip


def _iso_ms(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


class Stage:
    """One staged camera's current act, shared by its streams. Thread-safe: the
    control API sets acts while the ticker draws frames."""

    def __init__(self, scene: Scene, number: int, profiles=PROFILES,
                 clock: Callable[[], float] = time.time) -> None:  # fmt: skip
        largest = max(profiles, key=lambda p: p.width)
        calm, turned = _views(scene, number, largest.width, largest.height)
        self._views = {
            p.stream: (scaled(calm, p.width, p.height), scaled(turned, p.width, p.height))
            for p in profiles
        }
        self._clock = clock
        self._lock = threading.Lock()
        self.perform(CALM)

    def perform(self, act: Act) -> dict:
        """Replace the current act with ``act``; returns what ``describe`` gives."""
        photo = face_photo() if act.name is ActName.FACE else None
        shows = {
            stream: perform(act, calm, turned, photo)
            for stream, (calm, turned) in self._views.items()
        }  # made before the swap: drawing an act never waits for its set-up
        with self._lock:
            self._act, self._began, self._shows = act, self._clock(), shows
        return self.describe()

    def frame(self, stream: Stream) -> bytes:
        """The I420 picture of ``stream`` now."""
        with self._lock:
            show, began = self._shows[stream], self._began
        return show.frame(self._clock() - began)

    def describe(self) -> dict:
        """The act, its parameters, when it began (UTC, ms) and, for a face, where the
        face is now (picture fractions)."""
        with self._lock:
            act, began, shows = self._act, self._began, self._shows
        now = self._clock()
        out = {**act.to_json(), "began": _iso_ms(began), "at": _iso_ms(now),
               "elapsed_s": round(now - began, 3)}  # fmt: skip
        show = shows[Stream.MAIN] if Stream.MAIN in shows else next(iter(shows.values()))
        if isinstance(show, Face):
            out["face_box"] = [round(v, 4) for v in show.box(now - began)]
        return out


class StagedFrames:
    """I420 buffers of one stream of a stage."""

    def __init__(self, stage: Stage, stream: Stream) -> None:
        self._stage, self._stream = stage, stream

    def next_buffer(self) -> Gst.Buffer:
        return Gst.Buffer.new_wrapped(self._stage.frame(self._stream))

    def restart(self) -> None:
        pass  # encoded live: any next picture decodes after the encoder's next keyframe


def _launch(profile: Profile, fps: int, gop: int) -> str:
    # A constant quantizer, not a bitrate: every keyframe of a still is then coded the
    # same and decodes to the same pixels. Under rate control a calm sub picture moved
    # by 0.44 levels on average (99.9th percentile 12) from one keyframe to the next,
    # motion the analytics would have to be told to ignore; at quantizer 20 it is 0.
    # threads=1: with zerolatency's sliced threads, PyAV decoded the top part of most
    # pictures black (seen on the 2-core machine, not explained; viewport.py avoids them too).
    return (
        "( appsrc name=src is-live=true format=time do-timestamp=false "
        "max-buffers=2 leaky-type=downstream "
        f"caps=video/x-raw,format=I420,width={profile.width},height={profile.height},"
        f"framerate={fps}/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast bframes=0 threads=1 "
        f"pass=quant quantizer=20 key-int-max={gop} "
        "! video/x-h264,profile=constrained-baseline "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )


class StagedSource:
    """A staged camera's path (see ``rtsp.MediaSource``)."""

    def __init__(self, ticker: Ticker, stage: Stage, profile: Profile,
                 state: Callable[[], CameraState], fps: int, gop: int) -> None:  # fmt: skip
        self.launch = _launch(profile, fps, gop)
        self._ticker = ticker
        self._stage, self._stream = stage, profile.stream
        self._state = state
        self._frame_ns = Gst.SECOND // fps

    def start(self, appsrc) -> Callable[[], None]:
        frames = StagedFrames(self._stage, self._stream)
        key = self._ticker.add(Feed(appsrc, frames, self._state, self._frame_ns))
        return lambda: self._ticker.remove(key)
