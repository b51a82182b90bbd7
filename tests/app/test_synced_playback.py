"""Synchronised playback in the PyAV engine: frames come out when the shared clock
reaches the moment they were recorded (read from the stream's pantau-start tag), a
paused clock holds the stream on exactly its frame without it being taken for dead,
a seek ends the stream (no reconnect), and a backwards clock gets the frames last first."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import av
import pytest

from app.streams.clock import PlaybackClock
from app.streams.engine import StreamError, StreamState
from app.streams.pyav_engine import PyAvEngine
from tests.app.sinks import RecordingSink
from tests.support.footage import write_segment

pytestmark = pytest.mark.timeout(60)

T0 = datetime(2026, 11, 22, 3, 0, 0, tzinfo=UTC).timestamp()
FPS = 10


def _tagged(tmp_path: Path, comment: str, seconds: int = 3) -> str:
    """An MP4 of ``seconds`` at 10 fps (a keyframe a second) whose comment is given."""
    raw = tmp_path / "raw.mp4"
    write_segment(raw, 0, seconds * FPS, FPS, FPS)
    tagged = tmp_path / "tagged.mp4"
    with av.open(str(raw)) as src, av.open(str(tagged), "w", format="mp4") as out:
        out.metadata["comment"] = comment
        stream = out.add_stream_from_template(src.streams.video[0])
        for packet in src.demux(src.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    return str(tagged)


@pytest.fixture
def play(engines) -> Callable[..., tuple[PyAvEngine, RecordingSink]]:
    """Plays a file along a clock (the engines fixture stops them all)."""

    def start(path: str, clock: PlaybackClock, **options) -> tuple[PyAvEngine, RecordingSink]:
        return engines(path, loop_forever=False, stale_after_s=0.5, clock=clock,
                       clock_serial=clock.state().serial, **options)

    return start


def _shown(sink: RecordingSink) -> list[float]:
    return [round(f.at_s - T0, 2) for f in sink.frames]


def test_a_paused_clock_shows_its_frame_then_plays_on(tmp_path, play):
    clock = PlaybackClock(T0 + 1.25, paused=True)
    _, sink = play(_tagged(tmp_path, "pantau-start=2026-11-22T03:00:00.000Z"), clock)
    sink.wait("the frame at 1.2 s", lambda: bool(sink.frames) and _shown(sink)[-1] == 1.2)
    time.sleep(1.5)  # three stale periods: a held stream is not dead
    assert _shown(sink)[-1] == 1.2
    assert StreamState.RECONNECTING not in sink.state_names()
    assert StreamState.OFFLINE not in sink.state_names()
    # Catching up to 1.2 s shows few of the frames before it, never a later one.
    assert all(t <= 1.2 for t in _shown(sink))

    clock.step_to(T0 + 1.3)  # a frame step
    sink.wait("the next frame", lambda: _shown(sink)[-1] == 1.3)

    clock.set_rate(4.0)
    clock.set_paused(False)
    sink.wait_state(StreamState.ENDED)
    after = _shown(sink)[_shown(sink).index(1.3) + 1:]
    assert after == sorted(after) and after[-1] == 2.9
    assert len(after) >= 10  # 4x on a 10 fps stream: most frames still shown


def test_a_seek_ends_the_stream_it_leaves_behind(tmp_path, play):
    clock = PlaybackClock(T0 + 0.5, paused=True)
    _, sink = play(_tagged(tmp_path, "pantau-start=2026-11-22T03:00:00.000Z"), clock)
    sink.wait("the frame at 0.5 s", lambda: bool(sink.frames) and _shown(sink)[-1] == 0.5)
    clock.seek(T0 + 0.2)  # backwards: this stream cannot go there
    clock.set_paused(False)
    sink.wait_state(StreamState.ENDED)  # it ends, for its owner to open another
    shown = len(sink.frames)
    time.sleep(1.5)  # three stale periods: not reconnected, nothing more from it
    assert len(sink.frames) == shown and _shown(sink)[-1] == 0.5
    assert StreamState.RECONNECTING not in sink.state_names()


def test_backwards_the_frames_come_last_first(tmp_path, play):
    clock = PlaybackClock(T0 + 2.95, rate=-4.0)
    _, sink = play(_tagged(tmp_path, "pantau-start=2026-11-22T03:00:00.000Z"), clock,
                   reverse=True)
    sink.wait_state(StreamState.ENDED)
    shown = _shown(sink)
    assert shown[0] == 2.9 and shown[-1] == 0.0
    assert shown == sorted(shown, reverse=True)


def test_backwards_and_paused_the_picture_at_the_clock_shows_at_once(tmp_path, play):
    """A frame step back while playing backwards: the clock is paused between two
    pictures; the newest one before it is what the tile stands on, shown at once; the
    earlier ones come once the clock moves back to them."""
    clock = PlaybackClock(T0 + 2.55, rate=-8.0, paused=True)
    _, sink = play(_tagged(tmp_path, "pantau-start=2026-11-22T03:00:00.000Z"), clock,
                   reverse=True)
    sink.wait("the picture at 2.5 s", lambda: bool(sink.frames) and _shown(sink)[-1] == 2.5)
    assert min(_shown(sink)) == 2.5
    clock.set_paused(False)
    sink.wait_state(StreamState.ENDED)
    shown = _shown(sink)
    assert shown[-1] == 0.0 and shown == sorted(shown, reverse=True)


def test_a_stream_without_its_start_is_refused(tmp_path, play):
    clock = PlaybackClock(T0)
    _, sink = play(_tagged(tmp_path, "made by someone else"), clock)
    sink.wait_state(StreamState.OFFLINE, StreamError.BAD_STREAM)
    assert not sink.frames


def _decoded_behind(path: str, clock: PlaybackClock) -> list[float]:
    """The engine's loop over a file whose frames are all behind ``clock`` (at or
    before 1.4 s): which ones get decoded."""
    from app.streams.engine import StreamOptions
    from app.streams.pyav_engine import _SyncedShow

    class Reader:
        cancelled = threading.Event()
        held_until = 0.0

        def picture(self, frame):
            return frame

        def show(self, picture, pts_s, at_s=None):
            pass

    show = _SyncedShow(Reader(), StreamOptions(clock=clock, clock_serial=0))
    decoded = []
    with av.open(path) as container:
        assert show.begin(container.metadata.get("comment", ""))
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            if packet.pts is None or packet.pts * packet.time_base > 1.41:
                continue
            if show.skips(packet):
                continue
            for frame in stream.codec_context.decode(packet):
                decoded.append(round(frame.time, 2))
                assert show.take(frame)
    return decoded


def test_a_stream_behind_a_running_clock_skips_to_the_next_keyframe(tmp_path):
    """The clock runs 1.5 s past the stream's first keyframe (a seek on a wall that
    plays, a machine that cannot decode every picture in time): after that keyframe,
    the rest of its group is not decoded; the stream goes on from the next keyframe
    (1.0 s). Paused, every frame up to the clock's is decoded: a seek lands on its
    frame."""
    path = _tagged(tmp_path, "pantau-start=2026-11-22T03:00:00.000Z")
    running = _decoded_behind(path, PlaybackClock(T0 + 1.5))
    assert running == [0.0, 1.0, 1.1, 1.2, 1.3, 1.4]
    paused = _decoded_behind(path, PlaybackClock(T0 + 1.5, paused=True))
    assert paused == [round(0.1 * i, 2) for i in range(15)]
