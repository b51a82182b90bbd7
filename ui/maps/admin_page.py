"""The Administration section's Maps page: the maps (add, remove), the selected map's
picture, and the cameras of the catalog to drag onto it. A camera dropped on the picture
is placed there (a PTZ camera looking up with a 60 degree field of view, to be turned);
a placed camera is moved by dragging it, turned with the heading and field of view
boxes, or taken off the map. Every change goes to the server and comes back through
MapService, so the page shows what the server keeps."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.maps import MapInfo, Placement
from app.services.cameras import CameraService
from app.services.maps import MapAction, MapCameraStates, MapService
from ui.cameras.tree import CAMERA_IDS_MIME, encode_camera_ids
from ui.maps.add_dialog import FAILURE_STYLE, AddMapDialog
from ui.maps.view import MapView
from ui.shell.i18n import language_notifier

IdRole = Qt.ItemDataRole.UserRole + 1
PTZ_FOV = 60  # degrees: a start an administrator turns to where the camera looks


class CameraSourceList(QListWidget):
    """The catalog's cameras, each dragged out as the camera tree drags them."""

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        data.setData(CAMERA_IDS_MIME, encode_camera_ids([i.data(IdRole) for i in items]))
        return data

    def mimeTypes(self) -> list[str]:
        return [CAMERA_IDS_MIME]


