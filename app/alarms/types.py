"""What an alarm is and what a rule watches for, as the client holds them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time

from app.motion.types import MotionRegion

MAX_NOTE = 2000  # the server's limit on an acknowledgement's note
MAX_HOLD_S = 86_400.0  # the server's limit on a rule's hold


class AlarmKind(enum.Enum):
    """The same fixed values as the server's server/alarms/kinds.py (the wire's words)."""

    MOTION = "motion"  # motion in a drawn zone, during set hours
    OFFLINE = "offline"  # the camera unreachable
    FROZEN = "frozen"  # connected, but no new picture
    TAMPER = "tamper"  # covered, out of focus or turned away (TamperDetail)
    CROWD = "crowd"  # the occupancy index above a threshold


class TamperDetail(enum.Enum):
    COVERED = "covered"  # blacked out or covered
    DEFOCUSED = "defocused"  # out of focus
    TURNED = "turned"  # turned away


class AlarmFilter(enum.Enum):
    """Which alarms a list shows (the server's ``state`` parameter)."""

    OPEN = "open"  # not acknowledged yet
    ALL = "all"  # acknowledged ones too


class AlarmEventType(enum.Enum):
    """The event stream's alarm events (app/services/push.py hands them over)."""

    RAISED = "alarm"
    ACKNOWLEDGED = "alarm_acknowledged"


class AckOutcome(enum.Enum):
    """How an acknowledgement ended, as the list says it."""

    DONE = "done"
    ALREADY = "already"  # someone else acknowledged it first (409)
    NOTE_TOO_LONG = "note_too_long"  # refused here: the server takes 2000 characters
    FAILED = "failed"  # the server refused or could not be reached (see the error kind)


@dataclass(frozen=True)
class Alarm:
    id: int
    rule_id: int | None
    rule_name: str
    kind: AlarmKind
    detail: str  # a TamperDetail's value for tampering; free words otherwise (may be "")
    camera_id: str
    camera_name: str
    raised_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    note: str | None = None
    has_snapshot: bool = False

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def tamper(self) -> TamperDetail | None:
        try:
            return TamperDetail(self.detail) if self.kind is AlarmKind.TAMPER else None
        except ValueError:
            return None


def newest_first(alarms) -> list[Alarm]:
    return sorted(alarms, key=lambda a: (a.raised_at, a.id), reverse=True)


@dataclass(frozen=True)
class RuleHours:
    """When a rule is armed, WIB wall-clock; ``start`` after ``end`` spans midnight."""

    start: time
    end: time


@dataclass(frozen=True)
class AlarmRule:
    """A rule as the server keeps it; ``id`` None for one not saved yet. Exactly one of
    ``camera_id`` and ``area_id`` is set."""

    id: int | None
    name: str
    kind: AlarmKind
    camera_id: str | None = None
    area_id: str | None = None
    region: MotionRegion | None = None  # motion: the zone, fractions of the picture
    min_cells: int = 2  # motion: grid cells that must move in the zone (1 to 576)
    hours: RuleHours | None = None  # None: always armed
    hold_s: float | None = None  # seconds the condition must last; None: the kind's default
    threshold: float | None = None  # crowd: the occupancy index that raises (0 < t <= 1)
    enabled: bool = True
