"""Import cameras from a CSV or JSON file: a dry run first, its report shown line by
line (errors highlighted) with a summary, then Import, which stays disabled while any
line has an error. A real run the server refuses shows the server's report too."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import camera_forms as forms
from app.api.admin import ImportOutcome, ImportReport
from app.services.admin import AdminAction, AdminService
from ui.admin.camera_texts import (
    ERROR_BACKGROUND,
    ERROR_FOREGROUND,
    FAILURE_STYLE,
    outcome_text,
)


class ImportDialog(QDialog):
    def __init__(self, admin: AdminService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.setWindowTitle(self.tr("Import cameras"))
        self._admin = admin
        self._path: Path | None = None
        self._running_dry: bool | None = None  # the run under way: dry or real
        self.report: ImportReport | None = None  # the last report shown
        self.imported = False
        self.file_label = QLabel(self.tr("No file chosen."), self)
        self.file_label.setObjectName("import-file")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose a file…"), self)
        self.choose_button.setObjectName("import-choose")
        help_label = QLabel(self.tr(
            "A CSV file with a header line (id, name, area, main_url, … as the server's "
            "README lists them) or the same as a JSON list. A dry run checks every line "
            "first; nothing is imported until you press Import."), self)
        help_label.setWordWrap(True)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("import-report")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Camera"), self.tr("Outcome"), self.tr("Message")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("import-summary")
        self.summary_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("import-message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(FAILURE_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import-run")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_import_clicked)
        self.buttons.rejected.connect(self.reject)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addLayout(file_row)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        admin.import_finished.connect(self._on_admin_import_finished)
        admin.failed.connect(self._on_admin_failed)
        self.resize(860, 520)

    # -- the file ---------------------------------------------------------------------
    @Slot()
    def _on_choose_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import cameras"), str(Path.home()),  # not the program's folder
            self.tr("Camera lists (*.csv *.json);;All files (*)"))
        if name:
            self.check_file(Path(name))

    def check_file(self, path: Path) -> None:
        """A dry run of ``path``: its report replaces the last one."""
        self._path = path
        self.file_label.setText(str(path))
        self._show(None)
        self.message_label.clear()
        self._start(dry_run=True)

    def _start(self, dry_run: bool) -> None:
        assert self._path is not None
        self._running_dry = dry_run
        self.busy_bar.show()
        self.summary_label.setText(self.tr("Checking every line…") if dry_run
                                   else self.tr("Importing…"))
        self._update_buttons()
        self._admin.import_file(self._path, dry_run)

    @Slot()
    def _on_import_clicked(self) -> None:
        if self._path is not None and forms.can_import(self.report) and not self._busy():
            self.message_label.clear()
            self._start(dry_run=False)

    # -- answers ----------------------------------------------------------------------
    @Slot(object)
    def _on_admin_import_finished(self, report: ImportReport) -> None:
        if self._running_dry is None or report.dry_run != self._running_dry:
            return
        self._running_dry = None
        self.busy_bar.hide()
        if not report.dry_run:
            self.imported = True
        self._show(report)

    @Slot(object, str, object)
    def _on_admin_failed(self, action: AdminAction, message: str,
                         report: ImportReport | None) -> None:
        if action is not AdminAction.IMPORT or self._running_dry is None:
            return
        self._running_dry = None
        self.busy_bar.hide()
        self._show(report)  # a refused real run: the server's report, line by line
        self.message_label.setText(self.tr("Not imported: {0}").format(message))

    def _busy(self) -> bool:
        return self._running_dry is not None

    def _show(self, report: ImportReport | None) -> None:
        self.report = report
        lines = report.lines if report is not None else ()
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = [str(line.line), line.camera_id, outcome_text(line.outcome), line.message]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if line.outcome is ImportOutcome.ERROR:
                    item.setBackground(QBrush(ERROR_BACKGROUND))
                    item.setForeground(QBrush(ERROR_FOREGROUND))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.summary_label.setText(self._summary(report))
        self._update_buttons()

    def _summary(self, report: ImportReport | None) -> str:
        if report is None:
            return ""
        count = forms.report_summary(report)
        if not report.dry_run and count.error:  # a real run the server refused
            return self.tr("Nothing was imported: {0} of {1} lines have errors.").format(
                count.error, count.total)
        if report.dry_run:
            text = self.tr("Dry run of {0} lines: {1} to create, {2} to update, {3} unchanged, "
                           "{4} with errors.")
        else:
            text = self.tr("Imported {0} lines: {1} created, {2} updated, {3} unchanged, "
                           "{4} with errors.")
        text = text.format(count.total, count.create, count.update, count.unchanged,
                           count.error)
        if report.dry_run and count.error:
            text += " " + self.tr("Correct the lines marked in red and choose the file again.")
        elif report.dry_run and not forms.can_import(report):
            text += " " + self.tr("Nothing to import.")
        return text

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(not self._busy() and not self.imported
                                      and forms.can_import(self.report))
        self.choose_button.setEnabled(not self._busy())

    def done(self, result: int) -> None:
        for signal, slot in ((self._admin.import_finished, self._on_admin_import_finished),
                             (self._admin.failed, self._on_admin_failed)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().done(result)
