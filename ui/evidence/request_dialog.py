"""Record a citizen's evidence request: who asks, when and where it happened (the
cameras nearest that place are suggested), which cameras, which footage (already
recorded: the range ends in the past), and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Camera
from app.places import suggest
from app.timefmt import format_wib, parse_wib
from ui.evidence.camera_picker import CameraPickerWidget

AROUND = timedelta(minutes=5)  # the footage proposed either side of the incident
MAX_RANGE = timedelta(hours=24)
MAX_CAMERAS = 16  # the server's limit for one request


def request_problem(texts: tuple[str, ...], cameras: list[str], incident: datetime | None,
                    start: datetime | None, end: datetime | None, now: datetime) -> str:
    """Why the request cannot be sent yet ("" when it can), in English; the dialog
    translates."""
    if incident is None or start is None or end is None:
        return QT_TRANSLATE_NOOP("RequestDialog", "Enter times as 2026-11-22 14:03 (WIB).")
    if not all(texts):
        return QT_TRANSLATE_NOOP("RequestDialog", "Fill in every field marked *.")
    if not cameras:
        return QT_TRANSLATE_NOOP("RequestDialog", "Tick at least one camera.")
    if len(cameras) > MAX_CAMERAS:
        return QT_TRANSLATE_NOOP("RequestDialog", "A request covers at most 16 cameras.")
    if end <= start:
        return QT_TRANSLATE_NOOP("RequestDialog", "The footage must end after it starts.")
    if end > now:
        return QT_TRANSLATE_NOOP("RequestDialog",
                                 "The footage must end in the past: only what is already "
                                 "recorded can be handed over.")
    if end - start > MAX_RANGE:
        return QT_TRANSLATE_NOOP("RequestDialog", "Ask for at most 24 hours of footage.")
    return ""


def proposed_range(incident: datetime, now: datetime) -> tuple[datetime, datetime]:
    """Five minutes either side of the incident, ending no later than now."""
    end = min(incident + AROUND, now).replace(microsecond=0)
    return min(incident - AROUND, end - timedelta(seconds=1)), end


class RequestDialog(QDialog):
    def __init__(self, cameras: list[Camera], checked: list[str], at: datetime,
                 parent: QWidget | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self.setObjectName("request-dialog")
        self.setWindowTitle(self.tr("New evidence request"))
        self._cameras = cameras
        self._now = now
        self._range_touched = False
        self.name_edit = QLineEdit(self)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setPlaceholderText(self.tr("Telephone or e-mail"))
        self.incident_edit = QLineEdit(format_wib(at, seconds=False), self)
        self.place_edit = QLineEdit(self)
        self.place_edit.setObjectName("request-place")
        self.place_edit.setPlaceholderText(
            self.tr("A street, a camera, a kelurahan or kecamatan, or -6.2253, 106.8521"))
        self.picker = CameraPickerWidget(cameras, checked, self)
        self.suggest_label = QLabel(self)
        self.suggest_label.setObjectName("request-suggestions")
        self.suggest_label.setWordWrap(True)
        start, end = proposed_range(at, now())
        self.start_edit = QLineEdit(format_wib(start), self)
        self.end_edit = QLineEdit(format_wib(end), self)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setFixedHeight(60)
        form = QFormLayout()
        form.addRow(self.tr("Requester *"), self.name_edit)
        form.addRow(self.tr("Contact *"), self.contact_edit)
        form.addRow(self.tr("Incident time (WIB) *"), self.incident_edit)
        form.addRow(self.tr("Incident place *"), self.place_edit)
        form.addRow(self.tr("Cameras *"), self.picker)
        form.addRow("", self.suggest_label)
        form.addRow(self.tr("Footage from (WIB)"), self.start_edit)
        form.addRow(self.tr("Footage to (WIB)"), self.end_edit)
        form.addRow(self.tr("Reason *"), self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("request-problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b45309;")
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        # Suggest as the place is typed, once the typing pauses.
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(300)
        self._suggest_timer.timeout.connect(self.suggest_cameras)
        self.place_edit.textChanged.connect(self._suggest_timer.start)
        self.incident_edit.editingFinished.connect(self._on_incident_edit_editing_finished)
        for edit in (self.start_edit, self.end_edit):
            edit.textEdited.connect(self._on_range_edited)
        self.resize(760, 640)

    def _parsed(self, edit: QLineEdit) -> datetime | None:
        try:
            return parse_wib(edit.text())
        except ValueError:
            return None

    def problem(self) -> str:
        """What keeps the request from being sent, translated ("" when nothing)."""
        texts = (self.name_edit.text().strip(), self.contact_edit.text().strip(),
                 self.place_edit.text().strip(), self.reason_edit.toPlainText().strip())
        problem = request_problem(texts, self.picker.checked_ids(),
                                  self._parsed(self.incident_edit), self._parsed(self.start_edit),
                                  self._parsed(self.end_edit), self._now())
        return self.tr(problem) if problem else ""

    def fields(self) -> dict[str, Any] | None:
        """The request as EvidenceService.create takes it, or None (and why, shown)."""
        problem = self.problem()
        self.problem_label.setText(problem)
        if problem:
            return None
        return {"requester_name": self.name_edit.text().strip(),
                "requester_contact": self.contact_edit.text().strip(),
                "incident_at": self._parsed(self.incident_edit),
                "incident_place": self.place_edit.text().strip(),
                "camera_ids": self.picker.checked_ids(),
                "start": self._parsed(self.start_edit), "end": self._parsed(self.end_edit),
                "reason": self.reason_edit.toPlainText().strip()}

    @Slot()
    def suggest_cameras(self) -> None:
        found = suggest(self.place_edit.text(), self._cameras)
        self.picker.suggest(found)
        if found:
            self.suggest_label.setText(self.tr("Suggested for this place: {0}").format(
                ", ".join(s.camera.name for s in found)))
        elif self.place_edit.text().strip():
            self.suggest_label.setText(self.tr("No camera is known near this place; tick "
                                               "the cameras yourself."))
        else:
            self.suggest_label.setText("")

    @Slot()
    def _on_incident_edit_editing_finished(self) -> None:
        incident = self._parsed(self.incident_edit)
        if incident is None or self._range_touched:
            return
        start, end = proposed_range(incident, self._now())
        self.start_edit.setText(format_wib(start))
        self.end_edit.setText(format_wib(end))

    @Slot()
    def _on_range_edited(self) -> None:
        self._range_touched = True  # the supervisor's range, not ours

    @Slot()
    def _on_ok_clicked(self) -> None:
        if self.fields() is not None:
            self.accept()
