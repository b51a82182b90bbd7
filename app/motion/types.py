"""What a motion search asks and what it answers, as the client holds it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_RANGE = timedelta(days=31)  # the server's limit on one search
MAX_CAMERAS = 200
MAX_LIMIT = 2000
DEFAULT_LIMIT = 500
MIN_SIZE = 1e-3  # a region thinner than this is a click, not a rectangle


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


@dataclass(frozen=True)
class MotionRegion:
    """A rectangle of the picture in fractions (0..1, origin top-left)."""

    x: float = 0.0
    y: float = 0.0
    w: float = 1.0
    h: float = 1.0

    @classmethod
    def from_corners(cls, x0: float, y0: float, x1: float, y1: float) -> MotionRegion:
        """Any two opposite corners (dragged in any direction), clamped to the picture."""
        left, right = sorted((_clamp(x0), _clamp(x1)))
        top, bottom = sorted((_clamp(y0), _clamp(y1)))
        return cls(left, top, right - left, bottom - top)

    def normalised(self) -> MotionRegion:
        """The same rectangle with a positive size, inside the picture."""
        return MotionRegion.from_corners(self.x, self.y, self.x + self.w, self.y + self.h)

    @property
    def whole(self) -> bool:
        return self.w >= 1.0 - 1e-9 and self.h >= 1.0 - 1e-9

    @property
    def empty(self) -> bool:
        return self.w < MIN_SIZE or self.h < MIN_SIZE

    def corners(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.w, self.y + self.h


WHOLE_PICTURE = MotionRegion()


@dataclass(frozen=True)
class MotionQuery:
    """One search: some cameras, or one area (exactly one of the two)."""

    start: datetime
    end: datetime
    camera_ids: tuple[str, ...] = ()
    area_id: str = ""
    region: MotionRegion = WHOLE_PICTURE
    limit: int = DEFAULT_LIMIT

    def capped(self) -> MotionQuery:
        """Within the server's limits: at most 31 days (the latest kept), at most 2000
        hits, at most 200 cameras."""
        start = max(self.start, self.end - MAX_RANGE)
        limit = max(1, min(MAX_LIMIT, int(self.limit)))
        return MotionQuery(start, self.end, self.camera_ids[:MAX_CAMERAS], self.area_id,
                           self.region.normalised(), limit)


@dataclass(frozen=True)
class MotionHit:
    """A stretch of consecutive windows with motion in the region."""

    camera_id: str
    start: datetime
    end: datetime
    cells: int  # the most region cells that moved in one window of it

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class AnalysedSpan:
    camera_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class MotionSearchResult:
    query: MotionQuery
    hits: tuple[MotionHit, ...]  # oldest first, as the server sorts them
    analysed: tuple[AnalysedSpan, ...]
    truncated: bool  # more matched than the limit: the oldest ``limit`` are here
    columns: int = 32
    rows: int = 18
    window_s: float = 1.0

    def hits_of(self, camera_id: str) -> list[MotionHit]:
        return [hit for hit in self.hits if hit.camera_id == camera_id]

    def not_analysed(self, camera_id: str) -> list[tuple[datetime, datetime]]:
        """The parts of the searched range the motion analysis did not cover for this
        camera: the search cannot say whether anything moved there."""
        return uncovered(self.query.start, self.query.end,
                         [(s.start, s.end) for s in self.analysed if s.camera_id == camera_id])


class MotionSearchError(enum.Enum):
    """Why a search gave no result, as a view says it."""

    NOT_LOGGED_IN = "not_logged_in"
    NO_CAMERA = "no_camera"  # no camera or area to search
    EMPTY_RANGE = "empty_range"


def uncovered(start: datetime, end: datetime,
              covered: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The stretches of [start, end] that no span of ``covered`` reaches."""
    out = []
    cursor = start
    for span_start, span_end in sorted(covered):
        if span_end <= cursor:
            continue
        if span_start >= end:
            break
        if span_start > cursor:
            out.append((cursor, span_start))
        cursor = max(cursor, span_end)
        if cursor >= end:
            break
    if cursor < end:
        out.append((cursor, end))
    return out
