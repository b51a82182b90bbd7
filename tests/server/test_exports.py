"""Evidence exports on a real server app and SQLite database, footage written with PyAV;
checked with the client's verifier and, independently, with ffprobe."""

from __future__ import annotations

import json
import re
import subprocess
import time
from datetime import timedelta

import pytest

from app.verify import verify_export
from app.verify.core import Problem
from server.clock import to_wire
from tests.server.conftest import FOOTAGE_T0 as T0


def _post(api, token, **body):
    return api.client.post("/api/v1/exports", json=body,
                           headers={"Authorization": f"Bearer {token}"})


def _ask(start_s, end_s, **more):
    return {"camera_id": "cam001", "start": to_wire(T0 + timedelta(seconds=start_s)),
            "end": to_wire(T0 + timedelta(seconds=end_s)), "reason": "Pencurian sepeda motor",
            "case_number": "LP/B/1234/XI/2026", "requester": "Budi Santoso", **more}


def _wait_done(api, token, export_id, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = api.get(f"/exports/{export_id}", token).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"export {export_id} did not finish: {job}")


def _download(api, token, job, folder):
    """What the client saves: the MP4, the manifest and the server's public key."""
    folder.mkdir()
    stem = job["file_name"]
    # Named as the client shows times: the camera, the start in WIB, the export's id.
    assert re.fullmatch(rf"Pantau_cam001_\d{{8}}-\d{{6}}WIB_{job['id']}", stem), stem
    headers = {"Authorization": f"Bearer {token}"}
    mp4 = api.client.get(f"/api/v1/exports/{job['id']}/file", headers=headers)
    assert mp4.status_code == 200 and mp4.headers["content-type"] == "video/mp4"
    assert int(mp4.headers["content-length"]) == job["bytes"]
    (folder / f"{stem}.mp4").write_bytes(mp4.content)
    manifest = api.client.get(f"/api/v1/exports/{job['id']}/manifest", headers=headers)
    (folder / f"{stem}.manifest.json").write_bytes(manifest.content)
    signature = api.client.get(f"/api/v1/exports/{job['id']}/signature", headers=headers)
    assert signature.status_code == 200 and len(signature.content) == 64
    (folder / f"{stem}.manifest.sig").write_bytes(signature.content)
    key = api.client.get("/api/v1/exports/public-key").json()
    (folder / f"{stem}.pubkey.pem").write_text(key["public_key_pem"])
    return folder / f"{stem}.mp4", folder / f"{stem}.manifest.json", key


