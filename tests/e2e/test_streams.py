"""Adaptive streams and frozen cameras end to end: camsim and the server as real peers,
the real client (PyAV engine over RTSP) on the private Xvfb."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint

from app.config import ClientConfig
from app.streams.engine import StreamState
from app.wall import Layout
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.shell.shell import ClientShell
from ui.tile.zoom import ZoomState

pytestmark = pytest.mark.e2e

CAMERAS = ("cam001", "cam002")
STALE_ORANGE = (0xEF, 0x6C, 0x00)


@pytest.fixture(scope="module")
def client(tmp_path_factory, qapp):
    base = tmp_path_factory.mktemp("e2e-streams")
    with run_camsim(base, cameras=2, ptz=0) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True) as server:
        config = ClientConfig(server_url=server.url, username="operator",
                              password=DEMO_PASSWORD, layout=Layout.L2X2, cameras=CAMERAS,
                              language="en")
        shell = ClientShell(config)
        shell.start()
        yield shell, fleet
        if shell.main_window is not None:
            shell.main_window.close()
        shell.shutdown()


def _resolution(shell, tile) -> tuple[int, int]:
    stats = shell.services.streams.stats(tile.stream_key)
    return stats.width, stats.height


def _tile_crop(image: np.ndarray, tile) -> np.ndarray:
    origin = tile.mapToGlobal(QPoint(0, 0))
    return image[origin.y():origin.y() + tile.height(), origin.x():origin.x() + tile.width()]


def test_maximised_and_zoomed_tile_pulls_the_main_stream_then_the_sub_again(
        qtbot, client, display, tmp_path):
    shell, _ = client
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=30_000)
    shell.main_window.showMaximized()
    qtbot.waitExposed(shell.main_window)
    tile = shell.main_window.wall_widget.tiles()[0]
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE
                    and _resolution(shell, tile) == (640, 360), timeout=45_000)

    shell.services.wall.toggle_maximised(0)
    qtbot.waitUntil(lambda: _resolution(shell, tile) == (1920, 1080), timeout=30_000)
    assert tile.stream_key.profile == "main"
    tile.set_zoom(ZoomState().zoom_at(0.5, 0.5, 2.0))
    tile.set_overlay_visible(True)
    qtbot.waitUntil(lambda: tile.overlay_lines()[0].startswith("1920×1080"))
    qtbot.wait(500)
    shot = _tile_crop(screenshot(display, tmp_path / "zoomed-overlay.png"), tile)
    assert shot.std() > 10  # a picture, not a black tile

    tile.reset_zoom()
    tile.set_overlay_visible(False)
    shell.services.wall.toggle_maximised(0)
    qtbot.waitUntil(lambda: tile.stream_key.profile == "sub"
                    and _resolution(shell, tile) == (640, 360), timeout=30_000)
    assert tile.stream_state is StreamState.LIVE


def test_frozen_camera_is_marked_stale_and_recovers_on_its_own(qtbot, client, display,
                                                                tmp_path):
    shell, fleet = client
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=30_000)
    tile = shell.main_window.wall_widget.tiles()[1]
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=45_000)

    fleet.freeze(tile.camera_id)
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.STALE, timeout=20_000)
    assert tile.status_text().startswith("Stale: picture ")
    # The engine reconnects at once; the tile stays "stale" while the camera answers
    # without pictures, so the screen shows it until the camera is back. (Screenshots
    # are taken until the repaint has reached the X server.)

    def orange_on_screen() -> int:
        shot = _tile_crop(screenshot(display, tmp_path / "stale.png"), tile)
        return (np.abs(shot.astype(np.int16) - np.array(STALE_ORANGE)).max(axis=2) <= 12).sum()

    qtbot.waitUntil(lambda: orange_on_screen() > 50, timeout=10_000)  # orange, not green

    fleet.online(tile.camera_id)
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=20_000)
    assert tile.status_text() == "Live"
