"""PushService against the real server on a real socket: it registers its monitors,
receives pushes as signals, pushes to others, and reconnects when the stream drops."""

from __future__ import annotations

import pytest

from app.api.errors import ApiErrorKind
from app.services.push import PushService, view_wall_json
from app.services.session import SessionService
from app.wall import Layout, WallModel
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.live_app import serve_app

MONITORS = [{"index": 0, "name": "S0", "geometry": [0, 0, 1280, 720], "wall": True},
            {"index": 1, "name": "S1", "geometry": [1280, 0, 1280, 720], "wall": True}]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("push"), FLEET) as (url, app):
        yield url, app


def logged_in(qtbot, runner, url, user="operator") -> SessionService:
    session = SessionService(runner)
    with qtbot.waitSignal(session.logged_in, timeout=10_000):
        session.login(url, user, DEMO_PASSWORD)
    return session


@pytest.fixture
def wallpc(qtbot, runner, server):
    push = PushService(logged_in(qtbot, runner, server[0]), runner)
    with qtbot.waitSignal(push.connected_changed, timeout=10_000) as blocker:
        push.start("wallpc", MONITORS)
    assert blocker.args == [True]
    yield push
    push.stop()


def test_pushes_from_an_operator_arrive_as_signals(qtbot, runner, server, wallpc):
    operator = PushService(logged_in(qtbot, runner, server[0]), runner)
    with qtbot.waitSignal(operator.workstations_changed, timeout=10_000) as listed:
        operator.load_workstations()
    station = next(s for s in listed.args[0] if s["name"] == "wallpc")
    assert [m["name"] for m in station["monitors"]] == ["S0", "S1"]

    with qtbot.waitSignal(wallpc.camera_pushed, timeout=5_000) as got:
        operator.push_camera("wallpc", 1, "cam004")
    assert got.args == [1, "cam004", "operator"]
    with qtbot.waitSignal(wallpc.view_pushed, timeout=5_000) as got:
        operator.push_view("wallpc", 0, "2x2:cam001,cam002")
    assert got.args == [0, "2x2:cam001,cam002", "operator"]


def test_a_refused_push_says_why(qtbot, runner, server, wallpc):
    viewer = PushService(logged_in(qtbot, runner, server[0], "viewer"), runner)
    with qtbot.waitSignal(viewer.push_failed, timeout=10_000) as failed:
        viewer.push_camera("wallpc", 0, "cam001")
    assert failed.args[0] is ApiErrorKind.FORBIDDEN


def test_stream_reconnects_after_the_server_drops_it(qtbot, runner, server, wallpc):
    _, app = server
    # Cut every open stream the way a restarting server would.
    with qtbot.waitSignal(wallpc.connected_changed, timeout=10_000) as dropped:
        app.state.stopping.set()
    assert dropped.args == [False]
    app.state.stopping.clear()
    qtbot.waitUntil(lambda: wallpc.connected, timeout=10_000)
    operator = PushService(logged_in(qtbot, runner, server[0]), runner)
    with qtbot.waitSignal(wallpc.camera_pushed, timeout=5_000) as got:
        operator.push_camera("wallpc", 0, "cam002")
    assert got.args[1] == "cam002"


def test_view_names_resolve_to_saved_views_or_layout_specs():
    class Saved:
        def wall_json(self):
            return {"layout": "1x1", "tiles": {"0": "cam009"}}

    assert view_wall_json("Lobby", lambda n: Saved() if n == "Lobby" else None) == {
        "layout": "1x1", "tiles": {"0": "cam009"}}
    model = WallModel.from_json(view_wall_json("2x2:cam001,cam002"))
    assert model.layout is Layout.L2X2 and model.assignments == {0: "cam001", 1: "cam002"}
    assert view_wall_json("no such view") is None


def test_news_from_a_stopped_run_is_dropped_after_a_restart(qtbot, runner, server):
    # Log out and in again: stop() does not wait for the listening thread, which may
    # still be inside a read. Whatever that old run says afterwards must not reach the
    # wall, while the new run's pushes do.
    push = PushService(logged_in(qtbot, runner, server[0]), runner)
    with qtbot.waitSignal(push.connected_changed, timeout=10_000):
        push.start("wallpc-r", MONITORS)
    old_run = push._stop  # noqa: SLF001 - the token the old thread emits with
    push.stop()
    with qtbot.waitSignal(push.connected_changed, timeout=10_000):
        push.start("wallpc-r", MONITORS)
    seen = []
    push.camera_pushed.connect(lambda *args: seen.append(args))
    late = {"type": "push", "monitor": 0, "camera_id": "cam001", "from": "old"}
    push._stream_event.emit(old_run, late)  # noqa: SLF001 - as the old thread would
    push._stream_open.emit(old_run, False)  # noqa: SLF001
    qtbot.wait(50)
    assert seen == [] and push.connected  # the old run changed nothing
    push._stream_event.emit(push._stop, dict(late, **{"from": "new"}))  # noqa: SLF001
    qtbot.waitUntil(lambda: seen == [(0, "cam001", "new")])
    push.stop()
