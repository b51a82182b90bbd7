"""The operator's main window: the camera tree and the views beside the wall, layouts in
a toolbar, every keyboard action from the one registry (app/actions.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.actions import CONTEXT, LAYOUT_ACTIONS, REGISTRY, ActionId, ShortcutMap
from app.alarms.rules import AlarmRulesService
from app.api.bookmarks import Bookmark
from app.api.errors import ApiErrorKind
from app.domain import User
from app.services.admin import AdminService
from app.services.health import HealthService
from app.services.playback_sync import PlaybackSync
from app.services.session import SessionService
from app.services.tours import TourService
from app.services.views import ViewsService
from app.services.wall import WallService
from app.settings import Language, Settings
from app.timeline import Mark
from app.wall import Grid, Layout
from ui.admin.window import AdminWindow
from ui.alarms.binding import AlarmsBinding
from ui.bookmarks.dialog import BookmarkDialog
from ui.bookmarks.dock import BookmarksDockWidget
from ui.cameras.tree import CameraTreeWidget
from ui.evidence.dock import EvidenceDockWidget
from ui.evidence.export_dialog import ExportDialog
from ui.evidence.verify_dialog import VerifyDialog
from ui.health.dock import HealthDockWidget
from ui.investigation.export_range import export_range
from ui.investigation.window import InvestigationWindow
from ui.maps.dock import MapsDockWidget
from ui.motion.area_window import MotionAreaSearchDialog
from ui.motion.binding import MotionSearchBinding
from ui.ptz.panel import PtzPanel
from ui.shell import geometry
from ui.shell.i18n import LANGUAGE_NAMES, current_language, install_language, language_notifier
from ui.shell.shortcuts_dialog import ShortcutsDialog
from ui.shell.status_bar import StatusBarWidget
from ui.tile.services import TileServices
from ui.tile.widget import TileWidget
from ui.timeline.transport_bar import TransportBar
from ui.timeline.transport_binding import TransportBinding
from ui.timeline.widget import TimelineWidget
from ui.views.custom_layout import CustomLayoutDialog
from ui.views.dock import ViewsDockWidget
from ui.views.layout_icon import layout_icon
from ui.wall.widget import WallWidget

MAX_TILE_TOUR = 64  # more is a search that went too wide, not a tour

LIST_ROWS_IN_DOCK = 4  # docks stacked in a column never squeeze a list below this


def _keep_lists_readable(dock: QDockWidget) -> None:
    for view in dock.findChildren(QAbstractItemView):
        rows = view.fontMetrics().height() * LIST_ROWS_IN_DOCK + 2 * view.frameWidth() + 8
        view.setMinimumHeight(max(view.minimumHeight(), rows))


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, session: SessionService, wall: WallService, tiles: TileServices,
                 parent: QWidget | None = None, *, settings: Settings | None = None,
                 views: ViewsService | None = None, tours: TourService | None = None,
                 health: HealthService | None = None,
                 admin: AdminService | None = None,
                 alarm_rules: AlarmRulesService | None = None) -> None:
        super().__init__(parent)
        self._admin = admin
        self._alarm_rules = alarm_rules
        self.alarms: AlarmsBinding | None = None  # the alarm list, count, sound and rules
        self.admin_window: AdminWindow | None = None
        self._settings = settings  # where the language menu and shortcuts are saved
        self._views = views
        self._tours = tours
        self.shortcuts = ShortcutMap(settings.get("shortcuts") if settings else None)
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self._session = session
        self._cameras = cameras = tiles.cameras
        self._tiles = tiles
        self.export_dialog: ExportDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.investigation_window: InvestigationWindow | None = None  # playback apart
        self._wall = wall
        self.setObjectName("main-window")
        self.wall_widget = WallWidget(wall, tiles, self)
        # The timeline of the selected tile's camera, under the wall.
        self.timeline = TimelineWidget(self, thumbnails=tiles.thumbnails)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.wall_widget, 1)
        # Playback controls: they steer the selected tile's clock (the wall's, or its own).
        self.transport = TransportBar(self)
        column.addWidget(self.transport)
        column.addWidget(self.timeline)
        self.setCentralWidget(central)
        self._spans_timer = QTimer(self)  # a drag asks for spans once it settles
        self._spans_timer.setSingleShot(True)
        self._spans_timer.setInterval(300)
        self._spans_timer.timeout.connect(self._load_spans)
        self._spans_refresh = QTimer(self)  # while live, new footage keeps arriving
        self._spans_refresh.setInterval(10_000)
        self._spans_refresh.timeout.connect(self._load_spans)
        self._spans_refresh.start()
        self.timeline.range_changed.connect(lambda *_: self._spans_timer.start())
        self.timeline.seek_requested.connect(self._on_timeline_seek_requested)
        self.timeline.export_requested.connect(self._on_timeline_export_requested)
        self.timeline.bookmark_requested.connect(self.open_bookmark_dialog)
        self.timeline.bookmark_activated.connect(self._on_timeline_bookmark_activated)
        self.bookmark_dialog: BookmarkDialog | None = None
        if tiles.bookmarks is not None:
            tiles.bookmarks.bookmarks_changed.connect(self._on_bookmarks_changed)
        tiles.playback.spans_loaded.connect(self.timeline.set_spans)
        tiles.playback.gaps_loaded.connect(self.timeline.set_gaps)
        wall.selected_changed.connect(self._follow_selected_tile)
        wall.tile_changed.connect(self._follow_selected_tile)
        self.transport.live_requested.connect(self.all_live)
        self.transport.start_requested.connect(self._on_transport_start_requested)
        self._transport_binding = TransportBinding(wall, self.wall_widget, self.transport, self)
        self._transport_binding.position_changed.connect(self._on_steered_position_changed)
        # Motion search: a rectangle drawn on a playback tile, its hits in a dock and on
        # the timeline; an area's cameras from the Playback menu.
        self.motion_search: MotionSearchBinding | None = None
        self.motion_area_dialog: MotionAreaSearchDialog | None = None
        if tiles.motion is not None:
            self.motion_search = MotionSearchBinding(self, self.wall_widget, self.timeline,
                                                     tiles, tiles.motion)

        self.camera_tree = CameraTreeWidget(cameras, wall, self, status=tiles.status)
        self._tree_dock = QDockWidget(self)
        self._tree_dock.setObjectName("camera-dock")
        self._tree_dock.setWidget(self.camera_tree)
        self._tree_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self._tree_dock)
        self.resizeDocks([self._tree_dock], [300], Qt.Orientation.Horizontal)

        self.views_dock: ViewsDockWidget | None = None
        self._views_dock = QDockWidget(self)
        self._views_dock.setObjectName("views-dock-frame")
        self._views_dock.setFeatures(self._tree_dock.features())
        if views is not None:
            self.views_dock = ViewsDockWidget(views, wall, self, tours=tours)
            self._views_dock.setWidget(self.views_dock)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self._views_dock)
            self.views_dock.message.connect(self._on_views_dock_message)
        else:
            self._views_dock.hide()

        self.health_dock: HealthDockWidget | None = None
        if health is not None:  # the health charts, closed until asked for
            self.health_dock = HealthDockWidget(health, self)
            health_frame = QDockWidget(self)
            health_frame.setObjectName("health-dock-frame")
            health_frame.setFeatures(self._tree_dock.features())
            health_frame.setWidget(self.health_dock)
            health_frame.setWindowTitle(self.health_dock.windowTitle())
            self.health_dock.windowTitleChanged.connect(health_frame.setWindowTitle)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, health_frame)
            health_frame.hide()
            self.health_dock_frame = health_frame

        self.ptz_panel: PtzPanel | None = None
        if tiles.ptz is not None:  # the selected tile's PTZ camera
            self.ptz_panel = PtzPanel(tiles.ptz, session, cameras, self)
            self.ptz_dock = QDockWidget(self)
            self.ptz_dock.setObjectName("ptz-dock-frame")
            self.ptz_dock.setFeatures(self._tree_dock.features())
            self.ptz_dock.setWidget(self.ptz_panel)
            self.ptz_dock.setWindowTitle(self.ptz_panel.windowTitle())
            # Under the camera list, not a column of its own: without a PTZ camera selected
            # the panel is one line and the lists above keep the room.
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.ptz_dock)
            self.ptz_panel.preset_recalled.connect(self._focus_selected_tile)
            wall.selected_changed.connect(self._follow_ptz_tile)
            wall.tile_changed.connect(self._follow_ptz_tile)
            cameras.catalog_changed.connect(self._follow_ptz_tile)
            if settings is not None:  # saved when a drag ends, not at every step of it
                speed = self.ptz_panel.speed
                speed.valueChanged.connect(lambda value: speed.isSliderDown() or settings.set(
                    "ptz_speed", value / 100))
                speed.sliderReleased.connect(
                    lambda: settings.set("ptz_speed", speed.value() / 100))

        self.evidence_dock: EvidenceDockWidget | None = None
        if tiles.evidence is not None:  # citizens' requests, closed until asked for
            self.evidence_dock = EvidenceDockWidget(
                tiles.evidence, self, cameras=lambda: [c for c in [self._selected_camera()] if c],
                catalog=cameras, exports=tiles.exports)
            frame = QDockWidget(self)
            frame.setObjectName("evidence-dock-frame")
            frame.setFeatures(self._tree_dock.features())
            frame.setWidget(self.evidence_dock)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, frame)
            frame.hide()
            frame.visibilityChanged.connect(
                lambda shown: tiles.evidence.refresh() if shown else None)
            self.evidence_dock_frame = frame

        self.bookmarks_dock: BookmarksDockWidget | None = None
        if tiles.bookmarks is not None:  # search, play, edit, protect; closed until asked for
            self.bookmarks_dock = BookmarksDockWidget(tiles.bookmarks, cameras, self)
            frame = QDockWidget(self)
            frame.setObjectName("bookmarks-dock-frame")
            frame.setFeatures(self._tree_dock.features())
            frame.setWidget(self.bookmarks_dock)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, frame)
            frame.hide()
            frame.visibilityChanged.connect(
                lambda shown: self.bookmarks_dock.search() if shown else None)
            self.bookmarks_dock.play_requested.connect(self._on_bookmarks_dock_play_requested)
            self.bookmarks_dock.export_requested.connect(
                self._on_bookmarks_dock_export_requested)
            self.bookmarks_dock_frame = frame

        self.maps_dock: MapsDockWidget | None = None
        if tiles.maps is not None and tiles.map_states is not None:  # closed until asked for
            self.maps_dock = MapsDockWidget(tiles.maps, cameras, tiles.map_states, wall, self)
            frame = QDockWidget(self)
            frame.setObjectName("maps-dock-frame")
            frame.setFeatures(self._tree_dock.features())
            frame.setWidget(self.maps_dock)
            frame.setWindowTitle(self.maps_dock.windowTitle())
            self.maps_dock.windowTitleChanged.connect(frame.setWindowTitle)
            self.maps_dock.message.connect(self._on_views_dock_message)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, frame)
            frame.hide()
            frame.visibilityChanged.connect(  # an administrator may have put up a map
                lambda shown: tiles.maps.load() if shown else None)
            self.maps_dock_frame = frame

        for dock in self.findChildren(QDockWidget):
            _keep_lists_readable(dock)
        self.actions_by_id: dict[ActionId, QAction] = {}
        self._layout_actions: dict[Layout, QAction] = {}
        self._build_actions()
        self.apply_shortcuts()
        self._build_admin_menu()
        self._build_language_menu()
        self._user_label = QLabel(self)
        self.statusBar().addPermanentWidget(self._user_label)
        self.status_strip: StatusBarWidget | None = None
        if tiles.status is not None:  # the server, the clock, cameras down: always in view
            self.status_strip = StatusBarWidget(tiles.status, cameras, self)
            self.statusBar().addPermanentWidget(self.status_strip)
            self.status_strip.camera_located.connect(self._on_status_strip_camera_located)
        if tiles.alarms is not None:
            self.alarms = AlarmsBinding(self, tiles, wall, self.camera_tree, self.status_strip,
                                        settings, alarm_rules)
            self._view_menu.insertAction(self._shortcuts_action,
                                         self.alarms.dock.toggleViewAction())
            self._admin_menu.addAction(self.alarms.rules_action)
            self._update_admin_menu()

        wall.layout_changed.connect(self._on_wall_layout_changed)
        cameras.load_failed.connect(self._on_cameras_load_failed)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        self.camera_tree.placement_failed.connect(self._on_camera_tree_placement_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        geometry.restore(self, "main")

    def layout_action(self, layout: Layout) -> QAction:
        return self._layout_actions[layout]

    def action(self, action_id: ActionId) -> QAction:
        return self.actions_by_id[action_id]

    def apply_shortcuts(self) -> None:
        """Put the shortcut map's keys on the actions (after an edit, or at start)."""
        for action_id, action in self.actions_by_id.items():
            action.setShortcut(QKeySequence(self.shortcuts.shortcut(action_id)))
        if self.investigation_window is not None:
            self.investigation_window.apply_shortcuts()
        self._retranslate_tooltips()

    def save_shortcuts(self) -> None:
        self.apply_shortcuts()
        if self._settings is not None:
            self._settings.set("shortcuts", self.shortcuts.to_json())

    def _add_action(self, action_id: ActionId, slot, text: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action-{action_id.value}")
        action.triggered.connect(slot)
        self.addAction(action)  # its shortcut works wherever the focus is in the window
        self.actions_by_id[action_id] = action
        return action

    def _build_actions(self) -> None:
        self._toolbar = QToolBar(self)
        self._toolbar.setObjectName("wall-toolbar")
        self._toolbar.setMovable(False)
        self.addToolBar(self._toolbar)
        group = QActionGroup(self)
        self._view_menu = self.menuBar().addMenu("")
        self._layout_menu = self._view_menu.addMenu("")
        for layout in Layout:
            action = self._add_action(LAYOUT_ACTIONS[layout],
                                      lambda _=False, lay=layout: self._wall.set_layout(lay),
                                      layout.value)
            action.setIcon(layout_icon(layout))
            action.setObjectName(f"layout-{layout.value}")
            action.setCheckable(True)
            action.setChecked(layout is self._wall.layout)
            group.addAction(action)
            self._toolbar.addAction(action)
            self._layout_menu.addAction(action)
            self._layout_actions[layout] = action
        self._layout_menu.addSeparator()
        self._layout_menu.addAction(
            self._add_action(ActionId.CUSTOM_LAYOUT, self._on_custom_layout_triggered))
        self._view_menu.addSeparator()
        add = self._add_action
        self._restore_action = add(ActionId.RESTORE, self._on_restore_triggered)
        self._fullscreen_action = add(ActionId.FULL_SCREEN, self._on_fullscreen_triggered)
        add(ActionId.MAXIMISE_TILE, self._on_maximise_tile_triggered)
        add(ActionId.CLOSE_TILE, self._on_close_tile_triggered)
        add(ActionId.NEXT_TILE, lambda: self._step_tile(1))
        add(ActionId.PREVIOUS_TILE, lambda: self._step_tile(-1))
        for action_id in (ActionId.RESTORE, ActionId.FULL_SCREEN, ActionId.MAXIMISE_TILE,
                          ActionId.CLOSE_TILE, ActionId.NEXT_TILE, ActionId.PREVIOUS_TILE):
            self._view_menu.addAction(self.actions_by_id[action_id])
        self._view_menu.addSeparator()
        self._views_menu = QMenu(self)
        if self._views is not None:
            self.menuBar().addMenu(self._views_menu)
        add(ActionId.NEXT_VIEW, lambda: self._step_view(1))
        add(ActionId.PREVIOUS_VIEW, lambda: self._step_view(-1))
        add(ActionId.SAVE_VIEW, self._on_save_view_triggered)
        add(ActionId.TOUR_TOGGLE, self._on_tour_toggle_triggered).setCheckable(True)
        add(ActionId.TILE_TOUR, self._on_tile_tour_triggered)
        for action_id in (ActionId.NEXT_VIEW, ActionId.PREVIOUS_VIEW, ActionId.SAVE_VIEW,
                          ActionId.TOUR_TOGGLE, ActionId.TILE_TOUR):
            self._views_menu.addAction(self.actions_by_id[action_id])
        self._add_action(ActionId.SHOW_CAMERAS, self._tree_dock.toggleViewAction().trigger)
        self._add_action(ActionId.SHOW_VIEWS, self._views_dock.toggleViewAction().trigger)
        self._view_menu.addAction(self.actions_by_id[ActionId.SHOW_CAMERAS])
        if self._views is not None:
            self._view_menu.addAction(self.actions_by_id[ActionId.SHOW_VIEWS])
        if self.health_dock is not None:
            self._view_menu.addAction(self.health_dock_frame.toggleViewAction())
        if self.maps_dock is not None:
            self._view_menu.addAction(self.maps_dock_frame.toggleViewAction())
        self._shortcuts_action = add(ActionId.SHORTCUTS, self._on_shortcuts_triggered)
        self._view_menu.addAction(self._shortcuts_action)
        self._quit_action = add(ActionId.QUIT, self.ask_to_quit)
        self.quit_box: QMessageBox | None = None
        self._view_menu.addSeparator()
        self._view_menu.addAction(self._quit_action)
        self._evidence_menu = QMenu(self)
        self._evidence_menu.setObjectName("evidence-menu")
        if self._tiles.exports is not None or self._tiles.bookmarks is not None:
            self.menuBar().addMenu(self._evidence_menu)
        bookmark = add(ActionId.ADD_BOOKMARK, self._on_add_bookmark_triggered)
        bookmark.setEnabled(self._tiles.bookmarks is not None)
        self._evidence_menu.addAction(bookmark)
        for action_id, slot in ((ActionId.EXPORT, self._on_export_triggered),
                                (ActionId.VERIFY_EXPORT, self._on_verify_export_triggered)):
            action = add(action_id, slot)
            action.setEnabled(self._tiles.exports is not None)
            self._evidence_menu.addAction(action)
        if self.evidence_dock is not None:
            self._evidence_menu.addAction(self.evidence_dock_frame.toggleViewAction())
        show_bookmarks = add(ActionId.BOOKMARKS, self._on_bookmarks_triggered)
        show_bookmarks.setEnabled(self.bookmarks_dock is not None)
        self._evidence_menu.addAction(show_bookmarks)
        self._playback_menu = self.menuBar().addMenu("")
        self._playback_menu.setObjectName("playback-menu")
        transport = self.transport
        for action_id, slot in ((ActionId.PLAY_PAUSE, transport.toggle_paused),
                                (ActionId.PLAY_FORWARD, transport.play_forward),
                                (ActionId.PLAY_BACKWARD, transport.play_backward),
                                (ActionId.FRAME_FORWARD, lambda: transport.step(1)),
                                (ActionId.FRAME_BACK, lambda: transport.step(-1)),
                                (ActionId.GO_TO_TIME, transport.focus_jump),
                                (ActionId.ALL_LIVE, self.all_live)):
            self._playback_menu.addAction(add(action_id, slot))
        self._playback_menu.addSeparator()
        self._playback_menu.addAction(add(ActionId.INVESTIGATE, self._on_investigate_triggered))
        motion = add(ActionId.MOTION_SEARCH, self.open_motion_area_search)
        motion.setEnabled(self._tiles.motion is not None)
        self._playback_menu.addAction(motion)
        if self._tours is not None:
            self._tours.view_tour_changed.connect(self._on_tours_view_tour_changed)

    def _build_admin_menu(self) -> None:
        """Administration: for admins only (the server refuses everyone else anyway)."""
        self._admin_menu = QMenu(self)
        self._admin_menu.setObjectName("admin-menu")
        if self._admin is not None or self._alarm_rules is not None:
            self.menuBar().addMenu(self._admin_menu)  # else nothing to administer
        self.admin_action = QAction(self)
        self.admin_action.setObjectName("action-administration")
        self.admin_action.triggered.connect(self.open_admin_window)
        self._admin_menu.addAction(self.admin_action)
        self._session.logged_in.connect(self._on_session_logged_in)
        self._session.logged_out.connect(self._on_session_logged_out)
        self._update_admin_menu()

    def _update_admin_menu(self) -> None:
        allowed = self._admin is not None and self._admin.allowed()
        rules = self.alarms is not None and self.alarms.rules_allowed()  # supervisors too
        if self.alarms is not None:
            self.alarms.update_rules_action()
        self._admin_menu.menuAction().setVisible(allowed or rules)
        self.admin_action.setVisible(allowed)
        self.admin_action.setEnabled(allowed)
        if not allowed and self.admin_window is not None:
            self.admin_window.close()

    def admin_allowed(self) -> bool:
        """Whether the Administration menu is offered to the signed-in user."""
        return self._admin_menu.menuAction().isVisible() and self.admin_action.isVisible()

    def open_admin_window(self) -> AdminWindow | None:
        if self._admin is None or not self._admin.allowed():
            return None
        if self.admin_window is None:
            self.admin_window = AdminWindow(self._admin, self._cameras, self,
                                            maps=self._tiles.maps,
                                            map_states=self._tiles.map_states)
        self.admin_window.show()
        self.admin_window.raise_()
        self.admin_window.activateWindow()
        self.admin_window.users_page.refresh()
        return self.admin_window

    @Slot(object)
    def _on_session_logged_in(self, _user: User) -> None:
        self._update_admin_menu()
        self._retranslate()  # the title names the user

    @Slot()
    def _on_session_logged_out(self) -> None:
        self._update_admin_menu()

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
        self._views_dock.setWindowTitle(self.tr("Views"))
        self._view_menu.setTitle(self.tr("&Wall"))
        self._layout_menu.setTitle(self.tr("Layout"))
        self._views_menu.setTitle(self.tr("V&iews"))
        self._evidence_menu.setTitle(self.tr("&Evidence"))
        self._playback_menu.setTitle(self.tr("&Playback"))
        if self.evidence_dock is not None:
            self.evidence_dock_frame.setWindowTitle(self.tr("Evidence requests"))
        if self.bookmarks_dock is not None:
            self.bookmarks_dock_frame.setWindowTitle(self.tr("Bookmarks"))
        for spec in REGISTRY:
            if spec.id not in LAYOUT_ACTIONS.values():
                self.actions_by_id[spec.id].setText(
                    QCoreApplication.translate(CONTEXT, spec.description))
        self._retranslate_tooltips()
        self._language_menu.setTitle(self.tr("&Language"))
        self._admin_menu.setTitle(self.tr("A&dministration"))
        self.admin_action.setText(self.tr("Users and cameras…"))
        self._language_actions[current_language()].setChecked(True)

    def _retranslate_tooltips(self) -> None:
        for layout, action in self._layout_actions.items():
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(self.tr("Layout {0} ({1})").format(layout.value, key) if key
                              else self.tr("Layout {0}").format(layout.value))

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

    @Slot()
    def _on_maximise_tile_triggered(self) -> None:
        index = self._wall.selected if self._wall.selected is not None else self._wall.maximised
        if index is not None:
            self._wall.toggle_maximised(index)

    @Slot()
    def _on_close_tile_triggered(self) -> None:
        index = self._wall.selected if self._wall.selected is not None else self._wall.maximised
        if index is not None:
            if self._tours is not None:
                self._tours.stop_tile_tour(index)
            self._wall.clear(index)

    @Slot()
    def _on_export_triggered(self) -> None:
        index = self._wall.selected if self._wall.selected is not None else self._wall.maximised
        camera_id = self._wall.camera_at(index) if index is not None else None
        if self._tiles.exports is None:
            return
        if not camera_id:
            self.statusBar().showMessage(self.tr("Select a tile with a camera to export."), 5000)
            return
        # In playback: the timeline's selection, else around the playhead; live: the last
        # minutes.
        selection = self.timeline.model.selection if self.timeline.camera_id == camera_id \
            else None
        self.open_export_dialog(camera_id, *export_range(
            datetime.now(UTC), selection=selection,
            playhead=self._steered_sync().position(), live_minutes=self._live_minutes()))

    def _live_minutes(self) -> int:
        return self._settings.get("playback_minutes") if self._settings else 5

    def open_investigation(self, camera_ids: list[str | None],
                           at: datetime) -> InvestigationWindow:
        """The investigation window on these cameras from ``at``; the wall stays live."""
        if self.investigation_window is None:
            window = InvestigationWindow(self._tiles, self.shortcuts, self,
                                         live_minutes=self._live_minutes())
            window.closed.connect(self._on_investigation_window_closed)
            self.investigation_window = window
        self.investigation_window.open_cameras(camera_ids, at)
        return self.investigation_window

    def open_motion_area_search(self) -> MotionAreaSearchDialog | None:
        """The motion search over an area's cameras (one window, kept while open)."""
        if self._tiles.motion is None:
            return None
        if self.motion_area_dialog is None:
            dialog = MotionAreaSearchDialog(self._tiles.motion, self._cameras,
                                            self._tiles.thumbnails, self)
            dialog.play_requested.connect(self._on_bookmarks_dock_play_requested)
            self.motion_area_dialog = dialog
        self.motion_area_dialog.show()
        self.motion_area_dialog.raise_()
        self.motion_area_dialog.activateWindow()
        return self.motion_area_dialog

    @Slot()
    def _on_investigation_window_closed(self) -> None:
        self.investigation_window = None  # it deletes itself: a new one next time

    @Slot()
    def _on_investigate_triggered(self) -> None:
        """From the wall's playhead when it plays back, else the last minutes."""
        at = self._wall.sync.position() or (
            datetime.now(UTC) - timedelta(minutes=self._live_minutes()))
        self.open_investigation(self._wall.visible_cameras(), at)

    def open_export_dialog(self, camera_id: str, start: datetime, end: datetime,
                           **more) -> ExportDialog | None:
        """The export dialog for a range (from a tile, a timeline selection, a bookmark)."""
        if self._tiles.exports is None:
            return None
        camera = self._cameras.camera(camera_id)
        dialog = ExportDialog(self._tiles.exports, camera_id,
                              camera.name if camera else camera_id, start, end, self,
                              thumbnails=self._tiles.thumbnails,
                              cameras=self._cameras.cameras(), **more)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.show()
        return dialog

    @Slot()
    def _on_verify_export_triggered(self) -> None:
        if self._tiles.exports is None:
            return
        dialog = VerifyDialog(self._tiles.exports, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.verify_dialog = dialog
        dialog.show()

    def _follow_selected_tile(self, *_args) -> None:
        index = self._wall.selected
        camera_id = self._wall.camera_at(index) if index is not None else None
        if camera_id != self.timeline.camera_id:
            self.timeline.set_camera(camera_id)
            self.timeline.set_position(None)
            self._load_spans()

    def _follow_ptz_tile(self, *_args) -> None:
        if self.ptz_panel is not None:
            index = self._wall.selected
            self.ptz_panel.set_camera(self._wall.camera_at(index) if index is not None else None)

    @Slot()
    def _focus_selected_tile(self) -> None:
        """Back to the wall after the PTZ dock was used, so the arrows turn the camera."""
        tile = self._selected_tile()
        if tile is not None:
            tile.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_spans(self) -> None:
        if self.timeline.camera_id:
            model = self.timeline.model
            self._tiles.playback.load_spans(self.timeline.camera_id, model.start, model.end)
            if self._tiles.bookmarks is not None:
                self._tiles.bookmarks.refresh(self.timeline.camera_id, model.start, model.end)

    def _selected_camera(self) -> str | None:
        index = self._wall.selected if self._wall.selected is not None else self._wall.maximised
        return self._wall.camera_at(index) if index is not None else None

    def _on_bookmarks_changed(self, camera_id: str) -> None:
        marks = [Mark(b.id, b.start, b.end, b.title, b.protected)
                 for b in self._tiles.bookmarks.cached(camera_id)]
        self.timeline.set_marks(camera_id, marks)

    @Slot(int)
    def _on_timeline_bookmark_activated(self, bookmark_id: int) -> None:
        mark = self._tiles.bookmarks.find(bookmark_id) if self._tiles.bookmarks else None
        if mark is not None:  # as from the bookmarks dock: its camera alone, the wall live
            self.open_investigation([mark.camera_id], mark.start)

    @Slot()
    def _on_add_bookmark_triggered(self) -> None:
        index = self._wall.selected if self._wall.selected is not None else self._wall.maximised
        camera_id = self._wall.camera_at(index) if index is not None else None
        if not camera_id:
            self.statusBar().showMessage(self.tr("Select a tile with a camera to bookmark."),
                                         5000)
            return
        # From playback: the playhead; from live: now.
        self.open_bookmark_dialog(camera_id, self.timeline.model.position or datetime.now(UTC))

    def open_bookmark_dialog(self, camera_id: str, at: datetime) -> BookmarkDialog | None:
        if self._tiles.bookmarks is None:
            return None
        camera = self._cameras.camera(camera_id)
        dialog = BookmarkDialog(self._tiles.bookmarks, camera_id,
                                camera.name if camera else camera_id, at, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bookmark_dialog = dialog
        dialog.show()
        return dialog

    @Slot(object)
    def _on_timeline_seek_requested(self, at: datetime) -> None:
        """Play from there: the selected tile's clock, so the whole wall unless the tile
        plays on its own clock."""
        self._steered_sync().play_from(at)
        self.timeline.set_position(at)

    # -- synchronised playback ----------------------------------------------------------
    def _selected_tile(self) -> TileWidget | None:
        return self._transport_binding.selected_tile()

    def _steered_sync(self) -> PlaybackSync:
        return self._transport_binding.steered_sync()

    @Slot(object)
    def _on_steered_position_changed(self, position: datetime | None) -> None:
        if position is not None or self.timeline.model.position is not None:
            self.timeline.set_position(position)

    @Slot(object, bool)
    def _on_transport_start_requested(self, at: datetime | None, paused: bool) -> None:
        """Playback from live: at ``at``; paused (a freeze), at this moment; playing, at
        the latest moment the selected camera has recorded (the start of a rewind)."""
        if at is None and paused:
            # K (or a frame step) on a live wall: it stops on this moment at once, each
            # tile on the live picture it shows, until the recording's takes its place.
            at = datetime.now(UTC)
        if at is None:
            latest = self.timeline.model.latest_recorded()
            if latest is None:
                self.statusBar().showMessage(
                    self.tr("Nothing recorded to play back on the selected tile."), 5000)
                return
            at = min(latest, datetime.now(UTC)) - timedelta(seconds=1)
        self._steered_sync().play_from(at, paused=paused)

    def all_live(self) -> None:
        """Every tile of the wall back to live, unlinked ones too."""
        self._wall.sync.go_live()
        for tile in self.wall_widget.tiles():
            if not tile.linked:
                tile.relink()
            tile.back_to_live()
        self.timeline.set_position(None)

    @Slot(str, object, object)
    def _on_timeline_export_requested(self, camera_id: str, start: datetime,
                                      end: datetime) -> None:
        self.open_export_dialog(camera_id, start, end)

    @Slot()
    def _on_bookmarks_triggered(self) -> None:
        if self.bookmarks_dock is None:
            return
        frame = self.bookmarks_dock_frame
        frame.setVisible(not frame.isVisible())
        if frame.isVisible():
            frame.raise_()
            self.bookmarks_dock.text_edit.setFocus()

    @Slot(str, object)
    def _on_bookmarks_dock_play_requested(self, camera_id: str, at: datetime) -> None:
        """Play a bookmark in the investigation window: its camera alone, from its start;
        the wall goes on live."""
        self.open_investigation([camera_id], at)

    @Slot(object)
    def _on_bookmarks_dock_export_requested(self, mark: Bookmark) -> None:
        dialog = self.open_export_dialog(mark.camera_id, mark.start, mark.end,
                                         bookmark_id=mark.id)
        if dialog is not None and not dialog.reason_edit.toPlainText():
            dialog.reason_edit.setPlainText(mark.title)  # a start the operator completes

    def _step_tile(self, step: int) -> None:
        count = self._wall.visible_count()
        current = self._wall.selected
        if current is None or current >= count:
            self._wall.select(0 if step > 0 else count - 1)
        else:
            self._wall.select((current + step) % count)

    def _step_view(self, step: int) -> None:
        if self.views_dock is not None:
            self.views_dock.open_next(step)

    @Slot()
    def _on_save_view_triggered(self) -> None:
        if self.views_dock is not None:
            self._views_dock.show()
            self.views_dock.name_edit.setFocus()
            self.views_dock.name_edit.selectAll()

    @Slot()
    def _on_tour_toggle_triggered(self) -> None:
        if self._tours is None or self._views is None:
            return
        if self._tours.view_tour_running:
            self._tours.stop_view_tour()
        else:
            self._tours.start_view_tour([v.id for v in self._views.views()])

    @Slot()
    def _on_tile_tour_triggered(self) -> None:
        index = self._wall.selected
        if self._tours is None:
            return
        if index is None:
            self.statusBar().showMessage(self.tr("Select a tile first."), 5000)
        elif index in self._tours.tile_tours():
            self._tours.stop_tile_tour(index)
            self.statusBar().showMessage(self.tr("Tour of tile {0} stopped").format(index + 1),
                                         5000)
        else:
            # The cameras the list shows: search "banjir" first to tour the flood cameras.
            cameras = self.camera_tree.visible_camera_ids()[:MAX_TILE_TOUR]
            if self._tours.start_tile_tour(index, cameras):
                self.statusBar().showMessage(
                    self.tr("Tile {0} tours {1} cameras").format(index + 1, len(cameras)), 5000)
            else:
                self.statusBar().showMessage(
                    self.tr("A tour needs at least two cameras in the camera list."), 5000)

    @Slot(bool)
    def _on_tours_view_tour_changed(self, running: bool) -> None:
        self.actions_by_id[ActionId.TOUR_TOGGLE].setChecked(running)
        if running:
            self.statusBar().showMessage(self.tr("Tour through the views started"), 5000)

    @Slot()
    def _on_custom_layout_triggered(self) -> None:
        self.custom_layout_dialog = CustomLayoutDialog(self._wall, self)
        self.custom_layout_dialog.finished.connect(self.custom_layout_dialog.deleteLater)
        self.custom_layout_dialog.open()

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self.shortcuts, self)
            self.shortcuts_dialog.shortcuts_changed.connect(self.save_shortcuts)
        self.shortcuts_dialog.reload()
        self.shortcuts_dialog.open()

    def ask_to_quit(self) -> QMessageBox:
        """Ctrl+Q sits next to Ctrl+W (close a tile): closing every wall of a command centre
        is asked first, with Cancel the default so a stray Enter keeps the walls."""
        if self.quit_box is None:
            box = self.quit_box = QMessageBox(self)
            box.setObjectName("quit-box")
            box.setIcon(QMessageBox.Icon.Question)
            box.setStandardButtons(QMessageBox.StandardButton.Close
                                   | QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.finished.connect(self._on_quit_box_finished)
        box = self.quit_box
        box.setWindowTitle(self.tr("Quit Pantau"))
        box.setText(self.tr("Close Pantau and every wall window?"))
        box.setInformativeText(self.tr("The walls go dark until Pantau is started again."))
        box.button(QMessageBox.StandardButton.Close).setText(self.tr("Quit"))
        box.open()
        return box

    @Slot(int)
    def _on_quit_box_finished(self, _result: int) -> None:
        box = self.quit_box
        if box is not None and box.clickedButton() is box.button(
                QMessageBox.StandardButton.Close):
            self.close()

    @Slot(str)
    def _on_views_dock_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    @Slot(object, str)
    def _on_cameras_load_failed(self, kind: ApiErrorKind, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("The camera list could not be loaded: {0}").format(message or kind.value))

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self.statusBar().showMessage(
            self.tr("{0} cameras available").format(len(self._cameras.cameras())), 5000)

    @Slot(str)
    def _on_status_strip_camera_located(self, camera_id: str) -> None:
        """A camera chosen in the status bar's list: its row in the tree, its tile if the
        wall shows it."""
        self._tree_dock.show()
        self.camera_tree.locate(camera_id)
        shown = self._wall.visible_cameras()
        if camera_id in shown:
            self._wall.select(shown.index(camera_id))

    @Slot(str)
    def _on_camera_tree_placement_failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry.save(self, "main")
        if self.investigation_window is not None:
            self.investigation_window.close()
        self.wall_widget.shutdown()
        self.closed.emit()
        super().closeEvent(event)
