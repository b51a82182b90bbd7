"""Citizens' evidence requests: recorded by an operator, decided by a supervisor; the
server refuses an operator's approval, not just the client."""

from __future__ import annotations

from datetime import timedelta

from server.clock import to_wire
from tests.server.conftest import FOOTAGE_T0 as T0
from tests.server.test_exports import _wait_done


def _call(api, method, path, token, body=None):
    return api.client.request(method, "/api/v1" + path, json=body,
                              headers={"Authorization": f"Bearer {token}"})


def _new(api, token, cameras=("cam001", "cam002")):
    return _call(api, "POST", "/evidence-requests", token, {
        "requester_name": "Siti Rahmawati", "requester_contact": "0812-0000-1111",
        "incident_at": to_wire(T0 + timedelta(seconds=8)),
        "incident_place": "Jl. Tebet Barat Dalam, depan Taman Tebet",
        "camera_ids": list(cameras), "start": to_wire(T0 + timedelta(seconds=2)),
        "end": to_wire(T0 + timedelta(seconds=14)), "reason": "Kehilangan sepeda motor"})


def test_operator_records_supervisor_approves_and_the_receipt_lists_the_hashes(footage_api):
    api = footage_api
    operator, supervisor = api.token("operator"), api.token("supervisor")
    resp = _new(api, operator, cameras=("cam001",))
    assert resp.status_code == 201, resp.text
    request_id = resp.json()["id"]
    assert resp.json()["state"] == "pending" and resp.json()["created_by"] == "operator"

    refused = _call(api, "POST", f"/evidence-requests/{request_id}/approve", operator,
                    {"case_number": "LP/1"})
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "forbidden"
    assert _call(api, "GET", f"/evidence-requests/{request_id}", operator).json()["state"] \
        == "pending"
    assert _call(api, "GET", f"/evidence-requests/{request_id}/receipt",
                 supervisor).status_code == 409

    approved = _call(api, "POST", f"/evidence-requests/{request_id}/approve", supervisor,
                     {"case_number": "LP/B/77/XI/2026", "note": "Sesuai prosedur"})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["state"] == "approved" and body["decided_by"] == "supervisor"
    assert len(body["export_ids"]) == 1
    again = _call(api, "POST", f"/evidence-requests/{request_id}/approve", supervisor,
                  {"case_number": "LP/2"})
    assert again.status_code == 409  # decided once

    job = _wait_done(api, supervisor, body["export_ids"][0])
    assert job["state"] == "done" and job["request_id"] == request_id
    assert job["requester"] == "Siti Rahmawati" and job["case_number"] == "LP/B/77/XI/2026"
    receipt = _call(api, "GET", f"/evidence-requests/{request_id}/receipt", supervisor).json()
    assert receipt["complete"] is True
    assert receipt["exports"][0]["sha256"] == job["sha256"]
    assert len(receipt["exports"][0]["manifest_sha256"]) == 64
    assert receipt["key_id"] == api.client.get("/api/v1/exports/public-key").json()["key_id"]
    actions = [e["action"] for e in api.get("/audit", supervisor, action="request.").json()]
    assert actions == ["request.approved", "request.created"]


def test_refusal_needs_a_note_and_scope_is_enforced(footage_api):
    api = footage_api
    operator, supervisor, police = (api.token(u) for u in ("operator", "supervisor", "police"))
    request_id = _new(api, operator).json()["id"]
    assert _call(api, "POST", f"/evidence-requests/{request_id}/refuse", operator,
                 {"note": "bukan wewenang"}).status_code == 403
    assert _call(api, "POST", f"/evidence-requests/{request_id}/refuse", supervisor,
                 {"note": ""}).status_code == 422
    refused = _call(api, "POST", f"/evidence-requests/{request_id}/refuse", supervisor,
                    {"note": "Rekaman di luar jangkauan kamera"})
    assert refused.json()["state"] == "refused"
    assert [r["id"] for r in _call(api, "GET", "/evidence-requests?state=refused",
                                   operator).json()] == [request_id]
    # cam003 (Jakarta Pusat) is outside the police user's area: 404, like any camera.
    assert _new(api, police, cameras=("cam003",)).status_code == 404
    viewer = api.token("viewer")
    assert _new(api, viewer).status_code == 403
