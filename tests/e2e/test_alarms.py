"""Alarms end to end (issue 17): an administrator's tampering rule on camsim's staged
camera; the camera is covered; the recording node's analysis raises the alarm; the
server pushes it to the real client (under Xvfb), which lists it, flashes the camera's
tile and counts it in the status bar; the operator acknowledges it with a note; the
server has both in its audit. A second camera without a rule, covered first, raises
nothing: its silence is proved by the ruled camera's alarm arriving after it."""

from __future__ import annotations

import time

import pytest

from app.config import ClientConfig
from app.streams.engine import StreamState
from app.wall import Layout
from tests.support.alarm_ui import acknowledge_from_list, flashing_tiles, status_bar_count
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e


def _analysed(fleet, cameras) -> None:
    deadline = time.monotonic() + 60
    while not all(fleet.sessions(c)["sub"]["active"] >= 1 for c in cameras):
        assert time.monotonic() < deadline, "the node never analysed the staged cameras"
        time.sleep(0.5)


def test_a_covered_camera_raises_an_alarm_the_operator_acknowledges(qtbot, display, tmp_path):
    with run_camsim(tmp_path, cameras=1, ptz=0, staged=2) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, demo=True, record=True,
                       analytics=True, segment_seconds=4) as server:
        admin = server.token("admin")
        status, rule = http_json("POST", server.api + "/alarm-rules", {
            "name": "Sabotase Cilandak", "kind": "tamper", "camera_id": "stg001",
            "hold_s": 3}, token=admin)
        assert status == 201, rule
        _analysed(fleet, ("stg001", "stg002"))
        time.sleep(8)  # the tamper detector learns each camera's normal picture

        config = ClientConfig(server_url=server.url, username="operator",
                              password=DEMO_PASSWORD, layout=Layout.L2X2,
                              cameras=("stg001", "stg002"), language="en")
        shell = ClientShell(config)
        with qtbot.waitSignal(shell.started, timeout=30_000):
            shell.start()
        try:
            window = shell.main_window
            window.showMaximized()
            qtbot.waitExposed(window)
            tiles = window.wall_widget.tiles()
            qtbot.waitUntil(lambda: all(t.stream_state is StreamState.LIVE
                                        for t in tiles[:2]), timeout=45_000)
            assert status_bar_count(window) == 0 and flashing_tiles(window) == []

            fleet.stage("stg002", {"act": "cover"})  # no rule: nothing to raise
            time.sleep(6)
            fleet.stage("stg001", {"act": "cover"})
            service = shell.alarms
            qtbot.waitUntil(lambda: service.open_count >= 1, timeout=60_000)
            alarm = service.alarms()[0]
            assert alarm.camera_id == "stg001" and alarm.rule_name == "Sabotase Cilandak"
            assert [a.camera_id for a in service.alarms()] == ["stg001"]  # none for stg002
            qtbot.waitUntil(lambda: flashing_tiles(window) == [0], timeout=5_000)
            assert status_bar_count(window) == 1
            screenshot(display, tmp_path / "alarm-raised.png")

            with qtbot.waitSignal(service.acknowledge_finished, timeout=20_000):
                assert acknowledge_from_list(window, alarm.id, "Petugas dikirim ke lokasi")
            qtbot.waitUntil(lambda: service.open_count == 0, timeout=10_000)
            qtbot.waitUntil(lambda: flashing_tiles(window) == [], timeout=5_000)
            screenshot(display, tmp_path / "alarm-acknowledged.png")
        finally:
            shell.main_window.close()
            shell.shutdown()

        status, listed = http_json("GET", server.api + "/alarms?state=all", token=admin)
        assert [(a["camera_id"], a["acknowledged_by"], a["note"]) for a in listed] == [
            ("stg001", "operator", "Petugas dikirim ke lokasi")]
        assert listed[0]["kind"] == "tamper" and listed[0]["detail"] == "covered"
        status, audit = http_json("GET", server.api + "/audit?limit=200", token=admin)
        actions = [e["action"] for e in (audit["entries"] if isinstance(audit, dict)
                                         else audit)]
        assert "alarm_raised" in actions and "alarm_acknowledged" in actions
