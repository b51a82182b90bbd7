"""The timeline's model, without widgets: which stretch of time is on screen, where a
time falls in pixels, and what to paint there.

A timeline can hold a month of one camera's recordings (tens of thousands of spans)
and must repaint while it is dragged. So the spans are kept sorted, the visible ones
are found by bisection, and spans closer together than one pixel at the current zoom
are merged before painting: the cost follows the pixels, not the recordings.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from app.domain import RecordingGap
from app.timefmt import to_wib

MIN_VISIBLE = timedelta(minutes=1)
MAX_VISIBLE = timedelta(days=30)

# Tick steps, finest first; a step is used when its ticks are at least this far apart.
_STEPS = [timedelta(seconds=s) for s in (1, 5, 10, 30)] + [
    timedelta(minutes=m) for m in (1, 5, 10, 30)] + [
    timedelta(hours=h) for h in (1, 3, 6, 12)] + [timedelta(days=d) for d in (1, 7)]
MIN_TICK_PX = 70


@dataclass(frozen=True)
class Mark:
    """A bookmark as the timeline draws it."""
    id: int
    start: datetime
    end: datetime
    title: str
    protected: bool = False


@dataclass(frozen=True)
class Tick:
    x: float
    at: datetime
    label: str


class TimelineModel:
    def __init__(self, now: datetime, width_px: int = 1000,
                 visible: timedelta = timedelta(hours=1)) -> None:
        self.width_px = max(1, width_px)
        self.visible = min(MAX_VISIBLE, max(MIN_VISIBLE, visible))
        self.end = now
        self._starts = np.empty(0, dtype=np.float64)
        self._ends = np.empty(0, dtype=np.float64)
        self._marks: list[Mark] = []
        self._gaps: list[RecordingGap] = []  # recorded but lost, oldest first
        self._gap_starts: list[datetime] = []
        self._gap_reach = timedelta(0)  # the longest gap: how far back one may start
        self._mark_starts: list[datetime] = []
        self.position: datetime | None = None  # the playhead; None while live
        self.selection: tuple[datetime, datetime] | None = None

    # -- the visible window --------------------------------------------------------------
    @property
    def start(self) -> datetime:
        return self.end - self.visible

    def resize(self, width_px: int) -> None:
        self.width_px = max(1, width_px)

    def x_of(self, at: datetime) -> float:
        return (at - self.start) / self.visible * self.width_px

    def time_at(self, x: float) -> datetime:
        return self.start + self.visible * (x / self.width_px)

    def zoom(self, factor: float, around_x: float) -> None:
        """factor > 1 zooms in (less time on screen); the time under around_x stays put."""
        anchor = self.time_at(around_x)
        fraction = around_x / self.width_px
        visible = min(MAX_VISIBLE, max(MIN_VISIBLE, self.visible / factor))
        self.visible = visible
        self.end = anchor + visible * (1 - fraction)

    def pan_px(self, dx: float) -> None:
        """Drag by dx pixels: dragging right shows earlier time."""
        self.end -= self.visible * (dx / self.width_px)

    def show(self, at: datetime) -> None:
        """Centre ``at`` if it is off screen."""
        if not self.start <= at <= self.end:
            self.end = at + self.visible / 2

    # -- data ----------------------------------------------------------------------------
    def set_spans(self, spans: list[tuple[datetime, datetime]]) -> None:
        ordered = sorted(spans)
        # Seconds since the epoch, as arrays: a month of spans is mapped to pixels in
        # one vectorised step instead of ten thousand datetime subtractions.
        self._starts = np.array([s.timestamp() for s, _ in ordered], dtype=np.float64)
        self._ends = np.array([e.timestamp() for _, e in ordered], dtype=np.float64)

    def latest_recorded(self) -> datetime | None:
        """The end of the last recorded span known, if any."""
        if not len(self._ends):
            return None
        return datetime.fromtimestamp(float(self._ends.max()), UTC)

    def set_gaps(self, gaps: list[RecordingGap]) -> None:
        """Recorded stretches that are lost (file gone, cut short, damaged); drawn apart
        from plain gaps, with their reason."""
        self._gaps = sorted(gaps, key=lambda g: g.start)
        self._gap_starts = [g.start for g in self._gaps]
        # A damaged stretch is a segment or two; footage on a node that is down may be
        # days: look back as far as the longest one.
        self._gap_reach = max((g.end - g.start for g in self._gaps), default=timedelta(0))

    def visible_gaps(self) -> list[tuple[float, float, RecordingGap]]:
        """Pixel ranges of the lost stretches on screen, at least a pixel wide. Few by
        nature (damage is rare), so a bisection and a walk suffice."""
        first = bisect.bisect_left(self._gap_starts, self.start - self._gap_reach)
        last = bisect.bisect_left(self._gap_starts, self.end)
        out = []
        for gap in self._gaps[first:last]:
            if gap.end <= self.start:
                continue
            x0 = max(0.0, self.x_of(gap.start))
            x1 = min(float(self.width_px), self.x_of(gap.end))
            out.append((x0, max(x1, x0 + 1.0), gap))
        return out

    def gap_at(self, x: float, slack_px: float = 2.0) -> RecordingGap | None:
        for x0, x1, gap in self.visible_gaps():
            if x0 - slack_px <= x <= x1 + slack_px:
                return gap
        return None

    def set_marks(self, marks: list[Mark]) -> None:
        self._marks = sorted(marks, key=lambda m: m.start)
        self._mark_starts = [m.start for m in self._marks]

    def visible_spans(self) -> list[tuple[float, float]]:
        """Pixel ranges of the recorded spans on screen, clipped and merged when less
        than a pixel apart."""
        start, end = self.start.timestamp(), self.end.timestamp()
        # Spans do not overlap, so their ends are sorted too: two bisections find them.
        first = int(np.searchsorted(self._ends, start, side="right"))
        last = int(np.searchsorted(self._starts, end, side="left"))
        if last <= first:
            return []
        scale = self.width_px / (end - start)
        x0 = np.clip((self._starts[first:last] - start) * scale, 0.0, self.width_px)
        x1 = np.clip((self._ends[first:last] - start) * scale, 0.0, self.width_px)
        x1 = np.maximum(x1, x0 + 1.0)  # a short span still shows a pixel
        # A new run starts where the gap to the previous span's end is a pixel or more.
        breaks = np.flatnonzero(x0[1:] - np.maximum.accumulate(x1)[:-1] >= 1.0) + 1
        run_starts = np.concatenate(([0], breaks))
        run_ends = np.concatenate((breaks, [len(x0)])) - 1
        reach = np.maximum.accumulate(x1)
        return list(zip(x0[run_starts].tolist(), reach[run_ends].tolist(), strict=True))

    def visible_marks(self) -> list[tuple[float, float, Mark]]:
        # A bookmark is at most a couple of hours long: look back that far for starts.
        first = bisect.bisect_left(self._mark_starts, self.start - timedelta(hours=2))
        last = bisect.bisect_left(self._mark_starts, self.end)
        out = []
        for mark in self._marks[first:last]:
            if mark.end < self.start:
                continue
            out.append((max(0.0, self.x_of(mark.start)),
                        min(float(self.width_px), self.x_of(mark.end)), mark))
        return out

    def mark_at(self, x: float, slack_px: float = 4.0) -> Mark | None:
        for x0, x1, mark in self.visible_marks():
            if x0 - slack_px <= x <= x1 + slack_px:
                return mark
        return None

    def ticks(self) -> list[Tick]:
        """Tick marks with WIB labels; the step grows with the time on screen."""
        seconds_per_px = self.visible.total_seconds() / self.width_px
        step = next((s for s in _STEPS if s.total_seconds() / seconds_per_px >= MIN_TICK_PX),
                    _STEPS[-1])
        # Steps are aligned in WIB, so "00:00" is Jakarta's midnight.
        local_start = to_wib(self.start)
        epoch = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
        n = (local_start - epoch) // step + 1
        out = []
        at = epoch + step * n
        while at <= self.end:
            if step >= timedelta(days=1):
                label = at.strftime("%d %b")
            elif step >= timedelta(minutes=1):
                label = at.strftime("%H:%M") if at.hour or at.minute else at.strftime("%d %b")
            else:
                label = at.strftime("%H:%M:%S")
            out.append(Tick(self.x_of(at), at, label))
            at += step
        return out
