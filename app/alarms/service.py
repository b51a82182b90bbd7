"""The alarms of the cameras in the user's areas: the open ones loaded at sign-in (so an
alarm nobody acknowledged is there again after a restart: the server keeps it), news
merged from the event stream, acknowledgements with a note sent on the TaskRunner.

One owner of the facts the wall and the list read: which alarms are known (newest
first), how many are open, which cameras have an open one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.alarms import parse
from app.alarms.snapshots import AlarmSnapshots
from app.alarms.types import (
    MAX_NOTE,
    AckOutcome,
    Alarm,
    AlarmEventType,
    AlarmFilter,
    newest_first,
)
from app.api.admin import Role
from app.api.alarms import AlarmsApi
from app.api.errors import ApiError, ApiErrorKind
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

CONFLICT = 409  # acknowledged by someone else first


class AlarmService(QObject):
    alarms_changed = Signal()  # alarms() has news (loaded, pushed, acknowledged)
    open_count_changed = Signal(int)  # unacknowledged alarms
    cameras_changed = Signal(object)  # frozenset: the cameras with an open alarm
    alarm_raised = Signal(object)  # Alarm: a new one arrived on the event stream
    # An acknowledgement of ours ended: alarm id, AckOutcome, the alarm as the server has
    # it (None when not known), the server's words on failure.
    acknowledge_finished = Signal(int, object, object, str)
    history_loaded = Signal()  # load(AlarmFilter.ALL) answered
    failed = Signal(object, str)  # ApiErrorKind, message (loading)

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None, *,
                 api_factory: Callable[[Any], AlarmsApi] = AlarmsApi,
                 in_scope: Callable[[str], bool] = lambda _camera_id: True) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._api_factory = api_factory
        self._in_scope = in_scope  # the server filters too; a pushed alarm is checked here
        self._known: dict[int, Alarm] = {}
        self._acking: set[int] = set()
        self._pushed_since_load: set[int] = set()
        self._open_job: int | None = None
        self._stream_broken = False
        self._open_count = 0
        self._cameras: frozenset[str] = frozenset()
        self.loaded = False  # the open alarms came at least once since sign-in
        self.snapshots = AlarmSnapshots(session, runner, self, api_factory=api_factory)
        session.logged_in.connect(self._on_session_logged_in)
        session.logged_out.connect(self._on_session_logged_out)

    # -- what views read ------------------------------------------------------------------
    def alarms(self, which: AlarmFilter = AlarmFilter.OPEN) -> list[Alarm]:
        """Newest first."""
        known = self._known.values()
        if which is AlarmFilter.OPEN:
            known = [a for a in known if a.open]
        return newest_first(known)

    def alarm(self, alarm_id: int) -> Alarm | None:
        return self._known.get(alarm_id)

    @property
    def open_count(self) -> int:
        return self._open_count

    def alarmed_cameras(self) -> frozenset[str]:
        return self._cameras

    def has_open_alarm(self, camera_id: str | None) -> bool:
        return camera_id is not None and camera_id in self._cameras

    def may_acknowledge(self) -> bool:
        """Every signed-in role but viewer acknowledges (the server decides; this hides)."""
        user = self._session.user
        return user is not None and any(role != Role.VIEWER.value for role in user.roles)

    def acknowledging(self, alarm_id: int) -> bool:
        return alarm_id in self._acking

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Every open alarm from the server (sign-in, a reconnected event stream, a 409)."""
        api = self._api()
        if api is None:
            return
        if self._open_job is not None:
            self._runner.cancel_callbacks(self._open_job)
        self._pushed_since_load = set()
        self._open_job = self._runner.submit(api.all_open, self._on_open_loaded,
                                             self._on_load_failed)

    def load_history(self, before_id: int | None = None) -> None:
        """The latest 200 alarms, acknowledged ones too (older than ``before_id``)."""
        api = self._api()
        if api is None:
            return
        self._runner.submit(lambda: api.alarms(AlarmFilter.ALL, before_id=before_id),
                            self._on_history_loaded, self._on_load_failed)

    def set_event_stream_open(self, is_open: bool) -> None:
        """The event stream came back after a break: what was pushed meanwhile is lost,
        so the open alarms are asked for again."""
        if is_open and self._stream_broken:
            self.refresh()
        self._stream_broken = not is_open

    # -- pushed ---------------------------------------------------------------------------
    def apply_event(self, event: dict[str, Any]) -> None:
        """An ``alarm`` or ``alarm_acknowledged`` event from the event stream."""
        try:
            kind = AlarmEventType(event.get("type"))
            found = parse.alarm(event.get("alarm"))
        except (ValueError, ApiError) as exc:
            log.info("alarm event not understood: %s", exc)
            return
        if not self._in_scope(found.camera_id):
            return
        is_new = found.id not in self._known and found.open
        self._pushed_since_load.add(found.id)
        self._merge([found])
        if kind is AlarmEventType.RAISED and is_new:
            log.info("alarm %d on %s: %s", found.id, found.camera_id, found.kind.value)
            self.alarm_raised.emit(found)

    # -- acknowledging --------------------------------------------------------------------
    def acknowledge(self, alarm_id: int, note: str = "") -> AckOutcome | None:
        """Send the acknowledgement; answers with acknowledge_finished. Returns an outcome
        at once only when it was refused here (None: sent)."""
        note = note.strip()
        if len(note) > MAX_NOTE:
            return AckOutcome.NOTE_TOO_LONG
        api = self._api()
        if api is None:
            self.acknowledge_finished.emit(alarm_id, AckOutcome.FAILED, None, "not logged in")
            return AckOutcome.FAILED
        if alarm_id in self._acking:
            return None
        self._acking.add(alarm_id)
        self.alarms_changed.emit()
        self._runner.submit(lambda: api.acknowledge(alarm_id, note),
                            lambda done: self._on_acknowledged(alarm_id, done),
                            lambda exc: self._on_acknowledge_failed(alarm_id, exc))
        return None

    # -- answers --------------------------------------------------------------------------
    def _api(self) -> AlarmsApi | None:
        client = self._session.api
        return self._api_factory(client) if client is not None else None

    def _merge(self, alarms: list[Alarm]) -> None:
        for found in alarms:
            held = self._known.get(found.id)
            if held is not None and not held.open and found.open:
                continue  # an acknowledgement is final: an older open copy never undoes it
            self._known[found.id] = found
        self._changed()

    def _changed(self) -> None:
        open_alarms = [a for a in self._known.values() if a.open]
        count = len(open_alarms)
        cameras = frozenset(a.camera_id for a in open_alarms)
        self.alarms_changed.emit()
        if count != self._open_count:
            self._open_count = count
            self.open_count_changed.emit(count)
        if cameras != self._cameras:
            self._cameras = cameras
            self.cameras_changed.emit(cameras)

    def _on_open_loaded(self, found: list[Alarm]) -> None:
        self._open_job = None
        self.loaded = True
        ids = {a.id for a in found}
        # Open here, no longer open there: acknowledged while this client was away.
        # Those pushed meanwhile stay: the answer may have been cut before they came.
        for alarm_id, held in list(self._known.items()):
            if held.open and alarm_id not in ids and alarm_id not in self._pushed_since_load:
                del self._known[alarm_id]
        self._merge([a for a in found if self._in_scope(a.camera_id)])

    def _on_history_loaded(self, found: list[Alarm]) -> None:
        self._merge(found)
        self.history_loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._open_job = None
        kind, message = _kind(exc)
        log.info("alarms not loaded: %s (%s)", kind.value, message)
        self.failed.emit(kind, message)

    def _on_acknowledged(self, alarm_id: int, done: Alarm) -> None:
        self._acking.discard(alarm_id)
        self._merge([done])
        self.acknowledge_finished.emit(alarm_id, AckOutcome.DONE, done, "")

    def _on_acknowledge_failed(self, alarm_id: int, exc: BaseException) -> None:
        self._acking.discard(alarm_id)
        if isinstance(exc, ApiError) and exc.status == CONFLICT:
            # Someone else was first: their acknowledgement is the one that counts.
            theirs = None
            try:
                theirs = parse.alarm(exc.detail.get("alarm")) if exc.detail else None
            except ApiError:
                theirs = None
            if theirs is not None:
                self._merge([theirs])
            else:
                self.alarms_changed.emit()
            self.acknowledge_finished.emit(alarm_id, AckOutcome.ALREADY, theirs, exc.message)
            self.refresh()
            return
        kind, message = _kind(exc)
        self.alarms_changed.emit()
        self.acknowledge_finished.emit(alarm_id, AckOutcome.FAILED, None,
                                       message or kind.value)

    def _on_session_logged_in(self, _user) -> None:
        self.refresh()

    def _on_session_logged_out(self) -> None:
        if self._open_job is not None:
            self._runner.cancel_callbacks(self._open_job)
            self._open_job = None
        self._known.clear()
        self._acking.clear()
        self.loaded = False
        self._changed()


def _kind(exc: BaseException) -> tuple[ApiErrorKind, str]:
    if isinstance(exc, ApiError):
        return exc.kind, exc.message
    log.error("alarm call failed", exc_info=exc)
    return ApiErrorKind.BAD_RESPONSE, str(exc)
