"""Named views: a wall's layout and its cameras saved under a name, to be opened again.

Personal views live in the settings JSON on this computer; shared views live on the
server, where every user sees them and only their owner (or an admin or supervisor)
changes them. Both kinds reach the widgets as the same plain-data View.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.services.session import SessionService
from app.settings import Settings
from app.tasks import TaskRunner
from app.wall import MAX_TILES, AnyLayout, Layout, WallModel, layout_from_json

log = logging.getLogger(__name__)

LOCAL_PREFIX = "local:"
SERVER_PREFIX = "server:"


@dataclass(frozen=True)
class View:
    id: str  # "local:<hex>" for a personal view here, "server:<n>" for one on the server
    name: str
    layout: AnyLayout = Layout.L2X2
    cameras: dict[int, str] = field(default_factory=dict)  # tile index -> camera id
    shared: bool = False
    owner: str = ""
    tours: dict[int, tuple[str, ...]] = field(default_factory=dict)  # tile -> its cameras

    @property
    def is_local(self) -> bool:
        return self.id.startswith(LOCAL_PREFIX)

    def wall_json(self) -> dict[str, Any]:
        """The view as WallService.load_json takes it."""
        return WallModel(self.layout, dict(self.cameras)).to_json()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "layout": self.layout.value,
                "cameras": {str(i): cam for i, cam in sorted(self.cameras.items())},
                "shared": self.shared, "owner": self.owner,
                "tours": {str(i): list(cams) for i, cams in sorted(self.tours.items())}}

    @classmethod
    def from_json(cls, data: Any) -> View:
        """A view from JSON; ValueError when it is not one (bad layout, no name)."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) \
                or not data["name"].strip():
            raise ValueError("a view needs a name")
        cameras = {}
        raw = data.get("cameras")
        for key, cam in (raw.items() if isinstance(raw, dict) else ()):
            if str(key).isdigit() and int(key) < MAX_TILES and isinstance(cam, str) and cam:
                cameras[int(key)] = cam
        tours = {}
        raw = data.get("tours")
        for key, cams in (raw.items() if isinstance(raw, dict) else ()):
            if str(key).isdigit() and int(key) < MAX_TILES and isinstance(cams, list):
                tours[int(key)] = tuple(c for c in cams if isinstance(c, str) and c)
        return cls(id=str(data.get("id", "")), name=data["name"].strip(),
                   layout=layout_from_json(data.get("layout")), cameras=cameras,
                   shared=bool(data.get("shared", False)), owner=str(data.get("owner", "")),
                   tours=tours)

    @classmethod
    def from_wall(cls, view_id: str, name: str, wall: dict[str, Any], *, shared: bool = False,
                  owner: str = "", tours: dict[int, list[str]] | None = None) -> View:
        model = WallModel.from_json(wall)
        cameras = {i: cam for i, cam in model.assignments.items() if cam}
        kept = {i: tuple(cams) for i, cams in (tours or {}).items() if i < model.visible_count()}
        return cls(view_id, name.strip(), model.layout, cameras, shared, owner, kept)


class SharedViewStore(Protocol):
    """The server's views, blocking calls (run on a worker thread). Ids are the
    server's own; the service adds and strips the "server:" prefix."""

    def list(self) -> list[dict[str, Any]]: ...
    def create(self, data: dict[str, Any]) -> dict[str, Any]: ...
    def update(self, view_id: str, data: dict[str, Any]) -> dict[str, Any]: ...
    def delete(self, view_id: str) -> None: ...


