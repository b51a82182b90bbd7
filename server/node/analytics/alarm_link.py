"""The detectors' two ends in the alarm store (server/alarms): the rules they follow,
read for all of the node's analysed cameras at once every ``RULES_EVERY_S`` (two queries
whatever the number of cameras), and the sink that raises an alarm with a JPEG of the
moment."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from server.alarms.kinds import AlarmKind, TamperKind
from server.alarms.rules import AlarmRule, active_at, rules_by_camera
from server.alarms.snapshot import snapshot_jpeg
from server.alarms.store import raise_alarm
from server.audit import AuditAction
from server.node.analytics.detection import Detection, WatchRule
from server.schema import audit_log

log = logging.getLogger(__name__)

RULES_EVERY_S = 10.0
OPERATOR_TURN = timedelta(minutes=10)
_TURNS = (AuditAction.PTZ_MOVE.value, AuditAction.PTZ_CENTER.value,
          AuditAction.PTZ_PRESET_GOTO.value)
KINDS = frozenset({AlarmKind.MOTION, AlarmKind.TAMPER, AlarmKind.CROWD})


def watch_rule(rule: AlarmRule) -> WatchRule:
    return WatchRule(rule.id, rule.kind, rule.hold_s, partial(active_at, rule), rule.region,
                     rule.min_cells, rule.threshold, rule)


class RuleBook:
    """The MOTION, TAMPER and CROWD rules of the cameras being analysed. Asked on every
    look from the sampling threads; one of them reads the table again when the copy is
    older than RULES_EVERY_S (the others go on with the old copy meanwhile)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._rules: dict[str, tuple[WatchRule, ...]] = {}
        self._cameras: frozenset[str] = frozenset()  # replaced whole: read by other threads
        self._read_at = float("-inf")
        self._reading = threading.Lock()

    def watch(self, camera_id: str) -> Callable[[], tuple[WatchRule, ...]]:
        self._cameras = self._cameras | {camera_id}
        self._read_at = float("-inf")  # its rules at its first look
        return partial(self.rules, camera_id)

    def forget(self, camera_id: str) -> None:
        self._cameras = self._cameras - {camera_id}

    def rules(self, camera_id: str) -> tuple[WatchRule, ...]:
        if time.monotonic() - self._read_at >= RULES_EVERY_S \
                and self._reading.acquire(blocking=False):
            try:
                self._read()
            finally:
                self._reading.release()
        return self._rules.get(camera_id, ())

    def _read(self) -> None:
        cameras = sorted(self._cameras)
        self._read_at = time.monotonic()
        try:
            with self._engine.connect() as conn:
                found = rules_by_camera(conn, cameras, KINDS)
        except SQLAlchemyError as exc:  # a busy or migrating database: the old copy holds
            log.warning("alarm rules not read: %s", exc)
            return
        self._rules = {cam: tuple(watch_rule(r) for r in rules) for cam, rules in found.items()}


class AlarmRaiser:
    """The detectors' sink: one alarm per detection, with the picture as a JPEG.

    A PTZ camera an operator turned through Pantau (a move, a click-to-centre or a
    preset, audited) in the ``OPERATOR_TURN`` before the scene changed is not tampered
    with: that turn raises nothing. Turned by anyone else (its own web page, a hand on
    the housing), it is."""

    def __init__(self, engine: Engine, node: str | None) -> None:
        self._engine = engine
        self._node = node

    def __call__(self, detection: Detection) -> None:
        if detection.tamper is TamperKind.TURNED and self._turned_by_operator(detection):
            log.info("%s: turned by an operator through Pantau, not tampering",
                     detection.camera_id)
            return
        rule = detection.rule.source if detection.rule is not None else None
        try:
            snapshot = snapshot_jpeg(detection.luma)
        except Exception as exc:  # noqa: BLE001 — the alarm matters more than its picture
            log.warning("%s: no snapshot for the alarm (%s)", detection.camera_id, exc)
            snapshot = None
        try:
            alarm_id = raise_alarm(self._engine, rule if isinstance(rule, AlarmRule) else None,
                                   detection.kind, detection.camera_id, detection.at,
                                   detection.detail, snapshot, self._node)
        except SQLAlchemyError:
            log.exception("%s: alarm not raised: %s", detection.camera_id, detection.detail)
            return
        log.info("%s: alarm %d raised by rule %d: %s", detection.camera_id, alarm_id,
                 detection.rule_id, detection.detail)

    def _turned_by_operator(self, detection: Detection) -> bool:
        try:
            with self._engine.connect() as conn:
                return conn.execute(
                    select(audit_log.c.id).where(
                        audit_log.c.camera_id == detection.camera_id,
                        audit_log.c.action.in_(_TURNS),
                        audit_log.c.at_utc >= detection.at - OPERATOR_TURN,
                    ).limit(1)).first() is not None
        except SQLAlchemyError as exc:  # unknown: an alarm too many beats one missed
            log.warning("%s: PTZ history not read: %s", detection.camera_id, exc)
            return False
