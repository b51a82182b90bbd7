"""The PTZ dock in the main window: it never keeps the arrow keys from the tile (a click
on its list leaves the focus on the tile, a recalled preset gives it back), and without a
PTZ camera it is one line, so the camera list above it keeps its room."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.ptz import PtzService
from tests.ui.test_ptz_panel import RecordingPtzApi, _as
from ui.shell.main_window import LIST_ROWS_IN_DOCK, MainWindow
from ui.tile.services import TileServices


@pytest.fixture
def window(qtbot, services, monkeypatch):
    _as(monkeypatch, "operator")
    api = RecordingPtzApi()
    ptz = PtzService(services.session, services.runner, api=lambda: api)
    tiles = TileServices(services.streams, services.cameras, services.playback, ptz=ptz)
    services.wall.assign(0, "cam004")  # PTZ
    services.wall.assign(1, "cam001")  # fixed
    main = MainWindow(services.session, services.wall, tiles)
    qtbot.addWidget(main)
    main.resize(1100, 600)
    main.show()
    main.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is main.windowHandle())
    yield main, api
    ptz.stop_all()


def _rows(view):
    return view.height() // view.fontMetrics().height()


def test_without_a_ptz_camera_the_dock_is_one_line(qtbot, window, services):
    main, _api = window
    panel = main.ptz_panel
    services.wall.select(1)
    assert panel.collapsed() and panel.reason_label.text() == "Taman Suropati has no PTZ."
    qtbot.waitUntil(lambda: main.ptz_dock.height() < 4 * panel.fontMetrics().height())
    assert _rows(main.camera_tree.view) >= LIST_ROWS_IN_DOCK
    services.wall.select(0)
    assert not panel.collapsed()
    qtbot.waitUntil(lambda: _rows(panel.presets) >= LIST_ROWS_IN_DOCK)
    assert _rows(main.camera_tree.view) >= LIST_ROWS_IN_DOCK  # stacked, not squeezed


def test_the_preset_list_never_keeps_the_arrow_keys(qtbot, window, services):
    main, api = window
    tile = main.wall_widget.tile(0)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    qtbot.keyClick(tile, Qt.Key.Key_P)
    assert tile.ptz.active and QApplication.focusWidget() is tile
    presets = main.ptz_panel.presets
    qtbot.waitUntil(lambda: presets.count() == 2, timeout=3000)
    qtbot.mouseClick(presets.viewport(), Qt.MouseButton.LeftButton,
                     pos=presets.visualItemRect(presets.item(0)).center())
    assert presets.currentRow() == 0 and QApplication.focusWidget() is tile
    qtbot.keyPress(QApplication.focusWidget(), Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: any(c[0] == "move" for c in api.commands), timeout=3000)
    qtbot.keyRelease(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert presets.currentRow() == 0  # the arrow turned the camera, not the list

    main.camera_tree.search_box.setFocus()  # elsewhere; a recalled preset brings it back
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main.camera_tree.search_box)
    second = presets.visualItemRect(presets.item(1)).center()
    qtbot.mouseClick(presets.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.mouseDClick(presets.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.waitUntil(lambda: ("goto", "cam004", "p2") in api.calls, timeout=3000)
    assert QApplication.focusWidget() is tile
