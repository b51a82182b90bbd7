"""A named view survives a restart of the client: saved (personal in the settings file,
shared on the real server), the client shut down and started again, the view opened and
the same cameras live in the same cells."""

from __future__ import annotations

import pytest

from app.config import ClientConfig
from app.settings import Settings
from app.streams.engine import StreamState
from app.wall import Layout
from tests.e2e.test_live_wall import tile_pixels
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e

BANJIR = {0: "cam003", 2: "cam001", 5: "cam002"}  # 1+5: cam003 on the big tile
GAMBIR = {0: "cam004", 3: "cam002"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e-views")
    with run_camsim(base, cameras=4, ptz=0) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True, record=False) as server:
        yield server


def _start(qtbot, server, settings_path) -> ClientShell:
    config = ClientConfig(server_url=server.url, username="operator", password=DEMO_PASSWORD,
                          language="en")
    shell = ClientShell(config, settings=Settings(settings_path))
    with qtbot.waitSignal(shell.started, timeout=30_000):
        shell.start()
    shell.main_window.showMaximized()
    qtbot.waitExposed(shell.main_window)
    return shell


def _stop(shell: ClientShell) -> None:
    shell.main_window.close()
    shell.shutdown()


def _shows(shell, cameras: dict[int, str], layout) -> bool:
    wall = shell.main_window.wall_widget
    tiles = wall.tiles()
    return (shell.services.wall.layout is layout and len(tiles) == layout.count
            and all(t.camera_id == cameras.get(t.tile_index) for t in tiles)
            and all(t.stream_state is StreamState.LIVE for t in tiles if t.camera_id))


def test_views_saved_then_restored_after_a_restart(qtbot, server, display, tmp_path):
    settings_path = tmp_path / "settings.json"
    shell = _start(qtbot, server, settings_path)
    wall, views = shell.services.wall, shell.services.views
    dock = shell.main_window.views_dock
    wall.set_layout(Layout.L1P5)
    wall.fill([])
    for index, camera in BANJIR.items():
        wall.assign(index, camera)
    dock.save_current("Banjir")
    wall.set_layout(Layout.L2X2)
    wall.fill([])
    for index, camera in GAMBIR.items():
        wall.assign(index, camera)
    dock.save_current("Gambir pagi", shared=True)
    qtbot.waitUntil(lambda: views.find("Gambir pagi") is not None, timeout=10_000)
    wall.fill(["cam001"])  # the wall at close differs from both views
    _stop(shell)

    shell = _start(qtbot, server, settings_path)
    try:
        views, dock = shell.services.views, shell.main_window.views_dock
        qtbot.waitUntil(lambda: views.find("Gambir pagi") is not None, timeout=10_000)
        assert [(v.name, v.shared) for v in views.views()] == [("Banjir", False),
                                                               ("Gambir pagi", True)]
        assert [dock.list.item(i).text() for i in range(dock.list.count())] == [
            "Banjir", "Gambir pagi"]
        assert dock.open_view(views.find("Banjir").id)
        qtbot.waitUntil(lambda: _shows(shell, BANJIR, Layout.L1P5), timeout=45_000)
        tiles = shell.main_window.wall_widget.tiles()
        big, small = tiles[0], tiles[1]
        assert big.width() > 1.9 * small.width() and big.height() > 1.9 * small.height()
        qtbot.wait(1000)
        shot = screenshot(display, tmp_path / "banjir.png")
        assert tile_pixels(shot, big).std() > 10, "the big tile shows no picture"

        shell.main_window.views_dock.open_next(1)  # the next view: the shared one
        qtbot.waitUntil(lambda: _shows(shell, GAMBIR, Layout.L2X2), timeout=45_000)
    finally:
        _stop(shell)