class ServerViewStore:
    """SharedViewStore over the logged-in session's API client."""

    def __init__(self, session: SessionService) -> None:
        self._session = session

    def _api(self):
        api = self._session.api
        if api is None:
            raise ApiError(ApiErrorKind.UNAUTHORIZED, "not logged in")
        return api

    def list(self) -> list[dict[str, Any]]:
        return self._api().views()

    def create(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._api().create_view(data)

    def update(self, view_id: str, data: dict[str, Any]) -> dict[str, Any]:
        return self._api().update_view(view_id, data)

    def delete(self, view_id: str) -> None:
        self._api().delete_view(view_id)


def _server_view(data: dict[str, Any]) -> View:
    view = View.from_json(data)
    return replace(view, id=SERVER_PREFIX + str(data.get("id")))


def _server_body(view: View) -> dict[str, Any]:
    body = view.to_json()
    for key in ("id", "owner"):  # the server decides these
        body.pop(key)
    return body


class ViewsService(QObject):
    views_changed = Signal()
    failed = Signal(object, str)  # ApiErrorKind, message: a shared view was not changed

    def __init__(self, settings: Settings, runner: TaskRunner,
                 store: SharedViewStore | None = None, *, username: Callable[[], str] = str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = runner
        self._store = store
        self._username = username  # who owns the personal views saved here
        self._shared: list[View] = []
        self._shared_loaded = False

    # -- reading -------------------------------------------------------------------------
    @property
    def shared_loaded(self) -> bool:
        """The server's list has arrived once: a name not found now is not a shared view
        (a wall started with --wall SCREEN=VIEW waits for this before giving up)."""
        return self._shared_loaded

    def views(self) -> list[View]:
        """Personal then shared, each by name."""
        return (sorted(self._local(), key=lambda v: v.name.casefold())
                + sorted(self._shared, key=lambda v: v.name.casefold()))

    def get(self, view_id: str) -> View | None:
        return next((v for v in self.views() if v.id == view_id), None)

    def find(self, name: str) -> View | None:
        """By name, case-insensitive; a personal view before a shared one."""
        wanted = name.strip().casefold()
        return next((v for v in self.views() if v.name.casefold() == wanted), None)

    def refresh(self) -> None:
        """Fetch the shared views again; views_changed when they arrive."""
        if self._store is None:
            return
        store = self._store
        self._runner.submit(store.list, self._on_listed, self._on_store_failed)

    def clear_shared(self) -> None:
        if self._shared:
            self._shared = []
            self.views_changed.emit()

    # -- changing ------------------------------------------------------------------------
    def save(self, name: str, wall: dict[str, Any], *, shared: bool = False,
             tours: dict[int, list[str]] | None = None) -> View | None:
        """Save the wall (and its tiles' tours) under this name, replacing a view of the
        same name and kind.
        A personal view is saved at once and returned; a shared one goes to the server
        (views_changed or failed follow) and None is returned."""
        name = name.strip()
        if not name:
            raise ValueError("a view needs a name")
        same = next((v for v in (self._shared if shared else self._local())
                     if v.name.casefold() == name.casefold()), None)
        if not shared:
            view = View.from_wall(same.id if same else LOCAL_PREFIX + uuid.uuid4().hex, name,
                                  wall, owner=self._username(), tours=tours)
            self._write_local([v for v in self._local() if v.id != view.id] + [view])
            return view
        view = View.from_wall(same.id if same else "", name, wall, shared=True, tours=tours)
        self._send(view, existing=same)
        return None

    def rename(self, view_id: str, name: str) -> None:
        view = self.get(view_id)
        if view is None or not name.strip():
            return
        renamed = replace(view, name=name.strip())
        if view.is_local:
            self._write_local([renamed if v.id == view_id else v for v in self._local()])
        else:
            self._send(renamed, existing=view)

    def delete(self, view_id: str) -> None:
        view = self.get(view_id)
        if view is None:
            return
        if view.is_local:
            self._write_local([v for v in self._local() if v.id != view_id])
            return
        store, server_id = self._store, view_id.removeprefix(SERVER_PREFIX)
        if store is None:
            return
        self._runner.submit(lambda: store.delete(server_id),
                            lambda _: self._on_deleted(view_id), self._on_store_failed)

    # -- personal views in the settings --------------------------------------------------
    def _local(self) -> list[View]:
        views = []
        for raw in self._settings.get("views"):
            try:
                view = View.from_json(raw)
            except ValueError as exc:
                log.warning("a saved view is unusable and skipped: %s", exc)
                continue
            if view.is_local:
                views.append(view)
        return views

    def _write_local(self, views: list[View]) -> None:
        self._settings.set("views", [v.to_json() for v in views])
        self.views_changed.emit()

    # -- shared views on the server ------------------------------------------------------
    def _send(self, view: View, existing: View | None) -> None:
        store = self._store
        if store is None:
            self.failed.emit(ApiErrorKind.UNREACHABLE, "no server")
            return
        body = _server_body(view)
        if existing is None:
            job = lambda: store.create(body)  # noqa: E731
        else:
            server_id = existing.id.removeprefix(SERVER_PREFIX)
            job = lambda: store.update(server_id, body)  # noqa: E731
        self._runner.submit(job, self._on_stored, self._on_store_failed)

    def _on_listed(self, rows: list[dict[str, Any]]) -> None:
        views = []
        for row in rows:
            try:
                views.append(_server_view(row))
            except ValueError as exc:
                log.warning("the server sent an unusable view: %s", exc)
        self._shared = [v for v in views if v.shared]
        self._shared_loaded = True
        self.views_changed.emit()

    def _on_stored(self, row: dict[str, Any]) -> None:
        view = _server_view(row)
        self._shared = [v for v in self._shared if v.id != view.id] + [view]
        self.views_changed.emit()

    def _on_deleted(self, view_id: str) -> None:
        self._shared = [v for v in self._shared if v.id != view_id]
        self.views_changed.emit()

    def _on_store_failed(self, exc: BaseException) -> None:
        kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
        message = exc.message if isinstance(exc, ApiError) else str(exc)
        log.warning("shared views: %s %s", kind.value, message)
        self.failed.emit(kind, message)
