"""Alarms in the database: raised by a node's rule, listed to operators in their areas,
acknowledged once with a note. Every raise and acknowledgement goes to the audit log.

A node process has only the database in common with the API: ``raise_alarm`` writes the
row and the API's poller (server/alarms/poller.py) pushes it to the event streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from server import audit
from server.alarms.kinds import AlarmKind
from server.alarms.rules import AlarmRule
from server.audit import AuditAction
from server.cameras import camera_filter
from server.clock import to_wire, utc_now
from server.schema import alarms, cameras

MAX_DETAIL = 500
MAX_NOTE = 2000
MAX_SNAPSHOT = 2_000_000  # a JPEG snapshot is tens of kB; more is a detector's mistake


@dataclass(frozen=True)
class Alarm:
    id: int
    rule_id: int | None
    rule_name: str | None
    kind: AlarmKind
    detail: str
    camera_id: str
    camera_name: str | None  # None: the camera is no longer in the catalog
    raised_at: datetime
    node: str | None
    has_snapshot: bool
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    note: str | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "kind": self.kind.value,
            "detail": self.detail,
            "camera_id": self.camera_id,
            "camera_name": self.camera_name,
            "raised_at": to_wire(self.raised_at),
            "acknowledged_at": (to_wire(self.acknowledged_at)
                                if self.acknowledged_at is not None else None),
            "acknowledged_by": self.acknowledged_by,
            "note": self.note,
            "has_snapshot": self.has_snapshot,
        }


class AlarmNotFound(LookupError):
    pass


class AlreadyAcknowledged(Exception):
    """Someone acknowledged it first: ``alarm`` says who and when."""

    def __init__(self, alarm: Alarm) -> None:
        super().__init__(f"alarm {alarm.id} was already acknowledged")
        self.alarm = alarm


def raise_alarm(engine: Engine, rule: AlarmRule | None, kind: AlarmKind, camera_id: str,
                at: datetime, detail: str, snapshot_jpeg: bytes | None,
                node: str | None) -> int:
    """Insert an alarm and audit it; returns its id. Blocking, safe from any thread (each
    call takes its own connection). ``at``: aware UTC, when the condition was met;
    ``detail`` is cut to MAX_DETAIL characters."""
    if at.tzinfo is None:
        raise ValueError("raise_alarm needs an aware UTC datetime")
    if snapshot_jpeg is not None and len(snapshot_jpeg) > MAX_SNAPSHOT:
        snapshot_jpeg = None
    kind = AlarmKind(kind)
    detail = detail[:MAX_DETAIL]
    with engine.begin() as conn:
        result = conn.execute(alarms.insert().values(
            rule_id=rule.id if rule is not None else None,
            rule_name=rule.name if rule is not None else None,
            kind=kind.value, detail=detail, camera_id=camera_id, raised_at=at, node=node,
            snapshot=snapshot_jpeg,
        ))  # fmt: skip
        alarm_id = int(result.inserted_primary_key[0])
    audit.record(engine, AuditAction.ALARM_RAISED, actor=None, camera_id=camera_id, details={
        "alarm_id": alarm_id, "kind": kind.value, "detail": detail, "node": node,
        "rule_id": rule.id if rule is not None else None,
    })  # fmt: skip
    return alarm_id


def _query():
    return (
        select(alarms.c.id, alarms.c.rule_id, alarms.c.rule_name, alarms.c.kind,
               alarms.c.detail, alarms.c.camera_id, cameras.c.name.label("camera_name"),
               alarms.c.raised_at, alarms.c.node, alarms.c.snapshot.is_not(None)
               .label("has_snapshot"), alarms.c.acknowledged_at, alarms.c.acknowledged_by,
               alarms.c.note)
        .select_from(alarms.outerjoin(cameras, cameras.c.id == alarms.c.camera_id))
    )  # fmt: skip


def _alarm(row) -> Alarm:
    return Alarm(row.id, row.rule_id, row.rule_name, AlarmKind(row.kind), row.detail,
                 row.camera_id, row.camera_name, row.raised_at, row.node,
                 bool(row.has_snapshot), row.acknowledged_at, row.acknowledged_by, row.note)


def _in_scope(scope: frozenset[str]):
    return alarms.c.camera_id.in_(select(cameras.c.id).where(*camera_filter(scope)))


def get_alarm(conn: Connection, alarm_id: int,
              scope: frozenset[str] | None = None) -> Alarm | None:
    """The alarm; with ``scope``, only if its camera is listed in those areas."""
    query = _query().where(alarms.c.id == alarm_id)
    if scope is not None:
        query = query.where(_in_scope(scope))
    row = conn.execute(query).first()
    return _alarm(row) if row is not None else None


def list_alarms(conn: Connection, scope: frozenset[str], *, open_only: bool = True,
                limit: int = 200, before_id: int | None = None) -> list[Alarm]:
    """Newest first (by id: the order they were raised in), cameras in ``scope`` only;
    ``before_id`` pages further back."""
    query = _query().where(_in_scope(scope))
    if open_only:
        query = query.where(alarms.c.acknowledged_at.is_(None))
    if before_id is not None:
        query = query.where(alarms.c.id < before_id)
    query = query.order_by(alarms.c.id.desc()).limit(limit)
    return [_alarm(r) for r in conn.execute(query)]


def alarms_by_id(conn: Connection, ids: list[int]) -> list[Alarm]:
    """These alarms, whatever their scope (the poller's events are filtered per stream)."""
    if not ids:
        return []
    return [_alarm(r) for r in conn.execute(_query().where(alarms.c.id.in_(ids))
                                            .order_by(alarms.c.id))]


def snapshot_of(conn: Connection, alarm_id: int) -> bytes | None:
    return conn.execute(select(alarms.c.snapshot).where(alarms.c.id == alarm_id)).scalar()


def acknowledge(engine: Engine, alarm_id: int, user: str, note: str) -> Alarm:
    """Mark the alarm acknowledged by ``user`` with ``note`` and audit it. Only the first
    acknowledgement counts: a second raises AlreadyAcknowledged (the API's 409), an
    unknown id AlarmNotFound. The caller checks the user may see the camera."""
    note = note[:MAX_NOTE]
    with engine.begin() as conn:
        # One statement decides who was first, on SQLite and PostgreSQL alike.
        done = conn.execute(
            alarms.update()
            .where(alarms.c.id == alarm_id, alarms.c.acknowledged_at.is_(None))
            .values(acknowledged_at=utc_now(), acknowledged_by=user, note=note)
        ).rowcount
        alarm = get_alarm(conn, alarm_id)
    if alarm is None:
        raise AlarmNotFound(alarm_id)
    if not done:
        raise AlreadyAcknowledged(alarm)
    audit.record(engine, AuditAction.ALARM_ACKNOWLEDGED, actor=user, camera_id=alarm.camera_id,
                 details={"alarm_id": alarm.id, "kind": alarm.kind.value, "note": note})
    return alarm
