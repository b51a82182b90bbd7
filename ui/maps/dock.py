"""The Maps dock: the city overview and the maps an administrator put up, in a list above
the map itself. A click on a camera names it and its state; a double click (or "Watch")
opens it on the selected tile; a camera dragged to a tile goes there, as from the tree;
"Show on tile" puts the map itself on the selected tile."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.services.cameras import CameraService
from app.services.maps import CameraLook, MapAction, MapCameraStates, MapService
from app.services.wall import WallService
from app.wall import MapRef
from ui.maps.view import MapView
from ui.shell.i18n import language_notifier

MapRefRole = Qt.ItemDataRole.UserRole + 1
OVERVIEW = MapRef(None)


def look_text(look: CameraLook) -> str:
    texts = {
        CameraLook.LIVE: QCoreApplication.translate("MapsDockWidget", "live"),
        CameraLook.STALE: QCoreApplication.translate("MapsDockWidget", "stale picture"),
        CameraLook.OFFLINE: QCoreApplication.translate("MapsDockWidget", "offline"),
        CameraLook.UNKNOWN: QCoreApplication.translate("MapsDockWidget", "state unknown"),
    }
    return texts[look]


class MapsDockWidget(QWidget):
    message = Signal(str)  # for the status bar

    def __init__(self, maps: MapService, cameras: CameraService, states: MapCameraStates,
                 wall: WallService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maps-dock")
        self._maps = maps
        self._cameras = cameras
        self._states = states
        self._wall = wall
        self.map_list = QListWidget(self)
        self.map_list.setObjectName("maps-list")
        self.view = MapView(cameras, states, self)
        self.view.setMinimumHeight(220)
        self.info_label = QLabel(self)
        self.info_label.setObjectName("maps-info")
        self.info_label.setWordWrap(True)
        self.watch_button = QPushButton(self)
        self.watch_button.setEnabled(False)
        self.tile_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.watch_button)
        buttons.addWidget(self.tile_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.map_list)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([90, 400])
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(splitter, 1)
        column.addWidget(self.info_label)
        column.addLayout(buttons)

        self.map_list.currentItemChanged.connect(self._on_map_list_current_item_changed)
        self.view.camera_clicked.connect(self._on_view_camera_clicked)
        self.view.camera_activated.connect(self.watch)
        self.watch_button.clicked.connect(self._on_watch_button_clicked)
        self.tile_button.clicked.connect(self._on_tile_button_clicked)
        maps.maps_changed.connect(self._on_maps_maps_changed)
        maps.image_ready.connect(self._on_maps_image_ready)
        maps.failed.connect(self._on_maps_failed)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        states.changed.connect(self._show_info)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self._rebuild_list()

    def current_ref(self) -> MapRef:
        item = self.map_list.currentItem()
        return item.data(MapRefRole) if item is not None else OVERVIEW

    def open_ref(self, ref: MapRef) -> None:
        for row in range(self.map_list.count()):
            if self.map_list.item(row).data(MapRefRole) == ref:
                self.map_list.setCurrentRow(row)
                return

    def watch(self, camera_id: str) -> None:
        """The camera on the selected tile (else the first free one), as the tree does."""
        index = self._wall.place(camera_id)
        if index is None:
            self.message.emit(self.tr("Select a tile to show the camera on."))
            return
        self._wall.select(index)

    # -- building ------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Maps"))
        self.watch_button.setText(self.tr("Watch on the selected tile"))
        self.tile_button.setText(self.tr("Show this map on the selected tile"))
        self.view.setToolTip(self.tr("Click a camera to see its state, double-click to "
                                     "watch it, drag it to a tile of the wall"))
        if self.map_list.count():
            self.map_list.item(0).setText(self.tr("City overview"))
        self._show_info()

    def _rebuild_list(self) -> None:
        current = self.current_ref()
        self.map_list.blockSignals(True)
        self.map_list.clear()
        overview = QListWidgetItem(self.tr("City overview"))
        overview.setData(MapRefRole, OVERVIEW)
        self.map_list.addItem(overview)
        for info in sorted(self._maps.maps(), key=lambda m: m.name.casefold()):
            item = QListWidgetItem(info.name)
            item.setData(MapRefRole, MapRef(info.id))
            item.setToolTip(self.tr("{0} cameras").format(len(info.placements)))
            self.map_list.addItem(item)
        self.map_list.blockSignals(False)
        self.open_ref(current if self._known(current) else OVERVIEW)
        self._show_current()

    def _known(self, ref: MapRef) -> bool:
        return ref.map_id is None or self._maps.map(ref.map_id) is not None

    def _show_current(self) -> None:
        ref = self.current_ref()
        selected = self.view.selected_camera
        if ref.map_id is None:
            self.view.show_overview()
        else:
            info = self._maps.map(ref.map_id)
            if info is None:
                return
            self.view.show_map(info, self._maps.image(ref.map_id))
            self._maps.request_image(ref.map_id)
        self.view.select_camera(selected)
        self._show_info()

    def _show_info(self) -> None:
        camera_id = self.view.selected_camera
        camera = self._cameras.camera(camera_id) if camera_id else None
        self.watch_button.setEnabled(camera is not None)
        if camera is None:
            ref = self.current_ref()
            shown = len(self.view.marks())
            if ref.map_id is None:
                missing = len(self._cameras.cameras()) - shown
                text = self.tr("{0} cameras by their coordinates").format(shown)
                if missing:
                    text += " " + self.tr("({0} without coordinates)").format(missing)
            else:
                text = self.tr("{0} cameras on this map").format(shown)
            self.info_label.setText(text)
            return
        where = " / ".join(camera.area_path)
        self.info_label.setText(self.tr("{0}: {1}\n{2}").format(
            camera.name, look_text(self._states.look(camera.id)), where))

    # -- slots ---------------------------------------------------------------------------

    @Slot(object, object)
    def _on_map_list_current_item_changed(self, _current, _previous) -> None:
        self._show_current()

    @Slot(str)
    def _on_view_camera_clicked(self, _camera_id: str) -> None:
        self._show_info()

    @Slot()
    def _on_watch_button_clicked(self) -> None:
        if self.view.selected_camera:
            self.watch(self.view.selected_camera)

    @Slot()
    def _on_tile_button_clicked(self) -> None:
        index = self._wall.selected
        if index is None:
            self.message.emit(self.tr("Select a tile to show the map on."))
            return
        self._wall.show_map(index, self.current_ref())

    @Slot()
    def _on_maps_maps_changed(self) -> None:
        self._rebuild_list()

    @Slot(int)
    def _on_maps_image_ready(self, map_id: int) -> None:
        info = self.view.map_info
        if info is not None and info.id == map_id:
            self.view.set_image(self._maps.image(map_id))

    @Slot(object, object, str)
    def _on_maps_failed(self, action: MapAction, kind: ApiErrorKind, message: str) -> None:
        if action in (MapAction.LOAD, MapAction.IMAGE):
            self.message.emit(self.tr("Maps could not be loaded: {0}").format(
                message or kind.value))

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self._show_current()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
