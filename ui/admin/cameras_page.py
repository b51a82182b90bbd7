"""The Administration section's Cameras page: every camera with its state, a search, and
Add / Edit / Disable-Enable / Remove / Import. Each action goes through AdminService and
its answer (or the server's refusal) shows on the page.

The table is a model over AdminService's list, so a city's thousands of cameras cost one
row object each, not a widget per cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import camera_forms as forms
from app.api.admin import AdminCamera
from app.services.admin import AdminAction, AdminService
from app.services.cameras import CameraService
from ui.admin.camera_dialog import CameraDialog
from ui.admin.camera_texts import FAILURE_STYLE, STATE_COLOURS, state_text
from ui.admin.import_dialog import ImportDialog
from ui.shell.i18n import language_notifier

CameraIdRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


class Column:
    ID, NAME, AREA, DEVICE, STREAMS, RECORD, RETENTION, NODE, STATE = range(9)
    COUNT = 9


def _dot(colour: QColor) -> QIcon:
    picture = QPixmap(12, 12)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(picture)


class CamerasTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cameras: list[AdminCamera] = []
        self._dots = {state: _dot(colour) for state, colour in STATE_COLOURS.items()}
        self._headers: list[str] = [""] * Column.COUNT

    def set_cameras(self, cameras: list[AdminCamera]) -> None:
        self.beginResetModel()
        self._cameras = list(cameras)
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        self._headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, Column.COUNT - 1)

    def camera(self, row: int) -> AdminCamera:
        return self._cameras[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._cameras)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else Column.COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        camera = self._cameras[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(camera, column)
        if role == CameraIdRole:
            return camera.id
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATE:
            return STATE_COLOURS[camera.state]
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATE:
            return self._dots[camera.state]
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STREAMS:
            return "\n".join(f"{s.profile}: {forms.stream_text(s)}  {s.url}"
                             for s in forms.ordered_streams(camera.streams))
        if role == Qt.ItemDataRole.ForegroundRole and not camera.enabled:
            return QColor("#8a8f98")  # a disabled camera's row reads greyed
        return None

    def _text(self, camera: AdminCamera, column: int) -> str:
        if column == Column.ID:
            return camera.id
        if column == Column.NAME:
            return camera.name
        if column == Column.AREA:
            return " / ".join(camera.area_path) or camera.area_id
        if column == Column.DEVICE:
            return " ".join(p for p in (camera.vendor, camera.model) if p)
        if column == Column.STREAMS:
            if camera.streams and not any(s.codec or s.width for s in camera.streams):
                # imported: the server keeps the URLs, codec and size come with a probe
                return self.tr("{0} stream(s), not probed").format(len(camera.streams))
            return forms.streams_summary(camera.streams)
        if column == Column.RECORD:
            return self.tr("on") if camera.record else self.tr("off")
        if column == Column.RETENTION:
            if camera.retention_days is None:
                return self.tr("default")
            return f"{camera.retention_days:g}"
        if column == Column.NODE:
            return camera.pinned_node or self.tr("any")
        if column == Column.STATE:
            return state_text(camera.state)
        return ""


class CameraFilterModel(QSortFilterProxyModel):
    """Keeps the rows app.camera_forms.matches keeps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""

    def set_query(self, query: str) -> None:
        self._query = query
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, _source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CamerasTableModel)
        return forms.matches(model.camera(source_row), self._query)


