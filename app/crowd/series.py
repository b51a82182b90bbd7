"""A chart's points as the arrays a plot draws: seconds since the epoch against percent
of the scene, a NaN between runs so that a gap is drawn as a gap (not as a fall to zero
and back)."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import datetime

from app.crowd.types import CrowdChart, OccupancyPoint


@dataclass(frozen=True)
class CrowdSeries:
    x: list[float]  # the middle of each bucket, seconds since the epoch (UTC)
    level: list[float]  # percent of the scene, NaN between runs
    peak: list[float]


def series(chart: CrowdChart) -> CrowdSeries:
    x: list[float] = []
    level: list[float] = []
    peak: list[float] = []
    for n, run in enumerate(chart.segments()):
        if n:
            # A NaN breaks the line; its x lies inside the gap so x stays sorted.
            x.append(x[-1] + 1.0)
            level.append(math.nan)
            peak.append(math.nan)
        if len(run) == 1:
            # A lone bucket between gaps would be a line of no length: it spans its bucket.
            point = run[0]
            x += [point.start.timestamp(), point.end.timestamp()]
            level += [100.0 * point.level] * 2
            peak += [100.0 * point.peak] * 2
            continue
        for point in run:
            middle = point.start + (point.end - point.start) / 2
            x.append(middle.timestamp())
            level.append(100.0 * point.level)
            peak.append(100.0 * point.peak)
    return CrowdSeries(x, level, peak)


def point_at(chart: CrowdChart, at: datetime) -> OccupancyPoint | None:
    """The bucket that holds ``at`` (None: outside the range, or nothing measured then)."""
    starts = [p.start for p in chart.points]
    n = bisect.bisect_right(starts, at) - 1
    if n >= 0 and at < chart.points[n].end:
        return chart.points[n]
    return None
