"""Latency cameras: live-encoded pictures that carry their own capture time.

Each picture is made when the ticker asks for it, stamped with the wall clock at that
moment (``time.time()`` in ms) as a ``camsim.timecode`` band, and pushed at once into
a live x264 pipeline (tune=zerolatency, no B-frames, a keyframe every ``--gop``). So
whoever reads the code back from a screen on the same machine measures the whole way:
encoder, RTSP, relay, network, decoder and paint. Below the band the same time is
written in digits (``HHMMSS mmm``, UTC) for a person looking at a screenshot.

They are cameras like the others for the rest of camsim (``GET /cameras``, ONVIF,
faults, accounts), with ids ``lat001``… after the fleet's ``cam`` ones, at a test
point in Tebet. Their streams are smaller than a fixed camera's (main 1280x720, sub
640x360, both H.264): each is encoded live only while watched, and a 1080p x264 encode
would cost the machine under test a quarter of a core.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from camsim import timecode
from camsim.catalog import Camera, TrialSite, trial_cameras
from camsim.feeder import Feed, Ticker
from camsim.glyphs import render_text
from camsim.gst import Gst
from camsim.lineup import VENDOR, Lineup, StreamSpec
from camsim.profiles import Codec, Profile, Stream
from camsim.state import CameraState

ID_PREFIX = "lat"
PROFILES = (
    Profile(Stream.MAIN, 1280, 720, 2000),
    Profile(Stream.SUB, 640, 360, 600),
)
# A test point, away from the fleet's own places.
_PLACE = TrialSite("Jakarta Selatan", "Tebet", "Tebet Barat", "RW 01", -6.2258,
                   106.8491)
_BACKGROUND = 96  # luma; the band's cells are 16 and 235, so its markers stand out


def latency_id(number: int) -> str:
    return f"{ID_PREFIX}{number:03d}"


def latency_lineup() -> Lineup:
    streams = tuple(StreamSpec(profile, Codec.H264) for profile in PROFILES)
    return Lineup(VENDOR, f"camsim latency H.264 {len(streams)}-stream", streams)


def latency_cameras(count: int, first_index: int) -> list[Camera]:
    """``count`` latency cameras ``lat001``…; ``first_index`` follows the fleet's last."""
    return trial_cameras(_PLACE, ID_PREFIX, "Uji Latensi", count, first_index,
                              latency_lineup(), latency=True)


class TimecodeFrames:
    """I420 pictures stamped with the wall clock at the moment each is made."""

    def __init__(self, profile: Profile, clock: Callable[[], float] = time.time) -> None:
        self._w, self._h = profile.width, profile.height
        self._clock = clock
        self._luma = np.full((self._h, self._w), _BACKGROUND, dtype=np.uint8)
        self._chroma = bytes([128]) * (self._w * self._h // 2)
        self._scale = max(2, self._h // 90)
        self._made = 0
        self.last_ms: int | None = None  # capture time of the latest picture

    def picture(self, ms: int) -> np.ndarray:
        """The luma plane of the picture taken at ``ms``."""
        luma = self._luma.copy()
        # A bar that moves, so inter pictures carry more than the code.
        x = (self._made * 8) % self._w
        luma[self._h * 3 // 4:self._h * 7 // 8, x:x + self._w // 40] = 200
        timecode.draw(luma, ms)
        utc = time.gmtime(ms // 1000)
        label = render_text(f"{utc.tm_hour:02d}{utc.tm_min:02d}{utc.tm_sec:02d} {ms % 1000:03d}",
                            self._scale)
        top = self._h * 5 // 8 + self._scale * 2
        left = (self._w - label.shape[1]) // 2
        luma[top:top + label.shape[0], left:left + label.shape[1]][label] = 235
        return luma

    def next_buffer(self) -> Gst.Buffer:
        ms = int(self._clock() * 1000)
        data = self.picture(ms).tobytes() + self._chroma
        self._made += 1
        self.last_ms = ms
        return Gst.Buffer.new_wrapped(data)

    def restart(self) -> None:
        pass  # encoded live: any next picture decodes after the encoder's next keyframe


def _launch(profile: Profile, fps: int, gop: int) -> str:
    # No queue and no lookahead: the picture goes straight from push to encoder to
    # payloader on the ticker's thread. threads=1 keeps x264 from batching slices.
    return (
        "( appsrc name=src is-live=true format=time do-timestamp=false "
        "max-buffers=2 leaky-type=downstream "
        f"caps=video/x-raw,format=I420,width={profile.width},height={profile.height},"
        f"framerate={fps}/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast bframes=0 threads=1 "
        f"key-int-max={gop} bitrate={profile.kbps} "
        "! video/x-h264,profile=constrained-baseline "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )


def _keep_unsynced(element, _pspec) -> None:
    if element.get_property("sync"):
        element.set_property("sync", False)


def _on_element_added(_pipeline, _bin, element) -> None:
    # The RTSP server's sinks wait for each buffer's running time plus the pipeline's
    # latency before sending: 17 ms more from push to a client's socket at 15 fps
    # (measured at the payloader and at a PyAV reader's packet). A camera sends a
    # picture when it is encoded, so the sinks do not wait.
    # The server sets sync after adding a sink: keep it off whenever it is set.
    if element.find_property("sync") is not None:
        element.connect("notify::sync", _keep_unsynced)
        element.set_property("sync", False)


class LatencySource:
    """A latency camera's path (see ``rtsp.MediaSource``)."""

    def __init__(
        self,
        ticker: Ticker,
        profile: Profile,
        state: Callable[[], CameraState],
        fps: int,
        gop: int,
    ) -> None:
        self.launch = _launch(profile, fps, gop)
        self._ticker = ticker
        self._profile = profile
        self._state = state
        self._frame_ns = Gst.SECOND // fps

    def start(self, appsrc) -> Callable[[], None]:
        # media-configure comes before the server adds its sinks to the pipeline.
        appsrc.get_parent().get_parent().connect("deep-element-added", _on_element_added)
        frames = TimecodeFrames(self._profile)
        key = self._ticker.add(Feed(appsrc, frames, self._state, self._frame_ns))
        return lambda: self._ticker.remove(key)
