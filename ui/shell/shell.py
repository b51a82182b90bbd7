"""The composition root: builds every service once, logs in, shows the main window.

Nothing else creates services; views get theirs in their constructors. End-to-end tests
build a ClientShell in-process and read .services and .main_window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication

from app.alarms.rules import AlarmRulesService
from app.alarms.service import AlarmService
from app.api.errors import ApiErrorKind
from app.config import ClientConfig
from app.credentials import CredentialStore
from app.crowd.service import CrowdChartService
from app.domain import User
from app.motion.service import MotionSearchService
from app.services.admin import AdminService
from app.services.bookmarks import BookmarkService
from app.services.camera_status import CameraStatusService
from app.services.cameras import CameraService
from app.services.evidence import EvidenceService
from app.services.exports import ExportService, default_export_dir
from app.services.health import HealthService, read_process, read_processes
from app.services.maps import MapCameraStates, MapService
from app.services.nodes import NodesService
from app.services.playback import PlaybackService
from app.services.ptz import PtzService
from app.services.push import PushService, default_workstation, view_wall_json
from app.services.session import SessionService
from app.services.thumbnails import ThumbnailService
from app.services.tours import TourService
from app.services.views import ServerViewStore, ViewsService
from app.services.wall import WallService
from app.settings import Settings, VlcOutput
from app.streams.decoder_pool import DecoderPool
from app.streams.engine import StreamOptions
from app.streams.factory import EngineFactory, default_engine_factory, window_policy
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.wall import Layout
from ui.crowd.binding import CrowdChartBinding
from ui.shell.i18n import install_language
from ui.shell.login_dialog import LoginDialog
from ui.shell.main_window import MainWindow
from ui.shell.password_dialog import PasswordChangeDialog
from ui.shell.resources import theme_qss
from ui.tile.services import TileServices
from ui.wall.screens import WallScreens
from ui.wall.send_menu import SendToMenu, TileSendTo, TreeSendTo, ViewsSendTo

log = logging.getLogger(__name__)


@dataclass
class Services:
    runner: TaskRunner
    settings: Settings
    credentials: CredentialStore
    session: SessionService
    cameras: CameraService
    streams: StreamService
    wall: WallService
    playback: PlaybackService
    views: ViewsService
    tours: TourService


class ClientShell(QObject):
    started = Signal()  # logged in, the main window is shown
    start_failed = Signal(str)  # the operator cancelled the login
    catalog_applied = Signal()  # the first catalog arrived and the wall holds its cameras

    def __init__(self, config: ClientConfig, *, engine_factory: EngineFactory | None = None,
                 settings: Settings | None = None, credentials: CredentialStore | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        settings = settings or Settings()
        runner = TaskRunner(parent=self)
        session = SessionService(runner, parent=self)
        options = StreamOptions(stale_after_s=settings.get("stale_timeout_s"),
                                connect_timeout_s=settings.get("connect_timeout_s"),
                                network_caching_ms=settings.get("vlc_network_caching_ms"))
        self._decoder_pool: DecoderPool | None = None
        own_factory = engine_factory is None
        if engine_factory is None:
            processes = settings.get("decoder_processes")
            if processes >= 0:
                # Started now: the processes load PyAV while the operator logs in.
                self._decoder_pool = DecoderPool(processes or None)
                self._decoder_pool.start()
            engine_factory = default_engine_factory(settings.get("engine"), self._decoder_pool)
        streams = StreamService(runner, self._resolve_live_url, engine_factory, options,
                                parent=self, before_tick=(
                                    self._decoder_pool.pump if self._decoder_pool else None))
        streams.tile_engines = dict(settings.get("tile_engines"))
        streams.ladder = settings.get("stream_ladder")
        if own_factory and settings.get("vlc_video_output") is VlcOutput.WINDOW:
            streams.window_policy = window_policy(settings.get("engine"))
        if settings.get("snapshot_dir"):
            streams.snapshot_dir = Path(settings.get("snapshot_dir"))
        wall = WallService(parent=self)
        views = ViewsService(settings, runner, ServerViewStore(session),
                             username=lambda: session.user.username if session.user else "",
                             parent=self)
        self.services = Services(
            runner=runner, settings=settings, credentials=credentials or CredentialStore(),
            session=session, cameras=CameraService(session, runner, parent=self),
            streams=streams, wall=wall,
            playback=PlaybackService(session, streams, runner, parent=self),
            views=views,
            tours=TourService(wall, views, default_dwell_s=lambda: settings.get("tour_dwell_s"),
                              parent=self))
        s = self.services
        self.exports = ExportService(
            session, runner, parent=self,
            export_dir=lambda: Path(settings.get("export_dir") or default_export_dir()))
        self.bookmarks = BookmarkService(session, runner, parent=self)
        self.evidence = EvidenceService(session, runner, parent=self)
        self.ptz = PtzService(session, runner, parent=self)
        self.ptz.speed = min(1.0, max(0.1, settings.get("ptz_speed")))
        # The one judge of which cameras are down or not recorded, and since when.
        self.camera_status = CameraStatusService(session, runner, s.cameras, s.streams,
                                                 parent=self)
        # Maps: the city overview and pictures with cameras on them; a tile may show one.
        self.maps = MapService(session, runner, parent=self)
        self.map_states = MapCameraStates(s.cameras, s.streams, self.camera_status,
                                          parent=self)
        # Alarms of the user's areas: loaded at sign-in, pushed on the event stream.
        cameras = s.cameras
        self.alarms = AlarmService(
            session, runner, parent=self,
            in_scope=lambda cid: not cameras.cameras() or cameras.camera(cid) is not None)
        self.alarm_rules = AlarmRulesService(session, runner, parent=self)
        # Issue 17: a camera's crowd level over hours and days, with its crowd rules.
        self.crowd = CrowdChartService(session, runner, cameras, parent=self)
        self.crowd_binding: CrowdChartBinding | None = None
        self.tile_services = TileServices(streams=s.streams, cameras=s.cameras,
                                          playback=s.playback, exports=self.exports,
                                          ptz=self.ptz, bookmarks=self.bookmarks,
                                          evidence=self.evidence,
                                          thumbnails=ThumbnailService(session, runner,
                                                                      parent=self),
                                          status=self.camera_status, maps=self.maps,
                                          map_states=self.map_states,
                                          motion=MotionSearchService(session, runner,
                                                                     parent=self),
                                          alarms=self.alarms)
        # Users and cameras, for administrators (the main window shows its menu to them).
        self.admin = AdminService(session, runner, parent=self)
        # Pushing to walls; the wall windows come with the main window (they need screens).
        self.push = PushService(session, runner, parent=self)
        pool = self._decoder_pool
        # The recording nodes, for administrators and supervisors (polled while the
        # health dock is shown).
        self.nodes = NodesService(session, runner, parent=self)
        self.health = HealthService(
            streams, self.services.cameras, parent=self, status=self.camera_status,
            nodes=self.nodes,
            process=(read_process if pool is None
                     else lambda: read_processes(pool.worker_pids)))
        self.wall_screens: WallScreens | None = None
        self.main_window: MainWindow | None = None
        self.login_dialog: LoginDialog | None = None
        self.password_dialog: PasswordChangeDialog | None = None
        self._catalog_applied = False
        self._shut_down = False
        session.logged_in.connect(self._on_session_logged_in)
        session.login_failed.connect(self._on_session_login_failed)
        session.password_change_required.connect(self._on_session_password_change_required)
        self.services.cameras.catalog_changed.connect(self._on_cameras_catalog_changed)

    # -- start ---------------------------------------------------------------------------
    def start(self) -> None:
        """Log in (silently when a password is at hand, else through the dialog) and
        show the main window. Returns at once; listen to started / start_failed."""
        settings = self.services.settings
        language = self.config.language or settings.get("language").value
        install_language(language)
        app = QApplication.instance()
        if app is not None and not app.styleSheet():
            app.setStyleSheet(theme_qss())
        server = self.config.server_url or settings.get("server_url")
        user = self.config.username or settings.get("username")
        password = self.config.password
        if not password and user and settings.get("remember_password"):
            password = self.services.credentials.load(user, server)
        if user and password:
            log.info("logging in without the dialog")
            self.services.session.login(server, user, password)
        else:
            self._show_login(server, user)

    @property
    def decoder_pool(self) -> DecoderPool | None:
        """The processes decoding live streams (None: decoded in this process)."""
        return self._decoder_pool

    def shutdown(self) -> None:
        """Save the wall, stop every stream thread, wait (bounded) for background work."""
        if self._shut_down:
            return
        self._shut_down = True
        self.services.tours.stop_all()
        self.ptz.stop_all()  # a closing client never leaves a camera moving
        if self.services.session.user is not None:
            self.services.settings.set("last_wall", self.services.wall.to_json())
        self._close_wall_windows()
        if self.main_window is not None:
            self.main_window.wall_widget.shutdown()
        self.services.streams.shutdown()
        if self._decoder_pool is not None:
            self._decoder_pool.shutdown()
        self.services.runner.shutdown()
        log.info("client stopped")

    # -- login ---------------------------------------------------------------------------
    def _show_login(self, server: str, user: str, error: tuple[ApiErrorKind, str] | None = None
                    ) -> None:
        settings = self.services.settings
        dialog = LoginDialog(self.services.session, self.services.credentials, server, user,
                             settings.get("remember_password"))
        self.login_dialog = dialog
        if error is not None:
            dialog.show_error(*error)
        dialog.accepted.connect(self._on_login_dialog_accepted)
        dialog.rejected.connect(self._on_login_dialog_rejected)
        dialog.open()  # not exec(): the event loop (and qasync) keeps running

    @Slot()
    def _on_login_dialog_accepted(self) -> None:
        dialog = self.login_dialog
        if dialog is None:
            return
        settings = self.services.settings
        settings.set("username", dialog.username())
        settings.set("remember_password", dialog.remember())
        self.login_dialog = None
        dialog.deleteLater()

    @Slot()
    def _on_login_dialog_rejected(self) -> None:
        log.info("login cancelled")
        self.login_dialog = None
        self.start_failed.emit("login cancelled")

    @Slot(object, str)
    def _on_session_login_failed(self, kind: ApiErrorKind, message: str) -> None:
        if self.login_dialog is None and self.main_window is None:
            # The silent login failed: ask, and say why.
            session_server = self.config.server_url or self.services.settings.get("server_url")
            user = self.config.username or self.services.settings.get("username")
            self._show_login(session_server, user, (kind, message))

    @Slot(object)
    def _on_session_password_change_required(self, _user: User) -> None:
        """Signed in with a password an administrator set: the user's own first, then the
        window (logged_in follows the change)."""
        dialog = PasswordChangeDialog(self.services.session, self.services.credentials,
                                      self.services.settings.get("remember_password"))
        self.password_dialog = dialog
        dialog.accepted.connect(self._on_password_dialog_accepted)
        dialog.rejected.connect(self._on_password_dialog_rejected)
        dialog.open()

    @Slot()
    def _on_password_dialog_accepted(self) -> None:
        if self.password_dialog is not None:
            self.password_dialog.deleteLater()
            self.password_dialog = None

    @Slot()
    def _on_password_dialog_rejected(self) -> None:
        """Cancel is signing out: back to the login dialog for another account."""
        log.info("password change cancelled: signing out")
        session = self.services.session.session
        user = session.user.username if session else self.services.settings.get("username")
        if self.password_dialog is not None:
            self.password_dialog.deleteLater()
            self.password_dialog = None
        self.services.session.logout()
        if self.main_window is None:
            settings = self.services.settings
            self._show_login(session.server_url if session else settings.get("server_url"),
                             user)

    @Slot(object)
    def _on_session_logged_in(self, user: User) -> None:
        session = self.services.session.session
        self.services.settings.set("server_url", session.server_url)
        self.services.settings.set("username", user.username)
        if self.main_window is None:
            self._build_window()
        self.services.cameras.load()
        self.maps.load()
        self.camera_status.start()
        self.services.views.refresh()

    # -- the wall ------------------------------------------------------------------------
    def _build_window(self) -> None:
        s = self.services
        self._apply_initial_wall()
        self.main_window = MainWindow(s.session, s.wall, self.tile_services,
                                      settings=s.settings, views=s.views, tours=s.tours,
                                      health=self.health, admin=self.admin,
                                      alarm_rules=self.alarm_rules)
        self.crowd_binding = CrowdChartBinding(self.main_window, self.main_window.camera_tree,
                                               self.crowd, s.cameras)
        self.health.start()
        self.main_window.closed.connect(self._on_main_window_closed)
        if not self.main_window.isMaximized() and self.main_window.width() < 900:
            self.main_window.resize(1600, 900)
        self.main_window.show()
        self._open_wall_windows()
        self.started.emit()

    def _open_wall_windows(self) -> None:
        """One wall window per wall screen (--wall, else as saved), and this
        workstation's monitors registered with the server to receive pushes."""
        s = self.services
        screens = WallScreens(s.settings, self.tile_services,
                              view_lookup=lambda name: view_wall_json(name, s.views.find),
                              parent=self)
        self.wall_screens = screens
        screens.restore(self.config.walls)
        s.views.views_changed.connect(self._on_views_views_changed)
        self.push.camera_pushed.connect(self._on_push_camera_pushed)
        self.push.view_pushed.connect(self._on_push_view_pushed)
        self.push.storage_alarm_changed.connect(self.health.set_storage_alarm)
        self.push.connected_changed.connect(self.camera_status.set_event_stream_open)
        self.push.alarm_event.connect(self.alarms.apply_event)
        self.push.connected_changed.connect(self.alarms.set_event_stream_open)
        self.health.storage_alarm_changed.connect(self._on_health_storage_alarm_changed)
        screens.windows_changed.connect(self._on_wall_screens_windows_changed)
        workstation = (self.config.workstation or s.settings.get("workstation")
                       or default_workstation())
        self.push.start(workstation, screens.monitors())
        if self.main_window is not None:
            wall = s.wall
            menu = SendToMenu(self.push, wall, lambda: wall.camera_at(wall.selected)
                              if wall.selected is not None else None, self.main_window)
            self.main_window.menuBar().addMenu(menu)
            self._tile_send_to = TileSendTo(self.main_window.wall_widget, self.push)
            self._tree_send_to = TreeSendTo(self.main_window.camera_tree, self.push, wall)
            if self.main_window.views_dock is not None:
                self._views_send_to = ViewsSendTo(self.main_window.views_dock, self.push, wall)

    def _close_wall_windows(self) -> None:
        self.push.stop()
        if self.wall_screens is not None:
            self.wall_screens.shutdown()

    @Slot(bool, str)
    def _on_health_storage_alarm_changed(self, raised: bool, _message: str) -> None:
        # An alarm nobody sees is no alarm: open the health dock where it is shown.
        window = self.main_window
        if raised and window is not None and window.health_dock is not None:
            window.health_dock_frame.show()

    @Slot(int, str, str)
    def _on_push_camera_pushed(self, monitor: int, camera_id: str, sender: str) -> None:
        if self.wall_screens is not None:
            self.wall_screens.show_camera(monitor, camera_id, sender)

    @Slot(int, str, str)
    def _on_push_view_pushed(self, monitor: int, view: str, sender: str) -> None:
        if self.wall_screens is not None:
            self.wall_screens.show_view(monitor, view, sender)

    @Slot()
    def _on_views_views_changed(self) -> None:
        if self.wall_screens is not None and self.wall_screens.pending():
            self.wall_screens.retry_pending(give_up=self.services.views.shared_loaded)

    @Slot()
    def _on_wall_screens_windows_changed(self) -> None:
        if self.wall_screens is not None:
            self.push.update_monitors(self.wall_screens.monitors())

    def _apply_initial_wall(self) -> None:
        wall, config = self.services.wall, self.config
        last = self.services.settings.get("last_wall")
        if not (config.cameras or config.fill) and last:
            wall.load_json(last)
        layout = config.layout or (wall.layout if last else Layout.L2X2)
        wall.set_layout(layout)
        if config.cameras:
            wall.fill(list(config.cameras))

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        if self._catalog_applied or not self.services.cameras.cameras():
            return
        self._catalog_applied = True
        if self.config.fill and not self.config.cameras:
            count = self.services.wall.visible_count()
            self.services.wall.fill([c.id for c in self.services.cameras.cameras()[:count]])
        self.catalog_applied.emit()

    @Slot()
    def _on_main_window_closed(self) -> None:
        self.shutdown()

    def _resolve_live_url(self, camera_id: str, profile: str) -> str:
        # Called on a worker thread by the stream service.
        api = self.services.session.api
        if api is None:
            from app.api.errors import ApiError
            raise ApiError(ApiErrorKind.UNAUTHORIZED, "not logged in")
        return api.live_url(camera_id, profile)
