"""The PTZ dock: a pad (press and hold moves, release stops), zoom buttons, the speed, the
presets of the selected tile's camera and who controls it. Disabled, with the reason,
for a camera without PTZ or a user whose role may not move cameras.

Presets are numbered 1..9 as the tile's number keys recall them. Nothing here keeps the
keyboard: a click on the list or the slider leaves the focus where it was (the tile, whose
arrows turn the camera), and a recalled preset hands the focus back to the wall."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.ptz import PtzStatus
from app.services.cameras import CameraService
from app.services.ptz import PtzService
from app.services.session import SessionService

_NO_LIMIT = 16777215  # QWIDGETSIZE_MAX
NUMBERED_PRESETS = 9  # the number keys 1..9
_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
DRIVING_ROLES = frozenset({"admin", "supervisor", "police", "operator"})
_PAD = {  # (row, column) -> (pan, tilt, arrow)
    (0, 0): (-1, 1, "↖"), (0, 1): (0, 1, "↑"), (0, 2): (1, 1, "↗"),
    (1, 0): (-1, 0, "←"), (1, 2): (1, 0, "→"),
    (2, 0): (-1, -1, "↙"), (2, 1): (0, -1, "↓"), (2, 2): (1, -1, "↘"),
}


def preset_label(number: int, name: str) -> str:
    """A preset as the list shows it: its number key first, while it has one."""
    return f"{number}   {name}" if number <= NUMBERED_PRESETS else f"     {name}"


class PtzPanel(QWidget):
    preset_recalled = Signal()  # the operator went to a preset: the wall gets the keys back

    def __init__(self, ptz: PtzService, session: SessionService, cameras: CameraService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ptz-panel")
        self._ptz = ptz
        self._session = session
        self._cameras = cameras
        self.camera_id: str | None = None  # the camera driven (PTZ, and allowed)
        self._message = ""
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("ptz-lock")
        self.lock_label.setWordWrap(True)
        self.controls = QWidget(self)
        pad = QGridLayout()
        self.pad_buttons: dict[tuple[int, int], QToolButton] = {}
        for (row, column), (pan, tilt, arrow) in _PAD.items():
            button = QToolButton(self.controls)
            button.setText(arrow)
            button.setAutoRepeat(False)
            button.pressed.connect(lambda p=pan, t=tilt: self._start(p, t, 0))
            button.released.connect(self._stop)
            pad.addWidget(button, row, column)
            self.pad_buttons[(pan, tilt)] = button
        self.zoom_in = QToolButton(self.controls)
        self.zoom_in.setText("+")
        self.zoom_in.pressed.connect(lambda: self._start(0, 0, 1))
        self.zoom_in.released.connect(self._stop)
        self.zoom_out = QToolButton(self.controls)
        self.zoom_out.setText("−")
        self.zoom_out.pressed.connect(lambda: self._start(0, 0, -1))
        self.zoom_out.released.connect(self._stop)
        pad.addWidget(self.zoom_in, 0, 4)
        pad.addWidget(self.zoom_out, 2, 4)
        self.speed_label = QLabel(self.controls)
        self.speed = QSlider(Qt.Orientation.Horizontal, self.controls)
        self.speed.setRange(10, 100)
        self.speed.setValue(round(ptz.speed * 100))
        self.speed.valueChanged.connect(self._on_speed_value_changed)
        self.speed.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click keeps the tile's arrows
        self.presets = QListWidget(self.controls)
        self.presets.setObjectName("ptz-presets")
        self.presets.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Stacked under other docks the list keeps room for four presets, never one row.
        self.presets.setMinimumHeight(self.presets.fontMetrics().height() * 5 + 8)
        self.presets.itemDoubleClicked.connect(self._on_presets_item_double_clicked)
        self.save_button = QPushButton(self.controls)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.rename_button = QPushButton(self.controls)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.remove_button = QPushButton(self.controls)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.rename_button, self.remove_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(button)
        inner = QVBoxLayout(self.controls)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(pad)
        inner.addWidget(self.speed_label)
        inner.addWidget(self.speed)
        inner.addWidget(self.presets, 1)
        inner.addLayout(buttons)
        column = QVBoxLayout(self)
        column.addWidget(self.reason_label)
        column.addWidget(self.lock_label)
        column.addWidget(self.controls, 1)
        self._tick = QTimer(self)  # the lock's seconds left
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_lock)
        ptz.status_changed.connect(self._on_ptz_status_changed)
        ptz.presets_changed.connect(self._on_ptz_presets_changed)
        ptz.failed.connect(self._on_ptz_failed)
        self._retranslate()
        self.set_camera(None)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("PTZ"))
        self.speed_label.setText(self.tr("Speed"))
        self.save_button.setText(self.tr("Save current as…"))
        self.rename_button.setText(self.tr("Rename…"))
        self.remove_button.setText(self.tr("Remove"))
        self.zoom_in.setToolTip(self.tr("Zoom in (hold)"))
        self.zoom_out.setToolTip(self.tr("Zoom out (hold)"))
        self.presets.setToolTip(self.tr("Double-click a preset to go there; on a tile in PTZ "
                                        "mode the keys 1–9 do the same"))

    # -- which camera ---------------------------------------------------------------------
    def set_camera(self, camera_id: str | None) -> None:
        """The selected tile's camera (None: no tile or an empty one)."""
        camera = self._cameras.camera(camera_id) if camera_id else None
        user = self._session.user
        reason = ""
        if camera is None:
            reason = self.tr("Select a tile with a PTZ camera.")
        elif not camera.ptz:
            reason = self.tr("{0} has no PTZ.").format(camera.name)
        elif user is None or not DRIVING_ROLES.intersection(user.roles):
            reason = self.tr("Your role may not move cameras.")
        wanted = None if reason else camera_id
        if wanted != self.camera_id:
            if self.camera_id is not None:
                self._ptz.stop_move(self.camera_id)
                self._ptz.unwatch(self.camera_id)
            self.camera_id = wanted
            self._message = ""
            self.presets.clear()
            if wanted is not None:
                self._ptz.watch(wanted)
                self._ptz.load_presets(wanted)
                self._tick.start()
            else:
                self._tick.stop()
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))
        self._collapse(self.camera_id is None)
        self._show_lock()

    def _collapse(self, collapsed: bool) -> None:
        """Nothing to drive: one line saying why, so a dock stacked with it keeps the room."""
        self.controls.setEnabled(not collapsed)
        self.controls.setVisible(not collapsed)
        self.lock_label.setVisible(not collapsed)
        self._fit_height()

    def _fit_height(self) -> None:
        if not self.collapsed():
            self.setMaximumHeight(_NO_LIMIT)
            return
        margins = self.layout().contentsMargins()
        width = max(120, self.width() - margins.left() - margins.right())
        self.setMaximumHeight(self.reason_label.heightForWidth(width)
                              + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.collapsed():
            self._fit_height()  # the hint wraps differently at another width

    def collapsed(self) -> bool:
        return self.controls.isHidden()

    # -- moves ----------------------------------------------------------------------------
    def _start(self, pan: int, tilt: int, zoom: int) -> None:
        if self.camera_id is not None:
            speed = self._ptz.speed
            self._ptz.start_move(self.camera_id, pan * speed, tilt * speed, zoom * speed)

    @Slot()
    def _stop(self) -> None:
        if self.camera_id is not None:
            self._ptz.stop_move(self.camera_id)

    def hideEvent(self, event: QHideEvent) -> None:  # a closed panel never leaves it moving
        self._stop()
        super().hideEvent(event)

    @Slot(int)
    def _on_speed_value_changed(self, value: int) -> None:
        self._ptz.speed = value / 100

    # -- presets --------------------------------------------------------------------------
    def _selected_token(self) -> tuple[str, str] | None:
        item = self.presets.currentItem()
        return (item.data(Qt.ItemDataRole.UserRole), item.data(_NAME_ROLE)) if item else None

    def preset_names(self) -> list[str]:
        """The presets listed, in the order of their numbers."""
        return [self.presets.item(i).data(_NAME_ROLE) for i in range(self.presets.count())]

    def recall(self, number: int) -> bool:
        """Go to preset ``number`` (from 1); False when there is none."""
        item = self.presets.item(number - 1)
        if item is None or self.camera_id is None:
            return False
        self._ptz.goto_preset(self.camera_id, item.data(Qt.ItemDataRole.UserRole))
        self.preset_recalled.emit()
        return True

    @Slot(QListWidgetItem)
    def _on_presets_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.recall(self.presets.row(item) + 1)

    @Slot()
    def _on_save_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Name:"))
        if ok and name.strip() and self.camera_id is not None:
            self._ptz.save_preset(self.camera_id, name.strip())

    @Slot()
    def _on_rename_clicked(self) -> None:
        chosen = self._selected_token()
        if chosen is None or self.camera_id is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename preset"), self.tr("Name:"),
                                        text=chosen[1])
        if ok and name.strip():
            self._ptz.rename_preset(self.camera_id, chosen[0], name.strip())

    @Slot()
    def _on_remove_clicked(self) -> None:
        chosen = self._selected_token()
        if chosen is not None and self.camera_id is not None:
            self._ptz.remove_preset(self.camera_id, chosen[0])

    @Slot(str, object)
    def _on_ptz_presets_changed(self, camera_id: str, presets: list) -> None:
        if camera_id != self.camera_id:
            return
        self.presets.clear()
        for number, preset in enumerate(presets, 1):
            item = QListWidgetItem(preset_label(number, preset.name), self.presets)
            item.setData(Qt.ItemDataRole.UserRole, preset.token)
            item.setData(_NAME_ROLE, preset.name)

    # -- who controls it ------------------------------------------------------------------
    @Slot(str, object)
    def _on_ptz_status_changed(self, camera_id: str, _status: PtzStatus) -> None:
        if camera_id == self.camera_id:
            self._message = ""
            self._show_lock()

    @Slot(str, object, str)
    def _on_ptz_failed(self, camera_id: str, kind: ApiErrorKind, message: str) -> None:
        if camera_id == self.camera_id:
            self._message = (self.tr("Your role may not move cameras.")
                             if kind is ApiErrorKind.FORBIDDEN else message)
            self._show_lock()

    def lock_text(self) -> str:
        if self.camera_id is None:
            return ""
        if self._message:
            return self._message
        status = self._ptz.statuses.get(self.camera_id)
        if status is None or status.lock is None:
            return self.tr("Free: press and hold to move")
        lock = status.lock
        if lock.holder == self._ptz.username():
            return self.tr("You control this camera")
        left = max(0, int((lock.expires_at - datetime.now(UTC)).total_seconds()))
        return self.tr("Held by {0} ({1}) — {2} s").format(lock.display_name, lock.holder, left)

    @Slot()
    def _show_lock(self) -> None:
        self.lock_label.setText(self.lock_text())
