"""Alarms to the event streams: the API process reads the alarms table about once a second
and publishes what is new, raised or acknowledged.

Nodes raise alarms in their own processes, possibly on other machines sharing PostgreSQL,
so the table is the one place every raise meets the API; a read of the newest ids and of
the newest acknowledgements costs two indexed queries a second. Each stream's filter
(server/api/events.py) drops alarms of cameras outside its user's areas by ``camera_id``.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from server.alarms.store import Alarm, alarms_by_id
from server.schema import alarms

log = logging.getLogger(__name__)

POLL_S = 1.0
# PostgreSQL hands ids out at insert but they become visible at commit, so a smaller id can
# appear after a larger one: ids this far below the newest seen are read again (and skipped
# if already published).
ID_SLACK = 100
# Acknowledgements are stamped by the clock of whichever API process took them: this far
# back from the newest seen is read again, for clocks a little apart.
ACK_SLACK = timedelta(seconds=10)
_REMEMBERED = 1000


def alarm_event(alarm: Alarm) -> dict:
    return {"type": "alarm", "camera_id": alarm.camera_id, "alarm": alarm.to_json()}


def acknowledged_event(alarm: Alarm) -> dict:
    return {"type": "alarm_acknowledged", "camera_id": alarm.camera_id,
            "alarm": alarm.to_json()}


class AlarmPoller:
    def __init__(self, engine: Engine, publish: Callable[[dict], object],
                 every_s: float = POLL_S) -> None:
        self._engine = engine
        self._publish = publish
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="alarm-poller", daemon=True)
        self._last_id = 0
        self._ack_mark: datetime | None = None
        self._primed = False  # False: every alarm in the table would look new
        # Published ids (raised, and acknowledged) recently: never twice.
        self._raised: OrderedDict[int, None] = OrderedDict()
        self._acked: OrderedDict[int, None] = OrderedDict()

    def start(self) -> None:
        """From now on: alarms already in the table are the clients' to list."""
        try:
            self._prime()
        except SQLAlchemyError as exc:  # primed at the first look that gets an answer
            log.warning("alarm poller: the database did not answer at start (%s)", exc)
        self._thread.start()

    def _prime(self) -> None:
        with self._engine.connect() as conn:
            last_id = conn.execute(select(func.max(alarms.c.id))).scalar() or 0
            ack_mark = conn.execute(select(func.max(alarms.c.acknowledged_at))).scalar()
            # What the slack windows will read again is old news.
            self._raised.update(dict.fromkeys(conn.execute(
                select(alarms.c.id).where(alarms.c.id > last_id - ID_SLACK)).scalars()))
            if ack_mark is not None:
                self._acked.update(dict.fromkeys(conn.execute(
                    select(alarms.c.id).where(alarms.c.acknowledged_at >= ack_mark - ACK_SLACK)
                ).scalars()))
        self._last_id, self._ack_mark, self._primed = last_id, ack_mark, True

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                self.poll()
            except SQLAlchemyError as exc:
                log.warning("alarm poller: the database did not answer (%s)", exc)
            except Exception:  # noqa: BLE001 — the pushes must go on
                log.exception("alarm poller failed")

    def poll(self) -> None:
        """One look: publish alarms raised and acknowledged since the last."""
        if not self._primed:
            self._prime()
            return
        with self._engine.connect() as conn:
            raised = list(conn.execute(
                select(alarms.c.id).where(alarms.c.id > self._last_id - ID_SLACK)
            ).scalars())  # fmt: skip
            new = sorted(i for i in raised if i not in self._raised)
            acked_query = select(alarms.c.id, alarms.c.acknowledged_at).where(
                alarms.c.acknowledged_at.is_not(None))
            if self._ack_mark is not None:
                acked_query = acked_query.where(
                    alarms.c.acknowledged_at >= self._ack_mark - ACK_SLACK)
            acked = [(i, at) for i, at in conn.execute(acked_query) if i not in self._acked]
            found = {a.id: a for a in alarms_by_id(conn, sorted(set(new) | {i for i, _ in acked}))}
        for alarm_id in new:
            _remember(self._raised, alarm_id)
            self._last_id = max(self._last_id, alarm_id)
            if alarm_id in found:
                # An alarm raised and acknowledged between two looks: both, in order.
                alarm = found[alarm_id]
                if alarm.acknowledged_at is not None:
                    alarm = _unacknowledged(alarm)
                self._publish(alarm_event(alarm))
        for alarm_id, at in sorted(acked, key=lambda pair: pair[1]):
            _remember(self._acked, alarm_id)
            if self._ack_mark is None or at > self._ack_mark:
                self._ack_mark = at
            if alarm_id in found:
                self._publish(acknowledged_event(found[alarm_id]))


def _unacknowledged(alarm: Alarm) -> Alarm:
    return replace(alarm, acknowledged_at=None, acknowledged_by=None, note=None)


def _remember(seen: OrderedDict[int, None], alarm_id: int) -> None:
    seen[alarm_id] = None
    while len(seen) > _REMEMBERED:
        seen.popitem(last=False)
