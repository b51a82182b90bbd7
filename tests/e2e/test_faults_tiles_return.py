"""Every tile returns (issue 13, faults): the real client under Xvfb with a 2x2 wall of
camsim cameras through the server's relay. A camera goes offline and comes back; then
the server (API and relay) is killed with SIGKILL and started again on the same ports.
Each time the affected tiles show offline and come back to a moving live picture by
themselves, with nobody touching the client. Screenshots of each step are kept under
/tmp/shots/ for a person to look at."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.config import ClientConfig
from app.streams.engine import StreamState
from app.timefmt import format_wib
from app.wall import Layout
from tests.e2e.test_live_wall import (
    LIVE_GREEN,
    OFFLINE_RED,
    changed_pixels,
    colour_pixels,
    tile_pixels,
)
from tests.support.camsim_fleet import run_camsim
from tests.support.net import free_port
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.cameras.tree import CameraIdRole
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e

CAMERAS = ("cam001", "cam002", "cam003", "cam004")
SHOTS = Path("/tmp/shots/tiles-return")
TIMEOUT_MS = 60_000
SERVER_DOWN = "Pantau's server does not answer. Pantau keeps trying."


def _shot(display: str, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    return screenshot(display, SHOTS / f"{name}.png")


def _all_live_and_moving(qtbot, tiles, display: str, name: str) -> None:
    qtbot.waitUntil(lambda: all(t.stream_state is StreamState.LIVE for t in tiles),
                    timeout=TIMEOUT_MS)
    qtbot.wait(800)
    first = _shot(display, f"{name}-1")
    qtbot.wait(1500)
    second = _shot(display, f"{name}-2")
    for tile in tiles:
        a, b = tile_pixels(first, tile), tile_pixels(second, tile)
        assert colour_pixels(b, LIVE_GREEN) > 50, f"{tile.camera_id}: no green Live badge"
        assert changed_pixels(a, b) > 200, f"{tile.camera_id}: its picture does not move"


def test_every_tile_returns_after_a_camera_and_the_server_go_away(qtbot, display, tmp_path):
    api_port, relay_port = free_port(), free_port()
    fixed = ["--port", str(api_port), "--relay-port", str(relay_port)]  # the last one wins
    data_dir = tmp_path / "server-data"
    with run_camsim(tmp_path, cameras=4, ptz=0) as fleet:
        srv_ctx = run_server(tmp_path, camsim_url=fleet.control_url, data_dir=data_dir,
                             segment_seconds=4, extra_args=fixed)
        server = srv_ctx.__enter__()
        try:
            config = ClientConfig(server_url=server.url, username="operator",
                                  password=DEMO_PASSWORD, layout=Layout.L2X2,
                                  cameras=CAMERAS, language="en")
            shell = ClientShell(config)
            with qtbot.waitSignal(shell.started, timeout=30_000):
                shell.start()
            shell.main_window.showMaximized()
            qtbot.waitExposed(shell.main_window)
            try:
                tiles = shell.main_window.wall_widget.tiles()
                assert [t.camera_id for t in tiles] == list(CAMERAS)
                _all_live_and_moving(qtbot, tiles, display, "1-live")

                # A camera goes offline and comes back.
                window = shell.main_window
                assert window.status_strip.down_button.text() == "All cameras up"
                victim = tiles[3]
                before = datetime.now(UTC)
                fleet.offline(victim.camera_id)
                qtbot.waitUntil(lambda: victim.stream_state is not StreamState.LIVE,
                                timeout=TIMEOUT_MS)
                # Said as soon as our own stream knows (its stale time), not at a later
                # poll of the server: the status bar and the tree mark it already.
                assert window.status_strip.down_button.text() == "Cameras down: 1"
                row = window.camera_tree.index_of_camera(victim.camera_id)
                assert "since" in row.data(Qt.ItemDataRole.ToolTipRole)
                assert " · 1 down" in row.parent().data()
                qtbot.waitUntil(lambda: victim.stream_state is StreamState.OFFLINE,
                                timeout=TIMEOUT_MS)
                qtbot.wait(500)
                shot = _shot(display, "2-camera-offline")
                assert colour_pixels(tile_pixels(shot, victim), OFFLINE_RED) > 50
                assert all(t.stream_state is StreamState.LIVE for t in tiles if t is not victim)
                since = re.fullmatch(r"Camera offline since (\d\d:\d\d WIB)",
                                     victim.detail_text())
                assert since, victim.detail_text()
                assert since[1] in {format_wib(t, seconds=False, date=False)
                                    for t in (before - timedelta(seconds=2), datetime.now(UTC))}
                # The status bar's list names it; a click there finds its row and tile.
                popup = window.status_strip.open_down_list()
                item = popup.list.item(0)
                assert item.text() == f"{victim.camera_name()}: offline since {since[1]}"
                qtbot.mouseClick(popup.list.viewport(), Qt.MouseButton.LeftButton,
                                 pos=popup.list.visualItemRect(item).center())
                assert window.camera_tree.view.currentIndex().data(
                    CameraIdRole) == victim.camera_id
                assert shell.services.wall.selected == victim.tile_index
                fleet.online(victim.camera_id)
                _all_live_and_moving(qtbot, tiles, display, "3-camera-back")
                assert window.status_strip.down_button.text() == "All cameras up"

                # The server and its relay die (SIGKILL) and come back on the same ports.
                server.process.kill()
                server.process.wait(timeout=30)
                srv_ctx, done = None, srv_ctx
                done.__exit__(None, None, None)
                qtbot.waitUntil(lambda: all(t.stream_state is StreamState.OFFLINE
                                            for t in tiles), timeout=TIMEOUT_MS)
                qtbot.wait(500)
                shot = _shot(display, "4-server-down")
                for tile in tiles:
                    assert colour_pixels(tile_pixels(shot, tile), OFFLINE_RED) > 50, (
                        f"{tile.camera_id}: not shown offline while the server is down")
                # ...and the server is named, not the cameras, which are fine.
                qtbot.waitUntil(lambda: all(t.detail_text() == SERVER_DOWN for t in tiles),
                                timeout=TIMEOUT_MS)
                qtbot.waitUntil(lambda: window.status_strip.link_label.text().endswith(
                    "Server unreachable"), timeout=TIMEOUT_MS)
                # The server's outage, not four cameras down.
                assert window.status_strip.down_button.text() == "All cameras up"
                _shot(display, "4-server-down-named")
                srv_ctx = run_server(tmp_path, camsim_url=fleet.control_url,
                                     data_dir=data_dir, segment_seconds=4, extra_args=fixed)
                server = srv_ctx.__enter__()
                _all_live_and_moving(qtbot, tiles, display, "5-server-back")
            finally:
                shell.main_window.close()
                shell.shutdown()
        finally:
            if srv_ctx is not None:
                srv_ctx.__exit__(None, None, None)
