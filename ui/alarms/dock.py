"""The alarm list: newest first, each row with the picture the node kept, the camera,
the rule, the kind in words and the time in WIB; open alarms stand out. "Show on wall"
asks the window to put the camera on the wall, "Acknowledge…" asks for a note and
hands it to the alarm service. Open only, or acknowledged ones too."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.alarms.service import AlarmService
from app.alarms.types import AckOutcome, Alarm, AlarmFilter
from app.api.errors import ApiErrorKind
from app.timefmt import format_wib
from ui.alarms.ack_dialog import AcknowledgeDialog
from ui.alarms.texts import OPEN_BACKGROUND, OPEN_FOREGROUND, ack_outcome_text, kind_text
from ui.shell.i18n import language_notifier

THUMB_WIDTH = 128
THUMB_SIZE = QSize(THUMB_WIDTH, THUMB_WIDTH * 9 // 16)
AlarmIdRole = Qt.ItemDataRole.UserRole + 1


def _placeholder() -> QIcon:
    picture = QPixmap(THUMB_SIZE)
    picture.fill(QColor("#1f2328"))
    return QIcon(picture)


class AlarmsDockWidget(QWidget):
    show_requested = Signal(str)  # camera id: put it on the wall
    sound_toggled = Signal(bool)  # the operator turned the alarm sound on or off

    def __init__(self, alarms: AlarmService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarms-dock")
        self._alarms = alarms
        self._pictures: dict[int, QIcon] = {}
        self._asked: set[int] = set()
        self._placeholder = _placeholder()
        self.ack_dialog: AcknowledgeDialog | None = None
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("alarms-filter")
        self.filter_combo.addItem("", AlarmFilter.OPEN)
        self.filter_combo.addItem("", AlarmFilter.ALL)
        self.sound_check = QCheckBox(self)
        self.sound_check.setObjectName("alarms-sound")
        self.list = QListWidget(self)
        self.list.setObjectName("alarms-list")
        self.list.setIconSize(THUMB_SIZE)
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("alarm-show-on-wall")
        self.ack_button = QPushButton(self)
        self.ack_button.setObjectName("alarm-acknowledge")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("alarms-message")
        self.message_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.filter_combo, 1)
        top.addWidget(self.sound_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self.setMinimumWidth(THUMB_WIDTH + 240)

        self.filter_combo.currentIndexChanged.connect(self._on_filter_combo_changed)
        self.sound_check.toggled.connect(self.sound_toggled)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.show_button.clicked.connect(self.show_selected)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        alarms.alarms_changed.connect(self.rebuild)
        alarms.acknowledge_finished.connect(self._on_alarms_acknowledge_finished)
        alarms.failed.connect(self._on_alarms_failed)
        alarms.snapshots.snapshot_ready.connect(self._on_snapshots_snapshot_ready)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    # -- what tests and the window use ---------------------------------------------------
    @property
    def which(self) -> AlarmFilter:
        return self.filter_combo.currentData()

    def set_filter(self, which: AlarmFilter) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(which))

    def listed(self) -> list[Alarm]:
        """The alarms in the order listed."""
        out = []
        for row in range(self.list.count()):
            found = self._alarms.alarm(self.list.item(row).data(AlarmIdRole))
            if found is not None:
                out.append(found)
        return out

    def selected_alarm(self) -> Alarm | None:
        item = self.list.currentItem()
        return self._alarms.alarm(item.data(AlarmIdRole)) if item is not None else None

    def select_alarm(self, alarm_id: int) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(AlarmIdRole) == alarm_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def show_selected(self) -> None:
        found = self.selected_alarm()
        if found is not None:
            self.show_requested.emit(found.camera_id)

    def acknowledge_selected(self) -> AcknowledgeDialog | None:
        found = self.selected_alarm()
        if found is None or not found.open or not self._alarms.may_acknowledge():
            return None
        if self.ack_dialog is not None:
            self.ack_dialog.deleteLater()
        dialog = self.ack_dialog = AcknowledgeDialog(found, self)
        dialog.acknowledge_requested.connect(self._on_ack_dialog_acknowledge_requested)
        dialog.open()
        return dialog

    # -- rows -----------------------------------------------------------------------------
    @Slot()
    def rebuild(self) -> None:
        current = self.selected_alarm()
        self.list.blockSignals(True)
        self.list.clear()
        bold = QFont(self.list.font())
        bold.setBold(True)
        for found in self._alarms.alarms(self.which):
            item = QListWidgetItem(self._pictures.get(found.id, self._placeholder),
                                   self._row_text(found))
            item.setData(AlarmIdRole, found.id)
            if found.open:
                item.setFont(bold)
                item.setBackground(OPEN_BACKGROUND)
                item.setForeground(OPEN_FOREGROUND)
            self.list.addItem(item)
            if found.has_snapshot and found.id not in self._asked:
                self._asked.add(found.id)
                self._alarms.snapshots.request(found.id)
        self.list.blockSignals(False)
        if (current is None or not self.select_alarm(current.id)) and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _row_text(self, found: Alarm) -> str:
        lines = [found.camera_name,
                 self.tr("{0} · {1}").format(found.rule_name or "-", kind_text(found)),
                 format_wib(found.raised_at)]
        if self._alarms.acknowledging(found.id):
            lines.append(self.tr("Acknowledging…"))
        elif not found.open:
            who = found.acknowledged_by or "?"
            when = format_wib(found.acknowledged_at) if found.acknowledged_at else ""
            lines.append(self.tr("Acknowledged by {0} at {1}").format(who, when))
            if found.note:
                lines.append(self.tr("Note: {0}").format(found.note))
        return "\n".join(lines)

    @Slot()
    def _update_buttons(self, *_args) -> None:
        found = self.selected_alarm()
        self.show_button.setEnabled(found is not None)
        self.ack_button.setEnabled(found is not None and found.open
                                   and self._alarms.may_acknowledge()
                                   and not self._alarms.acknowledging(found.id))

    # -- slots ----------------------------------------------------------------------------
    @Slot(int)
    def _on_filter_combo_changed(self, _index: int) -> None:
        if self.which is AlarmFilter.ALL:
            self._alarms.load_history()
        self.rebuild()

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.show_selected()

    @Slot(int, str)
    def _on_ack_dialog_acknowledge_requested(self, alarm_id: int, note: str) -> None:
        refused = self._alarms.acknowledge(alarm_id, note)
        if refused is not None:
            self.message_label.setText(ack_outcome_text(refused))

    @Slot(int, object, object, str)
    def _on_alarms_acknowledge_finished(self, _alarm_id: int, outcome: AckOutcome,
                                        _alarm, message: str) -> None:
        self.message_label.setText(ack_outcome_text(outcome, message))
        if outcome is AckOutcome.ALREADY and self.which is AlarmFilter.ALL:
            self._alarms.load_history()  # shows who it was

    @Slot(object, str)
    def _on_alarms_failed(self, kind: ApiErrorKind, message: str) -> None:
        self.message_label.setText(self.tr("The alarms could not be loaded: {0}").format(
            message or kind.value))

    @Slot(int, bytes)
    def _on_snapshots_snapshot_ready(self, alarm_id: int, jpeg: bytes) -> None:
        picture = QImage.fromData(jpeg)
        if picture.isNull():
            return
        icon = QIcon(QPixmap.fromImage(picture.scaled(
            THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)))
        self._pictures[alarm_id] = icon
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(AlarmIdRole) == alarm_id:
                item.setIcon(icon)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Alarms"))
        self.filter_combo.setItemText(0, self.tr("Open alarms"))
        self.filter_combo.setItemText(1, self.tr("All alarms"))
        self.sound_check.setText(self.tr("Sound"))
        self.sound_check.setToolTip(self.tr("Beep when a new alarm arrives"))
        self.show_button.setText(self.tr("Show on wall"))
        self.ack_button.setText(self.tr("Acknowledge…"))
        self.rebuild()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