class CamerasPage(QWidget):
    def __init__(self, admin: AdminService, catalog: CameraService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameras-page")
        self._admin = admin
        self._catalog = catalog
        self.dialog: CameraDialog | ImportDialog | None = None  # the one open, if any
        self.confirm_box: QMessageBox | None = None
        self.model = CamerasTableModel(self)
        self.proxy = CameraFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("cameras-search")
        self.search_edit.setClearButtonEnabled(True)
        self.table = QTableView(self)
        self.table.setObjectName("cameras-table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.ID, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # No alternating rows: the dark theme styles none, and Qt's default is white.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Widths that fit a 1080p Full HD administration window; the administrator drags
        # the rest (a narrower window scrolls rather than squeezing names to "Tam…").
        for column, width in ((Column.ID, 80), (Column.NAME, 180), (Column.AREA, 170),
                              (Column.DEVICE, 160), (Column.STREAMS, 340),
                              (Column.RECORD, 70), (Column.RETENTION, 100),
                              (Column.NODE, 120),
                              (Column.STATE, 100)):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(False)  # one line a camera; the tooltip has the rest
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("camera-add")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("camera-edit")
        self.toggle_button = QPushButton(self)
        self.toggle_button.setObjectName("camera-toggle")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("camera-remove")
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("camera-import")
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("camera-refresh")
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("cameras-message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(FAILURE_STYLE)
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        for button in (self.add_button, self.edit_button, self.toggle_button,
                       self.remove_button, self.import_button, self.refresh_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.message_label, 1)
        footer.addWidget(self.count_label)
        layout.addLayout(footer)

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.refresh_button.clicked.connect(self.reload)
        admin.cameras_changed.connect(self._on_admin_cameras_changed)
        admin.failed.connect(self._on_admin_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self._on_admin_cameras_changed(admin.cameras)

    def showEvent(self, event: QShowEvent) -> None:
        # Fresh states (online, offline) each time the page is looked at, not before.
        super().showEvent(event)
        self.reload()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cameras"))  # the administration window's tab
        self.search_edit.setPlaceholderText(
            self.tr("Search by id, name, area, vendor, tag or state…"))
        self.add_button.setText(self.tr("Add…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.remove_button.setText(self.tr("Remove…"))
        self.import_button.setText(self.tr("Import CSV/JSON…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.model.set_headers([self.tr("Id"), self.tr("Name"), self.tr("Area"),
                                self.tr("Vendor / model"), self.tr("Streams"),
                                self.tr("Recording"), self.tr("Retention (days)"),
                                self.tr("Recording node"), self.tr("State")])
        self._update_buttons()
        self._update_count()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
        self.model.layoutChanged.emit()  # state and on/off words in the cells

    @Slot()
    def reload(self) -> None:
        self._admin.load_cameras()

    # -- the table --------------------------------------------------------------------
    def selected_camera(self) -> AdminCamera | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.camera(self.proxy.mapToSource(rows[0]).row())

    def visible_ids(self) -> list[str]:
        return [self.proxy.index(row, 0).data(CameraIdRole)
                for row in range(self.proxy.rowCount())]

    def row_texts(self, camera_id: str) -> list[str]:
        """What the table shows for a camera, left to right (empty if not shown)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(CameraIdRole) == camera_id:
                return [self.proxy.index(row, c).data() for c in range(Column.COUNT)]
        return []

    def select(self, camera_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(CameraIdRole) == camera_id:
                self.table.selectRow(row)
                return True
        return False

    @Slot(object)
    def _on_admin_cameras_changed(self, cameras: list[AdminCamera]) -> None:
        chosen = self.selected_camera()
        self.model.set_cameras(cameras)
        if chosen is not None:
            self.select(chosen.id)
        self._update_buttons()
        self._update_count()

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    @Slot()
    def _on_table_selection_changed(self, *_args) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        camera = self.selected_camera()
        for button in (self.edit_button, self.toggle_button, self.remove_button):
            button.setEnabled(camera is not None)
        enabled = camera is None or camera.enabled
        self.toggle_button.setText(self.tr("Disable") if enabled else self.tr("Enable"))

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{0} of {1} cameras").format(
            self.proxy.rowCount(), self.model.rowCount()))

    # -- actions ----------------------------------------------------------------------
    @Slot()
    def _on_add_clicked(self) -> None:
        self._open(CameraDialog(self._admin, self._catalog.areas(), None, self))

    @Slot()
    def _on_edit_clicked(self, *_args) -> None:
        camera = self.selected_camera()
        if camera is not None:
            self._open(CameraDialog(self._admin, self._catalog.areas(), camera, self))

    @Slot()
    def _on_import_clicked(self) -> None:
        self._open(ImportDialog(self._admin, self))

    def _open(self, dialog: CameraDialog | ImportDialog) -> None:
        self.message_label.clear()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        changed = isinstance(dialog, CameraDialog) and dialog.saved is not None
        changed |= isinstance(dialog, ImportDialog) and dialog.imported
        if changed:
            self._catalog.load()  # the operators' tree shows the new or moved camera
        if isinstance(dialog, CameraDialog) and dialog.saved is not None:
            self.select(dialog.saved.id)

    @Slot()
    def _on_toggle_clicked(self) -> None:
        camera = self.selected_camera()
        if camera is not None:
            self.message_label.clear()
            self._admin.update_camera(camera.id, {"enabled": not camera.enabled})
            self._catalog.load()

    @Slot()
    def _on_remove_clicked(self) -> None:
        camera = self.selected_camera()
        if camera is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove camera"),
                          self.tr("Remove camera {0} ({1})?").format(camera.name, camera.id),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("camera-remove-confirm")
        box.setInformativeText(self.tr(
            "It leaves every list, wall and recording at once. Its footage is kept until "
            "retention deletes it; bookmarks and exports stay."))
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        camera_id = camera.id

        def answered(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() == remove:
                self._admin.remove_camera(camera_id)
                self._catalog.load()

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    @Slot(object, str, object)
    def _on_admin_failed(self, action: AdminAction, message: str, _report) -> None:
        if action in (AdminAction.LOAD_CAMERAS, AdminAction.REMOVE_CAMERA):
            self.message_label.setText(message)
        elif action is AdminAction.SAVE_CAMERA and self.dialog is None:
            self.message_label.setText(self.tr("Not changed: {0}").format(message))
        elif action is AdminAction.PIN_CAMERA:
            self.message_label.setText(
                self.tr("Saved, but its recording node was not set: {0}").format(message))

