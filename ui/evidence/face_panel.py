"""The export dialog's faces row (issue 17): "Blur faces"; with it, "Find faces" scans the
export's range on the server (with progress) and "Review faces…" opens the face editor
on what was found. Without a scan the server finds the faces itself as it cuts."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.face_scans import FaceScan, ScanState
from app.faces import MAX_SCAN, BlurChoice, FaceReview, FacesToBlur, range_too_long
from app.services.face_scans import FaceScanService
from ui.evidence.face_editor import FaceEditorDialog


class FaceBlurPanel(QWidget):
    changed = Signal()  # the choice, the scan or the review moved: check the form again
    resized = Signal()  # shown more or less: the dialog makes room

    def __init__(self, scans: FaceScanService | None, camera_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-faces")
        self._scans = scans
        self._camera_id = camera_id
        self._ticket: int | None = None
        self._range: tuple[datetime | None, datetime | None] = (None, None)
        self._scan_range: tuple[datetime, datetime] | None = None
        self._failure = ""
        self.review = FaceReview()
        self.editor: FaceEditorDialog | None = None

        self.blur_box = QCheckBox(self.tr("Blur faces (pixelated before the footage leaves)"),
                                  self)
        self.blur_box.setObjectName("export-blur-faces")
        self.find_button = QPushButton(self.tr("Find faces"), self)
        self.find_button.setObjectName("export-find-faces")
        self.review_button = QPushButton(self.tr("Review faces…"), self)
        self.review_button.setObjectName("export-review-faces")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("export-faces-status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details = QWidget(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.find_button)
        row.addWidget(self.review_button)
        row.addWidget(self.progress)
        row.addStretch(1)
        details = QVBoxLayout(self._details)
        details.setContentsMargins(20, 0, 0, 0)
        details.addLayout(row)
        details.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.blur_box)
        layout.addWidget(self._details)
        self._details.hide()
        if scans is None:  # not offered: the server finds the faces itself
            self.find_button.hide()
            self.review_button.hide()
        else:
            scans.progress_changed.connect(self._on_scans_progress_changed)
            scans.finished.connect(self._on_scans_finished)
            scans.failed.connect(self._on_scans_failed)
        self.blur_box.toggled.connect(self._on_blur_box_toggled)
        self.find_button.clicked.connect(self._on_find_clicked)
        self.review_button.clicked.connect(self._on_review_clicked)
        self._show()

    # -- what the dialog asks ------------------------------------------------------------
    @property
    def wanted(self) -> bool:
        return self.blur_box.isChecked()

    @property
    def scanning(self) -> bool:
        return self._ticket is not None

    def choice(self) -> BlurChoice:
        return self.review.choice(self.wanted)

    def faces(self, start: datetime, end: datetime) -> FacesToBlur | None:
        if self.choice() is not BlurChoice.REVIEWED:
            return None
        return self.review.faces(start, end)

    def set_range(self, start: datetime | None, end: datetime | None) -> None:
        """The export's range as the form has it now."""
        self._range = (start, end)
        self._show()

    def stop(self) -> None:
        """The dialog closes: a scan still running is no longer followed."""
        if self._scans is not None and self.scanning:
            self._scans.cancel()
            self._ticket = None

    def lock(self) -> None:
        for widget in (self.blur_box, self.find_button, self.review_button):
            widget.setEnabled(False)

    # -- the supervisor's input ----------------------------------------------------------
    @Slot(bool)
    def _on_blur_box_toggled(self, checked: bool) -> None:
        self._details.setVisible(checked)
        self.resized.emit()
        if not checked:
            self.stop()
        self._show()
        self.changed.emit()

    @Slot()
    def _on_find_clicked(self) -> None:
        start, end = self._range
        if self._scans is None or start is None or end is None or end <= start:
            return
        self.review.forget_scan()
        self._failure = ""
        self._ticket = self._scans.scan(self._camera_id, start, end)
        self._scan_range = (start, end)
        self.progress.setValue(0)
        self._show()
        self.changed.emit()

    @Slot()
    def _on_review_clicked(self) -> None:
        start, end = self.review.scanned_range or self._range
        if start is None or end is None:
            return
        dialog = FaceEditorDialog(self._scans, self._camera_id, self.review, start, end,
                                  self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.take_review(dialog.review))
        self.editor = dialog
        dialog.open()

    def take_review(self, review: FaceReview) -> None:
        self.review = review
        self._show()
        self.changed.emit()

    # -- the scan's answers --------------------------------------------------------------
    @Slot(int, object)
    def _on_scans_progress_changed(self, ticket: int, scan: FaceScan) -> None:
        if ticket == self._ticket:
            self.progress.setValue(int(scan.progress * 1000))
            self._show(scan.state)

    @Slot(int, object)
    def _on_scans_finished(self, ticket: int, scan: FaceScan) -> None:
        if ticket != self._ticket or self._scan_range is None:
            return
        self._ticket = None
        start, end = self._scan_range
        self.review.take_scan(scan.tracks, scan.detector, start, end)
        self._show()
        self.changed.emit()

    @Slot(int, object, str)
    def _on_scans_failed(self, ticket: int, kind: ApiErrorKind, message: str) -> None:
        if ticket != self._ticket:
            return
        self._ticket = None
        if kind is ApiErrorKind.FORBIDDEN:
            self._failure = self.tr("You may not look for faces: {0}").format(message)
        elif kind is ApiErrorKind.UNREACHABLE:
            self._failure = self.tr("The server cannot be reached.")
        else:
            self._failure = self.tr("Finding faces failed: {0}").format(message)
        self._show()
        self.changed.emit()

    # -- what it shows -------------------------------------------------------------------
    def _show(self, state: ScanState | None = None) -> None:
        start, end = self._range
        too_long = range_too_long(start, end)
        self.progress.setVisible(self.scanning)
        self.find_button.setEnabled(not too_long and start is not None and end is not None
                                    and not self.scanning)
        self.find_button.setText(self.tr("Find faces again") if self.review.scanned
                                 else self.tr("Find faces"))
        self.review_button.setEnabled(self.review.scanned and not self.scanning)
        self.status_label.setStyleSheet("")
        if too_long:
            minutes = (end - start).total_seconds() / 60
            text = self.tr("Faces are looked for in at most {0} minutes of footage; this "
                           "range is {1:.0f} minutes. Export a shorter range, or several."
                           ).format(int(MAX_SCAN.total_seconds() // 60), minutes)
            self.status_label.setStyleSheet("color: #b45309;")
        elif self.scanning:
            text = (self.tr("Waiting for the server's face detector…")
                    if state is ScanState.QUEUED or state is None else
                    self.tr("Finding faces… {0}%").format(self.progress.value() // 10))
        elif self._failure:
            text = self._failure
            self.status_label.setStyleSheet("color: #b91c1c;")
        elif self.review.stale(start, end):
            text = self.tr("The range changed since the faces were found: find them again.")
            self.status_label.setStyleSheet("color: #b45309;")
        elif self.review.scanned:
            total = len(self.review.tracks)
            text = self.tr("{0} face track(s) found: {1} blurred, {2} dropped as no face; "
                           "{3} box(es) drawn. Review them before exporting.").format(
                total, self.review.kept, total - self.review.kept, len(self.review.drawn))
        elif self._scans is not None:
            text = self.tr("The server finds the faces itself as it cuts the export. Find "
                           "them first to see them, untick what is no face and add any it "
                           "missed.")
        else:
            text = self.tr("The server finds the faces itself as it cuts the export.")
        if text != self.status_label.text():
            self.status_label.setText(text)
            self.resized.emit()
