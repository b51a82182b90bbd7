"""The Administration window: one page per thing an administrator keeps (users, cameras, maps),
as tabs, in a window of its own beside the wall (Nx and Milestone do the same: the wall
stays in view while a camera or an account is set up).

Pages are plain widgets; a page's tab shows its windowTitle and follows it when the page
re-translates itself, so a page owns its own title.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from app.services.admin import AdminService
from app.services.cameras import CameraService
from app.services.maps import MapCameraStates, MapService
from ui.admin.cameras_page import CamerasPage
from ui.admin.users_page import UsersPage
from ui.maps.admin_page import MapsAdminPage
from ui.shell import geometry
from ui.shell.i18n import language_notifier


class AdminWindow(QMainWindow):
    def __init__(self, admin: AdminService, cameras: CameraService,
                 parent: QWidget | None = None, *, maps: MapService | None = None,
                 map_states: MapCameraStates | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-window")
        self._admin = admin
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("admin-pages")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.users_page = UsersPage(admin, cameras, self)
        self.add_page(self.users_page)
        self.cameras_page = CamerasPage(admin, cameras, self)
        self.add_page(self.cameras_page)
        self.maps_page: MapsAdminPage | None = None
        if maps is not None and map_states is not None:
            self.maps_page = MapsAdminPage(maps, cameras, map_states, self)
            self.add_page(self.maps_page)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        if not geometry.restore(self, "admin"):
            self.resize(1100, 640)

    def add_page(self, page: QWidget, title: str = "") -> int:
        """A tab for ``page``, titled ``title`` or, without one, the page's windowTitle
        (kept current when the page changes it, e.g. on a language switch)."""
        index = self.tabs.addTab(page, title or page.windowTitle())
        if not title:
            page.windowTitleChanged.connect(lambda text, p=page: self._on_page_title(p, text))
        return index

    def page(self, index: int) -> QWidget:
        return self.tabs.widget(index)

    def show_page(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)

    def _on_page_title(self, page: QWidget, text: str) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, text)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pantau: administration"))

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry.save(self, "admin")
        super().closeEvent(event)
