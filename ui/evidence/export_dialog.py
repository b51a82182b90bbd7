"""Export a camera's range as signed evidence: the range (WIB), the reason and the case
number (both required), who asked; then the server's progress, the download and the
verifier's answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.exports import ExportJob, ExportState
from app.masks import Mask
from app.services.exports import ExportService
from app.services.thumbnails import ThumbnailService
from app.timefmt import format_wib, parse_wib
from app.verify import VerifyResult
from ui.evidence.mask_editor import MaskEditorDialog, mask_count_text

MAX_EXPORT = timedelta(hours=24)
MASKING_ROLES = frozenset({"supervisor", "admin"})  # the issue: the supervisor draws them


def form_problem(reason: str, case_number: str, start: datetime | None,
                 end: datetime | None) -> str:
    """Why the form cannot be sent yet ("" when it can), in English; the dialog translates."""
    if start is None or end is None:
        return QT_TRANSLATE_NOOP("ExportDialog",
                                 "Enter the start and end as 2026-11-22 14:03:05 (WIB).")
    if end <= start:
        return QT_TRANSLATE_NOOP("ExportDialog", "The end must be after the start.")
    if end - start > MAX_EXPORT:
        return QT_TRANSLATE_NOOP("ExportDialog", "An export is at most 24 hours.")
    if len(reason.strip()) < 3:
        return QT_TRANSLATE_NOOP("ExportDialog", "Give the reason for this export.")
    if not case_number.strip():
        return QT_TRANSLATE_NOOP("ExportDialog", "Give the case number.")
    return ""


class ExportDialog(QDialog):
    def __init__(self, exports: ExportService, camera_id: str, camera_name: str,
                 start: datetime, end: datetime, parent: QWidget | None = None, *,
                 requester: str = "", bookmark_id: int | None = None,
                 thumbnails: ThumbnailService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-dialog")
        self._exports = exports
        self._thumbnails = thumbnails
        self._camera_id = camera_id
        self._initial_start = start
        self.masks: tuple[Mask, ...] = ()
        self.mask_dialog: MaskEditorDialog | None = None
        self._bookmark_id = bookmark_id
        self._ticket: int | None = None
        self._export_id: int | None = None
        self.folder: Path | None = None
        self.result: VerifyResult | None = None
        self.setWindowTitle(self.tr("Export evidence — {0}").format(camera_name))

        self.start_edit = QLineEdit(format_wib(start), self)
        self.end_edit = QLineEdit(format_wib(end), self)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("What happened, and why it is exported"))
        self.reason_edit.setFixedHeight(70)
        self.case_edit = QLineEdit(self)
        self.case_edit.setPlaceholderText(self.tr("e.g. LP/B/1234/XI/2026/PMJ"))
        self.requester_edit = QLineEdit(requester, self)
        self.requester_edit.setPlaceholderText(self.tr("Citizen, police unit or agency"))
        form = QFormLayout()
        form.addRow(self.tr("Camera"), QLabel(f"{camera_name} ({camera_id})", self))
        form.addRow(self.tr("From (WIB)"), self.start_edit)
        form.addRow(self.tr("To (WIB)"), self.end_edit)
        form.addRow(self.tr("Reason *"), self.reason_edit)
        form.addRow(self.tr("Case number *"), self.case_edit)
        form.addRow(self.tr("Requester"), self.requester_edit)
        # For footage that leaves the building: who exported it and each picture's time
        # burned in; the server re-encodes and the manifest says so.
        self.watermark_box = QCheckBox(self.tr("Burn in a watermark (operator and time)"),
                                       self)
        form.addRow("", self.watermark_box)
        # Privacy masks: rectangles blacked out in the export (re-encoded, said in the
        # manifest). Offered to those who may draw them; the server re-encodes for anyone.
        self.masks_button = QPushButton(self.tr("Privacy masks…"), self)
        self.masks_button.setObjectName("export-masks")
        self.masks_label = QLabel(mask_count_text(0), self)
        self.masks_label.setObjectName("export-mask-count")
        self.masks_button.clicked.connect(self._on_masks_clicked)
        mask_row = QWidget(self)
        row = QHBoxLayout(mask_row)
        row.setContentsMargins(0, 0, 0, 0)
        mask_row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row.addWidget(self.masks_button)
        row.addWidget(self.masks_label, 1)
        user = exports.user
        self.masks_offered = user is not None and bool(MASKING_ROLES.intersection(user.roles))
        if self.masks_offered:
            form.addRow("", mask_row)
        else:
            mask_row.hide()

        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("export-problem")
        self.problem_label.setStyleSheet("color: #b45309;")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("export-status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setObjectName("export-start")
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button = QPushButton(self.tr("Open folder"), self)
        self.open_button.setEnabled(False)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)  # the spare height, not the camera's row
        layout.addWidget(self.buttons)
        for edit in (self.start_edit, self.end_edit, self.case_edit):
            edit.textChanged.connect(self._revalidate)
        self.reason_edit.textChanged.connect(self._revalidate)
        exports.created.connect(self._on_exports_created)
        exports.export_changed.connect(self._on_exports_export_changed)
        exports.download_progress.connect(self._on_exports_download_progress)
        exports.downloaded.connect(self._on_exports_downloaded)
        exports.verified.connect(self._on_exports_verified)
        exports.failed.connect(self._on_exports_failed)
        self.resize(560, 420)
        self._revalidate()

    # -- the form ----------------------------------------------------------------------
    def _range(self) -> tuple[datetime | None, datetime | None]:
        def parsed(edit: QLineEdit) -> datetime | None:
            try:
                return parse_wib(edit.text())
            except ValueError:
                return None
        return parsed(self.start_edit), parsed(self.end_edit)

    def _revalidate(self) -> None:
        start, end = self._range()
        problem = form_problem(self.reason_edit.toPlainText(), self.case_edit.text(), start, end)
        self.problem_label.setText(self.tr(problem) if problem else "")
        self.export_button.setEnabled(not problem and self._ticket is None)

    def _lock_form(self) -> None:
        for edit in (self.start_edit, self.end_edit, self.case_edit, self.requester_edit):
            edit.setReadOnly(True)
        self.watermark_box.setEnabled(False)
        self.masks_button.setEnabled(False)
        self.reason_edit.setReadOnly(True)

    @Slot()
    def _on_export_clicked(self) -> None:
        start, end = self._range()
        if form_problem(self.reason_edit.toPlainText(), self.case_edit.text(), start, end):
            return
        self._lock_form()
        self.export_button.setEnabled(False)
        self.progress.show()
        self.progress.setValue(0)
        self.status_label.setText(self.tr("Asking the server…"))
        self._ticket = self._exports.create(
            self._camera_id, start, end, self.reason_edit.toPlainText().strip(),
            self.case_edit.text().strip(), self.requester_edit.text().strip(),
            self._bookmark_id, self.watermark_box.isChecked(),
            self.masks if self.masks_offered else ())

    @Slot()
    def _on_masks_clicked(self) -> None:
        start, _end = self._range()
        dialog = MaskEditorDialog(self._thumbnails, self._camera_id,
                                  start or self._initial_start, self.masks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_masks(dialog.masks))
        self.mask_dialog = dialog
        dialog.open()

    def set_masks(self, masks: tuple[Mask, ...]) -> None:
        self.masks = tuple(masks)
        self.masks_label.setText(mask_count_text(len(self.masks)))

    @Slot()
    def _on_open_clicked(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # -- the service's answers ------------------------------------------------------------
    @Slot(int, object)
    def _on_exports_created(self, ticket: int, job: ExportJob) -> None:
        if ticket == self._ticket:
            self._export_id = job.id

    @Slot(object)
    def _on_exports_export_changed(self, job: ExportJob) -> None:
        if job.id != self._export_id:
            return
        if job.state is ExportState.QUEUED:
            self.status_label.setText(self.tr("Export {0} is queued on the server.").format(job.id))
        elif job.state is ExportState.RUNNING:
            self.status_label.setText(self.tr("The server is cutting the footage…"))
            self.progress.setValue(int(job.progress * 500))
        elif job.state is ExportState.DONE:
            self.progress.setValue(500)
            self.status_label.setText(self.tr("Downloading…"))

    @Slot(int, int, int)
    def _on_exports_download_progress(self, export_id: int, done: int, total: int) -> None:
        if export_id == self._export_id and total:
            self.progress.setValue(500 + int(500 * done / total))

    @Slot(int, str)
    def _on_exports_downloaded(self, export_id: int, path: str) -> None:
        if export_id == self._export_id:
            self.folder = Path(path).parent
            self.open_button.setEnabled(True)
            self.status_label.setText(self.tr("Checking the signature…"))

    @Slot(str, object)
    def _on_exports_verified(self, path: str, result: VerifyResult) -> None:
        if self.folder is None or Path(path) != self.folder:
            return
        self.result = result
        self.progress.setValue(1000)
        sha = (result.manifest or {}).get("file", {}).get("sha256", "")
        if result.ok:
            self.status_label.setText(self.tr("Verified ✓ — signed by the server (key {0}). "
                                              "SHA-256 {1}. Saved in {2}").format(
                result.key_id, sha, str(self.folder)) + self._treatment_text(result.manifest))
            self.status_label.setStyleSheet("color: #15803d;")
        else:
            self.status_label.setText(self.tr("Not verified ✗ — {0}").format(result.failure))
            self.status_label.setStyleSheet("color: #b91c1c;")
        gaps = (result.manifest or {}).get("gaps") or []
        if gaps:  # the footage has holes: say so beside the verdict
            self.status_label.setText(self.status_label.text() + " " + self.tr(
                "The footage has {0} gap(s) (listed in the manifest).").format(len(gaps)))

    def _treatment_text(self, manifest: dict | None) -> str:
        """The manifest's word on re-encoding, as a line after the verdict."""
        if not manifest or not manifest.get("reencoded"):
            return ""
        kinds = [item.get("kind") for item in manifest.get("applied") or ()
                 if isinstance(item, dict)]
        parts = []
        if "watermark" in kinds:
            parts.append(self.tr("watermark burned in"))
        if kinds.count("mask"):
            parts.append(self.tr("privacy masks blacked out: {0}").format(kinds.count("mask")))
        return "\n" + self.tr("Re-encoded: {0}").format(", ".join(parts) or "?")

    @Slot(int, object, str)
    def _on_exports_failed(self, ident: int, kind: ApiErrorKind, message: str) -> None:
        if ident not in (self._ticket, self._export_id):
            return
        if kind is ApiErrorKind.FORBIDDEN:
            text = self.tr("You may not export evidence: {0}").format(message)
        elif kind is ApiErrorKind.UNREACHABLE:
            text = self.tr("The server cannot be reached.")
        else:
            text = self.tr("The export failed: {0}").format(message)
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b91c1c;")
        self.progress.hide()
