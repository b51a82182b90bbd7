"""Which wall is on which screen: opens one WallWindow per wall screen, saves the
arrangement (screen name + geometry + the wall) in settings and brings it back at start,
and follows screens that are plugged in or pulled out while the client runs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication, QScreen

from app.services.push import view_wall_json
from app.services.wall import WallService
from app.settings import Settings
from ui.tile.services import TileServices
from ui.wall.window import WallWindow

log = logging.getLogger(__name__)

ViewLookup = Callable[[str], dict[str, Any] | None]


def screen_geometry(screen: QScreen) -> list[int]:
    g = screen.geometry()
    return [g.x(), g.y(), g.width(), g.height()]


def find_screen(key: str, screens: list[QScreen] | None = None) -> QScreen | None:
    """A screen by its index in Qt's list ("0", "1") or by its name ("HDMI-1")."""
    screens = QGuiApplication.screens() if screens is None else screens
    if key.isdigit():
        index = int(key)
        return screens[index] if index < len(screens) else None
    return next((s for s in screens if s.name() == key), None)


def match_saved(entry: dict[str, Any], screens: list[QScreen]) -> QScreen | None:
    """The screen a saved wall belongs on: same name first, else same geometry (names
    change when a monitor moves to another port, positions seldom do)."""
    by_name = next((s for s in screens if s.name() == entry.get("screen")), None)
    if by_name is not None:
        return by_name
    geometry = entry.get("geometry")
    return next((s for s in screens if screen_geometry(s) == geometry), None)


