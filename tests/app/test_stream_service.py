"""StreamService with a fake engine: sharing, states, newest-frame conflation."""

import threading

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.streams.engine import StreamError, StreamState
from app.streams.factory import EngineUnavailable
from app.streams.service import StreamKey, StreamService
from tests.app.fakes import FakeEngineFactory, fake_live_url


@pytest.fixture
def factory():
    return FakeEngineFactory()


@pytest.fixture
def streams(runner, factory):
    service = StreamService(runner, fake_live_url, factory)
    yield service
    service.shutdown()


def test_two_tiles_on_one_camera_pull_it_once(qtbot, streams, factory):
    first = streams.acquire("cam001", "sub")
    second = streams.acquire("cam001", "sub")
    qtbot.waitUntil(lambda: len(factory.engines) == 1)
    assert first == second == StreamKey("cam001", "sub")
    assert factory.engines[0].url == "rtsp://fake/cam001/sub"
    assert streams.refs(first) == 2

    streams.release(first)
    assert factory.running() == factory.engines  # one tile still watches
    streams.release(second)
    assert factory.engines[0].stopped
    assert streams.keys() == []


def test_other_profile_is_another_stream(qtbot, streams, factory):
    streams.acquire("cam001", "sub")
    streams.acquire("cam001", "main")
    qtbot.waitUntil(lambda: len(factory.engines) == 2)
    assert sorted(e.url for e in factory.engines) == ["rtsp://fake/cam001/main",
                                                      "rtsp://fake/cam001/sub"]


def test_a_stream_drawn_into_a_tiles_window_is_that_tiles_alone(qtbot, streams, factory):
    shared = streams.acquire("cam001", "sub")
    own = streams.acquire("cam001", "sub", window=0x2A00007)
    qtbot.waitUntil(lambda: len(factory.engines) == 2)
    assert shared != own and own.window == 0x2A00007
    windows = sorted(e.options.window_id or 0 for e in factory.engines)
    assert windows == [0, 0x2A00007]  # the engine is told where to draw
    assert not streams.draws_into_window(own)  # the fake engine hands frames over


def test_only_a_policy_makes_tiles_lend_their_window(streams):
    assert not streams.wants_window("")
    streams.window_policy = lambda engine: engine == "vlc"
    assert streams.wants_window("vlc") and not streams.wants_window("pyav")


def test_engine_states_reach_the_gui_thread_as_signals(qtbot, streams, factory):
    key = streams.acquire("cam002", "sub")
    assert streams.state(key)[0] is StreamState.CONNECTING
    qtbot.waitUntil(lambda: bool(factory.running()))
    engine = factory.engines[0]
    seen = []
    streams.state_changed.connect(lambda k, s, e, m: seen.append((k, s, e, m)))

    def from_engine_thread():
        engine.report(StreamState.LIVE)
        engine.report(StreamState.RECONNECTING, StreamError.UNREACHABLE, "connection refused")

    worker = threading.Thread(target=from_engine_thread)
    worker.start()
    worker.join()
    assert seen == []  # queued: nothing arrives until the GUI thread runs its loop
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1] == (key, StreamState.RECONNECTING, StreamError.UNREACHABLE,
                       "connection refused")
    assert streams.state(key) == (StreamState.RECONNECTING, StreamError.UNREACHABLE,
                                  "connection refused")


def test_a_busy_gui_gets_only_the_newest_frame(qtbot, streams, factory):
    key = streams.acquire("cam003", "sub")
    other = streams.acquire("cam004", "sub")
    qtbot.waitUntil(lambda: len(factory.running()) == 2)
    engine = factory.for_url("rtsp://fake/cam003/sub")
    notified = []
    streams.frames_ready.connect(notified.append)
    frames = []

    def burst():
        for i in range(50):
            frames.append(engine.report_frame((i, i, i), pts=i / 25))

    worker = threading.Thread(target=burst)
    worker.start()
    worker.join()  # the GUI thread was busy (here: blocked) during all 50 frames
    qtbot.waitUntil(lambda: bool(notified))
    qtbot.wait(100)
    # One announcement on the next display tick, naming only the stream that has a
    # new frame: not a backlog of fifty.
    assert notified == [frozenset({key})]
    assert streams.latest_frame(key) is frames[-1]
    assert streams.latest_frame(other) is None

    factory.for_url("rtsp://fake/cam004/sub").report_frame((9, 9, 9))
    engine.report_frame((7, 7, 7))
    qtbot.waitUntil(lambda: len(notified) == 2)
    assert notified[1] == frozenset({key, other})  # frames of one tick go together


def test_reports_of_a_released_stream_are_ignored(qtbot, streams, factory):
    key = streams.acquire("cam004", "sub")
    qtbot.waitUntil(lambda: bool(factory.running()))
    engine = factory.engines[0]
    streams.release(key)
    seen = []
    streams.state_changed.connect(lambda *args: seen.append(args))
    streams.frames_ready.connect(seen.append)
    threading.Thread(target=lambda: (engine.report(StreamState.LIVE),
                                     engine.report_frame((1, 2, 3)))).start()
    qtbot.wait(100)
    assert seen == []
    assert streams.state(key)[0] is StreamState.STOPPED