def _ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,width,height:format=duration:packet=pts_time,flags",
         "-of", "json", str(path)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_export_cuts_from_the_keyframe_before_start_signs_and_verifies(footage_api, tmp_path):
    api = footage_api
    token = api.token("supervisor")
    # 5.5 s -> 12.3 s: the keyframe before 5.5 s is at 5.0 s (one a second).
    resp = _post(api, token, **_ask(5.5, 12.3))
    assert resp.status_code == 202, resp.text
    job = _wait_done(api, token, resp.json()["id"])
    assert job["state"] == "done", job
    assert job["actual_start"] == to_wire(T0 + timedelta(seconds=5))
    mp4, manifest_path, key = _download(api, token, job, tmp_path / "evidence")

    result = verify_export(mp4.parent, key["public_key_pem"].encode())
    assert result.ok, result.summary()
    manifest = json.loads(manifest_path.read_text())
    assert manifest["camera"]["name"] == "Taman Tebet Eco Park"
    assert manifest["camera"]["area"][:2] == ["Jakarta Selatan", "Tebet"]
    assert manifest["asked"]["start_wib"] == "2026-11-22 10:00:05.500 WIB"
    assert manifest["contained"]["start_utc"] == "2026-11-22T03:00:05.000Z"
    assert manifest["operator"]["username"] == "supervisor"
    assert manifest["case_number"] == "LP/B/1234/XI/2026"
    assert manifest["requester"] == "Budi Santoso"
    assert manifest["server"]["key_id"] == key["key_id"] and manifest["reencoded"] is False
    assert manifest["pantau_export"] == 2 and manifest["gaps"] == []
    assert manifest["video"]["codec"] == "h264"
    assert manifest["audio"] == {"kept": False, "codec": None,
                                 "note": "the recording of this range has no audio"}

    probe = _ffprobe(mp4)
    stream = probe["streams"][0]
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", 320, 180)
    # 5.0 s up to (not including) 12.3 s: frames 50..122, 73 frames at 10 fps.
    assert float(probe["format"]["duration"]) == pytest.approx(7.3, abs=0.15)
    times = [float(p["pts_time"]) for p in probe["packets"]]
    assert len(times) == 73 and times == sorted(times) and times[0] == 0.0
    assert probe["packets"][0]["flags"].startswith("K")

    # One changed byte in the MP4: the verifier names the MP4.
    data = bytearray(mp4.read_bytes())
    data[len(data) // 2] ^= 0x01
    mp4.write_bytes(bytes(data))
    trusted = [key["key_id"]]
    bad = verify_export(mp4, trusted_key_ids=trusted)
    assert bad.problem is Problem.MP4_CHANGED and bad.failed_file == str(mp4)
    data[len(data) // 2] ^= 0x01
    mp4.write_bytes(bytes(data))
    assert verify_export(mp4, trusted_key_ids=trusted).ok
    # Intact, but without a trusted key the signer is unverified, never "verified".
    assert verify_export(mp4).problem is Problem.UNTRUSTED_SIGNER
    # One changed byte in the manifest: the verifier names the manifest.
    text = manifest_path.read_bytes()
    manifest_path.write_bytes(text.replace(b"LP/B/1234", b"LP/B/1235"))
    bad = verify_export(mp4, trusted_key_ids=trusted)
    assert bad.problem is Problem.MANIFEST_CHANGED and bad.failed_file == str(manifest_path)


def test_who_may_export_and_what_is_refused(footage_api):
    api = footage_api
    operator = api.token("operator")
    assert _post(api, operator, **_ask(0, 5)).status_code == 403
    police = api.token("police")  # Jakarta Selatan: cam001 is theirs, cam003 is not
    assert _post(api, police, **{**_ask(0, 5), "camera_id": "cam003"}).status_code == 404
    supervisor = api.token("supervisor")
    assert _post(api, supervisor, **{**_ask(0, 5), "reason": ""}).status_code == 422
    assert _post(api, supervisor, **{**_ask(0, 5), "case_number": ""}).status_code == 422
    assert _post(api, supervisor, **_ask(5, 4)).json()["detail"]["code"] == "invalid_range"
    too_long = {**_ask(0, 5), "end": to_wire(T0 + timedelta(hours=25))}
    assert _post(api, supervisor, **too_long).json()["detail"]["code"] == "range_too_long"
    nothing = _post(api, supervisor, **_ask(100, 200))  # nothing recorded there
    job = _wait_done(api, supervisor, nothing.json()["id"])
    assert job["state"] == "failed" and "nothing" in job["error"]
    # A police officer sees their own exports only; the supervisor sees everyone's.
    mine = _post(api, police, **_ask(0, 2)).json()["id"]
    assert [j["id"] for j in api.get("/exports", police).json()] == [mine]
    assert api.get(f"/exports/{nothing.json()['id']}", police).status_code == 404
    assert {mine, nothing.json()["id"]} <= {j["id"] for j in api.get("/exports", supervisor).json()}
    audit = api.get("/audit", supervisor, action="export.").json()
    assert {"export.created", "export.failed"} <= {e["action"] for e in audit}


def test_many_exports_queue_while_the_server_answers(footage_api):
    api = footage_api
    token = api.token("supervisor")
    ids = [_post(api, token, **_ask(i, i + 8)).json()["id"] for i in range(6)]
    assert api.get("/health").status_code == 200  # not held by the queue
    jobs = [_wait_done(api, token, i) for i in ids]
    assert all(j["state"] == "done" for j in jobs)
    assert len({j["sha256"] for j in jobs}) == 6  # six different cuts


def test_a_watermarked_masked_export_is_reencoded_and_says_so(footage_api, tmp_path):
    import av
    import numpy as np

    api = footage_api
    token = api.token("supervisor")
    mask = {"x": 0.5, "y": 0.0, "w": 0.25, "h": 0.5}
    resp = _post(api, token, **_ask(2, 6), watermark=True, masks=[mask])
    job = _wait_done(api, token, resp.json()["id"])
    assert job["state"] == "done" and job["reencoded"] is True
    mp4, manifest_path, key = _download(api, token, job, tmp_path / "out")
    assert verify_export(mp4, key["public_key_pem"].encode()).ok
    manifest = json.loads(manifest_path.read_text())
    assert manifest["reencoded"] is True
    kinds = [a["kind"] for a in manifest["applied"]]
    assert kinds == ["watermark", "mask"] and manifest["applied"][1]["w"] == 0.25
    assert "supervisor" in manifest["applied"][0]["text"]
    with av.open(str(mp4)) as container:
        pictures = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(pictures) == 40  # 2 s -> 6 s at 10 fps, same frames as the source
    first, last = pictures[0].astype(int), pictures[-1].astype(int)
    # The masked quarter (x 160..240, y 0..90 of 320x180) is black in every picture.
    assert first[2:88, 162:238].max() < 24 and last[2:88, 162:238].max() < 24
    # The source's green level shows outside the mask, as the footage drew it.
    assert abs(first[100:110, 20:60, 1].mean() - (40 + 20 * 7 % 180)) < 12
    # The watermark band along the bottom has white text on a darkened band.
    band = first[180 - 11 : 180 - 4, 4:200]
    assert (band > 200).all(axis=2).sum() > 100
    assert not np.array_equal(first[-11:-4], last[-11:-4])  # the time runs
