"""A map filling a tile of the wall (the wall widget shows it in place of the tile's
video): its name and a close button above the map. A click selects the tile and the
camera; a double click opens the camera on the first free tile; a camera dragged from
the map goes to any tile; a camera dropped on the map tile replaces the map."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.services.cameras import CameraService
from app.services.maps import MapCameraStates, MapService
from app.services.wall import WallService
from app.wall import MapRef
from ui.cameras.tree import CAMERA_IDS_MIME, decode_camera_ids
from ui.maps.view import MapView
from ui.shell.i18n import language_notifier


class MapTileWidget(QWidget):
    def __init__(self, tile_index: int, ref: MapRef, wall: WallService, maps: MapService,
                 cameras: CameraService, states: MapCameraStates,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map-tile")
        self.tile_index = tile_index
        self.ref = ref
        self._wall = wall
        self._maps = maps
        self.title = QLabel(self)
        self.title.setObjectName("map-tile-title")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.view = MapView(cameras, states, self)
        header = QHBoxLayout()
        header.setContentsMargins(6, 0, 2, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(header)
        column.addWidget(self.view, 1)
        self.setAcceptDrops(True)
        self.setStyleSheet("#map-tile { background: #1e1f22; } "
                           "#map-tile-title { color: #e0e0e0; }")
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.view.camera_clicked.connect(self._on_view_camera_clicked)
        self.view.camera_activated.connect(self._on_view_camera_activated)
        maps.maps_changed.connect(self._show)
        maps.image_ready.connect(self._on_maps_image_ready)
        cameras.catalog_changed.connect(self._show)
        wall.selected_changed.connect(self._on_wall_selected_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._show()

    @Slot()
    def _show(self) -> None:
        selected = self.view.selected_camera
        if self.ref.map_id is None:
            self.view.show_overview()
        else:
            info = self._maps.map(self.ref.map_id)
            if info is not None:
                self.view.show_map(info, self._maps.image(info.id))
                self._maps.request_image(info.id)
        self.view.select_camera(selected)
        self._retranslate()

    def _retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Take the map off this tile"))
        if self.ref.map_id is None:
            self.title.setText(self.tr("City overview"))
            return
        info = self._maps.map(self.ref.map_id)
        self.title.setText(info.name if info is not None else self.tr("Map not available"))

    def _on_wall_selected_changed(self, index) -> None:
        frame = "#4fc3f7" if index == self.tile_index else "#1e1f22"
        self.setStyleSheet(f"#map-tile {{ background: #1e1f22; border: 2px solid {frame}; }} "
                           "#map-tile-title { color: #e0e0e0; }")

    @Slot(int)
    def _on_maps_image_ready(self, map_id: int) -> None:
        if map_id == self.ref.map_id and self.view.map_info is not None:
            self.view.set_image(self._maps.image(map_id))

    @Slot(str)
    def _on_view_camera_clicked(self, _camera_id: str) -> None:
        self._wall.select(self.tile_index)

    @Slot(str)
    def _on_view_camera_activated(self, camera_id: str) -> None:
        shown = self._wall.visible_cameras()
        if camera_id in shown:
            self._wall.select(shown.index(camera_id))
            return
        for index, camera in enumerate(shown):
            if camera is None and self._wall.map_at(index) is None:
                self._wall.assign(index, camera_id)
                self._wall.select(index)
                return

    @Slot()
    def _on_close_button_clicked(self) -> None:
        self._wall.clear(self.tile_index)

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._wall.select(self.tile_index)
        super().mousePressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_IDS_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = decode_camera_ids(event.mimeData().data(CAMERA_IDS_MIME).data())
        if ids:
            self._wall.drop(self.tile_index, ids)
            self._wall.select(self.tile_index)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
