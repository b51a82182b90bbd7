"""Export a camera's range as signed evidence: the range (WIB), the reason and the case
number (both required), who asked; then the server's progress, the download and the
verifier's answer. Other cameras may be ticked for the same range: one export each,
downloaded together into one folder (one package)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, QUrl, Slot
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
from app.domain import Camera
from app.faces import BlurProblem, blur_problem
from app.masks import Mask
from app.services.exports import ExportService
from app.services.face_scans import FaceScanService
from app.services.thumbnails import ThumbnailService
from app.timefmt import format_wib, parse_wib
from app.verify import VerifyResult
from ui.evidence.camera_picker import CameraPickerWidget
from ui.evidence.face_panel import FaceBlurPanel
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


def group_name(case_number: str, start: datetime) -> str:
    """The folder several cameras' exports are downloaded into: says the case and when."""
    case = re.sub(r"[^A-Za-z0-9_-]+", "_", case_number.strip())[:60].strip("_")
    return f"pantau-{case or 'export'}-{start.strftime('%Y%m%dT%H%M%SZ')}"


class ExportDialog(QDialog):
    def __init__(self, exports: ExportService, camera_id: str, camera_name: str,
                 start: datetime, end: datetime, parent: QWidget | None = None, *,
                 requester: str = "", bookmark_id: int | None = None,
                 thumbnails: ThumbnailService | None = None,
                 cameras: list[Camera] = (),
                 face_scans: FaceScanService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-dialog")
        self._exports = exports
        self._thumbnails = thumbnails
        self._camera_id = camera_id
        self._initial_start = start
        self.masks: tuple[Mask, ...] = ()
        self.mask_dialog: MaskEditorDialog | None = None
        self._bookmark_id = bookmark_id
        self._ticket: int | None = None  # the first camera's; set once Export is pressed
        self._tickets: set[int] = set()
        self._export_id: int | None = None
        self._export_ids: list[int] = []
        self._wanted = 0  # exports asked for
        self._fractions: dict[int, float] = {}  # export id -> 0..1 (server, then download)
        self._folders: dict[int, Path] = {}  # export id -> where it was downloaded
        self._results: dict[int, VerifyResult] = {}
        self._group: Path | None = None
        self.folder: Path | None = None
        self.result: VerifyResult | None = None
        self.results: dict[int, VerifyResult] = self._results
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
        # More cameras, the same range: a checkable list of the user's cameras.
        self.picker: CameraPickerWidget | None = None
        self.cameras_button = QPushButton(self.tr("More cameras, same range…"), self)
        self.cameras_button.setObjectName("export-more-cameras")
        self.cameras_button.setCheckable(True)
        if cameras:
            self.picker = CameraPickerWidget(list(cameras), [camera_id], self, distances=False)
            self.picker.setMinimumHeight(160)
            self.picker.hide()
            self.cameras_button.toggled.connect(self.picker.setVisible)
            self.picker.checked_changed.connect(self._on_picker_checked_changed)
            form.addRow("", self.cameras_button)
            form.addRow("", self.picker)
        else:
            self.cameras_button.hide()
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
        # Issue 17: Content Credentials any C2PA verifier reads, and each picture's time.
        self.c2pa_box = QCheckBox(self.tr("Content Credentials (C2PA) and each picture's "
                                          "UTC time"), self)
        self.c2pa_box.setObjectName("export-c2pa")
        self.c2pa_box.setChecked(True)
        self.c2pa_box.setToolTip(self.tr(
            "A C2PA manifest inside the MP4, signed by the server: any C2PA verifier shows "
            "who exported it and that it was not changed. Each picture's UTC time goes in "
            "a file beside it."))
        form.addRow("", self.c2pa_box)
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
        # Faces pixelated (issue 17): anyone may ask the server to find them as it cuts;
        # those who draw masks may find them first and correct them.
        self.faces = FaceBlurPanel(
            (face_scans or exports.face_scans) if self.masks_offered else None,
            camera_id, self)
        form.addRow("", self.faces)

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
        self.faces.changed.connect(self._revalidate)
        self.faces.resized.connect(self._fit_height)
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

    def checked_cameras(self) -> list[str]:
        """The cameras to export, the dialog's own first."""
        if self.picker is None:
            return [self._camera_id]
        ticked = self.picker.checked_ids()
        return sorted(ticked, key=lambda c: c != self._camera_id)

    def _problem(self) -> str:
        start, end = self._range()
        problem = form_problem(self.reason_edit.toPlainText(), self.case_edit.text(), start, end)
        if problem:
            return self.tr(problem)
        cameras = self.checked_cameras()
        if not cameras:
            return self.tr("Tick at least one camera.")
        if len(cameras) > 1 and self.masks and self.masks_offered:
            return self.tr("Privacy masks are drawn for one camera: export the others "
                           "separately.")
        return self._faces_problem(start, end, len(cameras))

    def _faces_problem(self, start: datetime, end: datetime, cameras: int) -> str:
        problem = blur_problem(self.faces.review, self.faces.wanted, start, end, cameras,
                               self.faces.scanning)
        if problem is BlurProblem.TOO_LONG:
            return self.tr("Faces are blurred in at most 15 minutes of footage: export a "
                           "shorter range, or untick Blur faces.")
        if problem is BlurProblem.SCANNING:
            return self.tr("Wait until the faces are found.")
        if problem is BlurProblem.STALE:
            return self.tr("The range changed since the faces were found: find them again.")
        if problem is BlurProblem.SEVERAL_CAMERAS:
            return self.tr("The faces were reviewed for one camera: export the others "
                           "separately.")
        if problem is BlurProblem.TOO_MANY:
            return self.tr("Too many faces to send (at most 200 tracks): export a shorter "
                           "range.")
        return ""

    def _revalidate(self) -> None:
        self.faces.set_range(*self._range())
        problem = self._problem()
        self.problem_label.setText(problem)
        self.export_button.setEnabled(not problem and self._ticket is None)
        count = len(self.checked_cameras())
        self.export_button.setText(self.tr("Export {0} cameras").format(count) if count > 1
                                   else self.tr("Export"))

    @Slot()
    def _fit_height(self) -> None:
        # The faces' row and the verdict grow (buttons, wrapped lines): the dialog grows
        # with them rather than squeezing them (a wrapped label's height is not a minimum
        # the layout keeps).
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    @Slot()
    def _on_picker_checked_changed(self) -> None:
        self._revalidate()

    def _lock_form(self) -> None:
        for edit in (self.start_edit, self.end_edit, self.case_edit, self.requester_edit):
            edit.setReadOnly(True)
        self.watermark_box.setEnabled(False)
        self.c2pa_box.setEnabled(False)
        self.masks_button.setEnabled(False)
        self.faces.lock()
        self.reason_edit.setReadOnly(True)
        if self.picker is not None:
            self.picker.setEnabled(False)

    @Slot()
    def _on_export_clicked(self) -> None:
        start, end = self._range()
        if self._problem():
            return
        cameras = self.checked_cameras()
        self._lock_form()
        self.export_button.setEnabled(False)
        self.progress.show()
        self.progress.setValue(0)
        self.status_label.setText(self.tr("Asking the server…"))
        group = group_name(self.case_edit.text(), start) if len(cameras) > 1 else ""
        if group:
            self._group = self._exports.export_dir() / group
        self._wanted = len(cameras)
        for camera_id in cameras:
            ticket = self._exports.create(
                camera_id, start, end, self.reason_edit.toPlainText().strip(),
                self.case_edit.text().strip(), self.requester_edit.text().strip(),
                self._bookmark_id if camera_id == self._camera_id else None,
                self.watermark_box.isChecked(),
                self.masks if self.masks_offered and not group else (), group,
                self.faces.choice(), self.faces.faces(start, end), self.c2pa_box.isChecked())
            self._tickets.add(ticket)
            if self._ticket is None:
                self._ticket = ticket

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
        self._revalidate()

    def done(self, result: int) -> None:
        self.faces.stop()
        super().done(result)

    @Slot()
    def _on_open_clicked(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # -- the service's answers ------------------------------------------------------------
    def _show_progress(self) -> None:
        if self._fractions:
            done = sum(self._fractions.values()) / max(self._wanted, 1)
            self.progress.setValue(int(done * 1000))

    @Slot(int, object)
    def _on_exports_created(self, ticket: int, job: ExportJob) -> None:
        if ticket in self._tickets:
            self._export_ids.append(job.id)
            self._fractions[job.id] = 0.0
            if ticket == self._ticket:
                self._export_id = job.id

    @Slot(object)
    def _on_exports_export_changed(self, job: ExportJob) -> None:
        if job.id not in self._fractions:
            return
        several = self._wanted > 1
        if job.state is ExportState.QUEUED:
            self.status_label.setText(self.tr("Export {0} is queued on the server.").format(job.id))
        elif job.state is ExportState.RUNNING:
            self.status_label.setText(
                self.tr("The server is cutting the footage of {0}…").format(job.camera_name)
                if several else self.tr("The server is cutting the footage…"))
            self._fractions[job.id] = job.progress / 2
        elif job.state is ExportState.DONE:
            self._fractions[job.id] = 0.5
            self.status_label.setText(self.tr("Downloading…"))
        self._show_progress()

    @Slot(int, int, int)
    def _on_exports_download_progress(self, export_id: int, done: int, total: int) -> None:
        if export_id in self._fractions and total:
            self._fractions[export_id] = 0.5 + 0.5 * done / total
            self._show_progress()

    @Slot(int, str)
    def _on_exports_downloaded(self, export_id: int, path: str) -> None:
        if export_id in self._fractions:
            self._folders[export_id] = Path(path).parent
            self.folder = self._group or Path(path).parent
            self.open_button.setEnabled(True)
            self.status_label.setText(self.tr("Checking the signature…"))

    @Slot(str, object)
    def _on_exports_verified(self, path: str, result: VerifyResult) -> None:
        found = [i for i, folder in self._folders.items() if folder == Path(path)]
        if not found:
            return
        QTimer.singleShot(0, self, self._fit_height)  # once the verdict is written
        self._results[found[0]] = result
        if len(self._results) < self._wanted:
            self.status_label.setText(self.tr("Verified {0} of {1}…").format(
                len(self._results), self._wanted))
            return
        self.progress.setValue(1000)
        if self._wanted > 1:
            self._show_several()
            return
        self.result = result
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

    def _show_several(self) -> None:
        """The verdict on a package of several cameras: all verified, or the first not."""
        results = [self._results[i] for i in self._export_ids if i in self._results]
        bad = next((r for r in results if not r.ok), None)
        self.result = bad or results[-1]
        if bad is None:
            self.status_label.setText(self.tr(
                "Verified ✓ — {0} exports, one per camera, signed by the server (key {1}). "
                "Saved together in {2}").format(len(results), results[-1].key_id,
                                                str(self.folder)))
            self.status_label.setStyleSheet("color: #15803d;")
        else:
            camera = (bad.manifest or {}).get("camera", {}).get("name", "")
            self.status_label.setText(self.tr("Not verified ✗ — {0}: {1}").format(
                camera, bad.failure))
            self.status_label.setStyleSheet("color: #b91c1c;")

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
        parts.extend(self._face_blur_text(item) for item in manifest.get("applied") or ()
                     if isinstance(item, dict) and item.get("kind") == "face_blur")
        return "\n" + self.tr("Re-encoded: {0}").format(", ".join(parts) or "?")

    def _face_blur_text(self, applied: dict) -> str:
        """The manifest's face_blur entry in a few words: tracks, pictures, dropped."""
        frames = sum(last - first + 1 for first, last in applied.get("frames") or ()
                     if isinstance(first, int) and isinstance(last, int))
        return self.tr("faces pixelated: {0} track(s) in {1} picture(s), {2} dropped as no "
                       "face").format(len(applied.get("tracks") or ()), frames,
                                      len(applied.get("dropped_by_supervisor") or ()))

    @Slot(int, object, str)
    def _on_exports_failed(self, ident: int, kind: ApiErrorKind, message: str) -> None:
        if ident not in self._tickets and ident not in self._fractions:
            return
        QTimer.singleShot(0, self, self._fit_height)
        if kind is ApiErrorKind.FORBIDDEN:
            text = self.tr("You may not export evidence: {0}").format(message)
        elif kind is ApiErrorKind.UNREACHABLE:
            text = self.tr("The server cannot be reached.")
        else:
            text = self.tr("The export failed: {0}").format(message)
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b91c1c;")
        self.progress.hide()
