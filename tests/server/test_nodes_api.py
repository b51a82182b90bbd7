"""GET /api/v1/nodes through the real app on a real database: node and lease rows written
as the nodes write them, judged up, down or stopped on the database's clock; the cameras
and the unrecorded ones limited to the caller's areas; paths for administrators only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from server.nodes import DEFAULT_LEASE_S
from server.schema import camera_leases, nodes
from server.users import Role, upsert_user
from tests.server.conftest import DEMO_PASSWORD

SELATAN = "jakarta-selatan"  # cam001, cam002; cam003 is Pusat, cam004 Barat
TB = 1 << 40
GB = 1 << 30


def _stats(cameras, ingest_bps, free, footage, keep_free_percent=2.0, state="ok"):
    return json.dumps({
        "cameras": cameras, "recording": len(cameras), "ingest_bps": ingest_bps,
        "volumes": [{"path": "/srv/v1", "total_bytes": 10 * TB, "free_bytes": free,
                     "footage_bytes": footage, "keep_free_percent": keep_free_percent,
                     "state": state}]})


@pytest.fixture
def fleet(api):
    """node-a up (cam001, cam003), node-b down with a lease still on cam002, node-c
    stopped; cam004 has no lease at all."""
    now = datetime.now(UTC)
    with api.ctx.engine.begin() as conn:
        conn.execute(nodes.insert(), [
            dict(name="node-a", http_url="http://10.0.0.1:8090", relay_host="10.0.0.1",
                 relay_port=8555, capacity=200, started_at=now - timedelta(hours=5),
                 heartbeat_at=now - timedelta(seconds=2), stopped_at=None,
                 # 80 Mbit/s is 864 GB a day; 1 TB above the 2 % reserve of 10 TB
                 stats=_stats(["cam001", "cam003"], 80e6, int(0.2 * TB + 864e9), int(4 * 864e9))),
            dict(name="node-b", http_url="http://10.0.0.2:8090", relay_host=None,
                 relay_port=None, capacity=200, started_at=now - timedelta(days=1),
                 heartbeat_at=now - timedelta(minutes=10), stopped_at=None,
                 stats=_stats(["cam002"], 8e6, 5 * TB, TB)),
            dict(name="node-c", http_url=None, relay_host=None, relay_port=None,
                 capacity=50, started_at=now - timedelta(days=2),
                 heartbeat_at=now - timedelta(seconds=1), stopped_at=now, stats=None),
        ])  # fmt: skip
        conn.execute(camera_leases.insert(), [
            dict(camera_id=cam, node=node, since=now - timedelta(hours=1),
                 expires_at=now + timedelta(seconds=20))
            for cam, node in (("cam001", "node-a"), ("cam003", "node-a"),
                              ("cam002", "node-b"))])
        upsert_user(conn, "spv-sel", DEMO_PASSWORD, "Supervisor Selatan",
                    [Role.SUPERVISOR], [SELATAN])
    return api


def _nodes(api, username):
    resp = api.get("/nodes", api.token(username))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    return body, {n["name"]: n for n in body["nodes"]}


def test_an_admin_sees_every_node_its_state_load_disks_and_days_left(fleet):
    body, by_name = _nodes(fleet, "admin")
    assert body["lease_seconds"] == DEFAULT_LEASE_S
    assert [n["name"] for n in body["nodes"]] == ["node-a", "node-b", "node-c"]
    a, b, c = by_name["node-a"], by_name["node-b"], by_name["node-c"]
    assert (a["state"], b["state"], c["state"]) == ("up", "down", "stopped")
    assert a["cameras"] == ["cam001", "cam003"] and a["camera_count"] == 2
    assert a["recording"] == 2 and a["ingest_mbps"] == pytest.approx(80.0)
    assert a["relay"] == "10.0.0.1:8555" and b["relay"] is None
    assert a["capacity"] == 200
    assert a["heartbeat_at"].endswith("Z") and a["started_at"].endswith("Z")
    assert a["volumes"] == [{"path": "/srv/v1", "total_bytes": 10 * TB,
                             "free_bytes": int(0.2 * TB + 864e9), "footage_bytes": int(4 * 864e9),
                             "state": "ok"}]
    assert a["days_until_full"] == pytest.approx(1.0)
    assert a["days_of_footage"] == pytest.approx(4.0)
    # A node that wrote no stats: everything it would have said is unknown, not zero.
    assert c["cameras"] == [] and c["camera_count"] == 0
    assert (c["recording"], c["ingest_mbps"], c["days_until_full"],
            c["days_of_footage"]) == (None, None, None, None)
    # cam002's lease is on a node that is down; cam004 has none.
    assert body["unrecorded"] == ["cam002", "cam004"]


def test_a_supervisor_sees_the_cameras_of_their_areas_and_no_paths(fleet):
    body, by_name = _nodes(fleet, "spv-sel")
    a = by_name["node-a"]
    assert a["cameras"] == ["cam001"]
    assert a["camera_count"] == 2  # the load counts every camera the node records
    assert a["volumes"][0]["path"] is None
    assert a["volumes"][0]["free_bytes"] == int(0.2 * TB + 864e9)
    assert body["unrecorded"] == ["cam002"]  # cam004 is in Jakarta Barat


def test_a_camera_whose_lease_has_lapsed_is_unrecorded(fleet):
    with fleet.ctx.engine.begin() as conn:
        conn.execute(camera_leases.update().where(camera_leases.c.camera_id == "cam003")
                     .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    body, _ = _nodes(fleet, "admin")
    assert body["unrecorded"] == ["cam002", "cam003", "cam004"]


@pytest.mark.parametrize("username", ["operator", "police", "viewer"])
def test_others_are_refused(fleet, username):
    resp = fleet.get("/nodes", fleet.token(username))
    assert resp.status_code == 403
    assert resp.json()["detail"]["code"] == "forbidden"


def test_a_signed_out_caller_is_refused(fleet):
    assert fleet.get("/nodes").status_code == 401
