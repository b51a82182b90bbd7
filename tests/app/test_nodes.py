"""The recording nodes on the client: GET /api/v1/nodes parsed into typed objects, and
NodesService polling a real local HTTP server only while watched; a 403 hides the nodes
without an error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.api.nodes import NodeState, VolumeState, nodes_report
from app.services.nodes import NodesService
from app.services.session import SessionService
from tests.app.local_http import catalog_routes, serve

TB = 10**12


def node(name, state, **over):
    data = {"name": name, "state": state, "heartbeat_at": "2026-12-05T02:14:00.000Z",
            "started_at": "2026-12-04T23:00:00.000Z", "capacity": 200,
            "cameras": ["cam001"], "camera_count": 120, "recording": 118,
            "ingest_mbps": 480.5, "relay": "10.0.0.1:8555",
            "volumes": [{"path": None, "total_bytes": 10 * TB, "free_bytes": 4 * TB,
                         "footage_bytes": 5 * TB, "state": "ok"},
                        {"path": None, "total_bytes": 10 * TB, "free_bytes": 0,
                         "footage_bytes": 9 * TB, "state": "full"}],
            "days_until_full": 12.5, "days_of_footage": 30.0}
    data.update(over)
    return data


SAMPLE = {"lease_seconds": 30.0,
          "nodes": [node("node-a", "up"),
                    node("node-b", "down", recording=None, ingest_mbps=None, volumes=[],
                         days_until_full=None, days_of_footage=None, relay=None),
                    node("node-c", "rebalancing")],
          "unrecorded": ["cam002", "cam003"]}


def test_the_answer_is_parsed_into_typed_nodes():
    report = nodes_report(SAMPLE)
    assert report.lease_seconds == 30.0
    assert report.unrecorded == ("cam002", "cam003")
    a, b, c = report.nodes
    assert (a.state, b.state) == (NodeState.UP, NodeState.DOWN)
    assert c.state is NodeState.UNKNOWN  # a newer server's state is not an error
    assert a.heartbeat_at == datetime(2026, 12, 5, 2, 14, tzinfo=UTC)
    assert a.cameras == ("cam001",) and a.camera_count == 120 and a.recording == 118
    assert a.ingest_mbps == 480.5 and a.relay == "10.0.0.1:8555"
    assert [v.state for v in a.volumes] == [VolumeState.OK, VolumeState.FULL]
    assert a.total_bytes == 20 * TB and a.used_bytes == 16 * TB
    assert (a.days_until_full, a.days_of_footage) == (12.5, 30.0)
    # What a node did not report stays unknown.
    assert (b.recording, b.ingest_mbps, b.relay, b.days_until_full) == (None,) * 4
    assert b.total_bytes is None and b.used_bytes is None


@pytest.mark.parametrize("data", [[], {"nodes": []}, {"lease_seconds": 30, "nodes": [{}]}])
def test_anything_else_is_a_bad_response(data):
    with pytest.raises(ApiError) as caught:
        nodes_report(data)
    assert caught.value.kind is ApiErrorKind.BAD_RESPONSE


def _signed_in(qtbot, runner, url):
    session = SessionService(runner)
    with qtbot.waitSignal(session.logged_in, timeout=10_000):
        session.login(url, "supervisor", "pantau-demo")
    return session


def _asked(seen):
    return sum(1 for s in seen if s["path"] == "/api/v1/nodes")


def test_nodes_are_polled_only_while_watched(qtbot, runner):
    routes = catalog_routes()
    routes[("GET", "/api/v1/nodes")] = (200, SAMPLE)
    with serve(routes) as (url, seen):
        session = _signed_in(qtbot, runner, url)
        nodes = NodesService(session, runner, poll_interval_ms=50)
        qtbot.wait(150)
        assert _asked(seen) == 0  # nobody looks: nothing asked
        with qtbot.waitSignal(nodes.changed, timeout=10_000):
            nodes.set_watched(True)
        assert [n.name for n in nodes.report().nodes] == ["node-a", "node-b", "node-c"]
        qtbot.waitUntil(lambda: _asked(seen) >= 3, timeout=10_000)  # every interval
        nodes.set_watched(False)
        qtbot.wait(100)  # a request under way may still land
        asked = _asked(seen)
        qtbot.wait(200)
        assert _asked(seen) == asked
        assert nodes.report() is not None  # what it knew stays until signed out
        with qtbot.waitSignal(nodes.changed, timeout=10_000):
            session.logout()
        assert nodes.report() is None


def test_a_403_hides_the_nodes_without_an_error_and_stops_asking(qtbot, runner):
    routes = catalog_routes()
    routes[("GET", "/api/v1/nodes")] = (403, {"detail": {
        "code": "forbidden", "message": "Only admin, supervisor may see the recording nodes."}})
    with serve(routes) as (url, seen):
        session = _signed_in(qtbot, runner, url)
        nodes = NodesService(session, runner, poll_interval_ms=50)
        with qtbot.waitSignal(nodes.changed, timeout=10_000):
            nodes.set_watched(True)
        assert nodes.report() is None and not nodes.available()
        qtbot.wait(200)
        assert _asked(seen) == 1
