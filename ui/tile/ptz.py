"""PTZ on the video itself: a tile of a PTZ camera in PTZ mode turns its camera with
the arrow keys (held: it moves, released: it stops), zooms with +/- and the mouse wheel,
turns to a clicked point, recalls presets 1..9 with the number keys (numbered as the PTZ
dock lists them), and says who controls the camera.

The tile owns one TilePtz and hands it its key, wheel and click events while PTZ mode is
on; everything else stays the tile's (digital zoom, snapshots, selection).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from app.api.errors import ApiErrorKind
from app.api.ptz import Preset, PtzStatus
from app.services.ptz import PtzService

WHEEL_PULSE_MS = 250  # one wheel notch zooms for this long
_DIRECTIONS = {
    Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1),
}
_ZOOM_KEYS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_PageUp: 1,
              Qt.Key.Key_Minus: -1, Qt.Key.Key_PageDown: -1}
# 1..9: the presets in the order the PTZ dock numbers them (0 stays the tile's zoom reset).
PRESET_KEYS = {Qt.Key(Qt.Key.Key_1.value + n): n for n in range(9)}


class TilePtz(QObject):
    changed = Signal()  # mode or lock text changed: the tile repaints

    def __init__(self, ptz: PtzService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ptz = ptz
        self._camera: str | None = None
        self.active = False
        self._held: set[int] = set()
        self._zoom_held = 0
        self.message = ""  # the last refusal, shown until the next status
        self.presets: list[Preset] = []  # of this camera, as the server lists them
        self._wheel_stop = QTimer(self)
        self._wheel_stop.setSingleShot(True)
        self._wheel_stop.setInterval(WHEEL_PULSE_MS)
        self._wheel_stop.timeout.connect(self._send_velocity)
        ptz.status_changed.connect(self._on_ptz_status_changed)
        ptz.failed.connect(self._on_ptz_failed)
        ptz.presets_changed.connect(self._on_ptz_presets_changed)

    @property
    def camera_id(self) -> str | None:
        return self._camera

    def set_camera(self, camera_id: str | None, is_ptz: bool) -> None:
        """The tile's camera changed: PTZ mode ends unless it is the same PTZ camera."""
        wanted = camera_id if is_ptz else None
        if wanted != self._camera:
            self.set_active(False)
            self._camera = wanted
            self.presets = []

    def set_active(self, active: bool) -> None:
        active = active and self._camera is not None
        if active == self.active:
            return
        self.active = active
        self._held.clear()
        self._zoom_held = 0
        self.message = ""
        if active:
            self._ptz.watch(self._camera)
            self._ptz.load_presets(self._camera)
        else:
            self._ptz.stop_move(self._camera or "")
            if self._camera is not None:
                self._ptz.unwatch(self._camera)
        self.changed.emit()

    # -- events the tile hands over -----------------------------------------------------
    def key_press(self, key: int, auto_repeat: bool) -> bool:
        if self.active and key in PRESET_KEYS:
            return auto_repeat or self.recall_preset(PRESET_KEYS[key] + 1)
        if not self.active or (key not in _DIRECTIONS and key not in _ZOOM_KEYS):
            return False
        if not auto_repeat:
            if key in _DIRECTIONS:
                self._held.add(key)
            else:
                self._zoom_held = _ZOOM_KEYS[key]
            self._send_velocity()
        return True

    def key_release(self, key: int, auto_repeat: bool) -> bool:
        if not self.active or (key not in _DIRECTIONS and key not in _ZOOM_KEYS):
            return False
        if not auto_repeat:
            self._held.discard(key)
            if key in _ZOOM_KEYS:
                self._zoom_held = 0
            self._send_velocity()
        return True

    def recall_preset(self, number: int) -> bool:
        """Go to preset ``number`` (from 1) of the list; True when the key was PTZ's."""
        if not self.active:
            return False
        if not 1 <= number <= len(self.presets):
            self.message = self.tr("PTZ: no preset {0}").format(number)
            self.changed.emit()
            return True
        self.message = ""
        self._ptz.goto_preset(self._camera, self.presets[number - 1].token)
        self.changed.emit()
        return True

    def wheel(self, delta: int) -> bool:
        """A notch zooms the camera a little (not the picture)."""
        if not self.active or delta == 0:
            return False
        self._zoom_held = 1 if delta > 0 else -1
        self._send_velocity()
        self._zoom_held = 0
        self._wheel_stop.start()  # then _send_velocity with no zoom: stop or keep panning
        return True

    def click(self, fx: float, fy: float) -> bool:
        """A click at picture fraction (fx, fy) turns the camera to that point."""
        if not self.active:
            return False
        self._ptz.center(self._camera, fx * 2 - 1, fy * 2 - 1)
        return True

    def focus_lost(self) -> None:
        """Keys released outside the tile are never seen: stop rather than keep moving."""
        if self._held or self._zoom_held:
            self._held.clear()
            self._zoom_held = 0
            self._send_velocity()

    @Slot()
    def _send_velocity(self) -> None:
        if self._camera is None:
            return
        pan = sum(_DIRECTIONS[k][0] for k in self._held)
        tilt = sum(_DIRECTIONS[k][1] for k in self._held)
        zoom = self._zoom_held
        if self._wheel_stop.isActive() and not zoom:
            return  # a wheel pulse is still running
        if pan == tilt == zoom == 0:
            self._ptz.stop_move(self._camera)
        else:
            speed = self._ptz.speed
            self._ptz.start_move(self._camera, pan * speed, tilt * speed, zoom * speed)

    # -- what the tile shows ------------------------------------------------------------
    def lock_line(self) -> str:
        if not self.active:
            return ""
        if self.message:
            return self.message
        status = self._ptz.statuses.get(self._camera or "")
        if status is None or status.lock is None:
            return self.tr("PTZ: free — arrows move, wheel zooms, click centres, 1–9 presets")
        if status.lock.holder == self._ptz.username():
            return self.tr("PTZ: you control this camera")
        return self.tr("PTZ: held by {0}").format(status.lock.display_name)

    @Slot(str, object)
    def _on_ptz_status_changed(self, camera_id: str, _status: PtzStatus) -> None:
        if camera_id == self._camera and self.active:
            self.message = ""
            self.changed.emit()

    @Slot(str, object)
    def _on_ptz_presets_changed(self, camera_id: str, presets: list) -> None:
        if camera_id == self._camera:
            self.presets = list(presets)

    @Slot(str, object, str)
    def _on_ptz_failed(self, camera_id: str, kind: ApiErrorKind, message: str) -> None:
        if camera_id == self._camera and self.active:
            if kind is ApiErrorKind.FORBIDDEN:
                self.message = self.tr("PTZ: your role may not move cameras")
            else:
                self.message = self.tr("PTZ: {0}").format(message)
            self.changed.emit()
