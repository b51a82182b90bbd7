"""Citizens' evidence requests: an operator records one; a supervisor approves it (with
the case number) or refuses it (with the reason); an approved request's receipt is
printed to PDF for the requester. The server decides who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.evidence import EvidenceRequest, RequestState
from app.services.evidence import EvidenceService
from app.timefmt import format_wib, parse_wib
from ui.evidence.receipt import write_receipt_pdf


class RequestDialog(QDialog):
    """Record a request: who asks, what happened where and when, which cameras."""

    def __init__(self, camera_ids: list[str], at: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request-dialog")
        self.setWindowTitle(self.tr("New evidence request"))
        self.name_edit = QLineEdit(self)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setPlaceholderText(self.tr("Telephone or e-mail"))
        self.incident_edit = QLineEdit(format_wib(at), self)
        self.place_edit = QLineEdit(self)
        self.cameras_edit = QLineEdit(", ".join(camera_ids), self)
        self.start_edit = QLineEdit(format_wib(at - timedelta(minutes=5)), self)
        self.end_edit = QLineEdit(format_wib(at + timedelta(minutes=5)), self)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setFixedHeight(60)
        form = QFormLayout()
        form.addRow(self.tr("Requester *"), self.name_edit)
        form.addRow(self.tr("Contact *"), self.contact_edit)
        form.addRow(self.tr("Incident time (WIB)"), self.incident_edit)
        form.addRow(self.tr("Incident place *"), self.place_edit)
        form.addRow(self.tr("Cameras"), self.cameras_edit)
        form.addRow(self.tr("Footage from (WIB)"), self.start_edit)
        form.addRow(self.tr("Footage to (WIB)"), self.end_edit)
        form.addRow(self.tr("Reason *"), self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._on_ok_clicked)
        buttons.rejected.connect(self.reject)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #b45309;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def fields(self) -> dict[str, Any] | None:
        """The request as EvidenceService.create takes it, or None (and why, shown)."""
        try:
            incident = parse_wib(self.incident_edit.text())
            start, end = parse_wib(self.start_edit.text()), parse_wib(self.end_edit.text())
        except ValueError:
            self.problem_label.setText(self.tr("Enter times as 2026-11-22 14:03 (WIB)."))
            return None
        cameras = [c.strip() for c in self.cameras_edit.text().split(",") if c.strip()]
        texts = (self.name_edit.text().strip(), self.contact_edit.text().strip(),
                 self.place_edit.text().strip(), self.reason_edit.toPlainText().strip())
        if not all(texts) or not cameras:
            self.problem_label.setText(self.tr("Fill in every field marked *, and a camera."))
            return None
        return {"requester_name": texts[0], "requester_contact": texts[1],
                "incident_at": incident, "incident_place": texts[2], "camera_ids": cameras,
                "start": start, "end": end, "reason": texts[3]}

    @Slot()
    def _on_ok_clicked(self) -> None:
        if self.fields() is not None:
            self.accept()


class EvidenceDockWidget(QWidget):
    def __init__(self, evidence: EvidenceService, parent: QWidget | None = None,
                 cameras: Callable[[], list[str]] = list) -> None:
        super().__init__(parent)
        self.setObjectName("evidence-dock")
        self._evidence = evidence
        self._cameras = cameras  # what a new request proposes: the selected tile's camera
        self._receipt_paths: dict[int, Path] = {}
        self.last_receipt: Path | None = None
        self.list = QTreeWidget(self)
        self.list.setObjectName("evidence-requests")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("No."), self.tr("State"), self.tr("Requester"),
                                   self.tr("Cameras"), self.tr("Incident (WIB)")])
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New…"), self)
        self.approve_button = QPushButton(self.tr("Approve…"), self)
        self.refuse_button = QPushButton(self.tr("Refuse…"), self)
        self.receipt_button = QPushButton(self.tr("Print receipt…"), self)
        row = QHBoxLayout()
        for button in (self.new_button, self.approve_button, self.refuse_button,
                       self.receipt_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.refuse_button.clicked.connect(self._on_refuse_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_clicked)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        evidence.requests_changed.connect(self._on_evidence_requests_changed)
        evidence.receipt_ready.connect(self._on_evidence_receipt_ready)
        evidence.failed.connect(self._on_evidence_failed)
        self._update_buttons()

    def selected(self) -> EvidenceRequest | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        pending = chosen is not None and chosen.state is RequestState.PENDING
        self.approve_button.setEnabled(pending)
        self.refuse_button.setEnabled(pending)
        self.receipt_button.setEnabled(chosen is not None
                                       and chosen.state is RequestState.APPROVED)

    def approve_selected(self, case_number: str, note: str = "") -> None:
        chosen = self.selected()
        if chosen is not None and case_number.strip():
            self._evidence.approve(chosen.id, case_number.strip(), note)

    def refuse_selected(self, note: str) -> None:
        chosen = self.selected()
        if chosen is not None and note.strip():
            self._evidence.refuse(chosen.id, note.strip())

    def print_receipt(self, request_id: int, path: Path) -> None:
        self._receipt_paths[request_id] = path
        self._evidence.fetch_receipt(request_id)

    @Slot()
    def _on_new_clicked(self) -> None:
        dialog = RequestDialog(self._cameras(), datetime.now(UTC), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._evidence.create(**dialog.fields())

    @Slot()
    def _on_approve_clicked(self) -> None:
        case, ok = QInputDialog.getText(self, self.tr("Approve"), self.tr("Case number:"))
        if ok:
            self.approve_selected(case)

    @Slot()
    def _on_refuse_clicked(self) -> None:
        note, ok = QInputDialog.getText(self, self.tr("Refuse"), self.tr("Why:"))
        if ok:
            self.refuse_selected(note)

    @Slot()
    def _on_receipt_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the receipt"),
                                              f"receipt-{chosen.id}.pdf", "PDF (*.pdf)")
        if path:
            self.print_receipt(chosen.id, Path(path))

    @Slot(object)
    def _on_evidence_requests_changed(self, found: list[EvidenceRequest]) -> None:
        chosen = self.selected()
        self.list.clear()
        names = {RequestState.PENDING: self.tr("pending"),
                 RequestState.APPROVED: self.tr("approved"),
                 RequestState.REFUSED: self.tr("refused")}
        for req in found:
            item = QTreeWidgetItem([str(req.id), names[req.state], req.requester_name,
                                    ", ".join(req.camera_ids),
                                    format_wib(req.incident_at, seconds=False)])
            item.setData(0, Qt.ItemDataRole.UserRole, req)
            self.list.addTopLevelItem(item)
            if chosen is not None and req.id == chosen.id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    @Slot(int, object)
    def _on_evidence_receipt_ready(self, request_id: int, receipt: dict) -> None:
        path = self._receipt_paths.pop(request_id, None)
        if path is None:
            return
        if not receipt.get("complete"):
            self.status_label.setText(self.tr("The exports are not finished yet; try again "
                                              "in a moment."))
            return
        write_receipt_pdf(receipt, path)
        self.last_receipt = path
        self.status_label.setText(self.tr("Receipt saved: {0}").format(str(path)))

    @Slot(object, str)
    def _on_evidence_failed(self, kind: ApiErrorKind, message: str) -> None:
        if kind is ApiErrorKind.FORBIDDEN:
            self.status_label.setText(self.tr("Not allowed: {0}").format(message))
        else:
            self.status_label.setText(self.tr("Failed: {0}").format(message))
