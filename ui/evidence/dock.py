"""Citizens' evidence requests: an operator records one; another supervisor approves it
(with the case number) or refuses it (with the reason); an approved request is handed
over as one package (every export, the receipt, the key) and its receipt printed to PDF
for the requester. Below, the export queue. The server decides who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.evidence import EvidenceRequest, Receipt, RequestState
from app.services.cameras import CameraService
from app.services.evidence import EvidenceService, PackageSaved
from app.services.exports import ExportService, default_export_dir
from app.timefmt import format_wib
from ui.evidence.queue import ExportQueueWidget
from ui.evidence.receipt import write_receipt_pdf
from ui.evidence.request_dialog import RequestDialog


class EvidenceDockWidget(QWidget):
    def __init__(self, evidence: EvidenceService, parent: QWidget | None = None,
                 cameras: Callable[[], list[str]] = list, *,
                 catalog: CameraService | None = None,
                 exports: ExportService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence-dock")
        self._evidence = evidence
        self._cameras = cameras  # what a new request proposes: the selected tile's camera
        self._catalog = catalog  # the cameras the user may see, to choose from
        self._exports = exports
        self._receipt_paths: dict[int, Path] = {}
        self.last_receipt: Path | None = None
        self.last_package: PackageSaved | None = None
        self.request_dialog: RequestDialog | None = None
        self.list = QTreeWidget(self)
        self.list.setObjectName("evidence-requests")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("No."), self.tr("State"), self.tr("Requester"),
                                   self.tr("Cameras"), self.tr("Incident (WIB)"),
                                   self.tr("Recorded by")])
        self.why_label = QLabel(self)  # why Approve is greyed out, when it is
        self.why_label.setObjectName("evidence-why")
        self.why_label.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("evidence-status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton(self.tr("New…"), self)
        self.approve_button = QPushButton(self.tr("Approve…"), self)
        self.refuse_button = QPushButton(self.tr("Refuse…"), self)
        self.receipt_button = QPushButton(self.tr("Print receipt…"), self)
        self.package_button = QPushButton(self.tr("Download package…"), self)
        self.package_button.setObjectName("evidence-package")
        row = QHBoxLayout()
        for button in (self.new_button, self.approve_button, self.refuse_button,
                       self.receipt_button, self.package_button):
            row.addWidget(button)
        requests = QWidget(self)
        top = QVBoxLayout(requests)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.list)
        top.addLayout(row)
        top.addWidget(self.why_label)
        top.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        self.queue: ExportQueueWidget | None = None
        if exports is not None:
            self.queue = ExportQueueWidget(exports, self)
            split = QSplitter(Qt.Orientation.Vertical, self)
            split.addWidget(requests)
            split.addWidget(self.queue)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 2)
            layout.addWidget(split)
        else:
            layout.addWidget(requests)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.refuse_button.clicked.connect(self._on_refuse_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_clicked)
        self.package_button.clicked.connect(self._on_package_clicked)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        evidence.requests_changed.connect(self._on_evidence_requests_changed)
        evidence.receipt_ready.connect(self._on_evidence_receipt_ready)
        evidence.package_progress.connect(self._on_evidence_package_progress)
        evidence.package_saved.connect(self._on_evidence_package_saved)
        evidence.failed.connect(self._on_evidence_failed)
        self._update_buttons()

    def selected(self) -> EvidenceRequest | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _export_dir(self) -> Path:
        return self._exports.export_dir() if self._exports is not None else default_export_dir()

    def _own(self, chosen: EvidenceRequest) -> bool:
        user = self._evidence.user
        return user is not None and chosen.created_by == user.username

    def _update_buttons(self) -> None:
        chosen = self.selected()
        pending = chosen is not None and chosen.state is RequestState.PENDING
        own = pending and self._own(chosen)
        self.approve_button.setEnabled(pending and not own)
        why = self.tr("You recorded this request: another supervisor must approve it "
                      "(four eyes).") if own else ""
        self.approve_button.setToolTip(why)
        self.why_label.setText(why)
        self.refuse_button.setEnabled(pending)
        approved = chosen is not None and chosen.state is RequestState.APPROVED
        self.receipt_button.setEnabled(approved)
        self.package_button.setEnabled(approved)

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

    def download_package(self, request_id: int, path: Path) -> None:
        self.status_label.setText(self.tr("Downloading the package of request {0}…")
                                  .format(request_id))
        self.status_label.setStyleSheet("")
        self._evidence.download_package(request_id, path)

    def open_request_dialog(self) -> RequestDialog:
        cameras = self._catalog.cameras() if self._catalog is not None else []
        dialog = RequestDialog(cameras, self._cameras(), datetime.now(UTC), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._evidence.create(**dialog.fields()))
        self.request_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_new_clicked(self) -> None:
        self.open_request_dialog()

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

    def _save_path(self, title: str, name: str, kind: str) -> Path | None:
        folder = self._export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder / name), kind)
        return Path(path) if path else None

    @Slot()
    def _on_receipt_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        path = self._save_path(self.tr("Save the receipt"), f"receipt-{chosen.id}.pdf",
                               "PDF (*.pdf)")
        if path is not None:
            self.print_receipt(chosen.id, path)

    @Slot()
    def _on_package_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        path = self._save_path(self.tr("Save the evidence package"),
                               f"pantau-request-{chosen.id}.zip", "Zip (*.zip)")
        if path is not None:
            self.download_package(chosen.id, path)

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
                                    format_wib(req.incident_at, seconds=False),
                                    req.created_by])
            item.setData(0, Qt.ItemDataRole.UserRole, req)
            self.list.addTopLevelItem(item)
            if chosen is not None and req.id == chosen.id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    @Slot(int, object)
    def _on_evidence_receipt_ready(self, request_id: int, receipt: Receipt) -> None:
        path = self._receipt_paths.pop(request_id, None)
        if path is None:
            return
        if not receipt.complete:
            self.status_label.setText(self.tr("The exports are not finished yet; try again "
                                              "in a moment."))
            return
        write_receipt_pdf(receipt.document, path, receipt.sha256)
        self.last_receipt = path
        self.status_label.setText(self.tr("Receipt saved: {0} (its file's SHA-256: {1})")
                                  .format(str(path), receipt.sha256))

    @Slot(int, int, int)
    def _on_evidence_package_progress(self, request_id: int, done: int, total: int) -> None:
        if total:
            self.status_label.setText(self.tr("Downloading the package of request {0}: "
                                              "{1}%").format(request_id, done * 100 // total))

    @Slot(object)
    def _on_evidence_package_saved(self, saved: PackageSaved) -> None:
        self.last_package = saved
        if saved.ok:
            self.status_label.setText(self.tr(
                "Package saved: {0}. Verified ✓ — {1} export(s) signed by this server; the "
                "receipt inside is the one the server serves.").format(
                str(saved.path), len(saved.check.exports)))
            self.status_label.setStyleSheet("color: #15803d;")
            return
        problems = list(saved.check.problems)
        problems += [r.failure for r in saved.check.exports if not r.ok]
        if not saved.receipt_matches:
            problems.append(self.tr("the receipt inside differs from the server's"))
        self.status_label.setText(self.tr("Package saved: {0}. Not verified ✗ — {1}").format(
            str(saved.path), "; ".join(problems)))
        self.status_label.setStyleSheet("color: #b91c1c;")

    @Slot(object, str)
    def _on_evidence_failed(self, kind: ApiErrorKind, message: str) -> None:
        self.status_label.setStyleSheet("color: #b91c1c;")
        if kind is ApiErrorKind.FORBIDDEN:
            self.status_label.setText(self.tr("Not allowed: {0}").format(message))
        else:
            self.status_label.setText(self.tr("Failed: {0}").format(message))
