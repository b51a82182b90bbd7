"""The recording nodes for the health dock: GET /api/v1/nodes every 10 s, only while
someone looks (the dock is shown), on the TaskRunner's threads, one request at a time.

A 403 (an operator, the police, a viewer) or a 404 (a server before the nodes) is no
error to show: the user simply has no nodes to see, and the dock hides the section until
the next sign-in. Any other failure keeps the last report: the dock shows what it knew."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.api.errors import ApiError, ApiErrorKind
from app.api.nodes import NodesApi, NodesReport
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 10_000  # a node is down after a lease time (30 s): seen within 10 s
_NOT_FOR_THIS_USER = frozenset({ApiErrorKind.FORBIDDEN, ApiErrorKind.NOT_FOUND})


class NodesService(QObject):
    changed = Signal()  # report() or available() changed

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None, *,
                 poll_interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._report: NodesReport | None = None
        self._available = True  # until the server says this user may not see nodes
        self._polling = False
        self._watched = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        session.logged_out.connect(self._on_session_logged_out)
        session.logged_in.connect(self._on_session_logged_in)

    # -- what views read -----------------------------------------------------------------

    def report(self) -> NodesReport | None:
        """The last answer; None before the first one (or for a user without nodes)."""
        return self._report

    def available(self) -> bool:
        """False once the server refused this user the nodes (or has none to show)."""
        return self._available

    # -- running -------------------------------------------------------------------------

    @Slot(bool)
    def set_watched(self, watched: bool) -> None:
        """Poll (the first at once) while ``watched``: the health dock is shown."""
        self._watched = watched
        if watched and self._available:
            self._timer.start()
            self.poll()
        else:
            self._timer.stop()

    def poll(self) -> None:
        client = self._session.api
        if client is None or self._polling or not self._available:
            return  # one at a time: an unreachable server holds it for its timeout
        self._polling = True
        self._runner.submit(NodesApi(client).report, self._on_poll_succeeded,
                            self._on_poll_failed)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.poll()

    def _on_poll_succeeded(self, report: NodesReport) -> None:
        self._polling = False
        if self._session.api is None:
            return  # signed out meanwhile
        if report != self._report:
            self._report = report
            self.changed.emit()

    def _on_poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
        if kind in _NOT_FOR_THIS_USER:
            self._timer.stop()
            self._available, self._report = False, None
            self.changed.emit()
            return
        log.info("recording nodes: %s", exc)

    @Slot(object)
    def _on_session_logged_in(self, _user) -> None:
        if not self._available:
            self._available = True  # another user may see them
            self.changed.emit()
        self.set_watched(self._watched)

    @Slot()
    def _on_session_logged_out(self) -> None:
        self._timer.stop()
        self._report, self._available = None, True
        self.changed.emit()
