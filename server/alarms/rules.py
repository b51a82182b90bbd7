"""Alarm rules: what raises an alarm on which cameras, and when.

A rule names one camera or one area; an area rule applies to every camera of its subtree
(area ids are dotted paths, so the areas above a camera are the prefixes of its area id,
as in server/cameras.py's scope). The detectors on the nodes ask ``rules_for`` and
``active_at``; the API creates, edits and deletes rules through the helpers below, which
validate everything, so a rule in the table is always one a detector can follow.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, or_, select

from server.alarms.kinds import AlarmKind
from server.clock import to_wire, utc_now
from server.motion.grid import Region  # a zone: the motion search's rectangle
from server.schema import alarm_rules, alarms, areas, cameras

# How long the condition must last before the alarm, when the rule does not say: long
# enough for a camera's ordinary reconnect (a few seconds of backoff) not to count as
# an outage, short enough for an operator to hear of it within a minute.
DEFAULT_HOLD_S = {
    AlarmKind.OFFLINE: 30.0,
    AlarmKind.FROZEN: 15.0,
    AlarmKind.TAMPER: 10.0,
    AlarmKind.MOTION: 0.0,
    AlarmKind.CROWD: 60.0,
}
MAX_HOLD_S = 86_400.0
DEFAULT_MIN_CELLS = 2
MAX_MIN_CELLS = 32 * 18  # the whole motion grid (server/motion/grid.py)
MAX_NAME = 200
# WIB is UTC+7 all year (Asia/Jakarta has had no daylight saving since 1964).
WIB_OFFSET = timedelta(hours=7)
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class RuleError(ValueError):
    """A rule that cannot be kept; the message says what to change."""


@dataclass(frozen=True)
class AlarmRule:
    id: int
    name: str
    kind: AlarmKind
    camera_id: str | None  # exactly one of camera_id and area_id
    area_id: str | None
    region: Region | None  # motion only; None: the whole picture
    min_cells: int  # motion: cells of the zone that must move in one second
    hours_from: str | None  # "HH:MM" WIB; both None: always
    hours_to: str | None
    hold_s: float
    threshold: float | None  # crowd only
    enabled: bool
    created_by: str
    created_at: datetime
    updated_at: datetime

    def to_json(self) -> dict:
        hours = (None if self.hours_from is None
                 else {"from": self.hours_from, "to": self.hours_to})
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "camera_id": self.camera_id,
            "area": self.area_id,
            "region": self.region.to_json() if self.region is not None else None,
            "min_cells": self.min_cells,
            "hours": hours,
            "hold_s": self.hold_s,
            "threshold": self.threshold,
            "enabled": self.enabled,
            "created_by": self.created_by,
            "created_at": to_wire(self.created_at),
            "updated_at": to_wire(self.updated_at),
        }


@dataclass(frozen=True)
class RuleSpec:
    """What a user sets on a rule (the id and bookkeeping come from the table)."""

    name: str
    kind: AlarmKind
    camera_id: str | None = None
    area_id: str | None = None
    region: Region | None = None
    min_cells: int = DEFAULT_MIN_CELLS
    hours_from: str | None = None
    hours_to: str | None = None
    hold_s: float | None = None  # None: DEFAULT_HOLD_S of the kind
    threshold: float | None = None
    enabled: bool = True


def active_at(rule: AlarmRule, at: datetime) -> bool:
    """Whether ``rule``'s hours (WIB) include the aware UTC time ``at``: always without
    hours; from <= t < to, or across midnight when from > to (22:00-06:00)."""
    if rule.hours_from is None or rule.hours_to is None:
        return True
    if at.tzinfo is None:
        raise ValueError("active_at needs an aware UTC datetime")
    wib = at.astimezone(UTC).replace(tzinfo=None) + WIB_OFFSET  # WIB wall time
    now = wib.hour * 60 + wib.minute
    start, end = _minutes(rule.hours_from), _minutes(rule.hours_to)
    if start < end:
        return start <= now < end
    return now >= start or now < end


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def check_spec(spec: RuleSpec) -> RuleSpec:
    """``spec`` with defaults filled in, or RuleError saying what is wrong."""
    name = spec.name.strip()
    if not name or len(name) > MAX_NAME:
        raise RuleError(f"A rule needs a name of 1 to {MAX_NAME} characters.")
    try:
        kind = AlarmKind(spec.kind)
    except ValueError:
        kinds = ", ".join(k.value for k in AlarmKind)
        raise RuleError(f"Unknown kind {str(spec.kind)[:20]!r}; use one of {kinds}.") from None
    if (spec.camera_id is None) == (spec.area_id is None):
        raise RuleError("A rule names exactly one of camera_id and area.")
    if spec.region is not None:
        if kind is not AlarmKind.MOTION:
            raise RuleError("Only a motion rule has a region.")
        _check_region(spec.region)
    if not 1 <= spec.min_cells <= MAX_MIN_CELLS:
        raise RuleError(f"min_cells is 1 to {MAX_MIN_CELLS} (cells of the motion grid).")
    if (spec.hours_from is None) != (spec.hours_to is None):
        raise RuleError("Hours need both from and to (or neither: always).")
    if spec.hours_from is not None:
        for label, value in (("from", spec.hours_from), ("to", spec.hours_to)):
            if not _HHMM.match(value):
                raise RuleError(f"hours.{label} {value[:10]!r} is not a time like 22:00 "
                                f"(HH:MM, WIB).")
        if spec.hours_from == spec.hours_to:
            raise RuleError("hours.from and hours.to are the same; leave hours out for a "
                            "rule that holds all day.")
    hold_s = DEFAULT_HOLD_S[kind] if spec.hold_s is None else float(spec.hold_s)
    if not (math.isfinite(hold_s) and 0 <= hold_s <= MAX_HOLD_S):
        raise RuleError(f"hold_s is 0 to {MAX_HOLD_S:.0f} seconds.")
    threshold = spec.threshold
    if kind is AlarmKind.CROWD:
        if threshold is None or not (math.isfinite(threshold) and 0 < threshold <= 1):
            raise RuleError("A crowd rule needs a threshold above 0 and at most 1 "
                            "(the occupancy that raises it).")
    elif threshold is not None:
        raise RuleError("Only a crowd rule has a threshold.")
    return replace(spec, name=name, kind=kind, hold_s=hold_s)


def _check_region(r: Region) -> None:
    values = (r.x, r.y, r.w, r.h)
    if not all(math.isfinite(v) for v in values):
        raise RuleError("region values must be numbers.")
    if r.x < 0 or r.y < 0 or r.w <= 0 or r.h <= 0:
        raise RuleError("region: x and y at least 0, w and h above 0 (fractions of the "
                        "picture).")
    if r.x + r.w > 1 + 1e-9 or r.y + r.h > 1 + 1e-9:
        raise RuleError("region lies outside the picture: x + w and y + h are at most 1.")


def _target_exists(conn: Connection, spec: RuleSpec) -> None:
    if spec.camera_id is not None:
        found = conn.execute(select(cameras.c.id).where(cameras.c.id == spec.camera_id,
                                                        cameras.c.removed_at.is_(None)))
        if found.first() is None:
            raise RuleError(f"No camera {spec.camera_id[:64]!r}.")
    else:
        found = conn.execute(select(areas.c.id).where(areas.c.id == spec.area_id))
        if found.first() is None:
            raise RuleError(f"No area {spec.area_id[:400]!r}.")


def _values(spec: RuleSpec) -> dict:
    return {
        "name": spec.name,
        "kind": spec.kind.value,
        "camera_id": spec.camera_id,
        "area_id": spec.area_id,
        "region": json.dumps(spec.region.to_json()) if spec.region is not None else None,
        "min_cells": spec.min_cells,
        "hours_from": spec.hours_from,
        "hours_to": spec.hours_to,
        "hold_s": spec.hold_s,
        "threshold": spec.threshold,
        "enabled": spec.enabled,
    }


def _rule(row) -> AlarmRule:
    region = None
    if row.region:
        r = json.loads(row.region)
        region = Region(float(r["x"]), float(r["y"]), float(r["w"]), float(r["h"]))
    return AlarmRule(
        id=row.id, name=row.name, kind=AlarmKind(row.kind), camera_id=row.camera_id,
        area_id=row.area_id, region=region, min_cells=row.min_cells,
        hours_from=row.hours_from, hours_to=row.hours_to, hold_s=float(row.hold_s),
        threshold=row.threshold, enabled=bool(row.enabled), created_by=row.created_by,
        created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def spec_of(rule: AlarmRule) -> RuleSpec:
    return RuleSpec(rule.name, rule.kind, rule.camera_id, rule.area_id, rule.region,
                    rule.min_cells, rule.hours_from, rule.hours_to, rule.hold_s,
                    rule.threshold, rule.enabled)


def create_rule(conn: Connection, spec: RuleSpec, created_by: str) -> AlarmRule:
    spec = check_spec(spec)
    _target_exists(conn, spec)
    now = utc_now()
    result = conn.execute(alarm_rules.insert().values(
        **_values(spec), created_by=created_by, created_at=now, updated_at=now))
    return get_rule(conn, int(result.inserted_primary_key[0]))


def update_rule(conn: Connection, rule_id: int, spec: RuleSpec) -> AlarmRule:
    """Replace the rule's settings with ``spec`` (the caller merges a partial edit)."""
    spec = check_spec(spec)
    _target_exists(conn, spec)
    conn.execute(alarm_rules.update().where(alarm_rules.c.id == rule_id)
                 .values(**_values(spec), updated_at=utc_now()))
    return get_rule(conn, rule_id)