class WallScreens(QObject):
    """The wall windows of this workstation, one per screen."""

    windows_changed = Signal()

    def __init__(self, settings: Settings, tiles: TileServices, *,
                 view_lookup: ViewLookup = view_wall_json, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tiles = tiles
        self._view_lookup = view_lookup
        self._windows: dict[str, WallWindow] = {}  # screen name -> window
        # Walls whose screen is gone, kept (with their saved geometry) for its return.
        self._parked: dict[str, tuple[WallWindow, list[int]]] = {}
        # --wall views not known yet: a shared view's name is known once the server's
        # list arrives, after the walls open.
        self._pending: list[tuple[str, str]] = []
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._on_app_screen_added)
        app.screenRemoved.connect(self._on_app_screen_removed)

    # -- queries ------------------------------------------------------------------------
    def windows(self) -> list[WallWindow]:
        return list(self._windows.values())

    def window_for(self, screen: QScreen) -> WallWindow | None:
        return self._windows.get(screen.name())

    def monitors(self) -> list[dict[str, Any]]:
        """This workstation's monitors as the server's wall registry wants them."""
        result = []
        for index, screen in enumerate(QGuiApplication.screens()):
            window = self._windows.get(screen.name())
            result.append({"index": index, "name": screen.name(),
                           "geometry": screen_geometry(screen), "wall": window is not None})
        return result

    # -- opening walls ------------------------------------------------------------------
    def restore(self, requested: tuple[tuple[str, str], ...] = ()) -> None:
        """Open the walls asked for on the command line; without any, the saved ones."""
        if requested:
            for screen_key, view in requested:
                if not self._open_requested(screen_key, view):
                    self._pending.append((screen_key, view))
            return
        screens = QGuiApplication.screens()
        for entry in self._settings.get("wall_windows"):
            if not isinstance(entry, dict):
                continue
            screen = match_saved(entry, screens)
            if screen is not None and screen.name() not in self._windows:
                self.open_wall(screen, entry.get("wall") or {})
            elif screen is None:
                log.info("wall screen %s is not connected; its wall waits for it",
                         entry.get("screen"))

    def retry_pending(self, give_up: bool = False) -> None:
        """The views changed (the server's shared views arrived): open the --wall views
        that were not known yet; with ``give_up``, say which never will be."""
        pending, self._pending = self._pending, []
        for screen_key, view in pending:
            if self._open_requested(screen_key, view):
                continue
            if give_up:
                log.warning("--wall %s=%s: no such view", screen_key, view)
            else:
                self._pending.append((screen_key, view))

    def pending(self) -> list[tuple[str, str]]:
        return list(self._pending)

    def _open_requested(self, screen_key: str, view: str) -> bool:
        """False only when the view is not known (yet); a missing screen is final."""
        screen = find_screen(screen_key)
        if screen is None:
            log.warning("--wall %s=%s: no such screen", screen_key, view)
            return True
        data = self._view_lookup(view)
        if data is None:
            return False
        self.open_wall(screen, data)
        return True

    def open_wall(self, screen: QScreen, wall_json: dict[str, Any] | None = None) -> WallWindow:
        """The wall window of ``screen`` (made if there is none), showing ``wall_json``."""
        window = self._windows.get(screen.name())
        if window is None:
            wall = WallService(parent=self)
            window = WallWindow(wall, self._tiles)
            window.closed.connect(lambda w=window: self._on_window_closed(w))
            wall.layout_changed.connect(self._save)
            wall.tile_changed.connect(self._save)
            self._windows[screen.name()] = window
        if wall_json:
            window.wall.load_json(wall_json)
        window.show_on(screen)
        self._save()
        self.windows_changed.emit()
        return window

    # -- what others push ---------------------------------------------------------------
    def show_camera(self, monitor: int, camera_id: str, sender: str = ""
                    ) -> WallWindow | None:
        """A camera pushed to monitor ``monitor``: on that screen's wall (opened as 1x1
        if it has none), on the first free tile, else on the first tile."""
        screen = find_screen(str(monitor))
        if screen is None:
            log.warning("camera %s pushed to monitor %d, which is not here", camera_id, monitor)
            return None
        window = self._windows.get(screen.name())
        if window is None:
            window = self.open_wall(screen, {"layout": "1x1", "tiles": {"0": camera_id}})
        else:
            wall = window.wall
            index = next((i for i in range(wall.visible_count())
                          if wall.camera_at(i) is None), 0)
            wall.assign(index, camera_id)
        camera = self._tiles.cameras.camera(camera_id)
        window.show_notice(self.tr("{0} sent by {1}").format(
            camera.name if camera else camera_id, sender or "?"))
        return window

    def show_view(self, monitor: int, view: str, sender: str = "") -> WallWindow | None:
        screen = find_screen(str(monitor))
        data = self._view_lookup(view)
        if screen is None or data is None:
            log.warning("view %r pushed to monitor %d: no such %s", view, monitor,
                        "monitor" if screen is None else "view")
            return None
        window = self.open_wall(screen, data)
        window.show_notice(self.tr("{0} sent by {1}").format(view, sender or "?"))
        return window

    def shutdown(self) -> None:
        self._save()
        for window in list(self._windows.values()) + [w for w, _ in self._parked.values()]:
            window.closed.disconnect()
            window.shutdown()
            window.close()
            window.deleteLater()
        self._windows.clear()
        self._parked.clear()

    # -- screens coming and going -------------------------------------------------------
    @Slot(QScreen)
    def _on_app_screen_removed(self, screen: QScreen) -> None:
        window = self._windows.pop(screen.name(), None)
        if window is None:
            return
        log.info("screen %s removed; its wall is kept for its return", screen.name())
        self._parked[screen.name()] = (window, screen_geometry(screen))
        window.park()
        self._save()
        self.windows_changed.emit()

    @Slot(QScreen)
    def _on_app_screen_added(self, screen: QScreen) -> None:
        name = screen.name()
        parked = self._parked.pop(name, None)
        if parked is None:
            geometry = screen_geometry(screen)
            name = next((n for n, (_, g) in self._parked.items() if g == geometry), "")
            parked = self._parked.pop(name, None) if name else None
        if parked is not None:
            window = parked[0]
            self._windows[screen.name()] = window
            window.show_on(screen)
            log.info("screen %s back; its wall is shown again", screen.name())
        else:
            entry = next((e for e in self._settings.get("wall_windows")
                          if isinstance(e, dict) and match_saved(e, [screen])), None)
            if entry is None or screen.name() in self._windows:
                return
            self.open_wall(screen, entry.get("wall") or {})
        self._save()
        self.windows_changed.emit()

    @Slot()
    def _save(self, *_args) -> None:
        entries = [{"screen": name, "geometry": screen_geometry(w.screen()) if w.screen()
                    else [], "wall": w.wall.to_json()} for name, w in self._windows.items()]
        # Walls of unplugged screens stay in the arrangement, to come back with them.
        entries += [{"screen": name, "geometry": geometry, "wall": w.wall.to_json()}
                    for name, (w, geometry) in self._parked.items()]
        self._settings.set("wall_windows", entries)

    def _on_window_closed(self, window: WallWindow) -> None:
        for name, open_window in list(self._windows.items()):
            if open_window is window:
                del self._windows[name]
        window.deleteLater()
        self._save()
        self.windows_changed.emit()


