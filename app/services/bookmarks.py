"""Bookmarks from the client: create them from live or playback, search, edit, delete and
protect them, and keep the ones of the camera the timeline shows, so it can draw them.
Every change the server confirms is folded into that per-camera cache at once."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from app.api import parse
from app.api.bookmarks import Bookmark, BookmarkQuery, BookmarksApi
from app.api.errors import ApiError, ApiErrorKind
from app.domain import User
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class BookmarkService(QObject):
    created = Signal(object)  # Bookmark
    updated = Signal(object)  # Bookmark, as the server now has it (edit, protect)
    deleted = Signal(int)  # bookmark id
    search_finished = Signal(object)  # list[Bookmark], newest first
    bookmarks_changed = Signal(str)  # camera id: cached() has news
    failed = Signal(object, str)  # ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._by_camera: dict[str, list[Bookmark]] = {}
        self._found: dict[int, Bookmark] = {}  # the last search's answer
        self._search_job: int | None = None

    @property
    def user(self) -> User | None:
        """Who is signed in (the dock offers Unprotect to supervisors)."""
        return self._session.user

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
        return self._found.get(bookmark_id)

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

    def search(self, query: BookmarkQuery) -> int | None:
        """Search on the server; answers with search_finished. Only the newest search
        answers: an older one still on its way is dropped."""
        api = self._api()
        if api is None:
            self.failed.emit(ApiErrorKind.UNAUTHORIZED, "not logged in")
            return None
        if self._search_job is not None:
            self._runner.cancel_callbacks(self._search_job)
        params = query.params()
        self._search_job = self._runner.submit(lambda: api.search(**params),
                                               self._on_searched, self._on_search_failed)
        return self._search_job

    def update(self, bookmark_id: int, *, title: str | None = None,
               description: str | None = None, tags: tuple[str, ...] | None = None,
               start: datetime | None = None, end: datetime | None = None) -> None:
        """Edit what is given; answers with updated (or failed)."""
        api = self._api()
        if api is None:
            return
        self._runner.submit(
            lambda: api.update(bookmark_id, title=title, description=description, tags=tags,
                               start=start, end=end),
            self._on_updated, self._on_failed)

    def set_protected(self, bookmark_id: int, on: bool) -> None:
        """Protect the footage from retention, or release it (the server lets only a
        supervisor or an admin unprotect); answers with updated (or failed)."""
        api = self._api()
        if api is None:
            return
        self._runner.submit(lambda: api.protect(bookmark_id, on), self._on_updated,
                            self._on_failed)

    def protect(self, bookmark_id: int) -> None:
        self.set_protected(bookmark_id, True)

    def unprotect(self, bookmark_id: int) -> None:
        self.set_protected(bookmark_id, False)

    def delete(self, bookmark_id: int) -> None:
        """Delete (a protected bookmark is refused by the server); answers with deleted."""
        api = self._api()
        if api is None:
            return
        self._runner.submit(lambda: api.delete(bookmark_id),
                            lambda _none: self._on_deleted(bookmark_id), self._on_failed)

    def _on_searched(self, found: list[Bookmark]) -> None:
        self._search_job = None
        self._found = {mark.id: mark for mark in found}
        self.search_finished.emit(found)

    def _on_search_failed(self, exc: BaseException) -> None:
        self._search_job = None
        self._on_failed(exc)

    def _on_updated(self, mark: Bookmark) -> None:
        if mark.id in self._found:
            self._found[mark.id] = mark
        touched = {mark.camera_id} if mark.camera_id in self._by_camera else set()
        for camera_id, marks in self._by_camera.items():
            if any(m.id == mark.id for m in marks):
                touched.add(camera_id)
                marks[:] = [m for m in marks if m.id != mark.id]
        # The timeline keeps it even if its range moved a little past the loaded window.
        if mark.camera_id in self._by_camera:
            self._by_camera[mark.camera_id].append(mark)
        self.updated.emit(mark)
        for camera_id in sorted(touched):
            self.bookmarks_changed.emit(camera_id)

    def _on_deleted(self, bookmark_id: int) -> None:
        self._found.pop(bookmark_id, None)
        touched = []
        for camera_id, marks in self._by_camera.items():
            if any(m.id == bookmark_id for m in marks):
                touched.append(camera_id)
                marks[:] = [m for m in marks if m.id != bookmark_id]
        self.deleted.emit(bookmark_id)
        for camera_id in touched:
            self.bookmarks_changed.emit(camera_id)

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
