"""Alarms through the API (issue 17): raised by a node (raise_alarm), listed newest first
within the user's areas, the snapshot, one acknowledgement with a note (a second is 409),
both audited; and the API's poller pushing them over a real /api/v1/events stream."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import av
import numpy as np
import pytest

from server.alarms.kinds import AlarmKind, TamperKind
from server.alarms.poller import AlarmPoller
from server.alarms.rules import RuleSpec, create_rule
from server.alarms.snapshot import snapshot_jpeg
from server.alarms.store import acknowledge, raise_alarm
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.server.test_events import Listener, client
from tests.support.live_app import serve_app
from tests.support.net import http_json

T0 = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 22:00 WIB


def _bearer(api, user: str) -> dict:
    return {"Authorization": f"Bearer {api.token(user)}"}


def _luma(width: int = 320, height: int = 180) -> np.ndarray:
    return (np.add.outer(np.arange(height), np.arange(width)) % 256).astype(np.uint8)


def test_snapshot_jpeg_is_a_jpeg_of_the_plane_scaled_down():
    jpeg = snapshot_jpeg(_luma(1280, 720))
    assert jpeg[:2] == b"\xff\xd8"
    with av.open(io.BytesIO(jpeg)) as container:
        frame = next(container.decode(video=0))
    assert (frame.width, frame.height) == (640, 360)
    with pytest.raises(ValueError):
        snapshot_jpeg(np.zeros((4, 4, 3), np.uint8))


def test_raise_list_snapshot_acknowledge_in_scope_and_audited(api):
    engine = api.ctx.engine
    with engine.begin() as conn:
        rule = create_rule(conn, RuleSpec("Tebet tertutup", AlarmKind.TAMPER,
                                          camera_id="cam001"), "admin")
    covered = raise_alarm(engine, rule, AlarmKind.TAMPER, "cam001", T0, TamperKind.COVERED.value,
                          snapshot_jpeg(_luma()), "node-a")
    gambir = raise_alarm(engine, None, AlarmKind.OFFLINE, "cam003", T0 + timedelta(seconds=1),
                         "offline for 42 s", None, "node-b")
    latest = raise_alarm(engine, None, AlarmKind.OFFLINE, "cam002", T0 + timedelta(seconds=2),
                         "offline for 31 s", None, None)
    c = api.client
    operator, police = _bearer(api, "operator"), _bearer(api, "police")

    listed = c.get("/api/v1/alarms", headers=operator).json()
    assert [a["id"] for a in listed] == [latest, gambir, covered]  # newest first
    first = listed[-1]
    assert first == {
        "id": covered, "rule_id": rule.id, "rule_name": "Tebet tertutup", "kind": "tamper",
        "detail": "covered", "camera_id": "cam001", "camera_name": "Taman Tebet Eco Park",
        "raised_at": "2026-11-22T15:00:00.000Z", "acknowledged_at": None,
        "acknowledged_by": None, "note": None, "has_snapshot": True}
    # Police: Jakarta Selatan only (cam001, cam002), and the same 404 outside it.
    assert [a["id"] for a in c.get("/api/v1/alarms", headers=police).json()] == [
        latest, covered]
    assert c.get(f"/api/v1/alarms/{gambir}/snapshot", headers=police).status_code == 404
    resp = c.post(f"/api/v1/alarms/{gambir}/acknowledge", json={}, headers=police)
    assert resp.status_code == 404 and resp.json()["detail"]["code"] == "alarm_not_found"
    # Paging back.
    page = c.get("/api/v1/alarms", headers=operator, params={"limit": 1, "before_id": latest})
    assert [a["id"] for a in page.json()] == [gambir]

    snap = c.get(f"/api/v1/alarms/{covered}/snapshot", headers=police)
    assert snap.status_code == 200 and snap.headers["content-type"] == "image/jpeg"
    assert snap.content[:2] == b"\xff\xd8"
    assert c.get(f"/api/v1/alarms/{latest}/snapshot", headers=operator).status_code == 404

    # Viewers watch only.
    resp = c.post(f"/api/v1/alarms/{covered}/acknowledge", json={}, headers=_bearer(api, "viewer"))
    assert resp.status_code == 403
    resp = c.post(f"/api/v1/alarms/{covered}/acknowledge", headers=police,
                  json={"note": "  Lensa ditutup kantong plastik; petugas dikirim.  "})
    assert resp.status_code == 200, resp.text
    done = resp.json()
    assert (done["acknowledged_by"], done["note"]) == (
        "police", "Lensa ditutup kantong plastik; petugas dikirim.")
    assert done["acknowledged_at"].endswith("Z")
    again = c.post(f"/api/v1/alarms/{covered}/acknowledge", json={"note": "x"}, headers=operator)
    assert again.status_code == 409
    assert again.json()["detail"]["code"] == "already_acknowledged"
    assert "police" in again.json()["detail"]["message"]

    # Open ones only by default; all on asking.
    assert [a["id"] for a in c.get("/api/v1/alarms", headers=operator).json()] == [
        latest, gambir]
    every = c.get("/api/v1/alarms", headers=operator, params={"state": "all"}).json()
    assert [a["id"] for a in every] == [latest, gambir, covered]
    assert every[-1]["note"] == done["note"]

    for params in ({"state": "closed"}, {"limit": 0}, {"limit": 1001}, {"before_id": 2**40}):
        assert c.get("/api/v1/alarms", headers=operator, params=params).status_code == 422
    too_long = c.post(f"/api/v1/alarms/{gambir}/acknowledge", headers=operator,
                      json={"note": "x" * 2001})
    assert too_long.status_code == 422

    trail = c.get("/api/v1/audit", headers=_bearer(api, "admin"),
                  params={"camera_id": "cam001"}).json()
    acked, raised = trail[0], trail[1]
    assert (acked["action"], acked["actor"], acked["details"]["alarm_id"],
            acked["details"]["note"]) == ("alarm_acknowledged", "police", covered, done["note"])
    assert (raised["action"], raised["details"]["alarm_id"], raised["details"]["kind"],
            raised["details"]["node"]) == ("alarm_raised", covered, "tamper", "node-a")
    assert c.get("/api/v1/audit/verify", headers=_bearer(api, "admin")).json()["ok"] is True


def test_a_deleted_rule_leaves_its_alarms_with_its_name(api):
    engine = api.ctx.engine
    with engine.begin() as conn:
        rule = create_rule(conn, RuleSpec("Gambir", AlarmKind.OFFLINE, camera_id="cam003"), "a")
    alarm_id = raise_alarm(engine, rule, AlarmKind.OFFLINE, "cam003", T0, "offline", None, None)
    admin = _bearer(api, "admin")
    assert api.client.delete(f"/api/v1/alarm-rules/{rule.id}", headers=admin).status_code == 204
    (alarm,) = api.client.get("/api/v1/alarms", headers=admin).json()
    assert (alarm["id"], alarm["rule_id"], alarm["rule_name"]) == (alarm_id, None, "Gambir")


def test_the_poller_pushes_raised_and_acknowledged_alarms_in_scope(tmp_path):
    with serve_app(tmp_path / "data", FLEET) as (url, app):
        engine = app.state.ctx.engine
        police = client(url, "police")
        police.register_workstation("polsek-alarm", [{"index": 0}])
        listener = Listener(police, "polsek-alarm")
        try:
            # Jakarta Pusat first: the police post's stream skips it.
            raise_alarm(engine, None, AlarmKind.OFFLINE, "cam003", T0, "offline for 30 s",
                        None, "node-a")
            selatan = raise_alarm(engine, None, AlarmKind.FROZEN, "cam001", T0,
                                  "no new picture for 15 s", None, "node-a")
            event = listener.next(timeout=10)
            assert event is not None, "no alarm pushed"
            assert (event["type"], event["camera_id"], event["alarm"]["id"]) == (
                "alarm", "cam001", selatan)
            assert event["alarm"]["kind"] == "frozen"
            assert event["alarm"]["acknowledged_at"] is None

            status, body = http_json("POST", f"{url}/api/v1/auth/login",
                                     {"username": "operator", "password": DEMO_PASSWORD})
            status, body = http_json("POST", f"{url}/api/v1/alarms/{selatan}/acknowledge",
                                     {"note": "dicek"}, token=body["token"])
            assert status == 200, body
            event = listener.next(timeout=10)
            assert event is not None, "no acknowledgement pushed"
            assert (event["type"], event["alarm"]["id"], event["alarm"]["acknowledged_by"],
                    event["alarm"]["note"]) == ("alarm_acknowledged", selatan, "operator",
                                                "dicek")
        finally:
            listener.close()


def test_the_poller_publishes_each_raise_and_acknowledgement_once(api):
    engine = api.ctx.engine
    before = raise_alarm(engine, None, AlarmKind.OFFLINE, "cam001", T0, "old", None, None)
    events: list[dict] = []
    poller = AlarmPoller(engine, events.append)
    poller.poll()  # primes: what is in the table already is the clients' to list
    poller.poll()
    assert events == []
    quick = raise_alarm(engine, None, AlarmKind.OFFLINE, "cam002", T0, "quick", None, None)
    acknowledge(engine, quick, "operator", "sudah")
    later = raise_alarm(engine, None, AlarmKind.FROZEN, "cam003", T0, "later", None, None)
    poller.poll()
    poller.poll()
    # Raised and acknowledged between two looks: both, in order; the raise as it was.
    assert [(e["type"], e["alarm"]["id"], e["alarm"]["note"]) for e in events] == [
        ("alarm", quick, None), ("alarm", later, None),
        ("alarm_acknowledged", quick, "sudah")]
    assert [e["camera_id"] for e in events] == ["cam002", "cam003", "cam002"]
    events.clear()
    acknowledge(engine, before, "police", "")
    poller.poll()
    poller.poll()
    assert [(e["type"], e["alarm"]["id"]) for e in events] == [("alarm_acknowledged", before)]
