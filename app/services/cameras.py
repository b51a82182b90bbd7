"""The camera catalog of the logged-in user: the area tree, the cameras, and search.

The whole catalog is held here and searched here: with 30,418 cameras a keystroke
filters the held haystacks in about 17 ms (bench/bench_tree.py), where a request per
keystroke would wait for the server and the network each time, and for nothing on a
thin link. What the server answered is kept (in memory and in the catalog store) with
its ETags, so loading again, or signing in the next day, costs three 304s while nothing
changed (bench/bench_catalog.py)."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QObject, Signal

from app import search
from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.catalog_store import CatalogPart, CatalogStore, Stored
from app.domain import Area, Camera, CameraStatus
from app.paths import config_dir
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class CameraService(QObject):
    catalog_changed = Signal()
    load_failed = Signal(object, str)  # ApiErrorKind, message
    loading_changed = Signal(bool)

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None, store: CatalogStore | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._store = store if store is not None else CatalogStore(config_dir() / "catalog")
        # Whose catalog is held (server URL, user) and the ETag of each part.
        self._held_for: tuple[str, str] | None = None
        self._etags: dict[CatalogPart, str | None] = {}
        self._areas: list[Area] = []
        self._cameras: list[Camera] = []
        # The list as the server answered it (status=false: no statuses) and the
        # statuses apart, so a camera going offline re-fetches a small answer only.
        self._listed: list[Camera] = []
        self._statuses: dict[str, CameraStatus] = {}
        self._by_id: dict[str, Camera] = {}
        self._haystacks: dict[str, str] = {}
        self._loading = False
        session.logged_out.connect(self._on_session_logged_out)

    @property
    def loading(self) -> bool:
        return self._loading

    def load(self) -> None:
        """Fetch areas and cameras in the background, each revalidated with the ETag of
        what is held (or stored from an earlier sign-in); catalog_changed when it changed."""
        api = self._session.api
        session = self._session.session
        if api is None or session is None:
            self.load_failed.emit(ApiErrorKind.UNAUTHORIZED, "not logged in")
            return
        who = (api.base_url, session.user.username)
        held = dict(self._etags) if self._held_for == who else None
        store = self._store
        self._set_loading(True)
        self._runner.submit(lambda: (who, _fetch(api, store, who, held)),
                            self._on_load_succeeded, self._on_load_failed)

    def set_catalog(self, areas: list[Area], cameras: list[Camera]) -> None:
        self._areas = list(areas)
        self._cameras = list(cameras)
        self._by_id = {camera.id: camera for camera in cameras}
        self._haystacks = {camera.id: search.haystack(camera) for camera in cameras}
        self.catalog_changed.emit()

    def areas(self) -> list[Area]:
        return list(self._areas)

    def cameras(self) -> list[Camera]:
        return list(self._cameras)

    def camera(self, camera_id: str) -> Camera | None:
        return self._by_id.get(camera_id)

    def matches(self, camera_id: str, query: str) -> bool:
        text = self._haystacks.get(camera_id)
        return text is not None and search.matches_words(text, search.words(query))

    def search(self, query: str) -> list[Camera]:
        query_words = search.words(query)
        return [c for c in self._cameras
                if search.matches_words(self._haystacks[c.id], query_words)]

    def _on_load_succeeded(self, result) -> None:
        self._set_loading(False)
        who, fetched = result
        if self._session.api is None:
            return  # signed out meanwhile
        self._held_for = who
        self._etags = {part: etag for part, (_, etag) in fetched.items()}
        areas, _ = fetched[CatalogPart.AREAS]
        listed, _ = fetched[CatalogPart.CAMERAS]
        statuses, _ = fetched[CatalogPart.STATUSES]
        if areas is None and listed is None and statuses is None:
            log.info("catalog unchanged (%d cameras)", len(self._cameras))
            return
        areas = self._areas if areas is None else areas
        self._listed = self._listed if listed is None else listed
        self._statuses = self._statuses if statuses is None else statuses
        cameras = _with_statuses(self._listed, self._statuses)
        log.info("catalog: %d top areas, %d cameras", len(areas), len(cameras))
        self.set_catalog(areas, cameras)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._set_loading(False)
        kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
        message = exc.message if isinstance(exc, ApiError) else str(exc)
        log.warning("catalog load failed: %s %s", kind.value, message)
        self.load_failed.emit(kind, message)

    def _on_session_logged_out(self) -> None:
        self._held_for, self._etags = None, {}
        self._listed, self._statuses = [], {}
        self.set_catalog([], [])

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)


_PARSERS = {CatalogPart.AREAS: parse.areas, CatalogPart.CAMERAS: parse.cameras,
            CatalogPart.STATUSES: parse.statuses}
# The list without statuses: its ETag then changes only when a camera does.
_PARAMS = {CatalogPart.CAMERAS: {"status": "false"}}


def _with_statuses(listed: list[Camera], statuses: dict[str, CameraStatus]) -> list[Camera]:
    """Each camera with its status from GET /camera-statuses (where it has one there; a
    server that put statuses in the list keeps them)."""
    return [c if c.id not in statuses else dataclasses.replace(c, status=statuses[c.id])
            for c in listed]


def _fetch(api: ApiClient, store: CatalogStore, who: tuple[str, str],
           held: dict[CatalogPart, str | None] | None) -> dict[CatalogPart, tuple]:
    """Each part as (parsed, ETag); parsed None: what the service holds is current.
    Runs on a worker thread."""
    out: dict[CatalogPart, tuple] = {}
    for part in CatalogPart:
        stored = None if held is not None else store.load(*who, part)
        etag = held.get(part) if held is not None else (stored.etag if stored else None)
        try:
            answer = api.get_if_changed(f"/{part.value}", etag, _PARAMS.get(part))
        except ApiError as exc:
            if part is not CatalogPart.STATUSES or exc.kind is not ApiErrorKind.NOT_FOUND:
                raise
            out[part] = ({}, None)  # a server before /camera-statuses: statuses in the list
            continue
        if answer.not_modified and stored is not None:
            out[part] = (_PARSERS[part](stored.data), answer.etag)
        elif answer.not_modified:
            out[part] = (None, answer.etag)
        else:
            out[part] = (_PARSERS[part](answer.data), answer.etag)
            store.save(*who, part, Stored(answer.data, answer.etag))
    return out
