"""What the node's detectors watch for and what they report, apart from how rules are
stored and alarms raised (server/alarms): the detectors are tested with a list as their
sink, and server/node/analytics/watch.py adapts both ends to the alarm store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from server.alarms.kinds import AlarmKind, TamperKind
from server.motion.grid import Region


@dataclass(frozen=True)
class WatchRule:
    """One enabled alarm rule as a detector needs it."""

    id: int
    kind: AlarmKind
    hold_s: float  # the condition must last this long before it raises
    active: Callable[[datetime], bool]  # within the rule's hours at that moment
    region: Region | None = None  # motion: where; None: the whole picture
    min_cells: int = 1  # motion: grid cells of the region that must move in one second
    threshold: float | None = None  # crowd: occupancy level, 0..1
    source: object = None  # the stored rule, for the sink


@dataclass(frozen=True)
class Detection:
    camera_id: str
    kind: AlarmKind
    rule_id: int
    detail: str  # the alarm's detail: a TamperKind value for TAMPER, else words with the figure
    at: datetime  # when the condition began (UTC)
    luma: np.ndarray  # the picture of the moment it was raised (grey), for a snapshot
    tamper: TamperKind | None = None  # which tampering, for TAMPER
    rule: WatchRule | None = None


DetectionSink = Callable[[Detection], None]
# The camera's enabled rules now (cheap to call on every sample: it caches).
RulesSource = Callable[[], Sequence[WatchRule]]


def rules_of(rules: RulesSource, kind: AlarmKind) -> list[WatchRule]:
    return [rule for rule in rules() if rule.kind == kind]


def always(_at: datetime) -> bool:
    return True
