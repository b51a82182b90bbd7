"""Acknowledge an alarm with a note (what was seen, what was done): at most 2000
characters, may be empty. The dialog only asks; the alarm service sends it."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.alarms.types import MAX_NOTE, Alarm
from app.timefmt import format_wib
from ui.alarms.texts import kind_text


class AcknowledgeDialog(QDialog):
    acknowledge_requested = Signal(int, str)  # alarm id, note

    def __init__(self, alarm: Alarm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alarm = alarm
        self.setObjectName("alarm-acknowledge-dialog")
        self.setWindowTitle(self.tr("Acknowledge alarm"))
        self.summary_label = QLabel(self.tr("{0}\n{1} · {2}\n{3}").format(
            alarm.camera_name, alarm.rule_name or kind_text(alarm), kind_text(alarm),
            format_wib(alarm.raised_at)), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("alarm-note")
        self.note_edit.setPlaceholderText(self.tr("Note: what you saw and what was done "
                                                  "(optional)"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("alarm-note-count")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Acknowledge"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.note_edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.note_edit.textChanged.connect(self._on_note_edit_text_changed)
        self._on_note_edit_text_changed()
        self.resize(420, 260)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    @Slot()
    def _on_note_edit_text_changed(self) -> None:
        length = len(self.note())
        self.count_label.setText(self.tr("{0} / {1} characters").format(length, MAX_NOTE))
        self.count_label.setStyleSheet("color: #c62828;" if length > MAX_NOTE else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(length <= MAX_NOTE)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if len(self.note()) > MAX_NOTE:
            return
        self.acknowledge_requested.emit(self.alarm.id, self.note())
        self.accept()
