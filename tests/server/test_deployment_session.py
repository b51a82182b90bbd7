"""A fresh installation, as a city would switch it on, with nothing from ``--demo``:
the first administrator made on the command line, camsim's cameras onboarded by ONVIF
address and by CSV with their own passwords, a police account for one kecamatan that
must choose its own password, live video through the relay, a recording and an
evidence export. Afterwards no camera or user password is in any answer, live URL,
log line, database file, audit entry or export.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from tests.server.conftest import stored_bytes
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.secret_scan import scan
from tests.support.server_proc import REPO_ROOT, run_server

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ADMIN_PASSWORD = "Kepala-Pusat-2026!"
POLICE_FIRST = "Sementara-Polsek-1"
POLICE_OWN = "Polsek-Tebet-Jaga-9"


class Recorder:
    """Every JSON answer the session got, kept to be scanned afterwards."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.answers: list[tuple[str, str]] = []

    def __call__(self, method: str, path: str, body=None, token: str | None = None):
        status, answer = http_json(method, self.api + path, body, token)
        self.answers.append((f"{method} {path} -> {status}", json.dumps(answer)))
        return status, answer

    def raw(self, method: str, path: str, data: bytes, content_type: str, token: str):
        req = urllib.request.Request(self.api + path, data=data, method=method)
        req.add_header("Content-Type", content_type)
        req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        self.answers.append((f"{method} {path} -> {status}", text))
        return status, json.loads(text)

    def bytes(self, path: str, token: str) -> bytes:
        req = urllib.request.Request(self.api + path)
        req.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=60) as resp:
            body = resp.read()
        self.answers.append((f"GET {path} (bytes)", body.decode("latin-1")))
        return body


def _wait(what: str, check, timeout_s: float = 90.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


def _ffprobe(url: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", *(["-rtsp_transport", "tcp"] if url.startswith("rtsp")
                                     else []),
         "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height",
         "-of", "json", url],
        capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)["streams"][0]


def _kecamatan_id(camera: dict) -> str:
    return ".".join(camera["area_id"].split(".")[:2])


