from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox

from app.actions import FIXED_KEYS, REGISTRY, ActionId, KeyScope
from app.services.tours import TourService
from app.settings import Settings
from app.wall import Layout
from tests.app.test_tours import FakeTimer
from tests.ui.test_tile_ptz import ptz_tile  # noqa: F401  (the fixture)
from ui.investigation.window import InvestigationWindow
from ui.shell.main_window import MainWindow
from ui.wall.window import WallWindow


def _window(qtbot, services, settings):
    window = MainWindow(services.session, services.wall, services.tiles, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.windowHandle().requestActivate()  # shortcuts go to the active window only
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    return window


def _press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the operator presses it: to the widget with the focus."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def test_layout_by_number_key_then_edited_in_the_dialog_and_kept(qtbot, services, tmp_path):
    settings = Settings(tmp_path / "settings.json")
    window = _window(qtbot, services, settings)
    _press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert services.wall.layout is Layout.L3X3

    window.action(ActionId.SHORTCUTS).trigger()
    dialog = window.shortcuts_dialog
    assert dialog.isVisible()
    texts = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Full screen" in texts and "Layout 1+7" in texts
    edit = dialog.edit(ActionId.LAYOUT_1P7)
    assert edit.keySequence() == QKeySequence("Ctrl+Shift+2")

    # Ctrl+3 is taken by layout 3x3: refused, and the dialog says so.
    edit.setKeySequence(QKeySequence("Ctrl+3"))
    edit.editingFinished.emit()
    assert "Layout 3x3" in dialog.problem.text()
    assert edit.keySequence() == QKeySequence("Ctrl+Shift+2")

    edit.setKeySequence(QKeySequence("Alt+7"))
    edit.editingFinished.emit()
    assert dialog.problem.text() == ""
    dialog.close()
    _press(qtbot, window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert services.wall.layout is Layout.L1P7
    assert Settings(tmp_path / "settings.json").get("shortcuts") == {"layout_1p7": "Alt+7"}

    again = _window(qtbot, services, Settings(tmp_path / "settings.json"))
    assert again.action(ActionId.LAYOUT_1P7).shortcut() == QKeySequence("Alt+7")


def test_tile_keys_select_maximise_and_close(qtbot, services, tmp_path):
    window = _window(qtbot, services, Settings(tmp_path / "settings.json"))
    services.wall.fill(["cam001", "cam002", "cam003"])
    _press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    _press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert services.wall.selected == 1
    _press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.wall.maximised == 1
    _press(qtbot, window, Qt.Key.Key_Escape)
    assert services.wall.maximised is None
    _press(qtbot, window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert services.wall.visible_cameras() == ["cam001", None, "cam003", None]
    _press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    _press(qtbot, window, Qt.Key.Key_Escape)  # no tile maximised: leaves full screen
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_tile_tour_key_cycles_the_selected_tile_through_the_listed_cameras(
        qtbot, services, tmp_path):
    timers = []

    def factory(parent):
        timers.append(FakeTimer(parent))
        return timers[-1]
    tours = TourService(services.wall, None, factory)
    window = MainWindow(services.session, services.wall, services.tiles,
                        settings=Settings(tmp_path / "s.json"), tours=tours)
    qtbot.addWidget(window)
    window.camera_tree.search_box.setText("park")  # Taman Suropati, Tebet Eco Park
    services.wall.select(1)
    window.action(ActionId.TILE_TOUR).trigger()
    assert services.wall.visible_cameras() == [None, "cam001", None, None]
    timers[0].fire()
    assert services.wall.camera_at(1) == "cam004"
    window.action(ActionId.TILE_TOUR).trigger()
    assert tours.tile_tours() == {} and "stopped" in window.statusBar().currentMessage()


def _documented(*scopes):
    return {QKeySequence(key)[0].key() for fixed in FIXED_KEYS if fixed.scope in scopes
            for key in fixed.keys}


def _answered_keys(tile):
    """Every key a tile does something with: the event comes back accepted."""
    answered = set()
    ptz_mode = tile.ptz.active
    for key in Qt.Key:
        if key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(tile, event)
            if kind is QEvent.Type.KeyPress and event.isAccepted():
                answered.add(key)
        tile.set_ptz_mode(ptz_mode)  # P toggled it
        tile.set_overlay_visible(False)
    return answered


def test_every_key_a_tile_answers_is_in_the_keyboard_help(qtbot, ptz_tile, tmp_path):  # noqa: F811
    tile, _api = ptz_tile
    tile._streams.snapshot_dir = tmp_path
    assert _answered_keys(tile) == _documented(KeyScope.TILE)
    tile.set_ptz_mode(True)
    assert _answered_keys(tile) == _documented(KeyScope.TILE, KeyScope.PTZ)


def test_every_window_shortcut_is_in_the_keyboard_help(qtbot, services, tmp_path):
    window = _window(qtbot, services, Settings(tmp_path / "settings.json"))
    wall_window = WallWindow(services.wall, services.tiles)
    qtbot.addWidget(wall_window)
    investigation = InvestigationWindow(services.tiles)
    qtbot.addWidget(investigation)
    known = {spec.default_shortcut for spec in REGISTRY} | {
        key for fixed in FIXED_KEYS for key in fixed.keys}
    windows = (window, wall_window, investigation)
    shortcuts = [s.key().toString() for w in windows for s in w.findChildren(QShortcut)]
    assert shortcuts and set(shortcuts) <= known
    actions = [a.shortcut().toString() for w in windows for a in w.findChildren(QAction)
               if not a.shortcut().isEmpty()]
    assert actions and set(actions) <= known

    window.action(ActionId.SHORTCUTS).trigger()
    rows = window.shortcuts_dialog.fixed_rows()
    assert len(rows) == len(FIXED_KEYS) and all(what and keys for what, keys in rows)
    assert ("Go to preset 1 to 9 of the PTZ list", "1, 2, 3, 4, 5, 6, 7, 8, 9") in rows


def test_ctrl_q_asks_before_closing_the_walls(qtbot, services, tmp_path):
    window = _window(qtbot, services, Settings(tmp_path / "settings.json"))
    _press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = window.quit_box
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Close Pantau and every wall window?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible() and not box.isVisible()
    _press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(box.isVisible)
    with qtbot.waitSignal(window.closed):
        box.button(QMessageBox.StandardButton.Close).click()
    assert not window.isVisible()
