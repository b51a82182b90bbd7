"""Crowd charts, loaded on the TaskRunner so the GUI thread never waits for the server.

One load fetches a camera's occupancy points over a range ending now and the alarm rules
(for the crowd thresholds of that camera and its areas). Each load belongs to an owner
(a chart window): a newer load of the same owner supersedes the older one, whose answer
is then dropped even if it arrives later. Answers carry the request id they answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.alarms.types import AlarmRule
from app.api.alarms import AlarmsApi
from app.api.errors import ApiError, ApiErrorKind
from app.api.occupancy import OccupancyApi
from app.crowd.types import CrowdChart, CrowdRange, area_chain, crowd_thresholds
from app.services.cameras import CameraService
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CrowdChartService(QObject):
    load_started = Signal(int, str, object)  # request id, camera id, CrowdRange
    chart_loaded = Signal(int, object)  # request id, CrowdChart
    load_failed = Signal(int, object, str)  # request id, ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner, cameras: CameraService,
                 parent: QObject | None = None, *,
                 api_factory: Callable[[Any], OccupancyApi] = OccupancyApi,
                 rules_api_factory: Callable[[Any], AlarmsApi] = AlarmsApi,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._cameras = cameras
        self._api_factory = api_factory
        self._rules_api_factory = rules_api_factory
        self._clock = clock
        self._requests = 0
        self._current: dict[str, int] = {}  # owner -> its newest request
        self._jobs: dict[int, int] = {}  # request id -> runner job

    def load(self, camera_id: str, span: CrowdRange, owner: str = "") -> int:
        """Load the camera's chart over ``span`` up to now; answers later (never before
        this returns) with chart_loaded or load_failed and the id returned here."""
        self._requests += 1
        request_id = self._requests
        self.cancel(owner)
        self._current[owner] = request_id
        client = self._session.api
        if client is None:
            QTimer.singleShot(0, self, lambda: self._fail(
                owner, request_id, ApiErrorKind.UNAUTHORIZED, "not logged in"))
            return request_id
        end = self._clock().astimezone(UTC).replace(microsecond=0)
        start = end - span.span
        camera = self._cameras.camera(camera_id)
        # Read on the GUI thread: the catalog is the GUI thread's.
        above = area_chain(camera, self._cameras.areas()) if camera is not None else ()
        occupancy = self._api_factory(client)
        rules = self._rules_api_factory(client)

        def fetch() -> CrowdChart:
            points = occupancy.occupancy(camera_id, start, end, span.points)
            found, known = _rules(rules)
            return CrowdChart(camera_id, start, end, points,
                              crowd_thresholds(found, camera_id, above), known)

        self._jobs[request_id] = self._runner.submit(
            fetch, lambda chart: self._on_loaded(owner, request_id, chart),
            lambda exc: self._on_load_failed(owner, request_id, exc))
        self.load_started.emit(request_id, camera_id, span)
        return request_id

    def cancel(self, owner: str = "") -> None:
        """Forget the owner's load in flight: its answer will not be emitted."""
        request_id = self._current.pop(owner, None)
        if request_id is not None and request_id in self._jobs:
            self._runner.cancel_callbacks(self._jobs.pop(request_id))

    def pending(self, owner: str = "") -> bool:
        return owner in self._current

    def _on_loaded(self, owner: str, request_id: int, chart: CrowdChart) -> None:
        self._jobs.pop(request_id, None)
        if self._current.get(owner) != request_id:
            return  # superseded (the runner's callback was already on its way)
        del self._current[owner]
        self.chart_loaded.emit(request_id, chart)

    def _on_load_failed(self, owner: str, request_id: int, exc: BaseException) -> None:
        self._jobs.pop(request_id, None)
        if isinstance(exc, ApiError):
            kind, message = exc.kind, exc.message
        else:
            log.error("crowd chart load failed", exc_info=exc)
            kind, message = ApiErrorKind.BAD_RESPONSE, str(exc)
        self._fail(owner, request_id, kind, message)

    def _fail(self, owner: str, request_id: int, kind: ApiErrorKind, message: str) -> None:
        if self._current.get(owner) != request_id:
            return
        del self._current[owner]
        self.load_failed.emit(request_id, kind, message)


def _rules(api: AlarmsApi) -> tuple[list[AlarmRule], bool]:
    """The rules, or none and False: a chart without its lines beats no chart."""
    try:
        return api.rules(), True
    except ApiError as exc:
        log.warning("crowd chart: alarm rules not read: %s", exc.message)
        return [], False
