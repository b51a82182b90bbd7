"""What stays in view at the foot of the main window: whether the server answers, the
time in WIB, how many cameras are down and how many are not recorded (each a button
that lists them; a click on a name locates that camera), and the unacknowledged alarms
(a place kept, shown only once there are alarms)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.camera_status import (
    CameraStatusService,
    CameraTrouble,
    ServerLink,
    Trouble,
    since_text,
)
from app.services.cameras import CameraService
from app.timefmt import format_wib
from ui.shell.i18n import language_notifier

CameraIdRole = Qt.ItemDataRole.UserRole + 1
CLOCK_INTERVAL_MS = 1000
_LINK_COLOURS = {ServerLink.CONNECTED: "#2e7d32", ServerLink.RECONNECTING: "#f9a825",
                 ServerLink.UNREACHABLE: "#c62828"}
_TROUBLE_STYLE = "QToolButton { color: white; background: %s; border-radius: 3px; " \
                 "padding: 1px 6px; font-weight: bold; }"


class CameraListPopup(QFrame):
    """A list of cameras under a status bar button; a click on one locates it."""

    camera_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("status-camera-list")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.list = QListWidget(self)
        self.list.setObjectName("status-camera-list-view")
        self.list.setSpacing(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.itemActivated.connect(self._on_list_item_activated)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        """(camera id, text) per row."""
        self.list.clear()
        for camera_id, text in rows:
            item = QListWidgetItem(text, self.list)
            item.setData(CameraIdRole, camera_id)
        height = (self.list.sizeHintForRow(0) + 2 * self.list.spacing()) * min(
            12, max(1, len(rows))) + 2 * self.list.frameWidth() + 4
        width = max(self.list.sizeHintForColumn(0) + 24, 280)
        self.list.setFixedSize(min(width, 640), height)
        self.setFixedSize(self.layout().sizeHint())

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        camera_id = item.data(CameraIdRole)
        self.close()
        if camera_id:
            self.camera_chosen.emit(camera_id)


class StatusBarWidget(QWidget):
    camera_located = Signal(str)  # a camera chosen in a list: the window shows where it is
    alarms_requested = Signal()  # the alarm count was clicked

    def __init__(self, status: CameraStatusService, cameras: CameraService,
                 parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self._status = status
        self._cameras = cameras
        self._now = now
        self.setObjectName("status-strip")
        self.link_label = QLabel(self)
        self.link_label.setObjectName("status-server")
        self.down_button = QToolButton(self)
        self.down_button.setObjectName("status-down")
        self.recording_button = QToolButton(self)
        self.recording_button.setObjectName("status-not-recording")
        # Alarms do not exist yet: the place is kept, hidden until set_alarm_count(n > 0).
        self.alarm_button = QToolButton(self)
        self.alarm_button.setObjectName("status-alarms")
        self.alarm_button.setStyleSheet(_TROUBLE_STYLE % "#b71c1c")
        self.alarm_button.hide()
        self._alarms = 0
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("status-clock")
        self.popup: CameraListPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(10)
        for widget in (self.alarm_button, self.down_button, self.recording_button,
                       self.link_label, self.clock_label):
            layout.addWidget(widget)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_INTERVAL_MS)
        self._clock.timeout.connect(self._show_clock)
        self._clock.start()
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.recording_button.clicked.connect(self._on_recording_button_clicked)
        self.alarm_button.clicked.connect(self.alarms_requested)
        status.changed.connect(self._show_cameras)
        status.link_changed.connect(self._show_link)
        cameras.catalog_changed.connect(self._show_cameras)  # names may come later
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    def set_alarm_count(self, count: int) -> None:
        """Unacknowledged alarms; the place shows only while there are some."""
        self._alarms = count
        self.alarm_button.setText(self.tr("Alarms: {0}").format(count))
        self.alarm_button.setVisible(count > 0)

    def open_down_list(self) -> CameraListPopup:
        return self._open_list(self._status.down(), self.down_button)

    def open_not_recording_list(self) -> CameraListPopup:
        return self._open_list(self._status.not_recording(), self.recording_button)

    # -- showing -----------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._trouble_texts = {
            Trouble.OFFLINE: self.tr("{0}: offline since {1}"),
            Trouble.STALE: self.tr("{0}: no new picture since {1}"),
            Trouble.NOT_RECORDING: self.tr("{0}: not recording since {1}"),
        }
        self.set_alarm_count(self._alarms)
        self._show_link(self._status.link())
        self._show_cameras()
        self._show_clock()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot()
    def _show_clock(self) -> None:
        self.clock_label.setText(format_wib(self._now()))

    @Slot(object)
    def _show_link(self, link: ServerLink) -> None:
        texts = {ServerLink.CONNECTED: self.tr("Server connected"),
                 ServerLink.RECONNECTING: self.tr("Reconnecting to the server…"),
                 ServerLink.UNREACHABLE: self.tr("Server unreachable")}
        self.link_label.setText(f"<span style='color:{_LINK_COLOURS[link]}'>●</span> "
                                + texts[link])

    @Slot()
    def _show_cameras(self) -> None:
        down, not_recording = self._status.down(), self._status.not_recording()
        self.down_button.setText(self.tr("Cameras down: {0}").format(len(down)) if down
                                 else self.tr("All cameras up"))
        self.down_button.setEnabled(bool(down))
        self.down_button.setStyleSheet(_TROUBLE_STYLE % "#c62828" if down else "")
        self.down_button.setToolTip(self._summary(down))
        self.recording_button.setText(
            self.tr("Not recording: {0}").format(len(not_recording)))
        self.recording_button.setVisible(bool(not_recording))
        self.recording_button.setStyleSheet(_TROUBLE_STYLE % "#ef6c00")
        self.recording_button.setToolTip(self._summary(not_recording))
        if self.popup is not None and self.popup.isVisible():
            self.popup.close()  # it lists what was; the operator opens it again

    def row_text(self, trouble: CameraTrouble, kind: Trouble | None = None) -> str:
        camera = self._cameras.camera(trouble.camera_id)
        name = camera.name if camera else trouble.camera_id
        since = since_text(trouble.since, self._now())
        return self._trouble_texts[kind or trouble.trouble].format(name, since)

    def _summary(self, troubles: list[CameraTrouble]) -> str:
        lines = [self.row_text(t) for t in troubles[:10]]
        if len(troubles) > 10:
            lines.append(self.tr("and {0} more").format(len(troubles) - 10))
        return "\n".join(lines)

    def _open_list(self, troubles: list[CameraTrouble], under: QWidget) -> CameraListPopup:
        if self.popup is None:
            self.popup = CameraListPopup(self)
            self.popup.camera_chosen.connect(self.camera_located)
        kind = None if under is self.down_button else Trouble.NOT_RECORDING
        self.popup.set_rows([(t.camera_id, self.row_text(t, kind)) for t in troubles])
        corner = under.mapToGlobal(under.rect().topLeft())
        self.popup.move(corner.x(), corner.y() - self.popup.height())
        self.popup.show()
        return self.popup

    @Slot()
    def _on_down_button_clicked(self) -> None:
        self.open_down_list()

    @Slot()
    def _on_recording_button_clicked(self) -> None:
        self.open_not_recording_list()
