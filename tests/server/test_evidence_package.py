"""An evidence request handed over by procedure: four eyes (who records a request does
not approve it), only footage already recorded, and the approved request's package: one
zip whose every export checks by docs/evidence-format.md's procedure and whose receipt
is, byte for byte, the receipt the server serves."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import timedelta

from cryptography.hazmat.primitives import serialization

from app.verify.__main__ import main as verify_main
from server.clock import to_wire, utc_now
from tests.server.conftest import FOOTAGE_T0 as T0
from tests.server.test_exports import _wait_done
from tests.support.footage import record


def _call(api, method, path, token, body=None):
    return api.client.request(method, "/api/v1" + path, json=body,
                              headers={"Authorization": f"Bearer {token}"})


def _ask(start, end, cameras=("cam001",)):
    return {"requester_name": "Siti Rahmawati", "requester_contact": "0812-0000-1111",
            "incident_at": to_wire(start), "incident_place": "Taman Tebet",
            "camera_ids": list(cameras), "start": to_wire(start), "end": to_wire(end),
            "reason": "Kehilangan sepeda motor"}


def test_who_records_a_request_cannot_approve_it(footage_api):
    api = footage_api
    supervisor, admin = api.token("supervisor"), api.token("admin")
    request_id = _call(api, "POST", "/evidence-requests", supervisor,
                       _ask(T0 + timedelta(seconds=2), T0 + timedelta(seconds=6))).json()["id"]
    own = _call(api, "POST", f"/evidence-requests/{request_id}/approve", supervisor,
                {"case_number": "LP/1"})
    assert own.status_code == 403
    assert own.json()["detail"]["code"] == "forbidden"
    assert "another supervisor must approve" in own.json()["detail"]["message"]
    assert _call(api, "GET", f"/evidence-requests/{request_id}", admin).json()["state"] \
        == "pending"
    other = _call(api, "POST", f"/evidence-requests/{request_id}/approve", admin,
                  {"case_number": "LP/1"})
    assert other.status_code == 200 and other.json()["decided_by"] == "admin"


def test_a_range_that_ends_in_the_future_is_refused(api):
    operator = api.token("operator")
    now = utc_now()
    resp = _call(api, "POST", "/evidence-requests", operator,
                 _ask(now - timedelta(minutes=5), now + timedelta(minutes=10)))
    assert resp.status_code == 400
    assert resp.json()["detail"]["code"] == "invalid_range"
    assert "ends in the future" in resp.json()["detail"]["message"]
    past = _call(api, "POST", "/evidence-requests", operator,
                 _ask(now - timedelta(minutes=15), now - timedelta(minutes=5)))
    assert past.status_code == 201, past.text


def test_the_package_holds_every_export_verifiable_and_the_served_receipt(footage_api,
                                                                          tmp_path):
    api = footage_api
    data = api.ctx.settings.data_dir
    record(api.ctx.engine, data, "cam002", T0, seconds=10, segment_s=4, fps=10, gop=10)
    operator, supervisor = api.token("operator"), api.token("supervisor")
    request_id = _call(api, "POST", "/evidence-requests", operator, _ask(
        T0 + timedelta(seconds=2), T0 + timedelta(seconds=6), ("cam001", "cam002"))).json()["id"]
    approved = _call(api, "POST", f"/evidence-requests/{request_id}/approve", supervisor,
                     {"case_number": "LP/B/77/XI/2026"}).json()
    jobs = [_wait_done(api, supervisor, i) for i in approved["export_ids"]]
    assert [j["state"] for j in jobs] == ["done", "done"]

    receipt = _call(api, "GET", f"/evidence-requests/{request_id}/receipt", supervisor)
    assert receipt.status_code == 200 and receipt.json()["complete"] is True
    assert _call(api, "GET", f"/evidence-requests/{request_id}/package",
                 operator).status_code == 403  # the files go to a supervisor
    resp = _call(api, "GET", f"/evidence-requests/{request_id}/package", supervisor)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(resp.content))
    root = f"pantau-request-{request_id}/"
    names = set(archive.namelist())

    # The receipt: the served bytes, signed by the server's key (as a manifest is).
    assert archive.read(root + "receipt.json") == receipt.content
    assert _call(api, "GET", f"/evidence-requests/{request_id}/receipt",
                 supervisor).content == receipt.content  # built once
    published = api.client.get("/api/v1/exports/public-key").json()
    key = serialization.load_pem_public_key(published["public_key_pem"].encode())
    key.verify(archive.read(root + "receipt.sig"), receipt.content)
    assert archive.read(root + "server.pubkey.pem").decode() == published["public_key_pem"]
    listed = json.loads(receipt.content)

    # Each export: docs/evidence-format.md, "Checking an export by hand".
    for job, item in zip(jobs, listed["exports"], strict=True):
        stem = job["file_name"]
        folder = f"{root}{stem}/{stem}"
        assert {folder + s for s in (".mp4", ".manifest.json", ".manifest.sig",
                                     ".pubkey.pem")} <= names
        manifest_bytes = archive.read(folder + ".manifest.json")
        key.verify(archive.read(folder + ".manifest.sig"), manifest_bytes)  # raises if not
        manifest = json.loads(manifest_bytes)
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        assert manifest["server"]["key_id"] == hashlib.sha256(raw).hexdigest()[:16]
        mp4 = archive.read(folder + ".mp4")
        assert manifest["file"]["sha256"] == hashlib.sha256(mp4).hexdigest() == item["sha256"]
        assert hashlib.sha256(manifest_bytes).hexdigest() == item["manifest_sha256"]
        assert manifest["request_id"] == request_id
    assert len(names) == 3 + 4 * len(jobs)

    # python -m app.verify PACKAGE.zip: the same checks, one exit status.
    package, key_file = tmp_path / "package.zip", tmp_path / "server.pem"
    package.write_bytes(resp.content)
    key_file.write_text(published["public_key_pem"])
    assert verify_main([str(package), "--key", str(key_file)]) == 0
    assert verify_main([str(package)]) == 2  # the key came with the files: signer unknown
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(changed, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".mp4") and "cam002" in name:
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.writestr(name, data)
    assert verify_main([str(changed), "--key", str(key_file)]) == 1


def test_a_failed_export_is_retried_under_its_number(footage_api):
    api = footage_api
    supervisor = api.token("supervisor")
    body = {"camera_id": "cam002", "start": to_wire(T0 + timedelta(seconds=1)),
            "end": to_wire(T0 + timedelta(seconds=4)), "reason": "Kecelakaan",
            "case_number": "LP/9"}
    job = _wait_done(api, supervisor, _call(api, "POST", "/exports", supervisor,
                                            body).json()["id"])
    assert job["state"] == "failed"  # cam002 has recorded nothing yet
    record(api.ctx.engine, api.ctx.settings.data_dir, "cam002", T0, seconds=6, segment_s=2)
    retried = _call(api, "POST", f"/exports/{job['id']}/retry", supervisor)
    assert retried.status_code == 202 and retried.json()["state"] == "queued"
    again = _wait_done(api, supervisor, job["id"])
    assert again["state"] == "done" and again["sha256"]
    assert _call(api, "POST", f"/exports/{job['id']}/retry", supervisor).status_code == 409
