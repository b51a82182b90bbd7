"""A live stream asks for its URL again at every reconnection: a relay URL's ticket
only starts sessions for about a minute, so reconnecting with the first URL would be
refused for ever."""

import itertools

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.streams.engine import StreamError, StreamOptions, StreamState
from app.streams.service import StreamService
from tests.app.fakes import FakeEngineFactory


class TicketingResolver:
    """Answers what the server does: the same stream with a new ticket each time,
    until the user loses the camera."""

    def __init__(self) -> None:
        self.calls = itertools.count(1)
        self.refuse = False

    def __call__(self, camera_id: str, profile: str) -> str:
        if self.refuse:
            raise ApiError(ApiErrorKind.NOT_FOUND, "No camera in your areas.")
        return f"rtsp://relay/{camera_id}/{profile}?ticket=t{next(self.calls)}"


@pytest.fixture
def factory():
    return FakeEngineFactory()


@pytest.fixture
def resolver():
    return TicketingResolver()


@pytest.fixture
def streams(runner, factory, resolver):
    options = StreamOptions(reconnect_initial_s=0.01, reconnect_max_s=0.02)
    service = StreamService(runner, resolver, factory, options)
    yield service
    service.shutdown()


def test_a_dropped_stream_reconnects_on_a_fresh_url(qtbot, streams, factory):
    key = streams.acquire("cam001", "main")
    qtbot.waitUntil(lambda: len(factory.running()) == 1)
    first = factory.engines[0]
    assert first.url.endswith("?ticket=t1")
    first.report(StreamState.LIVE)
    first.report(StreamState.RECONNECTING, StreamError.UNREACHABLE, "closed by the relay")
    qtbot.waitUntil(lambda: len(factory.engines) == 2)
    second = factory.engines[1]
    assert first.stopped and second.started
    assert second.url.endswith("?ticket=t2")
    assert streams.state(key)[0] is StreamState.RECONNECTING  # not "connecting" again
    second.report(StreamState.LIVE)
    qtbot.waitUntil(lambda: streams.state(key)[0] is StreamState.LIVE)
    # The abandoned engine's late words change nothing.
    first.report(StreamState.OFFLINE, StreamError.UNAUTHORIZED, "401")
    second.report_frame((1, 2, 3))
    qtbot.waitUntil(lambda: streams.latest_frame(key) is not None)
    assert streams.state(key)[0] is StreamState.LIVE


def test_failures_in_a_row_say_offline_and_keep_renewing(qtbot, streams, factory):
    key = streams.acquire("cam002", "sub")
    for n in range(1, 4):
        qtbot.waitUntil(lambda n=n: len(factory.engines) == n)
        factory.engines[-1].report(StreamState.RECONNECTING, StreamError.UNAUTHORIZED, "401")
    qtbot.waitUntil(lambda: streams.state(key)[0] is StreamState.OFFLINE)
    qtbot.waitUntil(lambda: len(factory.engines) == 4)
    assert [e.url[-3:] for e in factory.engines] == ["=t1", "=t2", "=t3", "=t4"]


def test_a_user_who_lost_the_camera_gets_no_new_connection(qtbot, streams, factory, resolver):
    key = streams.acquire("cam003", "main")
    qtbot.waitUntil(lambda: len(factory.running()) == 1)
    factory.engines[0].report(StreamState.LIVE)
    resolver.refuse = True
    factory.engines[0].report(StreamState.RECONNECTING, StreamError.UNREACHABLE, "cut off")
    qtbot.waitUntil(lambda: streams.state(key)[1] is StreamError.NOT_FOUND)
    assert streams.state(key) == (StreamState.OFFLINE, StreamError.NOT_FOUND,
                                  "No camera in your areas.")
    assert factory.running() == []
