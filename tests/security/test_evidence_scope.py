"""An evidence request mixing an in-area and an out-of-area camera: police, who see one
of the two, are shown only their camera and its export in the request, the list and the
receipt (never the other camera's name, hashes, file name or times), and a supervisor of
one area cannot decide for the other. TestClient over a real database, the export
workers running, footage written with PyAV."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from server.clock import to_wire
from server.user_admin import create_user
from server.users import Role
from tests.server.conftest import FOOTAGE_T0 as T0
from tests.server.conftest import make_api
from tests.server.test_exports import _wait_done
from tests.support.footage import record

SPV_PASSWORD = "Selatan-Supervisor-2026"


@pytest.fixture
def api(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    # Jakarta Selatan (police's), Jakarta Pusat; segments cut elsewhere: other bytes.
    record(api.ctx.engine, data, "cam001", T0, seconds=8, segment_s=4, fps=10, gop=10)
    record(api.ctx.engine, data, "cam003", T0 - timedelta(seconds=1.5), seconds=10,
           segment_s=3, fps=10, gop=10)
    with api.ctx.engine.begin() as conn:
        create_user(conn, username="spv.selatan", display_name="Spv Selatan",
                    roles=[Role.SUPERVISOR], area_ids=["jakarta-selatan"],
                    password=SPV_PASSWORD, must_change=False)
    with client:
        yield api


def _call(api, method, path, token, body=None):
    return api.client.request(method, "/api/v1" + path, json=body,
                              headers={"Authorization": f"Bearer {token}"})


def _mixed(api, token):
    resp = _call(api, "POST", "/evidence-requests", token, {
        "requester_name": "Siti Rahmawati", "requester_contact": "0812-0000-1111",
        "incident_at": to_wire(T0 + timedelta(seconds=4)), "incident_place": "Tebet",
        "camera_ids": ["cam001", "cam003"], "start": to_wire(T0 + timedelta(seconds=1)),
        "end": to_wire(T0 + timedelta(seconds=6)), "reason": "Kehilangan sepeda motor"})
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


def test_police_see_only_their_camera_of_a_mixed_request(api):
    operator, supervisor, police = (api.token(u) for u in ("operator", "supervisor", "police"))
    request_id = _mixed(api, operator)
    approved = _call(api, "POST", f"/evidence-requests/{request_id}/approve", supervisor,
                     {"case_number": "LP/B/13/XII/2026"})
    assert approved.status_code == 200, approved.text
    jobs = [_wait_done(api, supervisor, e) for e in approved.json()["export_ids"]]
    theirs, other = (next(j for j in jobs if j["camera_id"] == c) for c in ("cam001", "cam003"))
    assert other["state"] == "done" and other["sha256"]

    request = _call(api, "GET", f"/evidence-requests/{request_id}", police).json()
    listed = next(r for r in _call(api, "GET", "/evidence-requests", police).json()
                  if r["id"] == request_id)
    receipt = _call(api, "GET", f"/evidence-requests/{request_id}/receipt", police).json()
    for answer in (request, listed, receipt["request"]):
        assert answer["camera_ids"] == ["cam001"]
        assert answer["export_ids"] == [theirs["id"]]
        assert answer["hidden_cameras"] == 1
    assert [e["id"] for e in receipt["exports"]] == [theirs["id"]]
    assert receipt["exports"][0]["sha256"] == theirs["sha256"]
    assert receipt["hidden_cameras"] == 1 and receipt["complete"] is False
    leaked = json.dumps([request, listed, receipt])
    for secret in ("cam003", "Stasiun Gambir", other["sha256"], other["manifest_sha256"],
                   other["file_name"]):
        assert secret not in leaked, secret

    whole = _call(api, "GET", f"/evidence-requests/{request_id}/receipt", supervisor).json()
    assert whole["hidden_cameras"] == 0 and whole["complete"] is True
    assert {e["camera_id"] for e in whole["exports"]} == {"cam001", "cam003"}


def test_a_supervisor_of_one_area_cannot_decide_a_mixed_request(api):
    operator, selatan = api.token("operator"), api.token("spv.selatan", SPV_PASSWORD)
    request_id = _mixed(api, operator)
    for action, body in (("approve", {"case_number": "LP/1"}), ("refuse", {"note": "tidak"})):
        resp = _call(api, "POST", f"/evidence-requests/{request_id}/{action}", selatan, body)
        assert resp.status_code == 403, resp.text
        assert resp.json()["detail"]["code"] == "forbidden"
        assert "cam003" not in resp.text
    shown = _call(api, "GET", f"/evidence-requests/{request_id}", operator).json()
    assert shown["state"] == "pending" and shown["export_ids"] == []
    # Police cannot create one they cannot see whole either (the same 404 as any camera).
    police = api.token("police")
    resp = _call(api, "POST", "/evidence-requests", police, {
        "requester_name": "Budi", "requester_contact": "0812", "incident_at": to_wire(T0),
        "incident_place": "Tebet", "camera_ids": ["cam001", "cam003"], "start": to_wire(T0),
        "end": to_wire(T0 + timedelta(seconds=5)), "reason": "Kecelakaan"})
    assert resp.status_code == 404 and resp.json()["detail"]["code"] == "camera_not_found"
