"""The bookmarks dock: search the bookmarks of the cameras one may see (text, camera, area,
author, tag, time in WIB), and from a found one play, edit, delete, protect or unprotect
it, or export its range as evidence. The server decides who may do what; a refusal is
shown in the dock."""

from __future__ import annotations

import enum

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.bookmarks import Bookmark, BookmarkQuery
from app.api.errors import ApiErrorKind
from app.services.bookmarks import BookmarkService
from app.services.cameras import CameraService
from app.timefmt import format_wib, parse_wib

OVERSEE_ROLES = frozenset({"supervisor", "admin"})  # unprotect, change others' bookmarks
_MARK = Qt.ItemDataRole.UserRole


class Column(enum.IntEnum):
    """The results' columns; the protection early, so a narrow dock still shows it."""
    TIME = 0
    CAMERA = 1
    TITLE = 2
    PROTECTED = 3
    TAGS = 4
    AUTHOR = 5


# Widest a column grows to fit its texts (0: no limit).
COLUMN_MAX_PX = {Column.CAMERA: 150, Column.TITLE: 220, Column.TAGS: 110}


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


class BookmarkEditDialog(QDialog):
    """A bookmark's words: title, description, tags (its range stays)."""

    def __init__(self, mark: Bookmark, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmark-edit-dialog")
        self.setWindowTitle(self.tr("Edit bookmark — {0}").format(mark.title))
        self.mark = mark
        self.title_edit = QLineEdit(mark.title, self)
        self.title_edit.setMaxLength(200)
        self.description_edit = QPlainTextEdit(mark.description, self)
        self.description_edit.setFixedHeight(70)
        self.tags_edit = QLineEdit(", ".join(mark.tags), self)
        self.tags_edit.setPlaceholderText(self.tr("comma separated, e.g. jambret, motor"))
        form = QFormLayout()
        form.addRow(self.tr("Camera"), QLabel(mark.camera_name or mark.camera_id, self))
        form.addRow(self.tr("Time (WIB)"), QLabel(format_wib(mark.at), self))
        form.addRow(self.tr("Title *"), self.title_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.tr("Tags"), self.tags_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self._revalidate)
        self._revalidate()

    def _revalidate(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.title_edit.text().strip()))


