"""A PTZ camera's picture: the part of the scene its head points at, encoded live.

Pan +1 moves the view centre a quarter of the scene to the right (so the content
slides left in the picture), tilt +1 a quarter up; zoom 0 shows half the scene's
width and zoom 1 an eighth of that. The view therefore never leaves the scene.
Frames are only rendered and encoded while a client pulls the stream.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from camsim.catalog import Camera
from camsim.feeder import Feed, Ticker
from camsim.gst import Gst
from camsim.profiles import Profile
from camsim.ptz import Position, PtzHead
from camsim.scene import Scene
from camsim.state import CameraState

ZOOM_RANGE = 8.0


def view_rect(scene: Scene, pos: Position, aspect: float) -> tuple[float, float, float, float]:
    """(x0, y0, width, height) of the view in scene pixels."""
    width = scene.width / 2 / ZOOM_RANGE**pos.zoom
    height = width / aspect
    cx = scene.width / 2 + pos.pan * scene.width / 4
    cy = scene.height / 2 - pos.tilt * scene.height / 4
    return cx - width / 2, cy - height / 2, width, height


def _samples(start: float, span: float, count: int, limit: int) -> np.ndarray:
    points = start + (np.arange(count) + 0.5) * (span / count)
    return np.clip(points.astype(np.intp), 0, limit - 1)


class ViewportFrames:
    """Renders I420 frames of the current view; an unchanged view reuses its frame."""

    def __init__(self, scene: Scene, head: PtzHead, profile: Profile) -> None:
        self._scene = scene
        self._head = head
        self._w, self._h = profile.width, profile.height
        self._last: tuple[Position, bytes] | None = None

    def render(self, pos: Position) -> bytes:
        s = self._scene
        x0, y0, vw, vh = view_rect(s, pos, self._w / self._h)
        ys = _samples(y0, vh, self._h, s.height)
        xs = _samples(x0, vw, self._w, s.width)
        cys = _samples(y0 / 2, vh / 2, self._h // 2, s.height // 2)
        cxs = _samples(x0 / 2, vw / 2, self._w // 2, s.width // 2)
        planes = [
            np.take(np.take(s.y, ys, axis=0), xs, axis=1),
            np.take(np.take(s.u, cys, axis=0), cxs, axis=1),
            np.take(np.take(s.v, cys, axis=0), cxs, axis=1),
        ]
        return b"".join(p.tobytes() for p in planes)

    def next_buffer(self) -> Gst.Buffer:
        pos = self._head.position()
        if self._last is None or self._last[0] != pos:
            self._last = (pos, self.render(pos))
        return Gst.Buffer.new_wrapped(self._last[1])

    def restart(self) -> None:
        pass  # the encoder only ever saw what was sent, so any next frame decodes


def _launch(profile: Profile, fps: int, gop: int) -> str:
    return (
        "( appsrc name=src is-live=true format=time do-timestamp=false "
        "max-buffers=2 leaky-type=downstream "
        f"caps=video/x-raw,format=I420,width={profile.width},height={profile.height},"
        f"framerate={fps}/1 "
        "! textoverlay name=title valignment=top halignment=left "
        f'font-desc="DejaVu Sans Bold {max(8, profile.height // 40)}" '
        "! clockoverlay valignment=top halignment=right time-format=\"%H:%M:%S\" "
        f'font-desc="DejaVu Sans Mono Bold {max(8, profile.height // 40)}" '
        "! x264enc tune=zerolatency speed-preset=ultrafast sliced-threads=false "
        f"key-int-max={gop} bitrate={profile.kbps} "
        "! video/x-h264,profile=constrained-baseline "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )


class ViewportSource:
    """A PTZ path (see ``rtsp.MediaSource``)."""

    def __init__(
        self,
        ticker: Ticker,
        camera: Camera,
        scene: Scene,
        head: PtzHead,
        profile: Profile,
        state: Callable[[], CameraState],
        fps: int,
        gop: int,
    ) -> None:
        self.launch = _launch(profile, fps, gop)
        self._ticker = ticker
        self._title = f"{camera.name}  {camera.id}  PTZ"
        self._scene, self._head, self._profile = scene, head, profile
        self._state = state
        self._frame_ns = Gst.SECOND // fps

    def start(self, appsrc) -> Callable[[], None]:
        appsrc.get_parent().get_by_name("title").set_property("text", self._title)
        frames = ViewportFrames(self._scene, self._head, self._profile)
        key = self._ticker.add(Feed(appsrc, frames, self._state, self._frame_ns))
        return lambda: self._ticker.remove(key)
