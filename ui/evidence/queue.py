"""The export queue: every export the user may follow, its state and how far the server
has got, with Retry for one that failed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.exports import ExportJob, ExportState
from app.services.exports import ExportService
from app.timefmt import format_wib

JOB_ROLE = Qt.ItemDataRole.UserRole


class ExportQueueWidget(QWidget):
    def __init__(self, exports: ExportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-queue")
        self._exports = exports
        self._watching = False
        self.title = QLabel(self.tr("Exports"), self)
        self.list = QTreeWidget(self)
        self.list.setObjectName("export-queue-list")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("No."), self.tr("Camera"), self.tr("State"),
                                   self.tr("From (WIB)"), self.tr("Case")])
        self.list.setColumnWidth(0, 50)
        self.list.setColumnWidth(1, 170)
        self.list.setColumnWidth(2, 140)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setObjectName("export-queue-retry")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        layout.addWidget(self.status_label)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        exports.queue_changed.connect(self._on_exports_queue_changed)
        exports.failed.connect(self._on_exports_failed)
        self._on_exports_queue_changed(exports.queue)

    def state_text(self, job: ExportJob) -> str:
        if job.state is ExportState.QUEUED:
            return self.tr("queued")
        if job.state is ExportState.RUNNING:
            return self.tr("running {0}%").format(int(job.progress * 100))
        if job.state is ExportState.DONE:
            return self.tr("done")
        return self.tr("failed")

    def selected(self) -> ExportJob | None:
        item = self.list.currentItem()
        return item.data(0, JOB_ROLE) if item is not None else None

    def retry_selected(self) -> None:
        job = self.selected()
        if job is not None and job.state is ExportState.FAILED:
            self.status_label.setText(self.tr("Asking the server to retry export {0}…")
                                      .format(job.id))
            self._exports.retry(job.id)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._watching:
            self._watching = True
            self._exports.watch_queue(True)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        if self._watching:
            self._watching = False
            self._exports.watch_queue(False)

    def _update_buttons(self) -> None:
        job = self.selected()
        self.retry_button.setEnabled(job is not None and job.state is ExportState.FAILED)

    @Slot()
    def _on_retry_clicked(self) -> None:
        self.retry_selected()

    @Slot(object)
    def _on_exports_queue_changed(self, jobs: list[ExportJob]) -> None:
        chosen = self.selected()
        self.list.clear()
        running = 0
        for job in jobs:
            item = QTreeWidgetItem([str(job.id), job.camera_name or job.camera_id,
                                    self.state_text(job), format_wib(job.start),
                                    job.case_number])
            item.setData(0, JOB_ROLE, job)
            if job.state is ExportState.FAILED:
                item.setToolTip(2, job.error)
                item.setForeground(2, Qt.GlobalColor.red)
            self.list.addTopLevelItem(item)
            running += not job.state.finished
            if chosen is not None and job.id == chosen.id:
                self.list.setCurrentItem(item)
        self.title.setText(self.tr("Exports — {0} in progress").format(running) if running
                           else self.tr("Exports"))
        self._update_buttons()

    @Slot(int, object, str)
    def _on_exports_failed(self, ident: int, kind: ApiErrorKind, message: str) -> None:
        if any(job.id == ident for job in self._exports.queue) or ident == 0:
            self.status_label.setText(self.tr("Failed: {0}").format(message))
