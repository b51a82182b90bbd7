"""Playback of what the server recorded, along a clock (app.services.playback_sync),
through the same stream machinery as live video (a finite, authorised HTTP stream), and
the recorded spans the timeline draws."""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.domain import TimeSpan
from app.services.session import SessionService
from app.streams.clock import PlaybackClock
from app.streams.engine import EngineKind
from app.streams.service import StreamKey, StreamService, playback_options
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

# Synchronised playback asks for this much at a time (scaled by the speed): forward a
# stream of minutes, backwards the keyframes of the last seconds, read whole.
FORWARD_WINDOW = timedelta(minutes=10)
FORWARD_WINDOW_MAX = timedelta(hours=3)
REVERSE_WINDOW = timedelta(seconds=10)
REVERSE_WINDOW_MAX = timedelta(seconds=60)
_LEAST_LEFT = timedelta(seconds=0.3)  # less recorded than this ahead: the end of it


def recorded_window(spans: list[TimeSpan], start: datetime, end: datetime) -> TimeSpan | None:
    """From the first to the last recorded moment inside [start, end], gaps included
    (the server's real_time playback keeps them as gaps)."""
    inside = [clipped for span in spans if (clipped := span.clipped(start, end))]
    if not inside:
        return None
    return TimeSpan(min(s.start for s in inside), max(s.end for s in inside))


class PlaybackService(QObject):
    opened = Signal(int, object, object)  # request id, StreamKey, TimeSpan played
    failed = Signal(int, object, str)  # request id, ApiErrorKind, message
    spans_loaded = Signal(str, object)  # camera id, list[(start, end)] for the timeline
    gaps_loaded = Signal(str, object)  # camera id, list[RecordingGap]: recorded but lost

    def __init__(self, session: SessionService, streams: StreamService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._streams = streams
        self._runner = runner
        self._ids = itertools.count(1)

    def open_synced(self, camera_id: str, clock: PlaybackClock, keyframes_only: bool) -> int:
        """Play a camera along a shared clock from where it stands: forward the next
        minutes, backwards (keyframes only) the last seconds. Answers like the others;
        NO_RECORDING also when the recording ends (or begins) at the clock."""
        request = next(self._ids)
        api = self._session.api
        state = clock.state()
        at = datetime.fromtimestamp(state.position_s, UTC)
        reverse = state.rate < 0
        if reverse:
            start, end = at - min(REVERSE_WINDOW_MAX, REVERSE_WINDOW * abs(state.rate)), at
        else:
            start, end = at, at + min(FORWARD_WINDOW_MAX, FORWARD_WINDOW * abs(state.rate))
        if api is None:
            QTimer.singleShot(0, lambda: self.failed.emit(request, ApiErrorKind.UNAUTHORIZED,
                                                          "not logged in"))
            return request

        def find() -> tuple[TimeSpan, str]:
            window = recorded_window(api.recordings(camera_id, start, end), start, end)
            left = None if window is None else (
                at - window.start if reverse else window.end - at)
            if window is None or left < _LEAST_LEFT:
                raise ApiError(ApiErrorKind.NO_RECORDING, "nothing recorded from here on")
            return window, api.playback_url(camera_id, window.start, window.end,
                                            keyframes_only=keyframes_only, real_time=True)

        def opened(found: tuple[TimeSpan, str]) -> None:
            window, url = found
            options = replace(playback_options(self._streams.live_options, api.auth_headers()),
                              engine=EngineKind.PYAV.value, clock=clock,
                              clock_serial=state.serial, reverse=reverse)
            key = self._streams.open_url(camera_id, url, options)
            log.info("synchronised playback of %s from %s", camera_id, window.start)
            self.opened.emit(request, key, window)

        self._runner.submit(find, opened, lambda exc: self._on_find_failed(request, exc))
        return request

    def load_spans(self, camera_id: str, start: datetime, end: datetime) -> None:
        """Recorded spans for the timeline; answers with spans_loaded (failures are
        logged: the timeline then shows no recording, which it says by itself)."""
        api = self._session.api
        if api is None:
            return
        def loaded(found) -> None:
            spans, gaps = found
            self.spans_loaded.emit(camera_id, [(s.start, s.end) for s in spans])
            self.gaps_loaded.emit(camera_id, gaps)

        self._runner.submit(lambda: api.recorded(camera_id, start, end), loaded,
                            lambda exc: log.info("spans of %s: %s", camera_id, exc))

    def close(self, key: StreamKey) -> None:
        self._streams.release(key)

    def _on_find_failed(self, request: int, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.failed.emit(request, exc.kind, exc.message)
        else:
            log.error("playback lookup failed", exc_info=exc)
            self.failed.emit(request, ApiErrorKind.BAD_RESPONSE, str(exc))
