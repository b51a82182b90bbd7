"""Session, catalog and playback services against a real local HTTP server."""

from datetime import UTC, datetime, timedelta

from app.api.errors import ApiErrorKind
from app.domain import TimeSpan
from app.services.cameras import CameraService
from app.services.playback import PlaybackService, recorded_window
from app.services.session import SessionService, SessionState
from app.streams.clock import PlaybackClock
from app.streams.engine import StreamState
from app.streams.service import PLAYBACK, StreamService
from tests.app.fakes import FakeEngineFactory, fake_live_url
from tests.app.local_http import WRONG_PASSWORD, catalog_routes, serve

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _login(qtbot, session, url):
    with qtbot.waitSignal(session.logged_in, timeout=10000):
        session.login(url, "operator", "pantau-demo")


def test_login_then_catalog_and_search(qtbot, runner):
    with serve(catalog_routes()) as (url, _):
        session = SessionService(runner)
        cameras = CameraService(session, runner)
        _login(qtbot, session, url)
        assert session.state is SessionState.LOGGED_IN
        assert session.user.username == "operator"
        with qtbot.waitSignal(cameras.catalog_changed, timeout=10000):
            cameras.load()
    assert [c.id for c in cameras.search("jakarta pusat TAMAN")] == ["cam001"]
    assert [c.id for c in cameras.search("menteng")] == ["cam001", "cam002"]
    assert [c.id for c in cameras.search("crowd gambir")] == ["cam003"]
    assert cameras.search("menteng crowd") == []
    assert cameras.camera("cam002").name == "Bundaran HI"


def test_wrong_password_is_an_enum_not_a_string(qtbot, runner):
    with serve({("POST", "/api/v1/auth/login"): WRONG_PASSWORD}) as (url, _):
        session = SessionService(runner)
        with qtbot.waitSignal(session.login_failed, timeout=10000) as blocker:
            session.login(url, "operator", "nope")
    assert blocker.args == [ApiErrorKind.INVALID_CREDENTIALS, "Wrong user name or password"]
    assert session.state is SessionState.LOGGED_OUT
    assert session.api is None


def test_recorded_window_clips_to_the_asked_range():
    spans = [TimeSpan(NOW - timedelta(minutes=30), NOW - timedelta(minutes=20)),
             TimeSpan(NOW - timedelta(minutes=4), NOW - timedelta(minutes=2)),
             TimeSpan(NOW - timedelta(minutes=1), NOW + timedelta(minutes=1))]
    window = recorded_window(spans, NOW - timedelta(minutes=5), NOW)
    assert window == TimeSpan(NOW - timedelta(minutes=4), NOW)
    assert recorded_window(spans[:1], NOW - timedelta(minutes=5), NOW) is None


def _playback_fixture(qtbot, runner, recordings):
    routes = catalog_routes()
    routes[("GET", "/api/v1/cameras/cam001/recordings")] = recordings
    return routes


def test_playback_opens_a_finite_authorised_stream_along_a_clock(qtbot, runner):
    spans = {"camera_id": "cam001", "spans": [
        {"start": "2025-03-01T11:57:00Z", "end": "2025-03-01T11:59:30Z"}]}
    factory = FakeEngineFactory()
    clock = PlaybackClock((NOW - timedelta(minutes=5)).timestamp(), paused=True)
    with serve(_playback_fixture(qtbot, runner, (200, spans))) as (url, seen):
        session = SessionService(runner)
        streams = StreamService(runner, fake_live_url, factory)
        playback = PlaybackService(session, streams, runner)
        _login(qtbot, session, url)
        with qtbot.waitSignal(playback.opened, timeout=10000) as blocker:
            playback.open_synced("cam001", clock, keyframes_only=False)
    request, key, window = blocker.args
    assert key.profile == PLAYBACK and key.camera_id == "cam001"
    assert "start=2025-03-01T11%3A55%3A00Z" in seen[-1]["path"]  # from the clock on
    engine = factory.engines[0]
    assert engine.url.endswith("/api/v1/cameras/cam001/playback?"
                               "start=2025-03-01T11%3A57%3A00Z&end=2025-03-01T11%3A59%3A30Z"
                               "&real_time=true")
    assert engine.options.http_headers == {"Authorization": "Bearer tok-123"}
    assert engine.options.loop_forever is False
    assert engine.options.clock is clock and not engine.options.reverse
    assert streams.state(key)[0] is StreamState.CONNECTING
    playback.close(key)
    assert engine.stopped


def test_playback_without_recording_says_so(qtbot, runner):
    with serve(_playback_fixture(qtbot, runner,
                                 (200, {"camera_id": "cam001", "spans": []}))) as (url, _):
        session = SessionService(runner)
        streams = StreamService(runner, fake_live_url, FakeEngineFactory())
        playback = PlaybackService(session, streams, runner)
        _login(qtbot, session, url)
        with qtbot.waitSignal(playback.failed, timeout=10000) as blocker:
            playback.open_synced("cam001", PlaybackClock(NOW.timestamp()), False)
    assert blocker.args[1] is ApiErrorKind.NO_RECORDING
