"""A tile whose camera has an unacknowledged alarm flashes: a red border that blinks
until the alarm is acknowledged. Every tile blinks in the same phase (taken from the
clock), so a wall with several alarms pulses as one.

The tile owns one and calls paint(); the alarm service says which cameras have an open
alarm, so the tile itself decides nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.alarms.service import AlarmService
from ui.alarms.texts import FLASH_COLOUR

PHASE_MS = 500  # on half a second, off half a second


def phase_on(now_ms: int) -> bool:
    return (now_ms // PHASE_MS) % 2 == 0


def _now_ms() -> int:
    return int(time.monotonic() * 1000)


class TileAlarmFlash(QObject):
    def __init__(self, tile: QWidget, alarms: AlarmService | None,
                 camera: Callable[[], str | None],
                 clock: Callable[[], int] = _now_ms) -> None:
        super().__init__(tile)
        self._tile = tile
        self._alarms = alarms
        self._camera = camera
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        if alarms is not None:
            alarms.cameras_changed.connect(self._on_alarms_cameras_changed)
            self._on_alarms_cameras_changed(alarms.alarmed_cameras())

    @property
    def flashing(self) -> bool:
        """The tile's camera has an open alarm (the border blinks)."""
        return self._alarms is not None and self._alarms.has_open_alarm(self._camera())

    def lit(self) -> bool:
        """Flashing, and in the bright half of the blink now."""
        return self.flashing and phase_on(self._clock())

    def paint(self, painter: QPainter) -> None:
        if not self.lit():
            return
        width = max(4, min(self._tile.width(), self._tile.height()) // 60)
        pen = QPen(FLASH_COLOUR, width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.save()
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = 2 + width / 2  # inside the selection border
        painter.drawRect(QRectF(inset, inset, self._tile.width() - 2 * inset,
                                self._tile.height() - 2 * inset))
        painter.restore()

    @Slot(object)
    def _on_alarms_cameras_changed(self, cameras: frozenset) -> None:
        # Ticks run while any camera has an alarm: the tile's camera may change to one.
        if cameras and not self._timer.isActive():
            self._arm()
        elif not cameras:
            self._timer.stop()
        self._tile.update()

    def _arm(self) -> None:
        self._timer.start(PHASE_MS - self._clock() % PHASE_MS + 1)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._alarms is None or not self._alarms.alarmed_cameras():
            return
        if self.flashing:
            self._tile.update()
        self._arm()
