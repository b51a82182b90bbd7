"""A real server process with nothing imported from camsim: an administrator onboards
one camsim camera by ONVIF (with its password) and one by CSV, both record; disabling
one through the API stops its recording and its session at the camera, and operators
stop seeing it."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server

pytestmark = pytest.mark.slow


def _wait(what: str, check, timeout_s: float = 90.0):
    """Until ``check()`` is truthy; the wait is for an event, the limit only a guard."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"never happened: {what}")


def _import_csv(srv, token, text: str):
    req = urllib.request.Request(
        srv.api + "/admin/cameras/import?dry_run=false", data=text.encode(), method="POST",
        headers={"Content-Type": "text/csv", "Authorization": f"Bearer {token}"},
    )  # fmt: skip
    with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 (loopback)
        return json.loads(resp.read())


def test_onboard_record_disable(tmp_path):
    with (
        run_camsim(tmp_path, cameras=2, ptz=0, fps=10) as fleet,
        run_server(tmp_path, demo=True, record=True, segment_seconds=4) as srv,
    ):
        admin, operator = srv.login("admin"), srv.login("operator")
        first, second = fleet.cameras
        creds = fleet.credentials(first["id"])
        status, found = http_json("POST", srv.api + "/admin/cameras/probe", {"onvif": {
            "address": fleet.onvif_url(first["id"]), "username": creds.username,
            "password": creds.password}}, token=admin)  # fmt: skip
        assert status == 200, found
        status, made = http_json("POST", srv.api + "/admin/cameras", {
            "id": first["id"], "name": first["name"], "area_id": "jakarta-selatan.tebet",
            "ptz": found["ptz"], "onvif_url": found["onvif_url"],
            "streams": {s["profile"]: {"url": s["url"], "codec": s["codec"]}
                        for s in found["streams"]},
            "credentials": {"username": creds.username, "password": creds.password},
        }, token=admin)  # fmt: skip
        assert status == 201, made

        other = fleet.credentials(second["id"])
        report = _import_csv(srv, admin, (
            "id,name,area,main_url,sub_url,username,password\n"
            f"{second['id']},{second['name']},Jakarta Pusat/Gambir,"
            f"{fleet.rtsp_url(second['id'], 'main', with_credentials=False)},"
            f"{fleet.rtsp_url(second['id'], 'sub', with_credentials=False)},"
            f"{other.username},{other.password}\n"))  # fmt: skip
        assert report["created"] == 1, report

        def recorder():
            return srv.get("/health", admin)[1]["recorder"]["cameras"]

        _wait("both cameras recording", lambda: all(
            recorder().get(c["id"]) == "recording" for c in fleet.cameras))  # fmt: skip
        assert fleet.sessions(first["id"])["main"]["active"] >= 1
        seen = [c["id"] for c in srv.get("/cameras", operator)[1]]
        assert first["id"] in seen and second["id"] in seen

        status, off = http_json("PUT", srv.api + f"/admin/cameras/{first['id']}",
                                {"enabled": False}, token=admin)  # fmt: skip
        assert status == 200 and off["status"] == "disabled"
        _wait("the disabled camera's recorder gone", lambda: first["id"] not in recorder())
        _wait(
            "no session left at the camera",
            lambda: fleet.sessions(first["id"])["main"]["active"] == 0,
        )
        assert recorder().get(second["id"]) == "recording"  # the other one goes on
        seen = [c["id"] for c in srv.get("/cameras", operator)[1]]
        assert first["id"] not in seen and second["id"] in seen

        # No camera password in the server's log.
        log = srv.log_text()
        assert creds.password not in log and other.password not in log
