"""The camera catalog of the logged-in user: the area tree, the cameras, and search."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from app import search
from app.api.errors import ApiError, ApiErrorKind
from app.domain import Area, Camera
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class CameraService(QObject):
    catalog_changed = Signal()
    load_failed = Signal(object, str)  # ApiErrorKind, message
    loading_changed = Signal(bool)

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._areas: list[Area] = []
        self._cameras: list[Camera] = []
        self._by_id: dict[str, Camera] = {}
        self._haystacks: dict[str, str] = {}
        self._loading = False
        session.logged_out.connect(self._on_session_logged_out)

    @property
    def loading(self) -> bool:
        return self._loading

    def load(self) -> None:
        """Fetch areas and cameras in the background; catalog_changed when done."""
        api = self._session.api
        if api is None:
            self.load_failed.emit(ApiErrorKind.UNAUTHORIZED, "not logged in")
            return
        self._set_loading(True)
        self._runner.submit(lambda: (api.areas(), api.cameras()),
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

    def _on_load_succeeded(self, result: tuple[list[Area], list[Camera]]) -> None:
        self._set_loading(False)
        areas, cameras = result
        log.info("catalog: %d top areas, %d cameras", len(areas), len(cameras))
        self.set_catalog(areas, cameras)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._set_loading(False)
        kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
        message = exc.message if isinstance(exc, ApiError) else str(exc)
        log.warning("catalog load failed: %s %s", kind.value, message)
        self.load_failed.emit(kind, message)

    def _on_session_logged_out(self) -> None:
        self.set_catalog([], [])

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)
