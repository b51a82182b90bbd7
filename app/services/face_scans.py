"""Face scans from the client: start one over an export's range, poll it on the
TaskRunner until the server is done, speak in signals on the GUI thread.

One scan at a time: a new one (another range) supersedes the one before, whose
answers are dropped when they come (the server finishes it anyway and forgets it
within the hour). Every signal carries the ticket ``scan()`` returned, so a dialog
hears only its own scan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.face_scans import FaceScan, FaceScansApi, ScanState
from app.api.keyframes import KeyframePicture, keyframe_before
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

POLL_MS = 1000
# Polls that find the server unreachable before the scan is given up.
MAX_UNREACHABLE = 10


class FaceScanService(QObject):
    progress_changed = Signal(int, object)  # ticket, FaceScan (queued or running)
    finished = Signal(int, object)  # ticket, FaceScan (done: its tracks are final)
    failed = Signal(int, object, str)  # ticket, ApiErrorKind, message
    # The picture a scan's tracks are reviewed on (app.api.keyframes): request id, then
    # KeyframePicture, or ApiErrorKind and message.
    picture_found = Signal(int, object)
    picture_failed = Signal(int, object, str)

    def __init__(self, session: SessionService, runner: TaskRunner,
                 poll_ms: int = POLL_MS, parent: QObject | None = None, *,
                 api_factory: Callable[[Any], FaceScansApi] = FaceScansApi,
                 picture: Callable[..., KeyframePicture] = keyframe_before) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._api_factory = api_factory
        self._picture = picture
        self._pictures = 0
        self._picture_job: int | None = None
        self._tickets = 0
        self._current: int | None = None  # the ticket still wanted
        self._scan_id: int | None = None
        self._job: int | None = None  # the runner job in flight for the current ticket
        self._unreachable = 0
        self._next_poll: Callable[[], None] = lambda: None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def busy(self) -> bool:
        return self._current is not None

    def scan(self, camera_id: str, start: datetime, end: datetime) -> int:
        """Look for faces in [start, end] (at most 15 minutes: the server refuses more,
        as failed(BAD_REQUEST)); drops the scan before. Answers later, never before this
        returns, with progress_changed, then finished or failed."""
        self.cancel()
        self._tickets += 1
        ticket = self._current = self._tickets
        client = self._session.api
        if client is None:
            QTimer.singleShot(0, self, lambda: self._fail(ticket, ApiError(
                ApiErrorKind.UNAUTHORIZED, "not logged in")))
            return ticket
        api = self._api_factory(client)
        self._job = self._runner.submit(lambda: api.start(camera_id, start, end),
                                        lambda scan: self._on_answer(ticket, api, scan),
                                        lambda exc: self._on_error(ticket, api, exc))
        return ticket

    def picture(self, camera_id: str, at: datetime, width: int) -> int:
        """The camera's picture at or before ``at`` and when it was taken; answers later
        with picture_found or picture_failed. A new request drops the one before."""
        if self._picture_job is not None:
            self._runner.cancel_callbacks(self._picture_job)
        self._pictures += 1
        request_id = self._pictures
        client = self._session.api
        if client is None:
            QTimer.singleShot(0, self, lambda: self.picture_failed.emit(
                request_id, ApiErrorKind.UNAUTHORIZED, "not logged in"))
            return request_id
        self._picture_job = self._runner.submit(
            lambda: self._picture(client, camera_id, at, width),
            lambda found: self.picture_found.emit(request_id, found),
            lambda exc: self._on_picture_error(request_id, exc))
        return request_id

    def _on_picture_error(self, request_id: int, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.picture_failed.emit(request_id, exc.kind, exc.message)
        else:
            log.error("a face scan's picture failed", exc_info=exc)
            self.picture_failed.emit(request_id, ApiErrorKind.BAD_RESPONSE, str(exc))

    def cancel(self) -> None:
        """Stop following the current scan; nothing more is said about it."""
        if self._job is not None:
            self._runner.cancel_callbacks(self._job)
        self._timer.stop()
        self._current = self._scan_id = self._job = None
        self._unreachable = 0

    def _poll(self, ticket: int, api: FaceScansApi) -> None:
        if ticket != self._current or self._scan_id is None:
            return
        scan_id = self._scan_id
        self._job = self._runner.submit(lambda: api.get(scan_id),
                                        lambda scan: self._on_answer(ticket, api, scan),
                                        lambda exc: self._on_error(ticket, api, exc))

    def _on_answer(self, ticket: int, api: FaceScansApi, scan: FaceScan) -> None:
        if ticket != self._current:
            return  # superseded
        self._job = None
        self._unreachable = 0
        self._scan_id = scan.id
        if scan.state is ScanState.DONE:
            self.cancel()
            self.finished.emit(ticket, scan)
        elif scan.state is ScanState.FAILED:
            self.cancel()
            self.failed.emit(ticket, ApiErrorKind.SERVER_ERROR,
                             scan.error or "the face scan failed")
        else:
            self.progress_changed.emit(ticket, scan)
            self._next_poll = lambda: self._poll(ticket, api)
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        self._next_poll()

    def _on_error(self, ticket: int, api: FaceScansApi, exc: BaseException) -> None:
        if ticket != self._current:
            return
        self._job = None
        unreachable = isinstance(exc, ApiError) and exc.kind is ApiErrorKind.UNREACHABLE
        if unreachable and self._scan_id is not None and self._unreachable < MAX_UNREACHABLE:
            self._unreachable += 1  # a blip while polling: the next poll tries again
            self._next_poll = lambda: self._poll(ticket, api)
            self._timer.start()
            return
        self._fail(ticket, exc)

    def _fail(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._current:
            return
        self.cancel()
        if isinstance(exc, ApiError):
            self.failed.emit(ticket, exc.kind, exc.message)
        else:
            log.error("face scan failed", exc_info=exc)
            self.failed.emit(ticket, ApiErrorKind.BAD_RESPONSE, str(exc))