class MapsAdminPage(QWidget):
    def __init__(self, maps: MapService, cameras: CameraService, states: MapCameraStates,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maps-admin-page")
        self._maps = maps
        self._cameras = cameras
        self.dialog: AddMapDialog | None = None
        self.map_list = QListWidget(self)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.view = MapView(cameras, states, self, editable=True)
        self.search_edit = QLineEdit(self)
        self.camera_list = CameraSourceList(self)
        self.camera_list.setDragEnabled(True)
        self.camera_list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.camera_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.placed_label = QLabel(self)
        self.looks_box = QCheckBox(self)
        self.heading_box = QSpinBox(self)
        self.heading_box.setRange(0, 359)
        self.heading_box.setWrapping(True)
        self.heading_box.setSuffix("°")
        self.fov_box = QSpinBox(self)
        self.fov_box.setRange(1, 360)
        self.fov_box.setSuffix("°")
        self.apply_button = QPushButton(self)
        self.unplace_button = QPushButton(self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.map_list, 1)
        left.addWidget(self.add_button)
        left.addWidget(self.remove_button)
        editor = QHBoxLayout()
        editor.addWidget(self.placed_label, 1)
        editor.addWidget(self.looks_box)
        editor.addWidget(self.heading_box)
        editor.addWidget(self.fov_box)
        editor.addWidget(self.apply_button)
        editor.addWidget(self.unplace_button)
        middle = QVBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addLayout(editor)
        middle.addWidget(self.status_label)
        right = QVBoxLayout()
        right.addWidget(self.search_edit)
        right.addWidget(self.camera_list, 1)
        splitter = QSplitter(self)
        for part in (left, middle, right):
            holder = QWidget(splitter)
            part.setContentsMargins(0, 0, 0, 0)
            holder.setLayout(part)
            splitter.addWidget(holder)
        splitter.setSizes([200, 640, 240])
        QVBoxLayout(self).addWidget(splitter)

        self.map_list.currentItemChanged.connect(lambda *_: self._show_map())
        self.add_button.clicked.connect(self.open_add_dialog)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.search_edit.textChanged.connect(lambda _: self._fill_cameras())
        self.view.camera_dropped.connect(self._on_view_camera_dropped)
        self.view.camera_moved.connect(self._on_view_camera_moved)
        self.view.camera_clicked.connect(lambda _: self._show_placement())
        self.looks_box.toggled.connect(self._on_looks_box_toggled)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.unplace_button.clicked.connect(self._on_unplace_button_clicked)
        maps.maps_changed.connect(self._on_maps_maps_changed)
        maps.image_ready.connect(self._on_maps_image_ready)
        maps.added.connect(self._on_maps_added)
        maps.failed.connect(self._on_maps_failed)
        cameras.catalog_changed.connect(self._fill_cameras)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self._fill_maps()
        self._fill_cameras()

    def current_map(self) -> MapInfo | None:
        item = self.map_list.currentItem()
        return self._maps.map(item.data(IdRole)) if item is not None else None

    def open_add_dialog(self) -> AddMapDialog:
        self.dialog = AddMapDialog(self._maps, self._cameras, self)
        self.dialog.open()
        return self.dialog

    # -- building ------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Maps"))
        self.add_button.setText(self.tr("Add a map…"))
        self.remove_button.setText(self.tr("Remove the map"))
        self.search_edit.setPlaceholderText(self.tr("Search cameras to drag onto the map"))
        self.looks_box.setText(self.tr("Field of view"))
        self.heading_box.setToolTip(self.tr("Heading: degrees clockwise from the picture's up"))
        self.fov_box.setToolTip(self.tr("Field of view angle"))
        self.apply_button.setText(self.tr("Apply"))
        self.unplace_button.setText(self.tr("Take off the map"))
        self._show_placement()

    def _fill_maps(self) -> None:
        current = self.current_map()
        self.map_list.blockSignals(True)
        self.map_list.clear()
        for info in sorted(self._maps.maps(), key=lambda m: m.name.casefold()):
            item = QListWidgetItem(info.name)
            item.setData(IdRole, info.id)
            self.map_list.addItem(item)
            if current is not None and info.id == current.id:
                self.map_list.setCurrentItem(item)
        if self.map_list.currentItem() is None and self.map_list.count():
            self.map_list.setCurrentRow(0)
        self.map_list.blockSignals(False)
        self.remove_button.setEnabled(self.map_list.count() > 0)
        self._show_map()

    @Slot()
    def _fill_cameras(self) -> None:
        query = self.search_edit.text()
        found = self._cameras.search(query) if query.strip() else self._cameras.cameras()
        self.camera_list.clear()
        for camera in sorted(found, key=lambda c: c.name.casefold()):
            kind = self.tr("PTZ") if camera.ptz else self.tr("fixed")
            item = QListWidgetItem(f"{camera.name} ({kind})")
            item.setData(IdRole, camera.id)
            item.setToolTip(" / ".join(camera.area_path))
            self.camera_list.addItem(item)
        self._mark_placed()

    def _mark_placed(self) -> None:
        """The cameras already on the shown map in bold: each has one place on it."""
        info = self.current_map()
        placed = {p.camera_id for p in info.placements} if info is not None else set()
        for row in range(self.camera_list.count()):
            item = self.camera_list.item(row)
            font = item.font()
            font.setBold(item.data(IdRole) in placed)
            item.setFont(font)

    def _show_map(self) -> None:
        info = self.current_map()
        selected = self.view.selected_camera
        if info is None:
            self.view.show_nothing()
            self.view.setEnabled(False)
        else:
            self.view.setEnabled(True)
            self.view.show_map(info, self._maps.image(info.id))
            self._maps.request_image(info.id)
        self.view.select_camera(selected)
        self._mark_placed()
        self._show_placement()

    def _placement(self) -> Placement | None:
        info, camera_id = self.current_map(), self.view.selected_camera
        return info.placement(camera_id) if info is not None and camera_id else None

    def _show_placement(self) -> None:
        placement = self._placement()
        for widget in (self.looks_box, self.apply_button, self.unplace_button):
            widget.setEnabled(placement is not None)
        if placement is None:
            self.placed_label.setText(self.tr("Drag cameras from the list onto the map; "
                                              "click one to turn it."))
            self.heading_box.setEnabled(False)
            self.fov_box.setEnabled(False)
            return
        camera = self._cameras.camera(placement.camera_id)
        self.placed_label.setText(camera.name if camera else placement.camera_id)
        self.looks_box.blockSignals(True)
        self.looks_box.setChecked(placement.looks)
        self.looks_box.blockSignals(False)
        self.heading_box.setValue(round(placement.heading or 0))
        self.fov_box.setValue(round(placement.fov or PTZ_FOV))
        self.heading_box.setEnabled(placement.looks)
        self.fov_box.setEnabled(placement.looks)

    def _put(self, placement: Placement) -> None:
        info = self.current_map()
        if info is not None:
            self.status_label.setStyleSheet("")
            self.status_label.setText(self.tr("Saving…"))
            self._maps.place(info.id, placement)

    # -- slots ---------------------------------------------------------------------------

    @Slot(str, float, float)
    def _on_view_camera_dropped(self, camera_id: str, x: float, y: float) -> None:
        info = self.current_map()
        if info is None:
            return
        held = info.placement(camera_id)
        camera = self._cameras.camera(camera_id)
        if held is not None:
            heading, fov = held.heading, held.fov
        elif camera is not None and camera.ptz:
            heading, fov = 0.0, float(PTZ_FOV)
        else:
            heading = fov = None
        self.view.select_camera(camera_id)
        self._put(Placement(camera_id, x, y, heading, fov))

    @Slot(str, float, float)
    def _on_view_camera_moved(self, camera_id: str, x: float, y: float) -> None:
        held = self._placement() if self.view.selected_camera == camera_id else None
        info = self.current_map()
        held = held or (info.placement(camera_id) if info else None)
        self._put(Placement(camera_id, x, y, held.heading if held else None,
                            held.fov if held else None))

    @Slot(bool)
    def _on_looks_box_toggled(self, on: bool) -> None:
        self.heading_box.setEnabled(on)
        self.fov_box.setEnabled(on)

    @Slot()
    def _on_apply_button_clicked(self) -> None:
        held = self._placement()
        if held is None:
            return
        looks = self.looks_box.isChecked()
        self._put(Placement(held.camera_id, held.x, held.y,
                            float(self.heading_box.value()) if looks else None,
                            float(self.fov_box.value()) if looks else None))

    @Slot()
    def _on_unplace_button_clicked(self) -> None:
        info, held = self.current_map(), self._placement()
        if info is not None and held is not None:
            self._maps.unplace(info.id, held.camera_id)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        info = self.current_map()
        if info is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove the map"),
            self.tr("Remove the map {0}? Its picture and its cameras' places are "
                    "lost; the cameras stay.").format(info.name))
        if answer == QMessageBox.StandardButton.Yes:
            self._maps.remove(info.id)

    @Slot()
    def _on_maps_maps_changed(self) -> None:
        self.status_label.setText("")
        self._fill_maps()

    @Slot(object)
    def _on_maps_added(self, made: MapInfo) -> None:
        for row in range(self.map_list.count()):
            if self.map_list.item(row).data(IdRole) == made.id:
                self.map_list.setCurrentRow(row)

    @Slot(int)
    def _on_maps_image_ready(self, map_id: int) -> None:
        info = self.view.map_info
        if info is not None and info.id == map_id:
            self.view.set_image(self._maps.image(map_id))

    @Slot(object, object, str)
    def _on_maps_failed(self, action: MapAction, kind: ApiErrorKind, message: str) -> None:
        if action is MapAction.ADD:
            return  # the add dialog shows it
        self.status_label.setStyleSheet(FAILURE_STYLE)
        self.status_label.setText(self.tr("The server refused the change: {0}").format(
            message or kind.value))
        self._show_map()  # back to what the server keeps

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
