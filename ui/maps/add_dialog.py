"""Put up a new map: a name, the area it belongs to (who sees it), a PNG or JPEG file.
The server checks the picture; its refusal shows here, where the administrator looks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.maps import MapInfo
from app.domain import AreaKind
from app.services.cameras import CameraService
from app.services.maps import MapAction, MapService

FAILURE_STYLE = "color: #e53935;"


class AddMapDialog(QDialog):
    def __init__(self, maps: MapService, cameras: CameraService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add-map-dialog")
        self._maps = maps
        self.setWindowTitle(self.tr("Add a map"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)
        self.area_box = QComboBox(self)
        for area in cameras.areas():
            for sub in area.walk():
                if sub.kind in (AreaKind.KOTA, AreaKind.KECAMATAN):
                    indent = "    " if sub.kind is AreaKind.KECAMATAN else ""
                    self.area_box.addItem(indent + sub.name, sub.id)
        self.file_edit = QLineEdit(self)
        self.file_edit.setPlaceholderText(self.tr("A PNG or JPEG picture, at most 16 MB"))
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("add-map-error")
        self.error_label.setStyleSheet(FAILURE_STYLE)
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Upload"))
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Area (who sees it)"), self.area_box)
        form.addRow(self.tr("Picture"), row)
        form.addRow(self.error_label)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.upload)
        self.buttons.rejected.connect(self.reject)
        maps.added.connect(self._on_maps_added)
        maps.failed.connect(self._on_maps_failed)
        self.resize(520, 0)

    def upload(self) -> None:
        name = self.name_edit.text().strip()
        path = self.file_edit.text().strip()
        if not name or not path:
            self.error_label.setText(self.tr("Give the map a name and choose a picture."))
            return
        if not Path(path).is_file():
            self.error_label.setText(self.tr("There is no file {0}.").format(path))
            return
        self.error_label.setText(self.tr("Uploading…"))
        self.buttons.setEnabled(False)
        self._maps.add(name, self.area_box.currentData(), Path(path))

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the map's picture"),
                                              str(Path.home()),  # not the program's folder
                                              self.tr("Pictures (*.png *.jpg *.jpeg)"))
        if path:
            self.file_edit.setText(path)
            if not self.name_edit.text():
                self.name_edit.setText(Path(path).stem)

    @Slot(object)
    def _on_maps_added(self, _made: MapInfo) -> None:
        self.accept()

    @Slot(object, object, str)
    def _on_maps_failed(self, action: MapAction, kind: ApiErrorKind, message: str) -> None:
        if action is MapAction.ADD:
            self.buttons.setEnabled(True)
            self.error_label.setText(self.tr("The server refused the map: {0}").format(
                message or kind.value))
