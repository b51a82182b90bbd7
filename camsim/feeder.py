"""Push pre-encoded access units into live appsrc elements, paced by one shared ticker.

One Python thread serves every static stream: at each tick it hands each active feed
its next access unit, stamped with the pipeline's running time, so timestamps rise
continuously across loop wraps while the bytes are never re-encoded.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from camsim.gst import Gst
from camsim.loops import Loop
from camsim.profiles import Codec
from camsim.state import CameraState

log = logging.getLogger(__name__)

# How often a new feed is looked at until its pipeline plays and it sends a picture.
_START_POLL_S = 0.002


class FrameSource(Protocol):
    def next_buffer(self) -> Gst.Buffer:
        """A fresh, writable buffer for the next picture."""

    def restart(self) -> None:
        """Begin again where decoding can start (after a freeze)."""


class Feed:
    """One served path: pictures pushed into one appsrc, obeying its camera's state."""

    def __init__(
        self,
        appsrc: Gst.Element,
        frames: FrameSource,
        state: Callable[[], CameraState],
        frame_ns: int,
    ) -> None:
        self._appsrc = appsrc
        self._frames = frames
        self._state = state
        self._frame_ns = frame_ns
        self._pts: int | None = None

    @property
    def started(self) -> bool:
        """Whether the feed has sent its first picture, or is not meant to (frozen)."""
        return self._pts is not None or self._state() is not CameraState.ONLINE

    def tick(self) -> None:
        if self._state() is not CameraState.ONLINE:
            self._frames.restart()
            return
        # Until the element itself is PLAYING, its clock may be set while its base
        # time is not yet: a picture stamped then lies far in the future, and the
        # sink waits for it forever.
        if self._appsrc.current_state is not Gst.State.PLAYING:
            return
        clock = self._appsrc.get_clock()
        if clock is None:
            return
        now = clock.get_time() - self._appsrc.get_base_time()
        if self._pts is None or abs(now - self._pts) > 2 * self._frame_ns:
            self._pts = now  # first buffer, or the ticker fell behind: re-anchor
        buf = self._frames.next_buffer()
        buf.pts = buf.dts = self._pts
        buf.duration = self._frame_ns
        self._appsrc.emit("push-buffer", buf)
        self._pts += self._frame_ns


class LoopFrames:
    """Cycles through a loop's access units; copies share the loop's memory."""

    def __init__(self, buffers: list[Gst.Buffer]) -> None:
        self._buffers = buffers
        self._index = 0

    def next_buffer(self) -> Gst.Buffer:
        buf = self._buffers[self._index].copy()
        self._index = (self._index + 1) % len(self._buffers)
        return buf

    def restart(self) -> None:
        self._index = 0  # the loop starts with a keyframe


def wrap_loop(loop: Loop) -> list[Gst.Buffer]:
    """Gst buffers made once per loop; each push sends a cheap copy sharing the memory."""
    buffers = []
    for unit in loop.units:
        buf = Gst.Buffer.new_wrapped(unit.data)
        if not unit.keyframe:
            buf.set_flags(Gst.BufferFlags.DELTA_UNIT)
        buffers.append(buf)
    return buffers


class Ticker:
    """A thread that ticks every registered feed ``fps`` times a second."""

    def __init__(self, fps: float) -> None:
        self._period = 1.0 / fps
        self._feeds: dict[int, Feed] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="camsim-ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=5)

    def add(self, feed: Feed) -> int:
        with self._lock:
            key = id(feed)
            self._feeds[key] = feed
        self._wake.set()
        return key

    def remove(self, key: int) -> None:
        with self._lock:
            self._feeds.pop(key, None)

    def _run(self) -> None:
        deadline = time.monotonic()
        while not self._stop.is_set():
            with self._lock:
                feeds = list(self._feeds.values())
            self._tick(feeds)
            deadline += self._period
            if deadline < time.monotonic() - self._period:
                deadline = time.monotonic()  # overloaded: skip, never burst
            self._wait_starting_feeds(deadline)

    def _wait_starting_feeds(self, deadline: float) -> None:
        """Sleep until ``deadline``, meanwhile sending each new feed its first picture
        as soon as its pipeline plays. The RTSP server answers a DESCRIBE only once
        the media has a first picture, on its one thread, so a new feed waiting for
        the next whole tick held up every client behind it."""
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            with self._lock:
                starting = [f for f in self._feeds.values() if not f.started]
            if starting:
                self._tick(starting)
                time.sleep(min(left, _START_POLL_S))
            else:
                self._wake.wait(left)  # add() or stop() cuts the sleep short
                self._wake.clear()

    @staticmethod
    def _tick(feeds: list[Feed]) -> None:
        for feed in feeds:
            try:
                feed.tick()
            except Exception:  # one broken media must not stall the fleet
                log.exception("feed tick failed")


# config-interval=-1: the payloader sends the parameter sets (VPS/SPS/PPS) in-band
# before every IDR picture, so a client joining mid-stream can decode from there.
LOOP_LAUNCH = {
    Codec.H264: (
        "( appsrc name=src is-live=true format=time do-timestamp=false "
        "caps=video/x-h264,stream-format=byte-stream,alignment=au "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    ),
    Codec.H265: (
        "( appsrc name=src is-live=true format=time do-timestamp=false "
        "caps=video/x-h265,stream-format=byte-stream,alignment=au "
        "! rtph265pay name=pay0 pt=96 config-interval=-1 )"
    ),
}


class LoopSource:
    """A path that serves a pre-encoded loop (see ``rtsp.MediaSource``)."""

    def __init__(
        self, ticker: Ticker, loop: Loop, state: Callable[[], CameraState], fps: int
    ) -> None:
        self.launch = LOOP_LAUNCH[loop.codec]
        self._ticker = ticker
        self._buffers = wrap_loop(loop)
        self._state = state
        self._frame_ns = Gst.SECOND // fps

    def start(self, appsrc) -> Callable[[], None]:
        feed = Feed(appsrc, LoopFrames(self._buffers), self._state, self._frame_ns)
        key = self._ticker.add(feed)
        return lambda: self._ticker.remove(key)
