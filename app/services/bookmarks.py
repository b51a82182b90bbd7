"""Bookmarks from the client: create them from live or playback, and keep the ones of
the camera the timeline shows, so it can draw them."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from app.api import parse
from app.api.bookmarks import Bookmark, BookmarksApi
from app.api.errors import ApiError, ApiErrorKind
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class BookmarkService(QObject):
    created = Signal(object)  # Bookmark
    bookmarks_changed = Signal(str)  # camera id: cached() has news
    failed = Signal(object, str)  # ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._by_camera: dict[str, list[Bookmark]] = {}

    def _api(self) -> BookmarksApi | None:
        client = self._session.api
        return BookmarksApi(client) if client is not None else None

    def cached(self, camera_id: str) -> list[Bookmark]:
        return list(self._by_camera.get(camera_id, ()))

    def find(self, bookmark_id: int) -> Bookmark | None:
        for marks in self._by_camera.values():
            for mark in marks:
                if mark.id == bookmark_id:
                    return mark
        return None

    def refresh(self, camera_id: str, start: datetime, end: datetime) -> None:
        api = self._api()
        if api is None:
            return
        self._runner.submit(
            lambda: api.search(camera_id=camera_id, start=parse.format_time(start),
                               end=parse.format_time(end), limit="1000"),
            lambda found: self._on_found(camera_id, found), self._on_failed)

    def create(self, camera_id: str, at: datetime, pre_roll_s: float, post_roll_s: float,
               title: str, description: str = "", tags: tuple[str, ...] = (),
               protect: bool = False) -> None:
        api = self._api()
        if api is None:
            return

        def work() -> Bookmark:
            made = api.create(camera_id, at, pre_roll_s, post_roll_s, title, description, tags)
            return api.protect(made.id, True) if protect else made

        self._runner.submit(work, self._on_created, self._on_failed)

    def _on_found(self, camera_id: str, found: list[Bookmark]) -> None:
        self._by_camera[camera_id] = found
        self.bookmarks_changed.emit(camera_id)

    def _on_created(self, mark: Bookmark) -> None:
        self._by_camera.setdefault(mark.camera_id, []).append(mark)
        self.created.emit(mark)
        self.bookmarks_changed.emit(mark.camera_id)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.failed.emit(exc.kind, exc.message)
        else:
            log.error("bookmark call failed", exc_info=exc)
            self.failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))
