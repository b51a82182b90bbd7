"""PTZ from the real client on a private Xvfb through a real server process to camsim's
ONVIF PTZ camera: arrows held in PTZ mode turn the camera and it stops when released, a
click right of centre turns it right, a preset saved from the dock brings it back.
The camera's position is read from the server (GET .../ptz) as a second user would."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt

from app.api.http import ApiClient
from app.api.ptz import PtzApi
from app.config import ClientConfig
from app.streams.engine import StreamState
from app.wall import Layout
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import DEMO_PASSWORD, run_server
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e

PTZ_CAMERA = "cam001"  # camsim's first camera is its PTZ one


@pytest.fixture(scope="module")
def peers(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e-ptz")
    with run_camsim(base, cameras=2, ptz=1, fps=15) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True, record=False) as server:
        yield fleet, server


@pytest.fixture
def client(qtbot, peers):
    _, server = peers
    config = ClientConfig(server_url=server.url, username="operator", password=DEMO_PASSWORD,
                          layout=Layout.L1X1, cameras=(PTZ_CAMERA,), language="en")
    shell = ClientShell(config)
    with qtbot.waitSignal(shell.started, timeout=30_000):
        shell.start()
    shell.main_window.showMaximized()
    qtbot.waitExposed(shell.main_window)
    yield shell
    shell.main_window.close()
    shell.shutdown()


def _position(shell) -> tuple[float, float, float]:
    """The camera's pan, tilt, zoom as the server reports it (read from the test thread)."""
    api = shell.services.session.api
    assert isinstance(api, ApiClient)
    position = PtzApi(api, "e2e-probe").status(PTZ_CAMERA).position
    assert position is not None
    return position


def _settled(qtbot, shell) -> tuple[float, float, float]:
    """The position once it stops changing (a stop reaches the camera, which then rests)."""
    last = _position(shell)
    for _ in range(40):
        qtbot.wait(700)
        now = _position(shell)
        if now == last:
            return now
        last = now
    raise AssertionError(f"the camera never came to rest (last {last})")


def _ptz_tile(qtbot, shell):
    tile = shell.main_window.wall_widget.tiles()[0]
    assert tile.camera_id == PTZ_CAMERA
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=45_000)
    qtbot.waitUntil(lambda: tile.picture_rect() is not None, timeout=10_000)
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_P)  # PTZ mode
    assert tile.ptz is not None and tile.ptz.active
    return tile


def test_held_right_arrow_pans_and_release_stops(qtbot, client):
    tile = _ptz_tile(qtbot, client)
    before = _settled(qtbot, client)
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    qtbot.wait(1000)  # held: the client keeps the move alive past the server's deadman
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    after = _settled(qtbot, client)
    assert after[0] > before[0]  # panned right
    assert abs(after[1] - before[1]) < 1e-6  # not tilted
    qtbot.wait(1000)
    assert _position(client) == after  # and it stays stopped
    qtbot.waitUntil(lambda: "you control this camera" in tile.ptz.lock_line(), timeout=5000)


def test_a_click_right_of_centre_pans_right(qtbot, client):
    tile = _ptz_tile(qtbot, client)
    before = _settled(qtbot, client)
    rect = tile.picture_rect()
    point = QPoint(rect.x() + rect.width() * 3 // 4, rect.y() + rect.height() // 2)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=point)
    deadline = time.monotonic() + 10
    while _position(client)[0] <= before[0] and time.monotonic() < deadline:
        qtbot.wait(200)
    assert _settled(qtbot, client)[0] > before[0]


def test_a_saved_preset_brings_the_camera_back(qtbot, client):
    _ptz_tile(qtbot, client)
    client.services.wall.select(0)  # the dock follows the selected tile
    panel = client.main_window.ptz_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.camera_id == PTZ_CAMERA, timeout=5000)
    service = client.ptz
    home = _settled(qtbot, client)
    service.save_preset(PTZ_CAMERA, "E2E home")
    qtbot.waitUntil(lambda: "E2E home" in panel.preset_names(), timeout=10_000)
    service.start_move(PTZ_CAMERA, -0.8, 0.0)
    qtbot.wait(800)
    service.stop_move(PTZ_CAMERA)
    moved = _settled(qtbot, client)
    assert moved[0] < home[0]
    assert panel.recall(panel.preset_names().index("E2E home") + 1)  # by its number
    deadline = time.monotonic() + 15
    while abs(_position(client)[0] - home[0]) > 0.01 and time.monotonic() < deadline:
        qtbot.wait(300)
    assert abs(_settled(qtbot, client)[0] - home[0]) <= 0.01