class BookmarksDockWidget(QWidget):
    play_requested = Signal(str, object)  # camera id, UTC start of the bookmark
    export_requested = Signal(object)  # the Bookmark whose range is to be exported

    def __init__(self, bookmarks: BookmarkService, cameras: CameraService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarks-dock")
        self._bookmarks = bookmarks
        self._cameras = cameras
        self._searched = False  # a created bookmark re-runs the search once there is one
        self.edit_dialog: BookmarkEditDialog | None = None
        self.confirm_box: QMessageBox | None = None

        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(self.tr("Title, description, tag or camera"))
        self.text_edit.setClearButtonEnabled(True)
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setDefault(True)
        self.camera_combo = QComboBox(self)
        self.area_combo = QComboBox(self)
        for combo in (self.camera_combo, self.area_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.author_edit = QLineEdit(self)
        self.author_edit.setPlaceholderText(self.tr("Author (user name)"))
        self.tag_edit = QLineEdit(self)
        self.tag_edit.setPlaceholderText(self.tr("Tag"))
        self.from_edit = QLineEdit(self)
        self.from_edit.setPlaceholderText(self.tr("From (WIB) 2026-11-22 14:00"))
        self.to_edit = QLineEdit(self)
        self.to_edit.setPlaceholderText(self.tr("To (WIB)"))
        filters = QGridLayout()
        filters.addWidget(self.text_edit, 0, 0)
        filters.addWidget(self.search_button, 0, 1)
        filters.addWidget(self.camera_combo, 1, 0)
        filters.addWidget(self.area_combo, 1, 1)
        filters.addWidget(self.author_edit, 2, 0)
        filters.addWidget(self.tag_edit, 2, 1)
        filters.addWidget(self.from_edit, 3, 0)
        filters.addWidget(self.to_edit, 3, 1)

        self.list = QTreeWidget(self)
        self.list.setObjectName("bookmarks-list")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        headers = {Column.TIME: self.tr("Time (WIB)"), Column.CAMERA: self.tr("Camera"),
                   Column.TITLE: self.tr("Title"), Column.PROTECTED: self.tr("Protected"),
                   Column.TAGS: self.tr("Tags"), Column.AUTHOR: self.tr("Author")}
        self.list.setHeaderLabels([headers[column] for column in Column])
        self.list.header().setStretchLastSection(False)

        self.play_action = QAction(self.tr("Play"), self)
        self.edit_action = QAction(self.tr("Edit…"), self)
        self.delete_action = QAction(self.tr("Delete…"), self)
        self.protect_action = QAction(self.tr("Protect"), self)
        self.unprotect_action = QAction(self.tr("Unprotect"), self)
        self.export_action = QAction(self.tr("Export…"), self)
        self.play_action.triggered.connect(self.play_selected)
        self.edit_action.triggered.connect(self._on_edit_triggered)
        self.delete_action.triggered.connect(self._on_delete_triggered)
        self.protect_action.triggered.connect(lambda: self.protect_selected(True))
        self.unprotect_action.triggered.connect(lambda: self.protect_selected(False))
        self.export_action.triggered.connect(self.export_selected)
        self._actions = (self.play_action, self.edit_action, self.delete_action,
                         self.protect_action, self.unprotect_action, self.export_action)
        self.buttons: dict[QAction, QToolButton] = {}
        row = QHBoxLayout()
        for action in self._actions:
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
            self.buttons[action] = button
        row.addStretch(1)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("bookmarks-status")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.status_label)

        self.search_button.clicked.connect(self.search)
        for edit in (self.text_edit, self.author_edit, self.tag_edit, self.from_edit,
                     self.to_edit):
            edit.returnPressed.connect(self.search)
        self.list.currentItemChanged.connect(lambda *_: self._update_actions())
        self.list.itemDoubleClicked.connect(lambda *_: self.play_selected())
        self.list.customContextMenuRequested.connect(self._on_list_custom_context_menu_requested)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        bookmarks.search_finished.connect(self._on_bookmarks_search_finished)
        bookmarks.updated.connect(self._on_bookmarks_updated)
        bookmarks.deleted.connect(self._on_bookmarks_deleted)
        bookmarks.created.connect(self._on_bookmarks_created)
        bookmarks.failed.connect(self._on_bookmarks_failed)
        self._on_cameras_catalog_changed()
        self._update_actions()

    # -- search ------------------------------------------------------------------------
    def query(self) -> BookmarkQuery | None:
        """The filters as a query, or None (and why, shown) when a time is not one."""
        times = []
        for edit in (self.from_edit, self.to_edit):
            try:
                times.append(parse_wib(edit.text()) if edit.text().strip() else None)
            except ValueError:
                self.status_label.setText(self.tr("Enter times as 2026-11-22 14:03 (WIB)."))
                return None
        return BookmarkQuery(self.text_edit.text(), self.camera_combo.currentData() or "",
                             self.area_combo.currentData() or "", self.author_edit.text(),
                             self.tag_edit.text(), times[0], times[1])

    @Slot()
    def search(self) -> None:
        query = self.query()
        if query is None:
            return
        self._searched = True
        self.status_label.setText(self.tr("Searching…"))
        self._bookmarks.search(query)

    # -- the chosen bookmark -----------------------------------------------------------
    def selected(self) -> Bookmark | None:
        item = self.list.currentItem()
        return item.data(0, _MARK) if item is not None else None

    def _may_oversee(self) -> bool:
        user = self._bookmarks.user
        return user is not None and bool(OVERSEE_ROLES.intersection(user.roles))

    def _may_change(self, mark: Bookmark) -> bool:
        user = self._bookmarks.user
        return user is not None and (mark.author == user.username or self._may_oversee())

    def _update_actions(self) -> None:
        mark = self.selected()
        chosen = mark is not None
        for action in (self.play_action, self.export_action):
            action.setEnabled(chosen)
        self.edit_action.setEnabled(chosen and self._may_change(mark))
        self.delete_action.setEnabled(chosen and not mark.protected and self._may_change(mark))
        self.protect_action.setEnabled(chosen and not mark.protected)
        self.unprotect_action.setEnabled(chosen and mark.protected and self._may_oversee())
        self.unprotect_action.setToolTip(
            "" if self._may_oversee() else self.tr("Only a supervisor may unprotect footage."))
        self.delete_action.setToolTip(self.tr("Unprotect it first.") if chosen and mark.protected
                                      else "")

    @Slot()
    def play_selected(self) -> None:
        mark = self.selected()
        if mark is not None:
            self.play_requested.emit(mark.camera_id, mark.start)

    @Slot()
    def export_selected(self) -> None:
        mark = self.selected()
        if mark is not None:
            self.export_requested.emit(mark)

    def protect_selected(self, on: bool) -> None:
        """Asks the server even where the button is off: it is the server that refuses."""
        mark = self.selected()
        if mark is not None:
            self.status_label.clear()
            self._bookmarks.set_protected(mark.id, on)

    def _on_confirm_clicked(self, box: QMessageBox, button, bookmark_id: int) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.status_label.clear()
            self._bookmarks.delete(bookmark_id)

    def save_edit(self, mark: Bookmark, title: str, description: str, tags: str) -> None:
        self.status_label.clear()
        self._bookmarks.update(mark.id, title=title.strip(), description=description.strip(),
                               tags=split_tags(tags))

    @Slot()
    def _on_edit_triggered(self) -> None:
        mark = self.selected()
        if mark is None:
            return
        dialog = BookmarkEditDialog(mark, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_edit(
            dialog.mark, dialog.title_edit.text(), dialog.description_edit.toPlainText(),
            dialog.tags_edit.text()))
        self.edit_dialog = dialog
        dialog.open()

    @Slot()
    def _on_delete_triggered(self) -> None:
        mark = self.selected()
        if mark is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete bookmark"),
                          self.tr("Delete the bookmark “{0}”?").format(mark.title),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        mark_id = mark.id
        box.buttonClicked.connect(lambda button: self._on_confirm_clicked(box, button, mark_id))
        self.confirm_box = box
        box.open()

    @Slot(QPoint)
    def _on_list_custom_context_menu_requested(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self._actions:
            menu.addAction(action)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    # -- answers -----------------------------------------------------------------------
    def _fill_item(self, item: QTreeWidgetItem, mark: Bookmark) -> None:
        # The header says WIB; the author by user name, as the author filter takes it.
        texts = {Column.TIME: format_wib(mark.at).removesuffix(" WIB"),
                 Column.CAMERA: mark.camera_name or mark.camera_id, Column.TITLE: mark.title,
                 Column.PROTECTED: self.tr("Yes") if mark.protected else "",
                 Column.TAGS: ", ".join(mark.tags), Column.AUTHOR: mark.author}
        for column, text in texts.items():
            item.setText(column, text)
        item.setData(0, _MARK, mark)
        item.setToolTip(Column.TIME, self.tr("{0} to {1}").format(
            format_wib(mark.start), format_wib(mark.end, date=False)))
        item.setToolTip(Column.CAMERA, mark.camera_id)
        item.setToolTip(Column.TITLE, mark.description)
        item.setToolTip(Column.AUTHOR, mark.author_name)
        item.setToolTip(Column.PROTECTED, self.tr("Protected by {0}").format(mark.protected_by)
                        if mark.protected_by else "")

    def _fit_columns(self) -> None:
        """Each column as wide as its texts, but no camera name, title or tag list so
        wide that the author and the protection scroll out of a narrow dock."""
        for column in Column:
            self.list.resizeColumnToContents(column)
            most = COLUMN_MAX_PX.get(column, 0)
            if most and self.list.columnWidth(column) > most:
                self.list.setColumnWidth(column, most)

    def _item(self, bookmark_id: int) -> QTreeWidgetItem | None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, _MARK).id == bookmark_id:
                return item
        return None

    @Slot(object)
    def _on_bookmarks_search_finished(self, found: list[Bookmark]) -> None:
        chosen = self.selected()
        self.list.clear()
        for mark in found:
            item = QTreeWidgetItem()
            self._fill_item(item, mark)
            self.list.addTopLevelItem(item)
            if chosen is not None and mark.id == chosen.id:
                self.list.setCurrentItem(item)
        self._fit_columns()
        self.status_label.setText(self.tr("%n bookmark(s)", "", len(found)))
        self._update_actions()

    @Slot(object)
    def _on_bookmarks_updated(self, mark: Bookmark) -> None:
        item = self._item(mark.id)
        if item is not None:
            self._fill_item(item, mark)
            self._update_actions()

    @Slot(int)
    def _on_bookmarks_deleted(self, bookmark_id: int) -> None:
        item = self._item(bookmark_id)
        if item is not None:
            self.list.takeTopLevelItem(self.list.indexOfTopLevelItem(item))
            self._update_actions()
        self.status_label.setText(self.tr("Bookmark deleted."))

    @Slot(object)
    def _on_bookmarks_created(self, _mark: Bookmark) -> None:
        if self._searched and self.isVisible():
            self.search()

    @Slot(object, str)
    def _on_bookmarks_failed(self, kind: ApiErrorKind, message: str) -> None:
        if kind is ApiErrorKind.FORBIDDEN:
            self.status_label.setText(self.tr("Not allowed: {0}").format(message))
        else:
            self.status_label.setText(self.tr("Failed: {0}").format(message))

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        camera = self.camera_combo.currentData()
        area = self.area_combo.currentData()
        self.camera_combo.clear()
        self.camera_combo.addItem(self.tr("All cameras"), "")
        for cam in sorted(self._cameras.cameras(), key=lambda c: c.name.casefold()):
            self.camera_combo.addItem(f"{cam.name} ({cam.id})", cam.id)
        self.area_combo.clear()
        self.area_combo.addItem(self.tr("All areas"), "")

        def add(area_node, depth: int) -> None:
            self.area_combo.addItem("  " * depth + area_node.name, area_node.id)
            for child in area_node.children:
                add(child, depth + 1)

        for top in self._cameras.areas():
            add(top, 0)
        self.camera_combo.setCurrentIndex(max(0, self.camera_combo.findData(camera or "")))
        self.area_combo.setCurrentIndex(max(0, self.area_combo.findData(area or "")))