def delete_rule(conn: Connection, rule_id: int) -> None:
    """The rule goes; its alarms stay, with the rule's name they were raised under."""
    conn.execute(alarms.update().where(alarms.c.rule_id == rule_id).values(rule_id=None))
    conn.execute(alarm_rules.delete().where(alarm_rules.c.id == rule_id))


def get_rule(conn: Connection, rule_id: int) -> AlarmRule | None:
    row = conn.execute(select(alarm_rules).where(alarm_rules.c.id == rule_id)).first()
    return _rule(row) if row is not None else None


def list_rules(conn: Connection) -> list[AlarmRule]:
    return [_rule(r) for r in conn.execute(select(alarm_rules).order_by(alarm_rules.c.id))]


def areas_above(area_id: str) -> list[str]:
    """The area itself and every area above it: the prefixes of its dotted id."""
    return [area_id[:i] for i, ch in enumerate(area_id + ".") if ch == "."]


def rules_for(conn: Connection, camera_id: str) -> list[AlarmRule]:
    """The enabled rules of ``camera_id`` and of every area above it, by id."""
    area_id = conn.execute(select(cameras.c.area_id).where(cameras.c.id == camera_id)).scalar()
    applies = alarm_rules.c.camera_id == camera_id
    if area_id is not None:
        applies = or_(applies, alarm_rules.c.area_id.in_(areas_above(area_id)))
    query = (select(alarm_rules).where(alarm_rules.c.enabled.is_(True), applies)
             .order_by(alarm_rules.c.id))
    return [_rule(r) for r in conn.execute(query)]


def rules_by_camera(conn: Connection, camera_ids: list[str],
                    kinds: frozenset[AlarmKind]) -> dict[str, list[AlarmRule]]:
    """``rules_for`` of many cameras at once, only rules of ``kinds``: two queries
    whatever the number of cameras (a node asks for all of its cameras every few
    seconds)."""
    if not camera_ids:
        return {}
    query = select(alarm_rules).where(alarm_rules.c.enabled.is_(True),
                                      alarm_rules.c.kind.in_(sorted(k.value for k in kinds)))
    rules = [_rule(r) for r in conn.execute(query.order_by(alarm_rules.c.id))]
    if not rules:
        return {cam: [] for cam in camera_ids}
    area_of: dict[str, str] = {}
    for i in range(0, len(camera_ids), 500):
        chunk = camera_ids[i:i + 500]
        area_of.update(conn.execute(select(cameras.c.id, cameras.c.area_id)
                                    .where(cameras.c.id.in_(chunk))).all())
    found: dict[str, list[AlarmRule]] = {}
    for cam in camera_ids:
        above = set(areas_above(area_of[cam])) if cam in area_of else set()
        found[cam] = [r for r in rules if r.camera_id == cam or r.area_id in above]
    return found