def test_the_engine_scales_to_the_widest_viewer(qtbot, streams, factory):
    small, big, zoomed = object(), object(), object()
    key = streams.acquire("cam005", "sub")
    streams.set_display_width(key, small, 240)
    qtbot.waitUntil(lambda: len(factory.engines) == 1)
    engine = factory.engines[0]
    assert engine.options.max_width == engine.max_width == 240  # from the first picture

    streams.acquire("cam005", "sub")
    streams.set_display_width(key, big, 480)
    assert engine.max_width == 480
    streams.acquire("cam005", "sub")
    streams.set_display_width(key, zoomed, None)  # zoomed in: every native pixel
    assert engine.max_width is None
    streams.release(key, zoomed)
    assert engine.max_width == 480
    streams.release(key, big)
    assert engine.max_width == 240
    streams.release(key, small)
    assert engine.stopped


def test_live_url_failure_shows_offline_with_the_reason(qtbot, runner, factory):
    def refuse(camera_id, profile):
        raise ApiError(ApiErrorKind.FORBIDDEN, "camera outside your areas")

    streams = StreamService(runner, refuse, factory)
    key = streams.acquire("cam009", "sub")
    qtbot.waitUntil(lambda: streams.state(key)[0] is StreamState.OFFLINE)
    assert streams.state(key) == (StreamState.OFFLINE, StreamError.UNAUTHORIZED,
                                  "camera outside your areas")
    assert factory.engines == []


def test_a_server_that_does_not_answer_is_not_blamed_on_the_camera(qtbot, runner, factory):
    """Asked where to watch, the server does not answer: the server is down, not the
    camera. The service says so and asks again later by itself."""
    answers = [ApiError(ApiErrorKind.UNREACHABLE, "Connection refused"), "rtsp://relay/cam"]

    def server_down_then_back(camera_id, profile):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    streams = StreamService(runner, server_down_then_back, factory)
    key = streams.acquire("cam009", "sub")
    qtbot.waitUntil(lambda: streams.state(key)[0] is StreamState.OFFLINE)
    assert streams.state(key) == (StreamState.OFFLINE, StreamError.SERVER_UNREACHABLE,
                                  "Connection refused")
    qtbot.waitUntil(lambda: len(factory.engines) == 1, timeout=15_000)  # asked again
    assert factory.engines[0].url == "rtsp://relay/cam"


def test_missing_engine_is_reported_not_raised(qtbot, runner):
    def no_engine(url, sink, options):
        raise EngineUnavailable("PyAV is not installed")

    streams = StreamService(runner, fake_live_url, no_engine)
    key = streams.acquire("cam001", "sub")
    qtbot.waitUntil(lambda: streams.state(key)[0] is StreamState.OFFLINE)
    assert streams.state(key)[1] is StreamError.ENGINE_UNSUPPORTED


def test_shutdown_stops_every_engine(qtbot, streams, factory):
    for cam in ("a", "b", "c"):
        streams.acquire(cam, "sub")
    qtbot.waitUntil(lambda: len(factory.running()) == 3)
    streams.shutdown()
    assert all(e.stopped for e in factory.engines)


def test_snapshot_is_a_png_named_after_camera_and_time(qtbot, streams, factory, tmp_path):
    import zlib
    from datetime import UTC, datetime
    from pathlib import Path

    import numpy as np

    from app.streams.snapshot import free_snapshot_path, snapshot_name

    # The name says the time as the UI does, in WIB, whatever the machine's zone.
    assert snapshot_name("Gang Kelinci / RT 05", datetime(2026, 11, 22, 6, 45, 7, tzinfo=UTC)) \
        == "Pantau_Gang-Kelinci-RT-05_20261122-134507WIB.png"
    streams.snapshot_dir = tmp_path / "shots"
    key = streams.acquire("cam002", "sub")
    assert not streams.save_snapshot(key, "Gang Kelinci")  # no picture yet
    qtbot.waitUntil(lambda: len(factory.engines) == 1)
    factory.engines[0].report_frame((1, 2, 3), width=4, height=2)
    qtbot.waitUntil(lambda: streams.latest_frame(key) is not None)
    with qtbot.waitSignal(streams.snapshot_saved, timeout=5000) as saved:
        assert streams.save_snapshot(key, "Gang Kelinci")
    path = saved.args[1]
    data = Path(path).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data[16:24] == (4).to_bytes(4, "big") + (2).to_bytes(4, "big")
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4:idat], "big")
    rows = np.frombuffer(zlib.decompress(data[idat + 4:idat + 4 + length]), np.uint8)
    assert rows.reshape(2, 13)[:, 1:].reshape(2, 4, 3).tolist() == [[[1, 2, 3]] * 4] * 2
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    free_snapshot_path(tmp_path, "Cam", when).write_bytes(b"")
    assert free_snapshot_path(tmp_path, "Cam", when).name == "Pantau_Cam_20260102-100405WIB~2.png"
    assert Path(path).name.startswith("Pantau_Gang-Kelinci_") and path.endswith("WIB.png")
