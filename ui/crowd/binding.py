"""Reaching the crowd level chart: "Crowd level…" in the camera tree's context menu of a
camera's row opens that camera's window (one per camera, raised when open again)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QMenu, QWidget

from app.crowd.service import CrowdChartService
from app.services.cameras import CameraService
from ui.cameras.tree import CameraIdRole, CameraTreeWidget
from ui.crowd.window import CrowdLevelWindow


class CrowdChartBinding(QObject):
    def __init__(self, window: QWidget, tree: CameraTreeWidget, service: CrowdChartService,
                 cameras: CameraService) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._cameras = cameras
        self.windows: dict[str, CrowdLevelWindow] = {}  # camera id -> its open window
        tree.add_menu_extension(self._extend)

    def _extend(self, menu: QMenu, index: QModelIndex) -> None:
        camera_id = index.data(CameraIdRole) if index.isValid() else None
        if not camera_id:
            return
        if menu.actions():
            menu.addSeparator()
        action = menu.addAction(self.tr("Crowd level…"))
        action.setObjectName("action-crowd-level")
        action.triggered.connect(lambda _=False: self.open(str(camera_id)))

    def open(self, camera_id: str) -> CrowdLevelWindow:
        """The camera's crowd level window, shown and raised (it loads as it shows)."""
        window = self.windows.get(camera_id)
        if window is None:
            window = CrowdLevelWindow(self._service, self._cameras, camera_id, self._window)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _=None, c=camera_id: self.windows.pop(c, None))
            self.windows[camera_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window
