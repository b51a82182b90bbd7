"""After a working session on a real server (camsim behind the relay, the server logging
at DEBUG and GStreamer's own log on), no password, session token, live ticket or camera
credential is left in the clear anywhere: the database (audit rows included), the
recordings, the exports (MP4 and its tags, manifest), the server's log with the relay's.

tests/server/test_deployment_session.py scans passwords after an onboarding session at
INFO; this one adds what that session leaves out: tokens and tickets, wrong passwords
typed at sign-in and at a password change (audited failures), DEBUG logging, GStreamer's
log, a played live stream, a watermarked export and its signature file.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.server.conftest import DEMO_PASSWORD, stored_bytes
from tests.support.camsim_fleet import run_camsim
from tests.support.footage_truth import wait_for
from tests.support.net import http_json
from tests.support.secret_scan import scan
from tests.support.server_proc import run_server

pytestmark = pytest.mark.slow

TYPO = "pantau-demo-salah"  # a wrong password typed at sign-in
NEW_PASSWORD = "Operator-Baru-2026!"


def _wire(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def _bytes(url: str, token: str) -> bytes:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.read()


def test_no_secret_in_any_file_or_log_after_a_session(tmp_path):
    tokens: dict[str, str] = {}
    tickets: list[str] = []
    with run_camsim(tmp_path, cameras=2, ptz=0, fps=10) as fleet, run_server(
            tmp_path, camsim_url=fleet.control_url, segment_seconds=2,
            extra_args=["--log-level", "DEBUG"],
            env={"GST_DEBUG": "3", "PANTAU_DEMO_PASSWORD": DEMO_PASSWORD}) as srv:
        api = srv.api
        status, refused = http_json("POST", api + "/auth/login",
                                    {"username": "police", "password": TYPO})
        assert status == 401, refused
        for user in ("admin", "operator", "police"):
            tokens[user] = srv.login(user)
        status, _ = http_json("POST", api + "/auth/password",
                              {"old_password": TYPO, "new_password": NEW_PASSWORD},
                              token=tokens["operator"])
        assert status == 422  # a wrong old password: audited as a failed sign-in
        status, _ = http_json("POST", api + "/auth/password",
                              {"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
                              token=tokens["operator"])
        assert status == 204
        tokens["operator, after the change"] = srv.login("operator", NEW_PASSWORD)

        # Live through the relay, played for real: the ticket crosses the relay's log.
        for profile in ("sub", "main"):
            status, live = srv.get(f"/cameras/cam001/live?profile={profile}", tokens["police"])
            assert status == 200, live
            tickets.append(parse_qs(urlsplit(live["url"]).query)["ticket"][0])
        probed = subprocess.run(
            ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
             "stream=codec_name", "-of", "json", live["url"]],
            capture_output=True, text=True, timeout=60)
        assert probed.returncode == 0 and "h264" in probed.stdout, probed.stderr

        def recorded():
            now = datetime.now(UTC)
            s, body = srv.get(f"/cameras/cam001/recordings?start="
                              f"{_wire(now - timedelta(minutes=5))}&end={_wire(now)}",
                              tokens["police"])
            return body["spans"] if s == 200 and body["spans"] else None

        span = wait_for(recorded, "recorded footage of cam001", timeout_s=90, every_s=0.5)[0]
        status, job = http_json("POST", api + "/exports", {
            "camera_id": "cam001", "start": span["start"], "end": span["end"],
            "reason": "Pencurian", "case_number": "LP/9/2026", "watermark": True},
            token=tokens["police"])
        assert status == 202, job

        def exported():
            s, found = srv.get(f"/exports/{job['id']}", tokens["police"])
            assert found["state"] != "failed", found
            return found if found["state"] == "done" else None

        wait_for(exported, "the export", timeout_s=120, every_s=0.5)
        manifest = _bytes(f"{api}/exports/{job['id']}/manifest", tokens["police"])
        assert json.loads(manifest)  # the signed manifest as served
        _bytes(f"{api}/cameras/cam001/playback?start={span['start']}&end={span['end']}",
               tokens["police"])
        srv.get("/audit?limit=500", tokens["admin"])
        http_json("POST", api + "/auth/logout", {}, token=tokens["admin"])
        data_dir = srv.data_dir
    log_text = srv.log_text()
    assert "DEBUG" in log_text  # the log really was at DEBUG

    secrets = {f"{cam}'s password": fleet.credentials(cam).password
               for cam in ("cam001", "cam002")}
    secrets.update({"camsim's fleet secret": fleet.secret,
                    "the demo password": DEMO_PASSWORD, "a mistyped password": TYPO,
                    "operator's new password": NEW_PASSWORD})
    secrets.update({f"{who}'s token": token for who, token in tokens.items()})
    secrets.update({f"live ticket {n}": ticket for n, ticket in enumerate(tickets)})
    stored = stored_bytes(data_dir).decode("utf-8", errors="replace")
    leaks = scan(secrets, paths=[data_dir, srv.log_path],
                 texts=[("server log", log_text), ("database", stored)])
    assert leaks == [], "\n".join(map(str, leaks))
    # The scan itself finds what it is after: the export holds the case number.
    assert scan({"case number": "LP/9/2026"}, texts=[("manifest", manifest.decode())])
