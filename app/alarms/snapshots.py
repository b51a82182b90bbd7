"""The picture a node kept when it raised an alarm, fetched on the TaskRunner and kept
for a while (the list asks again as rows scroll in and out of view)."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.alarms import AlarmsApi
from app.api.errors import ApiError, ApiErrorKind
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

CACHE_SIZE = 128


class AlarmSnapshots(QObject):
    snapshot_ready = Signal(int, bytes)  # alarm id, JPEG (decoded in ui/)
    snapshot_failed = Signal(int, object)  # alarm id, ApiErrorKind (NOT_FOUND: none kept)

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None, *,
                 api_factory: Callable[[Any], AlarmsApi] = AlarmsApi) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._api_factory = api_factory
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._waiting: set[int] = set()
        session.logged_out.connect(self._cache.clear)

    def request(self, alarm_id: int) -> None:
        """Answers later (never before this returns) with snapshot_ready or _failed."""
        cached = self._cache.get(alarm_id)
        if cached is not None:
            self._cache.move_to_end(alarm_id)
            QTimer.singleShot(0, self, lambda: self.snapshot_ready.emit(alarm_id, cached))
            return
        if alarm_id in self._waiting:
            return
        client = self._session.api
        if client is None:
            return
        api = self._api_factory(client)
        self._waiting.add(alarm_id)
        self._runner.submit(lambda: api.snapshot(alarm_id),
                            lambda jpeg: self._on_fetched(alarm_id, jpeg),
                            lambda exc: self._on_fetch_failed(alarm_id, exc))

    def _on_fetched(self, alarm_id: int, jpeg: bytes) -> None:
        self._waiting.discard(alarm_id)
        self._cache[alarm_id] = jpeg
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.snapshot_ready.emit(alarm_id, jpeg)

    def _on_fetch_failed(self, alarm_id: int, exc: BaseException) -> None:
        self._waiting.discard(alarm_id)
        kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
        if not isinstance(exc, ApiError):
            log.error("alarm snapshot %d failed", alarm_id, exc_info=exc)
        self.snapshot_failed.emit(alarm_id, kind)
