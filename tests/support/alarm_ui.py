"""What an end-to-end test does with the client's alarms, the way an operator does it:
open the list, acknowledge from it with a note, read which tiles flash and the count in
the status bar. Takes the MainWindow (ClientShell.main_window); the service behind is
window.alarms.alarms (also ClientShell.alarms)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from ui.alarms.dock import AlarmsDockWidget
from ui.shell.main_window import MainWindow


def open_alarm_list(window: MainWindow) -> AlarmsDockWidget:
    """The alarm list, shown (as a click on the status bar's count does)."""
    assert window.alarms is not None, "this window was built without an AlarmService"
    return window.alarms.open_dock()


def acknowledge_from_list(window: MainWindow, alarm_id: int, note: str = "") -> bool:
    """Select the alarm in the list, open "Acknowledge…", type the note, press the button.
    False when the list does not show it open. The answer comes later: wait for
    window.alarms.alarms.acknowledge_finished."""
    dock = open_alarm_list(window)
    if not dock.select_alarm(alarm_id):
        return False
    dialog = dock.acknowledge_selected()
    if dialog is None:
        return False
    dialog.note_edit.setPlainText(note)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return True


def flashing_tiles(window: MainWindow) -> list[int]:
    """The main wall's tiles whose border blinks (their camera has an open alarm)."""
    return [tile.tile_index for tile in window.wall_widget.tiles()
            if tile.alarm_flash.flashing]


def status_bar_count(window: MainWindow) -> int:
    """The unacknowledged alarms the status bar shows (0 while its place is hidden)."""
    strip = window.status_strip
    if strip is None or strip.alarm_button.isHidden():
        return 0
    return int(strip.alarm_button.text().rsplit(" ", 1)[-1])
