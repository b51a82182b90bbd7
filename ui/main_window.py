"""The operator's main window: the camera tree beside the wall, layouts in a toolbar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QToolBar, QWidget

from app.api.errors import ApiErrorKind
from app.services.cameras import CameraService
from app.services.playback import PlaybackService
from app.services.session import SessionService
from app.services.wall import WallService
from app.settings import Language, Settings
from app.streams.service import StreamService
from app.wall import Grid, Layout
from ui import geometry
from ui.camera_tree import CameraTreeWidget
from ui.i18n import LANGUAGE_NAMES, current_language, install_language, language_notifier
from ui.view_layout_icon import layout_icon
from ui.wall_widget import WallWidget

_LAYOUT_KEYS = {layout: f"Ctrl+{n}" for n, layout in enumerate(
    [Layout.L1X1, Layout.L2X2, Layout.L3X3, Layout.L4X4, Layout.L5X5, Layout.L6X6,
     Layout.L7X7, Layout.L8X8], 1)}


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, session: SessionService, cameras: CameraService, wall: WallService,
                 streams: StreamService, playback: PlaybackService,
                 parent: QWidget | None = None, *, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings  # where the language menu saves its choice
        self._session = session
        self._cameras = cameras
        self._wall = wall
        self.setObjectName("main-window")
        self.wall_widget = WallWidget(wall, streams, cameras, playback, self)
        self.setCentralWidget(self.wall_widget)

        self.camera_tree = CameraTreeWidget(cameras, wall, self)
        self._tree_dock = QDockWidget(self)
        self._tree_dock.setObjectName("camera-dock")
        self._tree_dock.setWidget(self.camera_tree)
        self._tree_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self._tree_dock)
        self.resizeDocks([self._tree_dock], [300], Qt.Orientation.Horizontal)

        self._layout_actions: dict[Layout, QAction] = {}
        self._build_actions()
        self._build_language_menu()
        self._user_label = QLabel(self)
        self.statusBar().addPermanentWidget(self._user_label)

        wall.layout_changed.connect(self._on_wall_layout_changed)
        cameras.load_failed.connect(self._on_cameras_load_failed)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        self.camera_tree.placement_failed.connect(self._on_camera_tree_placement_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        geometry.restore(self, "main")

    def layout_action(self, layout: Layout) -> QAction:
        return self._layout_actions[layout]

    def _build_actions(self) -> None:
        self._toolbar = QToolBar(self)
        self._toolbar.setObjectName("wall-toolbar")
        self._toolbar.setMovable(False)
        self.addToolBar(self._toolbar)
        group = QActionGroup(self)
        self._view_menu = self.menuBar().addMenu("")
        for layout in Layout:
            action = QAction(layout_icon(layout), layout.value, self)
            action.setObjectName(f"layout-{layout.value}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(_LAYOUT_KEYS.get(layout, "")))
            action.setChecked(layout is self._wall.layout)
            action.triggered.connect(lambda _=False, lay=layout: self._wall.set_layout(lay))
            group.addAction(action)
            self._toolbar.addAction(action)
            self._view_menu.addAction(action)
            self._layout_actions[layout] = action
        self._view_menu.addSeparator()
        self._restore_action = QAction(self)
        self._restore_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self._restore_action.triggered.connect(self._on_restore_triggered)
        self.addAction(self._restore_action)
        self._view_menu.addAction(self._restore_action)
        self._fullscreen_action = QAction(self)
        self._fullscreen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self._fullscreen_action.triggered.connect(self._on_fullscreen_triggered)
        self._view_menu.addAction(self._fullscreen_action)
        self._view_menu.addAction(self._tree_dock.toggleViewAction())
        self._quit_action = QAction(self)
        self._quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self._quit_action.triggered.connect(self.close)
        self.addAction(self._quit_action)
        self._view_menu.addSeparator()
        self._view_menu.addAction(self._quit_action)

    def _build_language_menu(self) -> None:
        self._language_menu = self.menuBar().addMenu("")
        self._language_menu.setObjectName("language-menu")
        group = QActionGroup(self)
        self._language_actions: dict[Language, QAction] = {}
        for language, name in LANGUAGE_NAMES.items():  # each in its own words: not tr()
            action = QAction(name, self)
            action.setObjectName(f"language-{language.value}")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, lang=language: self._choose_language(lang))
            group.addAction(action)
            self._language_menu.addAction(action)
            self._language_actions[language] = action

    def _choose_language(self, language: Language) -> None:
        install_language(language)  # every widget re-translates on LanguageChange
        if self._settings is not None:
            self._settings.set("language", language)

    def _retranslate(self) -> None:
        user = self._session.user
        server = self._session.session.server_url if self._session.session else ""
        who = f"{user.display_name} ({user.username})" if user else ""
        self.setWindowTitle(self.tr("Pantau: {0} at {1}").format(who, server) if user
                            else "Pantau")
        self._user_label.setText(who)
        self._tree_dock.setWindowTitle(self.tr("Cameras"))
        self._toolbar.setWindowTitle(self.tr("Wall layout"))
        self._view_menu.setTitle(self.tr("&Wall"))
        for layout, action in self._layout_actions.items():
            key = _LAYOUT_KEYS.get(layout)
            action.setToolTip(self.tr("Layout {0} ({1})").format(layout.value, key) if key
                              else self.tr("Layout {0}").format(layout.value))
        self._restore_action.setText(self.tr("Restore the grid"))
        self._fullscreen_action.setText(self.tr("Full screen"))
        self._tree_dock.toggleViewAction().setText(self.tr("Camera list"))
        self._quit_action.setText(self.tr("Quit"))
        self._language_menu.setTitle(self.tr("&Language"))
        self._language_actions[current_language()].setChecked(True)

    @Slot(object)
    def _on_wall_layout_changed(self, layout: Layout | Grid) -> None:
        for preset, action in self._layout_actions.items():
            action.setChecked(preset == layout)  # a custom grid checks none

    @Slot()
    def _on_restore_triggered(self) -> None:
        maximised = self._wall.maximised
        if maximised is not None:
            self._wall.toggle_maximised(maximised)
        elif self.isFullScreen():
            self.showNormal()

    @Slot()
    def _on_fullscreen_triggered(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    @Slot(object, str)
    def _on_cameras_load_failed(self, kind: ApiErrorKind, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("The camera list could not be loaded: {0}").format(message or kind.value))

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self.statusBar().showMessage(
            self.tr("{0} cameras available").format(len(self._cameras.cameras())), 5000)

    @Slot(str)
    def _on_camera_tree_placement_failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry.save(self, "main")
        self.wall_widget.shutdown()
        self.closed.emit()
        super().closeEvent(event)
