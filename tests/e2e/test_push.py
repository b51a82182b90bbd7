"""Pushing through the real server: an operator's client sends a camera (from its
"Send to…" menu) and a view to the wall of another workstation, a client started with
--workstation wallpc --wall 0=..., and that wall changes; checked on the X server."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint

from app.config import ClientConfig
from app.settings import Settings
from app.streams.engine import StreamState
from app.wall import Layout
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.shell.shell import ClientShell
from ui.wall.send_menu import SendToMenu

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def peers(tmp_path_factory):
    base = tmp_path_factory.mktemp("push-peers")
    with run_camsim(base, cameras=3, ptz=0) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True, record=False) as server:
        yield fleet, server


def start_client(qtbot, tmp_path, name: str, config: ClientConfig) -> ClientShell:
    shell = ClientShell(config, settings=Settings(tmp_path / name / "settings.json"))
    with qtbot.waitSignal(shell.started, timeout=30_000):
        shell.start()
    return shell


@pytest.fixture
def clients(qtbot, peers, tmp_path):
    _, server = peers
    wallpc = start_client(qtbot, tmp_path, "wallpc", ClientConfig(
        server_url=server.url, username="operator", password=DEMO_PASSWORD, language="en",
        walls=(("0", "1x1"),), workstation="wallpc"))
    operator = start_client(qtbot, tmp_path, "console", ClientConfig(
        server_url=server.url, username="supervisor", password=DEMO_PASSWORD,
        language="en", layout=Layout.L2X2, cameras=("cam002",), workstation="console"))
    qtbot.waitUntil(lambda: wallpc.push.connected, timeout=15_000)
    yield operator, wallpc
    for shell in (operator, wallpc):
        shell.main_window.close()
        shell.shutdown()


def moving_pixels(a: np.ndarray, b: np.ndarray) -> int:
    return int((np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 40).sum())


def test_camera_and_view_pushed_to_another_workstations_wall(qtbot, clients, display,
                                                              tmp_path):
    operator, wallpc = clients
    [wall_window] = wallpc.wall_screens.windows()
    qtbot.waitExposed(wall_window)
    assert wall_window.wall.camera_at(0) is None

    # The operator selects the tile with cam002 and sends it through "Send to…".
    operator.services.wall.select(0)
    menu = operator.main_window.findChild(SendToMenu, "send-to-menu")
    with qtbot.waitSignal(operator.push.workstations_changed, timeout=10_000):
        menu.aboutToShow.emit()
    action = next(a for sub in menu.actions() if sub.menu() for a in sub.menu().actions()
                  if a.objectName() == "send-wallpc-0")
    sent = time.monotonic()
    action.trigger()
    qtbot.waitUntil(lambda: wall_window.wall.camera_at(0) == "cam002", timeout=10_000)
    print(f"pushed camera on the wall {time.monotonic() - sent:.3f} s after the click")
    assert wall_window.notice.isVisible()
    assert wall_window.notice.text() == "Taman Langsat sent by supervisor"
    tile = wall_window.wall_widget.tile(0)
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=30_000)
    wall_window.raise_()
    qtbot.wait(1000)
    x0 = wall_window.mapToGlobal(QPoint(0, 0))
    box = (slice(x0.y(), x0.y() + wall_window.height()),
           slice(x0.x(), x0.x() + wall_window.width()))
    first = screenshot(display, tmp_path / "pushed-1.png")[box]
    qtbot.wait(1500)
    second = screenshot(display, tmp_path / "pushed-2.png")[box]
    assert second.std() > 10 and moving_pixels(first, second) > 2000, \
        "the pushed camera does not play on the wall PC's screen"

    # A view pushed from the API client the operator's client uses.
    operator.services.session.api.push("wallpc", 0, view="2x2:cam001,,cam003")
    qtbot.waitUntil(lambda: wall_window.wall.layout is Layout.L2X2, timeout=10_000)
    assert [t.camera_id for t in wall_window.wall_widget.tiles()] == [
        "cam001", None, "cam003", None]
