"""A camera whose clock jumps (NTP step back, far forward, RTP timeline restarted):
the recorder closes the segment, re-anchors on the server clock, resumes on a keyframe,
and every recorded picture is indexed within one frame interval of when it was taken.

The camera is tests/support/gst_camera.py: it numbers its pictures and notes when it
took each, so a picture read back from a segment says when it really was.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import av
import pytest

from server.node.recorder.camera import CameraRecorder
from server.node.recorder.states import RecorderState
from tests.support.gst_camera import GstCamera, frame_number

FPS = 15
INTERVAL = timedelta(seconds=1 / FPS)


def _watch(cam: GstCamera, stop: threading.Event) -> None:
    with av.open(cam.url, options={"rtsp_transport": "tcp"}) as c:
        for _packet in c.demux(video=0):
            if stop.is_set():
                return


class _Recording:
    """A CameraRecorder on a real camera, its finished segments in ``segments``.

    A viewer is watching first: the camera is already sending when the recorder joins
    (pictures a camera takes while a session is being set up reach the client late,
    so their capture time is not their arrival time)."""

    def __init__(self, cam: GstCamera, data_dir, segment_s: float) -> None:
        self.viewer_stop = threading.Event()
        self.viewer = threading.Thread(target=_watch, args=(cam, self.viewer_stop),
                                       daemon=True)  # fmt: skip
        self.viewer.start()
        while cam.frames_sent() < cam.fps:
            time.sleep(0.05)
        self.segments = []
        self.data_dir = data_dir
        self.halt = threading.Event()
        self.rec = CameraRecorder("cam", lambda: cam.url, data_dir, segment_s,
                                  self.segments.append, self.halt)  # fmt: skip
        self.rec.start()

    def wait(self, predicate, what: str, timeout_s: float = 30.0):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError(f"gave up waiting for {what}; state {self.rec.state}")

    def stop(self) -> None:
        self.halt.set()
        self.viewer_stop.set()
        self.rec.join(timeout=15)
        self.viewer.join(timeout=15)
        assert not self.rec.is_alive()


def _pictures(path) -> list[tuple[float, int, bool]]:
    """(time in the file, frame number, keyframe) of every picture of a segment."""
    with av.open(str(path)) as c:
        c.streams.video[0].thread_type = "NONE"
        return [(float(f.time), frame_number(f), f.key_frame) for f in c.decode(video=0)]


def _taken(cam: GstCamera, frame_no: int) -> datetime:
    wall = cam.wall_of(frame_no)
    assert wall is not None, f"the camera never took frame {frame_no}"
    return datetime.fromtimestamp(wall, UTC)


def _check_segments(cam: GstCamera, rec: _Recording) -> list[tuple[int, int]]:
    """Every picture of every segment indexed within one frame interval of when it was
    taken (plus the few ms from camera to recorder); returns each segment's first and
    last frame numbers."""
    bounds = []
    for seg in rec.segments:
        pictures = _pictures(rec.data_dir / seg.path)
        assert pictures, seg
        assert pictures[0][2], f"{seg.path} does not start with a keyframe"
        for at, number, _key in pictures:
            indexed = seg.start + timedelta(seconds=at)
            off = indexed - _taken(cam, number)
            # Indexed at arrival, which is a few ms after it was taken.
            assert abs(off) <= INTERVAL, (seg.path, number, off)
        numbers = [n for _at, n, _k in pictures]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), seg.path
        assert seg.frames == len(pictures)
        assert abs(seg.end - (seg.start + timedelta(seconds=pictures[-1][0]) + INTERVAL)) <= (
            INTERVAL
        )
        bounds.append((numbers[0], numbers[-1]))
    for earlier, later in zip(rec.segments, rec.segments[1:], strict=False):
        assert later.start >= earlier.end
    return bounds


def _after_keyframe(cam: GstCamera, frames: int) -> None:
    """Wait until the camera has just sent the ``frames``-th picture after a keyframe:
    the next jump lands mid-GOP."""
    while cam.frames_sent() % cam.gop != frames:
        time.sleep(0.01)


@pytest.mark.parametrize("jump", ["back", "forward", "restart"])
def test_a_jump_closes_the_segment_and_resumes_on_a_keyframe(tmp_path, jump):
    with GstCamera(tmp_path, fps=FPS, gop=FPS) as cam:
        rec = _Recording(cam, tmp_path / "data", segment_s=1.0)
        try:
            rec.wait(lambda: len(rec.segments) >= 2, "two segments before the jump")
            _after_keyframe(cam, 3)
            if jump == "back":
                cam.jump(-5.0)
            elif jump == "forward":
                cam.jump(100.0)
            else:
                print("the camera restarted its timeline, jumping", cam.restart_timeline(), "s")
            jumped_at = cam.frames_sent()
            rec.wait(lambda: rec.rec.discontinuities == 1, "the jump noticed")
            count = len(rec.segments)
            rec.wait(lambda: len(rec.segments) >= count + 2, "two segments after the jump")
            assert rec.rec.state is RecorderState.RECORDING
        finally:
            rec.stop()
        bounds = _check_segments(cam, rec)
        # Pictures lost: at most those from the jump to the next keyframe.
        before = [b for b in bounds if b[0] < jumped_at]
        after = [b for b in bounds if b[0] >= jumped_at]
        assert before and after
        assert after[0][0] - before[-1][1] - 1 <= cam.gop
        assert after[0][0] % cam.gop == 0  # resumed on the camera's next keyframe


def test_a_long_gop_camera_is_stalled_until_its_next_keyframe(tmp_path):
    """3 s GOP: after a jump the recorder drops pictures until the keyframe and says
    so (stalled, not recording), then records again."""
    gop = 3 * FPS
    with GstCamera(tmp_path, fps=FPS, gop=gop) as cam:
        rec = _Recording(cam, tmp_path / "data", segment_s=2.0)
        try:
            rec.wait(lambda: len(rec.segments) >= 1, "a segment before the jump",
                     timeout_s=40)  # fmt: skip
            _after_keyframe(cam, 3)
            cam.jump(-2.0)
            rec.wait(lambda: rec.rec.state is RecorderState.STALLED, "stalled after the jump")
            rec.wait(lambda: rec.rec.state is RecorderState.RECORDING, "recording again")
            count = len(rec.segments)
            rec.wait(lambda: len(rec.segments) > count, "a segment after the jump",
                     timeout_s=40)  # fmt: skip
        finally:
            rec.stop()
        assert rec.rec.discontinuities == 1
        _check_segments(cam, rec)


def test_a_hole_in_the_pictures_is_a_gap_not_footage(tmp_path):
    """Pictures lost on the way (a busy link, a relay that dropped them) leave a hole in
    true time: not a jump, nothing to re-anchor, but the picture before the hole is not
    footage of the hole. The index must show the hole as a gap between segments."""
    with GstCamera(tmp_path, fps=FPS, gop=FPS) as cam:
        rec = _Recording(cam, tmp_path / "data", segment_s=4.0)
        try:
            rec.wait(lambda: len(rec.segments) >= 1, "a segment before the hole")
            _after_keyframe(cam, 3)
            cam.drop(FPS)  # a second of pictures, then on to the next keyframe
            lost_from = cam.frames_sent()
            count = len(rec.segments)
            rec.wait(lambda: len(rec.segments) >= count + 2, "two segments after the hole")
            assert rec.rec.state is RecorderState.RECORDING
        finally:
            rec.stop()
        assert rec.rec.discontinuities == 0  # pictures were lost; the clock did not jump
        bounds = _check_segments(cam, rec)  # each segment ends at its last picture
        (hole,) = [(a, b) for a, b in zip(rec.segments, rec.segments[1:], strict=False)
                   if b.start - a.end > INTERVAL]
        earlier, later = hole
        (i,) = [k for k, s in enumerate(rec.segments) if s is later]
        assert bounds[i - 1][1] < lost_from <= bounds[i][0]
        missing = bounds[i][0] - bounds[i - 1][1] - 1
        assert missing >= FPS
        shown = later.start - earlier.end
        assert abs(shown - missing * INTERVAL) <= 2 * INTERVAL, (shown, missing)


def test_a_camera_that_slows_down_is_not_a_string_of_holes(tmp_path):
    """Smart codecs lower the frame rate when nothing moves, while the stream still
    announces the first rate: one hole at the change at most, then a new usual interval.
    Recorded at 1 fps for 8 s with a keyframe every 2 pictures, /recordings must not
    break at every keyframe."""
    with GstCamera(tmp_path, fps=FPS, gop=2) as cam:
        rec = _Recording(cam, tmp_path / "data", segment_s=30.0)
        try:
            rec.wait(lambda: rec.rec.state is RecorderState.RECORDING, "recording")
            cam.set_rate(1)
            time.sleep(8)  # the slow stretch's length; what follows checks what it left
            cam.set_rate(FPS)
            slow_end = cam.frames_sent()
            rec.wait(lambda: cam.frames_sent() >= slow_end + 2 * FPS, "fast pictures again")
        finally:
            rec.stop()
        assert rec.rec.discontinuities == 0
        breaks = [(a.end, b.start) for a, b in zip(rec.segments, rec.segments[1:], strict=False)
                  if b.start - a.end > INTERVAL]
        # Before: every keyframe after a 1 s gap ended a segment (4 breaks in 8 s).
        assert len(breaks) <= 1, breaks
