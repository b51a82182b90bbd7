"""The camera tree: kota → kecamatan → kelurahan → RW → RT with cameras as leaves,
filtered as the operator types, dragged or double-clicked onto the wall."""

from __future__ import annotations

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Area, Camera, CameraStatus
from app.services.cameras import CameraService
from app.services.wall import WallService
from ui.i18n import language_notifier
from ui.resources import icon

CAMERA_IDS_MIME = "application/x-pantau-camera-ids"
CameraIdRole = Qt.ItemDataRole.UserRole + 1
AreaIdRole = Qt.ItemDataRole.UserRole + 2
CameraCountRole = Qt.ItemDataRole.UserRole + 3


def encode_camera_ids(ids: list[str]) -> bytes:
    return "\n".join(ids).encode("utf-8")


def decode_camera_ids(data: bytes) -> list[str]:
    return [line for line in bytes(data).decode("utf-8", "replace").split("\n") if line]


class CameraTreeModel(QStandardItemModel):
    """Areas and cameras as items; a drag carries the ids of every camera it covers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = {name: icon(name) for name in ("area", "camera", "camera-ptz")}

    def rebuild(self, areas: list[Area], cameras: list[Camera], other_label: str) -> None:
        self.clear()
        by_area: dict[str, list[Camera]] = {}
        for camera in cameras:
            by_area.setdefault(camera.area_id, []).append(camera)
        known: set[str] = set()
        root = self.invisibleRootItem()
        for area in areas:
            item = self._area_item(area, by_area, known)
            if item is not None:
                root.appendRow(item)
        strays = [c for area_id, cams in by_area.items() if area_id not in known for c in cams]
        if strays:  # cameras whose area the user cannot see: still reachable
            other = QStandardItem(self._icons["area"], other_label)
            other.setEditable(False)
            for camera in sorted(strays, key=lambda c: c.name.casefold()):
                other.appendRow(self._camera_item(camera))
            root.appendRow(other)

    def camera_ids_under(self, index: QModelIndex) -> list[str]:
        camera_id = index.data(CameraIdRole)
        if camera_id:
            return [camera_id]
        ids: list[str] = []
        for row in range(self.rowCount(index)):
            ids.extend(self.camera_ids_under(self.index(row, 0, index)))
        return ids

    def mimeTypes(self) -> list[str]:
        return [CAMERA_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids: list[str] = []
        for index in indexes:
            for camera_id in self.camera_ids_under(index):
                if camera_id not in ids:
                    ids.append(camera_id)
        data = QMimeData()
        data.setData(CAMERA_IDS_MIME, encode_camera_ids(ids))
        data.setText(", ".join(ids))
        return data

    def _area_item(self, area: Area, by_area: dict[str, list[Camera]],
                   known: set[str]) -> QStandardItem | None:
        """The area with its sub-areas and cameras; None when no camera is below it
        (a city has thousands of RTs, most without a camera yet)."""
        known.add(area.id)
        children = [c for c in (self._area_item(a, by_area, known) for a in area.children)
                    if c is not None]
        cameras = sorted(by_area.get(area.id, ()), key=lambda c: c.name.casefold())
        if not children and not cameras:
            return None
        item = QStandardItem(self._icons["area"], area.name)
        item.setEditable(False)
        item.setData(area.id, AreaIdRole)
        item.setToolTip(area.kind.value.upper())
        item.setDragEnabled(True)
        for child in children:
            item.appendRow(child)
        for camera in cameras:
            item.appendRow(self._camera_item(camera))
        count = len(cameras) + sum(int(c.data(CameraCountRole)) for c in children)
        item.setData(count, CameraCountRole)
        item.setText(f"{area.name} ({count})")
        return item

    def _camera_item(self, camera: Camera) -> QStandardItem:
        item = QStandardItem(self._icons["camera-ptz" if camera.ptz else "camera"], camera.name)
        item.setEditable(False)
        item.setDragEnabled(True)
        item.setData(camera.id, CameraIdRole)
        tip = " › ".join(camera.area_path)
        if camera.tags:
            tip += "\n#" + " #".join(camera.tags)
        item.setToolTip(f"{camera.id}\n{tip}")
        if camera.status is CameraStatus.OFFLINE:
            item.setForeground(Qt.GlobalColor.gray)
        return item


class CameraFilterModel(QSortFilterProxyModel):
    """Keeps cameras that match every word; areas stay when a camera below them does."""

    def __init__(self, cameras: CameraService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cameras = cameras
        self._query = ""
        self.setRecursiveFilteringEnabled(True)

    def set_query(self, query: str) -> None:
        self._query = query.strip()
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._query:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        camera_id = index.data(CameraIdRole)
        # Areas are never accepted on their own: recursive filtering keeps those with a
        # matching camera, and area names are part of each camera's searchable text.
        return bool(camera_id) and self._cameras.matches(camera_id, self._query)


class CameraTreeWidget(QWidget):
    camera_activated = Signal(str)  # double-clicked: the shell's wall places it
    placement_failed = Signal(str)  # a translated sentence for the status bar

    def __init__(self, cameras: CameraService, wall: WallService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cameras = cameras
        self._wall = wall
        self.setObjectName("camera-tree")

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("camera-search")
        self.search_box.setClearButtonEnabled(True)
        self.model = CameraTreeModel(self)
        self.proxy = CameraFilterModel(cameras, self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView(self)
        self.view.setObjectName("camera-tree-view")
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setExpandsOnDoubleClick(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("camera-count")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.search_box.setPlaceholderText(self.tr("Search: name, area, tag…"))
        self._on_cameras_catalog_changed()  # "Other" and the count label

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    def visible_camera_ids(self) -> list[str]:
        """Camera ids the filtered tree shows, top to bottom (collapsed ones included)."""
        ids: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                camera_id = index.data(CameraIdRole)
                if camera_id:
                    ids.append(camera_id)
                walk(index)

        walk(QModelIndex())
        return ids

    def index_of_camera(self, camera_id: str) -> QModelIndex:
        matches = self.proxy.match(self.proxy.index(0, 0), CameraIdRole, camera_id, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return matches[0] if matches else QModelIndex()

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self.model.rebuild(self._cameras.areas(), self._cameras.cameras(), self.tr("Other"))
        self._after_filter()

    @Slot(str)
    def _on_search_box_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._after_filter()

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        camera_id = index.data(CameraIdRole)
        if not camera_id:
            return  # an area: the view expands or collapses it
        self.camera_activated.emit(camera_id)
        if self._wall.place(camera_id) is None:
            self.placement_failed.emit(self.tr("The wall is full: select a tile first."))

    def _after_filter(self) -> None:
        total = len(self._cameras.cameras())
        if self.proxy._query:
            self.view.expandAll()
            shown = len(self.visible_camera_ids())
            self.count_label.setText(self.tr("{0} of {1} cameras").format(shown, total))
        else:
            self.view.collapseAll()
            for row in range(self.proxy.rowCount()):  # the kota level stays open
                self.view.expand(self.proxy.index(row, 0))
            self.count_label.setText(self.tr("{0} cameras").format(total))
