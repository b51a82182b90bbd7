"""Evidence a court can check with standard tools (issue 17): an export asked with c2pa
carries a C2PA manifest that the C2PA library's own reader validates (trusted under the
server's CA, naming the export, its camera, case and exporter), that breaks when a byte
of the video changes; each picture's UTC time is in a file beside it, named and hashed
in the signed manifest; the client's verifier still verifies the export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta

import av
import c2pa

from app.verify import verify_export
from app.verify.core import Problem
from server.clock import parse_wire
from tests.server.test_exports import _ask, _download, _post, _wait_done


def _reader(data: bytes, anchor: str | None) -> c2pa.Reader:
    if anchor is None:
        return c2pa.Reader("video/mp4", io.BytesIO(data))
    settings = c2pa.Settings.from_dict({"trust": {"trust_anchors": anchor},
                                        "verify": {"verify_trust": True}})
    return c2pa.Reader("video/mp4", io.BytesIO(data), context=c2pa.Context(settings))


def test_a_c2pa_export_is_trusted_by_the_c2pa_reader_and_breaks_when_changed(footage_api,
                                                                              tmp_path):
    api = footage_api
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(2, 9, c2pa=True)).json()["id"])
    assert job["state"] == "done", job
    mp4, manifest_path, key = _download(api, token, job, tmp_path / "export")
    data = mp4.read_bytes()
    manifest = json.loads(manifest_path.read_text())

    reader = _reader(data, key["c2pa_ca_pem"])
    assert reader.get_validation_state() == "Trusted"
    store = json.loads(reader.json())
    active = store["manifests"][store["active_manifest"]]
    assert active["signature_info"]["alg"] == "Ed25519"
    assert active["signature_info"]["common_name"] == f"Pantau server {key['server_id']}"
    assertions = {a["label"]: a["data"] for a in active["assertions"]}
    evidence = assertions["org.pantau.evidence"]
    assert evidence["case_number"] == "LP/B/1234/XI/2026"
    assert evidence["camera"]["id"] == "cam001" and evidence["export_id"] == job["id"]
    assert evidence["exported_by"]["username"] == "supervisor"
    actions = [a["action"] for a in next(v for k, v in assertions.items()
                                         if k.startswith("c2pa.actions"))["actions"]]
    assert actions[0] == "c2pa.created" and "c2pa.published" in actions
    # Without the server's CA a verifier still finds it intact, only not vouched for.
    assert _reader(data, None).get_validation_state() == "Valid"
    # One byte of the video changed: invalid.
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0xFF
    assert _reader(bytes(changed), key["c2pa_ca_pem"]).get_validation_state() == "Invalid"

    # The signed manifest names the MP4 as it is now, C2PA inside: the verifier agrees.
    assert manifest["file"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["c2pa"]["embedded"] is True
    assert verify_export(mp4, key["public_key_pem"].encode()).problem is Problem.NONE

    # Each picture's UTC time: one line per picture, origin plus its presentation time.
    headers = {"Authorization": f"Bearer {token}"}
    times = api.client.get(f"/api/v1/exports/{job['id']}/frame-times", headers=headers)
    assert times.status_code == 200
    assert hashlib.sha256(times.content).hexdigest() == manifest["frame_times"]["sha256"]
    assert evidence["frame_times"]["sha256"] == manifest["frame_times"]["sha256"]
    rows = list(csv.DictReader(io.StringIO(times.text)))
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        pts = sorted(float(f.pts * f.time_base) for f in container.decode(stream))
    assert len(rows) == len(pts) == manifest["frame_times"]["pictures"]
    origin = parse_wire(manifest["timeline"]["origin_utc"])
    for row, t in zip(rows, pts, strict=True):
        assert abs(float(row["pts_s"]) - t) < 1e-6
        assert abs(parse_wire(row["utc"]) - (origin + timedelta(seconds=t))) \
            < timedelta(milliseconds=1)
