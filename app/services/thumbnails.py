"""Still pictures of a camera at a moment, fetched on the TaskRunner and kept for a while:
an operator sweeping the mouse along the timeline asks for the same seconds again and
again.

Answers arrive as signals with the request id they answer; a caller that has moved on
simply ignores ids it no longer waits for.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.thumbnails import Thumbnail, ThumbnailsApi
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

CACHE_SIZE = 96

Key = tuple[str, float, int]  # camera id, rounded POSIX time, width


def rounded(at: datetime, step_s: float) -> datetime:
    """``at`` floored to a multiple of ``step_s`` seconds (the keyframe shown is at or
    before the moment anyway)."""
    step = max(0.001, step_s)
    return datetime.fromtimestamp(math.floor(at.timestamp() / step) * step, UTC)


class ThumbnailService(QObject):
    thumbnail_ready = Signal(int, object)  # request id, Thumbnail
    thumbnail_failed = Signal(int, object, str)  # request id, ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 cache_size: int = CACHE_SIZE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._cache: OrderedDict[Key, Thumbnail] = OrderedDict()
        self._cache_size = cache_size
        self._waiting: dict[Key, list[int]] = {}  # in flight: the requests it answers
        self._requests = 0
        self.fetches = 0  # calls to the server so far (what the cache saved shows here)
        session.logged_out.connect(self._cache.clear)

    def request(self, camera_id: str, at: datetime, width: int = 160,
                step_s: float = 1.0) -> int:
        """Ask for the picture at ``at`` rounded down to ``step_s``; answers later (never
        before this returns) with thumbnail_ready or thumbnail_failed and the id."""
        self._requests += 1
        request_id = self._requests
        moment = rounded(at, step_s)
        key = (camera_id, moment.timestamp(), int(width))
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            QTimer.singleShot(0, self, lambda: self.thumbnail_ready.emit(request_id, cached))
            return request_id
        if key in self._waiting:
            self._waiting[key].append(request_id)
            return request_id
        client = self._session.api
        if client is None:
            QTimer.singleShot(0, self, lambda: self.thumbnail_failed.emit(
                request_id, ApiErrorKind.UNAUTHORIZED, "not logged in"))
            return request_id
        api = ThumbnailsApi(client)
        self._waiting[key] = [request_id]
        self.fetches += 1
        self._runner.submit(lambda: api.get(camera_id, moment, width),
                            lambda thumb: self._on_fetched(key, thumb),
                            lambda exc: self._on_fetch_failed(key, exc))
        return request_id

    def _on_fetched(self, key: Key, thumb: Thumbnail) -> None:
        self._cache[key] = thumb
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        for request_id in self._waiting.pop(key, []):
            self.thumbnail_ready.emit(request_id, thumb)

    def _on_fetch_failed(self, key: Key, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            kind, message = exc.kind, exc.message
        else:
            log.error("thumbnail of %s failed", key[0], exc_info=exc)
            kind, message = ApiErrorKind.BAD_RESPONSE, str(exc)
        for request_id in self._waiting.pop(key, []):
            self.thumbnail_failed.emit(request_id, kind, message)
