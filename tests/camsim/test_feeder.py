"""The feeder's pacing against a stand-in appsrc (the real one is in test_streams)."""

from __future__ import annotations

import threading

from camsim.feeder import Feed, Ticker
from camsim.gst import Gst
from camsim.state import CameraState

FRAME_NS = Gst.SECOND // 15
HANG_GUARD_S = 10.0  # only stops a hung test; never decides a result


class FakeClock:
    def __init__(self, now_ns: int) -> None:
        self.now_ns = now_ns

    def get_time(self) -> int:
        return self.now_ns


class FakeAppsrc:
    """Just what Feed reads and calls on a GStreamer appsrc."""

    def __init__(self, clock_ns: int, base_ns: int) -> None:
        self.current_state = Gst.State.PAUSED
        self.clock = FakeClock(clock_ns)
        self.base_ns = base_ns
        self.pushed: list[int] = []
        self.first = threading.Event()

    def get_clock(self) -> FakeClock:
        return self.clock

    def get_base_time(self) -> int:
        return self.base_ns

    def emit(self, signal: str, buf: Gst.Buffer) -> None:
        assert signal == "push-buffer"
        self.pushed.append(buf.pts)
        self.first.set()


class Frames:
    def next_buffer(self) -> Gst.Buffer:
        return Gst.Buffer.new_wrapped(b"\x00\x00\x00\x01\x09\xf0")

    def restart(self) -> None:
        pass


def _feed(appsrc: FakeAppsrc) -> Feed:
    return Feed(appsrc, Frames(), lambda: CameraState.ONLINE, FRAME_NS)


def test_nothing_is_stamped_before_the_element_plays():
    # GStreamer gives the element its clock before its base time: stamping a picture
    # then put it hours in the future, and the sink waited for it forever.
    appsrc = FakeAppsrc(clock_ns=10 * Gst.SECOND, base_ns=0)
    feed = _feed(appsrc)
    feed.tick()
    assert appsrc.pushed == [] and not feed.started
    appsrc.base_ns, appsrc.current_state = 9 * Gst.SECOND, Gst.State.PLAYING
    feed.tick()
    assert appsrc.pushed == [Gst.SECOND]  # running time: clock minus base time
    assert feed.started


def test_a_new_feed_gets_its_first_picture_without_waiting_for_the_next_tick():
    # One tick every 100 s: a feed added after a tick would wait that long for its
    # first picture, and the RTSP server with it.
    ticker = Ticker(fps=0.01)
    ticker.start()
    try:
        threading.Event().wait(0.05)  # the first (empty) tick is behind us
        appsrc = FakeAppsrc(clock_ns=5 * Gst.SECOND, base_ns=4 * Gst.SECOND)
        ticker.add(_feed(appsrc))
        threading.Event().wait(0.05)
        appsrc.current_state = Gst.State.PLAYING  # the pipeline starts playing later
        assert appsrc.first.wait(HANG_GUARD_S), "no first picture before the next tick"
        assert len(appsrc.pushed) == 1  # one picture, not a burst
    finally:
        ticker.stop()
