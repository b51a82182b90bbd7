"""Alarms in the main window: the list dock, the count in the status bar (a click opens
the list), the sound, "show on wall" through the camera tree's placement (never over
another camera without asking) and the rules editor for administrators and supervisors.
The tiles flash by themselves (ui/alarms/tile_flash.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from app.alarms.rules import AlarmRulesService
from app.alarms.service import AlarmService
from app.services.wall import WallService
from app.settings import Settings
from ui.alarms.dock import AlarmsDockWidget
from ui.alarms.rules_dialog import AlarmRulesDialog
from ui.alarms.sound import AlarmSound
from ui.cameras.tree import CameraTreeWidget
from ui.shell.i18n import language_notifier
from ui.shell.status_bar import StatusBarWidget
from ui.tile.services import TileServices


class AlarmsBinding(QObject):
    def __init__(self, window: QMainWindow, tiles: TileServices, wall: WallService,
                 tree: CameraTreeWidget, status_strip: StatusBarWidget | None,
                 settings: Settings | None, rules: AlarmRulesService | None) -> None:
        super().__init__(window)
        assert tiles.alarms is not None
        self._window = window
        self._tiles = tiles
        self._wall = wall
        self._tree = tree
        self._status_strip = status_strip
        self._rules = rules
        self.alarms: AlarmService = tiles.alarms
        self.rules_dialog: AlarmRulesDialog | None = None
        self.sound = AlarmSound(self.alarms, settings, self)
        self.widget = AlarmsDockWidget(self.alarms, window)
        self.widget.sound_check.setChecked(self.sound.enabled)
        self.widget.sound_check.setEnabled(settings is not None)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("alarms-dock-frame")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.dock.setWidget(self.widget)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.rules_action = QAction(self)
        self.rules_action.setObjectName("action-alarm-rules")
        self.rules_action.triggered.connect(self.open_rules_dialog)
        self.widget.show_requested.connect(self.show_on_wall)
        self.widget.sound_toggled.connect(self.sound.set_enabled)
        self.alarms.open_count_changed.connect(self._on_alarms_open_count_changed)
        if status_strip is not None:
            status_strip.alarms_requested.connect(self.open_dock)
            status_strip.set_alarm_count(self.alarms.open_count)
        language_notifier().language_changed.connect(self._retranslate)
        self._retranslate()
        self.update_rules_action()

    # -- what the window, tests and the operator use ------------------------------------
    def open_dock(self) -> AlarmsDockWidget:
        self.dock.show()
        self.dock.raise_()
        self.widget.list.setFocus()
        return self.widget

    def show_on_wall(self, camera_id: str) -> int | None:
        """The camera on the wall (an empty tile, else the operator is asked, as from the
        camera tree), its tile selected. The tile's index, None while it is not there."""
        if camera_id not in self._wall.visible_cameras():
            self._tree.put_camera(camera_id)
        shown = self._wall.visible_cameras()
        if camera_id not in shown:
            return None  # the placement question is open, or the wall had no room
        index = shown.index(camera_id)
        self._wall.select(index)
        return index

    def rules_allowed(self) -> bool:
        return self._rules is not None and self._rules.allowed()

    def update_rules_action(self) -> None:
        allowed = self.rules_allowed()
        self.rules_action.setVisible(allowed)
        self.rules_action.setEnabled(allowed)
        if not allowed and self.rules_dialog is not None:
            self.rules_dialog.close()

    def open_rules_dialog(self) -> AlarmRulesDialog | None:
        if self._rules is None or not self._rules.allowed():
            return None
        if self.rules_dialog is None:
            self.rules_dialog = AlarmRulesDialog(self._rules, self._tiles.cameras,
                                                 self._tiles.thumbnails, self._window)
        self.rules_dialog.show()
        self.rules_dialog.raise_()
        self._rules.load()
        return self.rules_dialog

    # -- slots ----------------------------------------------------------------------------
    @Slot(int)
    def _on_alarms_open_count_changed(self, count: int) -> None:
        if self._status_strip is not None:
            self._status_strip.set_alarm_count(count)

    @Slot()
    def _retranslate(self, *_args) -> None:
        self.dock.setWindowTitle(self.tr("Alarms"))
        self.dock.toggleViewAction().setText(self.tr("Alarms"))
        self.rules_action.setText(self.tr("Alarm rules…"))