def test_a_city_switches_pantau_on_without_demo_and_no_password_leaks(tmp_path):
    with run_camsim(tmp_path, cameras=4, ptz=1, fps=15) as fleet:
        data_dir = tmp_path / "server-data"
        made = subprocess.run(
            [sys.executable, "-m", "server", "users", "add", "kepala", "--role", "admin",
             "--display-name", "Kepala Pusat", "--password-stdin", "--data-dir", str(data_dir)],
            input=ADMIN_PASSWORD + "\n", capture_output=True, text=True, cwd=REPO_ROOT,
            timeout=120)
        assert made.returncode == 0, made.stderr
        with run_server(tmp_path, demo=False, data_dir=data_dir, segment_seconds=4) as srv:
            call = Recorder(srv.api)
            status, login = call("POST", "/auth/login",
                                 {"username": "kepala", "password": ADMIN_PASSWORD})
            assert status == 200 and login["user"]["must_change_password"] is False
            admin = login["token"]
            status, cams = call("GET", "/cameras", token=admin)
            assert status == 200 and cams == []  # nothing comes from a simulator by itself

            # cam001 by its ONVIF address; a wrong password first saves nothing.
            cam1 = next(c for c in fleet.cameras if c["id"] == "cam001")
            account = fleet.credentials("cam001")
            address = cam1["onvif"]
            status, wrong = call("POST", "/admin/cameras/probe", {"onvif": {
                "address": address, "username": account.username, "password": "salah-sandi"}},
                admin)
            assert status == 422 and wrong["detail"]["code"] == "camera_auth_failed"
            status, probe = call("POST", "/admin/cameras/probe", {"onvif": {
                "address": address, "username": account.username,
                "password": account.password}}, admin)
            assert status == 200, probe
            assert [s["profile"] for s in probe["streams"]][:2] == ["main", "sub"]
            assert probe["ptz"] is True
            area = "/".join(cam1[k] for k in ("kota", "kecamatan", "kelurahan", "rw", "rt"))
            status, areas = call("GET", "/areas", token=admin)
            status, added = call("POST", "/admin/cameras", {
                "id": "cam001", "name": cam1["name"],
                "area_id": _area_id(areas, area.split("/")),
                "ptz": True, "onvif_url": probe["onvif_url"],
                "vendor": probe["vendor"], "model": probe["model"],
                "streams": {s["profile"]: {k: s[k] for k in ("url", "codec", "width",
                                                             "height", "fps")}
                            for s in probe["streams"]},
                "credentials": {"username": account.username, "password": account.password},
            }, admin)
            assert status == 201, added
            assert added["has_credentials"] is True and "password" not in json.dumps(added)

            # The rest by CSV, each camera with its own password: a dry run, then for real.
            rows = io.StringIO()
            writer = csv.writer(rows)
            writer.writerow(["id", "name", "area", "tags", "lat", "lon", "onvif", "main_url",
                             "sub_url", "third_url", "username", "password", "ptz"])
            for cam in fleet.cameras[1:]:
                creds = fleet.credentials(cam["id"])
                writer.writerow([
                    cam["id"], cam["name"],
                    "/".join(cam[k] for k in ("kota", "kecamatan", "kelurahan", "rw", "rt")),
                    ";".join(cam["tags"]), cam["lat"], cam["lon"], cam["onvif"],
                    cam["rtsp"]["main"], cam["rtsp"]["sub"], cam["rtsp"].get("third", ""),
                    creds.username, creds.password, "false"])
            body = rows.getvalue().encode()
            status, dry = call.raw("POST", "/admin/cameras/import?dry_run=true", body,
                                   "text/csv", admin)
            assert status == 200 and dry["created"] == 3 and dry["failed"] == 0, dry
            status, real = call.raw("POST", "/admin/cameras/import?dry_run=false", body,
                                    "text/csv", admin)
            assert status == 200 and real["created"] == 3, real
            status, again = call.raw("POST", "/admin/cameras/import?dry_run=false", body,
                                     "text/csv", admin)
            assert status == 200 and again["unchanged"] == 3, again

            # A police account for the kecamatan of cam002, which must choose its password.
            status, cams = call("GET", "/cameras", token=admin)
            assert sorted(c["id"] for c in cams) == ["cam001", "cam002", "cam003", "cam004"]
            cam2 = next(c for c in cams if c["id"] == "cam002")
            kecamatan = _kecamatan_id(cam2)
            status, police = call("POST", "/admin/users", {
                "username": "polsek", "display_name": "Polsek", "roles": ["police"],
                "areas": [kecamatan], "password": POLICE_FIRST}, admin)
            assert status == 201 and police["must_change_password"] is True, police
            status, first = call("POST", "/auth/login",
                                 {"username": "polsek", "password": POLICE_FIRST})
            assert status == 200 and first["user"]["must_change_password"] is True
            status, refused = call("GET", "/cameras", token=first["token"])
            assert status == 403 and refused["detail"]["code"] == "password_change_required"
            status, _ = call("POST", "/auth/password", {
                "old_password": POLICE_FIRST, "new_password": POLICE_OWN}, first["token"])
            assert status == 204
            status, login = call("POST", "/auth/login",
                                 {"username": "polsek", "password": POLICE_OWN})
            token = login["token"]
            status, seen = call("GET", "/cameras", token=token)
            expected = sorted(c["id"] for c in cams if _kecamatan_id(c) == kecamatan)
            assert sorted(c["id"] for c in seen) == expected and "cam002" in expected
            outside = next(c["id"] for c in cams if _kecamatan_id(c) != kecamatan)
            status, hidden = call("GET", f"/cameras/{outside}/live", token=token)
            assert status == 404

            # Live through the relay: the URL holds a ticket, never the camera's account.
            status, live = call("GET", "/cameras/cam002/live?profile=sub", token=token)
            assert status == 200 and live["via"] == "relay", live
            assert fleet.credentials("cam002").password not in live["url"]
            stream = _ffprobe(live["url"])
            assert (stream["codec_name"], stream["width"]) == ("h264", 640)

            # Recorded through the relay, then exported as evidence by the police post.
            def recorded():
                now = datetime.now(UTC)
                s, spans = call("GET", "/cameras/cam002/recordings?start="
                                f"{_wire(now - timedelta(minutes=5))}&end={_wire(now)}",
                                token=token)
                return spans["spans"] if s == 200 and spans["spans"] else None

            span = _wait("a recorded segment of cam002", recorded)[0]
            status, job = call("POST", "/exports", {
                "camera_id": "cam002", "start": span["start"], "end": span["end"],
                "reason": "Pencurian motor", "case_number": "LP/123/XII/2026"}, token)
            assert status == 202, job

            def done():
                s, found = call("GET", f"/exports/{job['id']}", token=token)
                assert found["state"] != "failed", found
                return found if found["state"] == "done" else None

            _wait("the export", done)
            manifest = call.bytes(f"/exports/{job['id']}/manifest", token)
            assert b"cam002" in manifest

            # cam004's main stream is H.265: recorded through the relay as it came, and
            # played back as H.265 (never transcoded).
            def recorded_hevc():
                now = datetime.now(UTC)
                s, spans = call("GET", "/cameras/cam004/recordings?start="
                                f"{_wire(now - timedelta(minutes=5))}&end={_wire(now)}",
                                token=admin)
                return spans["spans"] if s == 200 and spans["spans"] else None

            hevc = _wait("a recorded segment of cam004", recorded_hevc)[0]
            clip = tmp_path / "cam004.mp4"
            clip.write_bytes(call.bytes(
                f"/cameras/cam004/playback?start={hevc['start']}&end={hevc['end']}", admin))
            played = _ffprobe(str(clip))
            assert (played["codec_name"], played["width"]) == ("hevc", 1920)
            call("GET", "/audit?limit=500", token=admin)
            call("GET", "/admin/users", token=admin)
            call("GET", "/admin/cameras", token=admin)
            call("GET", "/health")
        log_text = srv.log_text()

    secrets = {f"{cam}'s password": fleet.credentials(cam).password
               for cam in ("cam001", "cam002", "cam003", "cam004")}
    secrets.update({"admin's password": ADMIN_PASSWORD, "police's first password":
                    POLICE_FIRST, "police's own password": POLICE_OWN,
                    "camsim's fleet secret": fleet.secret})
    # The database itself too: on PostgreSQL it is not a file in data_dir.
    stored = stored_bytes(data_dir).decode("utf-8", errors="replace")
    leaks = scan(secrets, paths=[data_dir, srv.log_path],
                 texts=call.answers + [("server log", log_text), ("database", stored)])
    assert leaks == [], "\n".join(map(str, leaks))


def _wire(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _area_id(tree: list[dict], names: list[str]) -> str:
    """The id of the area at the end of ``names`` (kota … RT), or of the deepest one
    that exists (the import creates lower levels; the add dialog picks from the tree)."""
    nodes, found = tree, None
    for name in names:
        match = next((n for n in nodes if n["name"].casefold() == name.casefold()), None)
        if match is None:
            break
        found, nodes = match, match["children"]
    assert found is not None, names
    return found["id"]
