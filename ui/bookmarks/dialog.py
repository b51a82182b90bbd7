"""Bookmark a moment: its time (WIB), how much before and after to keep, a title, a
description, tags, and whether to protect the footage from retention."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.api.bookmarks import Bookmark
from app.api.errors import ApiErrorKind
from app.services.bookmarks import BookmarkService
from app.timefmt import format_wib, parse_wib


class BookmarkDialog(QDialog):
    def __init__(self, bookmarks: BookmarkService, camera_id: str, camera_name: str,
                 at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmark-dialog")
        self.setWindowTitle(self.tr("Bookmark — {0}").format(camera_name))
        self._bookmarks = bookmarks
        self._camera_id = camera_id
        self._sent = False
        self.created: Bookmark | None = None

        self.at_edit = QLineEdit(format_wib(at), self)
        self.pre_roll = QSpinBox(self)
        self.pre_roll.setRange(0, 3600)
        self.pre_roll.setValue(10)
        self.pre_roll.setSuffix(self.tr(" s before"))
        self.post_roll = QSpinBox(self)
        self.post_roll.setRange(0, 3600)
        self.post_roll.setValue(20)
        self.post_roll.setSuffix(self.tr(" s after"))
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(self.tr("What happened, in a few words"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setFixedHeight(70)
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText(self.tr("comma separated, e.g. jambret, motor"))
        self.protect_box = QCheckBox(self.tr("Protect the footage from retention"), self)
        form = QFormLayout()
        form.addRow(self.tr("Camera"), QLabel(f"{camera_name} ({camera_id})", self))
        form.addRow(self.tr("Time (WIB)"), self.at_edit)
        form.addRow(self.tr("Keep"), self.pre_roll)
        form.addRow("", self.post_roll)
        form.addRow(self.tr("Title *"), self.title_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.tr("Tags"), self.tags_edit)
        form.addRow("", self.protect_box)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #b45309;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self._revalidate)
        self.at_edit.textChanged.connect(self._revalidate)
        bookmarks.created.connect(self._on_bookmarks_created)
        bookmarks.failed.connect(self._on_bookmarks_failed)
        self._revalidate()

    def _time(self) -> datetime | None:
        try:
            return parse_wib(self.at_edit.text())
        except ValueError:
            return None

    def _revalidate(self) -> None:
        problem = ""
        if self._time() is None:
            problem = self.tr("Enter the time as 2026-11-22 14:03:05 (WIB).")
        elif not self.title_edit.text().strip():
            problem = self.tr("Give the bookmark a title.")
        self.problem_label.setText(problem)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problem and not self._sent)

    @Slot()
    def _on_save_clicked(self) -> None:
        at = self._time()
        if at is None or not self.title_edit.text().strip() or self._sent:
            return
        self._sent = True
        self._revalidate()
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        self._bookmarks.create(self._camera_id, at, self.pre_roll.value(),
                               self.post_roll.value(), self.title_edit.text().strip(),
                               self.description_edit.toPlainText().strip(), tags,
                               protect=self.protect_box.isChecked())

    @Slot(object)
    def _on_bookmarks_created(self, mark: Bookmark) -> None:
        if self._sent and self.created is None and mark.camera_id == self._camera_id:
            self.created = mark
            self.accept()

    @Slot(object, str)
    def _on_bookmarks_failed(self, kind: ApiErrorKind, message: str) -> None:
        if self._sent and self.created is None:
            self._sent = False
            self.problem_label.setText(self.tr("Not saved: {0}").format(message))
            self._revalidate()
            self.problem_label.setText(self.tr("Not saved: {0}").format(message))
