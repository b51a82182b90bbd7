"""Motion searches, run on the TaskRunner so the GUI thread never waits for the server.

Each search belongs to an owner (a wall's tiles, the area search window): a newer
search of the same owner supersedes the older one, whose answer is then dropped even if
it arrives later. Answers carry the request id they answer.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.motion import MotionApi
from app.motion.types import MotionQuery, MotionSearchResult
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class MotionSearchService(QObject):
    search_started = Signal(int, object)  # request id, MotionQuery
    search_finished = Signal(int, object)  # request id, MotionSearchResult
    search_failed = Signal(int, object, str)  # request id, ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None, *,
                 api_factory=MotionApi) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._api_factory = api_factory
        self._requests = 0
        self._current: dict[str, int] = {}  # owner -> its newest request
        self._jobs: dict[int, int] = {}  # request id -> runner job
        self.latest: dict[str, MotionSearchResult] = {}  # owner -> its last answer

    def search(self, query: MotionQuery, owner: str = "") -> int:
        """Start a search; answers later (never before this returns) with search_finished
        or search_failed and the id returned here."""
        self._requests += 1
        request_id = self._requests
        self.cancel(owner)
        self._current[owner] = request_id
        client = self._session.api
        if client is None:
            QTimer.singleShot(0, self, lambda: self._fail(
                owner, request_id, ApiErrorKind.UNAUTHORIZED, "not logged in"))
            return request_id
        api = self._api_factory(client)
        capped = query.capped()
        self._jobs[request_id] = self._runner.submit(
            lambda: api.search(capped),
            lambda found: self._on_searched(owner, request_id, found),
            lambda exc: self._on_search_failed(owner, request_id, exc))
        self.search_started.emit(request_id, capped)
        return request_id

    def cancel(self, owner: str = "") -> None:
        """Forget the owner's search in flight: its answer will not be emitted."""
        request_id = self._current.pop(owner, None)
        if request_id is not None and request_id in self._jobs:
            self._runner.cancel_callbacks(self._jobs.pop(request_id))

    def clear(self, owner: str = "") -> None:
        """The owner's results are no longer shown."""
        self.cancel(owner)
        self.latest.pop(owner, None)

    def pending(self, owner: str = "") -> bool:
        return owner in self._current

    def _on_searched(self, owner: str, request_id: int, found: MotionSearchResult) -> None:
        self._jobs.pop(request_id, None)
        if self._current.get(owner) != request_id:
            return  # superseded (the runner's callback was already on its way)
        del self._current[owner]
        self.latest[owner] = found
        self.search_finished.emit(request_id, found)

    def _on_search_failed(self, owner: str, request_id: int, exc: BaseException) -> None:
        self._jobs.pop(request_id, None)
        if isinstance(exc, ApiError):
            kind, message = exc.kind, exc.message
        else:
            log.error("motion search failed", exc_info=exc)
            kind, message = ApiErrorKind.BAD_RESPONSE, str(exc)
        self._fail(owner, request_id, kind, message)

    def _fail(self, owner: str, request_id: int, kind: ApiErrorKind, message: str) -> None:
        if self._current.get(owner) != request_id:
            return
        del self._current[owner]
        self.search_failed.emit(request_id, kind, message)
