"""An optional sound when an alarm arrives (the alarm_sound setting, off by default).
PySide6-Essentials has no QtMultimedia, so this is the system's beep
(QApplication.beep): no sound file is played."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication

from app.alarms.service import AlarmService
from app.settings import Settings


class AlarmSound(QObject):
    def __init__(self, alarms: AlarmService, settings: Settings | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.beeps = 0  # how many times it sounded (tests read it)
        alarms.alarm_raised.connect(self._on_alarms_alarm_raised)

    @property
    def enabled(self) -> bool:
        return self._settings is not None and bool(self._settings.get("alarm_sound"))

    def set_enabled(self, on: bool) -> None:
        if self._settings is not None:
            self._settings.set("alarm_sound", bool(on))

    @Slot(object)
    def _on_alarms_alarm_raised(self, _alarm) -> None:
        if self.enabled:
            self.beeps += 1
            QApplication.beep()
