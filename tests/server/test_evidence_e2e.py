"""The investigative path end to end, against camsim and a real server process that
records: bookmark a moment, protect it, run retention, play the range back, export it,
verify the export with the client's verifier and independently with ffprobe, flip a byte
and see verification fail."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta

import pytest

from app.verify import verify_export
from app.verify.core import Problem
from server.clock import parse_wire, to_wire, utc_now
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server

pytestmark = pytest.mark.slow

KEEP_S = 25  # retention for this test: footage older than 25 s goes


def _spans(srv, token, since):
    query = urllib.parse.urlencode({"start": to_wire(since - timedelta(minutes=1)),
                                    "end": to_wire(utc_now())})
    status, body = srv.get(f"/cameras/cam001/recordings?{query}", token=token)
    assert status == 200, body
    return [(parse_wire(s["start"]), parse_wire(s["end"])) for s in body["spans"]]


def _fetch(url, token, dest):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        dest.write_bytes(resp.read())
    return dest


def _ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name:format=duration:packet=pts_time,flags", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_bookmark_protect_retain_play_export_verify(tmp_path):
    started = utc_now()
    with run_camsim(tmp_path, cameras=1, ptz=0, fps=15) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, segment_seconds=2,
                       extra_args=["--retention-days", str(KEEP_S / 86400)]) as srv:
        operator, supervisor = srv.login("operator"), srv.login("supervisor")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            spans = _spans(srv, supervisor, started)
            if spans and spans[0][1] - spans[0][0] > timedelta(seconds=14):
                break
            time.sleep(0.5)
        first: datetime = spans[0][0]
        # The operator bookmarks a moment 5 s in (2 s before, 2 s after) and protects it.
        status, mark = http_json("POST", srv.api + "/bookmarks", {
            "camera_id": "cam001", "at": to_wire(first + timedelta(seconds=5)),
            "pre_roll_s": 2, "post_roll_s": 2, "title": "Jambret di halte",
            "tags": ["jambret"]}, token=operator)
        assert status == 201, mark
        status, _ = http_json("POST", srv.api + f"/bookmarks/{mark['id']}/protect",
                              token=operator)
        assert status == 200

        # Wait until the first 12 s are older than retention, then run it (half a second
        # more: the span's start is to the millisecond, the segments' ends are not).
        time.sleep(max(0.0, (first + timedelta(seconds=12.5 + KEEP_S) - utc_now())
                       .total_seconds()))
        status, report = http_json("POST", srv.api + "/retention/run", token=supervisor)
        assert status == 200, report
        # At least the segment before the protected range and one after it (where the
        # cuts fall depends on when the first picture came).
        assert report["deleted_segments"] >= 2 and report["kept_protected"] >= 1, (
            report, first, _spans(srv, supervisor, started))
        spans = _spans(srv, supervisor, started)
        # What survives of the old footage covers the protected 3 s..7 s, nothing before.
        assert spans[0][0] <= first + timedelta(seconds=3)
        assert spans[0][0] > first + timedelta(seconds=0.5)
        assert spans[0][1] >= first + timedelta(seconds=7)
        assert len(spans) >= 2  # a gap after the protected part, then recent footage

        # Play the protected range back.
        query = urllib.parse.urlencode({"start": to_wire(first + timedelta(seconds=3.5)),
                                        "end": to_wire(first + timedelta(seconds=6.5))})
        played = _fetch(f"{srv.api}/cameras/cam001/playback?{query}", supervisor,
                        tmp_path / "played.mp4")
        assert _ffprobe(played)["streams"][0]["codec_name"] == "h264"

        # Export it, as the supervisor, and download what the client saves.
        status, job = http_json("POST", srv.api + "/exports", {
            "camera_id": "cam001", "start": to_wire(first + timedelta(seconds=3.5)),
            "end": to_wire(first + timedelta(seconds=6.5)), "reason": "Jambret di halte",
            "case_number": "LP/B/42/XI/2026", "requester": "Rina", "bookmark_id": mark["id"]},
            token=supervisor)
        assert status == 202, job
        while job["state"] not in ("done", "failed"):
            time.sleep(0.2)
            _, job = srv.get(f"/exports/{job['id']}", token=supervisor)
        assert job["state"] == "done", job
        folder = tmp_path / "evidence"
        folder.mkdir()
        stem = job["file_name"]
        mp4 = _fetch(f"{srv.api}/exports/{job['id']}/file", supervisor, folder / f"{stem}.mp4")
        manifest = _fetch(f"{srv.api}/exports/{job['id']}/manifest", supervisor,
                          folder / f"{stem}.manifest.json")
        _fetch(f"{srv.api}/exports/{job['id']}/signature", supervisor,
               folder / f"{stem}.manifest.sig")
        _, key = srv.get("/exports/public-key")
        (folder / f"{stem}.pubkey.pem").write_text(key["public_key_pem"])

        result = verify_export(folder, key["public_key_pem"].encode())
        assert result.ok, result.summary()
        contained = json.loads(manifest.read_text())["contained"]
        start, end = parse_wire(contained["start_utc"]), parse_wire(contained["end_utc"])
        assert start <= first + timedelta(seconds=3.5)  # from the keyframe before
        assert start >= first + timedelta(seconds=2)  # camsim: a keyframe every second
        probe = _ffprobe(mp4)
        assert probe["streams"][0]["codec_name"] == "h264"
        assert float(probe["format"]["duration"]) == pytest.approx(
            (end - start).total_seconds(), abs=0.15)
        times = [float(p["pts_time"]) for p in probe["packets"]]
        assert times == sorted(times) and times[0] == 0.0
        assert probe["packets"][0]["flags"].startswith("K")

        data = bytearray(mp4.read_bytes())
        data[len(data) // 2] ^= 0x01
        mp4.write_bytes(bytes(data))
        broken = verify_export(folder, key["public_key_pem"].encode())
        assert broken.problem is Problem.MP4_CHANGED and broken.failed_file == str(mp4)
        data[len(data) // 2] ^= 0x01
        mp4.write_bytes(bytes(data))
        assert verify_export(folder, key["public_key_pem"].encode()).ok

        # One changed byte in the manifest (the case number): the verifier names the manifest.
        signed = manifest.read_bytes()
        manifest.write_bytes(signed.replace(b"LP/B/42/", b"LP/B/43/"))
        broken = verify_export(folder, key["public_key_pem"].encode())
        assert broken.problem is Problem.MANIFEST_CHANGED
        assert broken.failed_file == str(manifest)
