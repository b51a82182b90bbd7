"""What the crowd chart shows: the server's occupancy points, the ranges an operator picks,
and the thresholds of the crowd rules that apply to the camera."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.alarms.types import AlarmKind, AlarmRule
from app.domain import Area, Camera

MAX_RANGE = timedelta(days=31)  # the server's limit on one request
MIN_POINTS, MAX_POINTS = 10, 1500  # the server's limits on ``points``
SAMPLE_EVERY = timedelta(seconds=60)  # a node stores a camera's level once a minute
# A hole longer than this between two points is drawn as a gap: one or two minutes
# missing are the node's timing (a bucket of a minute may catch no sample, or two), three
# are a camera or a node that was not measuring.
GAP = 2 * SAMPLE_EVERY


class CrowdRange(enum.Enum):
    """The ranges of the chart's buttons; the value is the range's length in hours."""

    HOURS_6 = 6  # the last shift, minute by minute
    HOURS_24 = 24  # today against last night, 2-minute buckets
    DAYS_7 = 168  # the week's rhythm (market days, Friday prayers), 10-minute buckets
    DAYS_30 = 720  # the month, 30-minute buckets

    @property
    def span(self) -> timedelta:
        return timedelta(hours=self.value)

    @property
    def points(self) -> int:
        # The node stores one sample a minute (SAMPLE_EVERY): a bucket shorter than that
        # would be empty every other time, a false gap. Never more than the server's 1,500.
        return {CrowdRange.HOURS_6: 360, CrowdRange.HOURS_24: 720, CrowdRange.DAYS_7: 1008,
                CrowdRange.DAYS_30: 1440}[self]


@dataclass(frozen=True)
class OccupancyPoint:
    """One bucket: the mean occupied share of the scene (0..1), its highest 5-second
    sample, and the share of the motion grid that moved."""

    start: datetime
    end: datetime
    level: float
    peak: float
    moving: float


@dataclass(frozen=True)
class CrowdThreshold:
    """A crowd rule as the chart draws it: a line at ``level``, named."""

    rule_id: int | None
    name: str
    level: float
    enabled: bool = True
    camera_rule: bool = True  # False: the rule is one of an area above the camera


@dataclass(frozen=True)
class CrowdChart:
    """One answer: a camera's points over [start, end) and its crowd thresholds
    (``rules_known`` False when the rules could not be read: the lines are missing, not
    absent)."""

    camera_id: str
    start: datetime
    end: datetime
    points: tuple[OccupancyPoint, ...]
    thresholds: tuple[CrowdThreshold, ...] = ()
    rules_known: bool = True

    def segments(self) -> list[tuple[OccupancyPoint, ...]]:
        return segments(self.points)


def segments(points: tuple[OccupancyPoint, ...] | list[OccupancyPoint]
             ) -> list[tuple[OccupancyPoint, ...]]:
    """The points in runs without a gap: a run ends where the next point starts more than
    ``GAP`` after this one ended (nothing was measured in between)."""
    runs: list[list[OccupancyPoint]] = []
    for point in points:
        if runs and point.start - runs[-1][-1].end <= GAP:
            runs[-1].append(point)
        else:
            runs.append([point])
    return [tuple(run) for run in runs]


def area_chain(camera: Camera, areas: list[Area]) -> tuple[str, ...]:
    """The ids of the camera's area and of every area above it, top first. From the
    catalog's tree; where the tree does not have it, the server's dotted ids
    (``jp.menteng`` lies under ``jp``) say the same."""
    for root in areas:
        path = _path_to(root, camera.area_id)
        if path:
            return path
    parts = camera.area_id.split(".")
    return tuple(".".join(parts[:n]) for n in range(1, len(parts) + 1))


def _path_to(area: Area, wanted: str) -> tuple[str, ...]:
    if area.id == wanted:
        return (area.id,)
    for child in area.children:
        below = _path_to(child, wanted)
        if below:
            return (area.id, *below)
    return ()


def crowd_thresholds(rules: list[AlarmRule], camera_id: str,
                     areas_above: tuple[str, ...]) -> tuple[CrowdThreshold, ...]:
    """The crowd rules of the camera and of the areas it lies in, lowest line first."""
    found = []
    for rule in rules:
        if rule.kind is not AlarmKind.CROWD or rule.threshold is None:
            continue
        if rule.camera_id == camera_id:
            found.append(CrowdThreshold(rule.id, rule.name, rule.threshold, rule.enabled))
        elif rule.camera_id is None and rule.area_id in areas_above:
            found.append(CrowdThreshold(rule.id, rule.name, rule.threshold, rule.enabled,
                                        camera_rule=False))
    return tuple(sorted(found, key=lambda t: (t.level, t.name.casefold())))
