"""What an export holds, in recorded time: the spans of footage it contains and the gaps
between them, each gap with the reason it is there.

The spans are measured from the frames the cutter wrote, not taken on trust from the
index. The reasons come from what the cutter found damaged while reading and from the
footage index (server.node.playback.plan's gaps: missing, truncated, corrupt); time nothing
explains is NOT_RECORDED.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from server.clock import to_wire, wib
from server.recordings import GapReason


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime

    def to_json(self, origin: datetime) -> dict:
        return {
            "start_utc": to_wire(self.start),
            "end_utc": to_wire(self.end),
            "start_wib": wib(self.start),
            "end_wib": wib(self.end),
            # Where the span sits on the MP4's timeline (pantau-start + this = UTC).
            "file_start_s": round((self.start - origin).total_seconds(), 3),
            "file_end_s": round((self.end - origin).total_seconds(), 3),
            "duration_s": round((self.end - self.start).total_seconds(), 3),
        }


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime
    reason: GapReason

    def to_json(self) -> dict:
        return {
            "start_utc": to_wire(self.start),
            "end_utc": to_wire(self.end),
            "start_wib": wib(self.start),
            "end_wib": wib(self.end),
            "duration_s": round((self.end - self.start).total_seconds(), 3),
            "reason": self.reason.value,
        }


def spans_of(times: list[tuple[datetime, datetime]], brk: timedelta) -> list[Span]:
    """Frames (start, end) in order, merged where the next starts within ``brk``."""
    spans: list[Span] = []
    for start, end in times:
        if spans and start - spans[-1].end <= brk:
            spans[-1] = Span(spans[-1].start, max(spans[-1].end, end))
        else:
            spans.append(Span(start, end))
    return spans


def known_gaps(plan) -> list[Gap]:
    """The gaps the footage index knows of in the plan's range, with their reasons."""
    return [Gap(g.start, g.end, GapReason(g.reason)) for g in plan.gaps]


def gaps_between(spans: list[Span], start: datetime, end: datetime, known: list[Gap],
                 brk: timedelta) -> list[Gap]:
    """Every hole in [start, end) no span covers (shorter than ``brk`` ignored), each
    with the reason of the known gap it overlaps most, else NOT_RECORDED."""
    holes: list[tuple[datetime, datetime]] = []
    at = start
    for span in spans:
        if span.start - at > brk:
            holes.append((at, span.start))
        at = max(at, span.end)
    if end - at > brk:
        holes.append((at, end))

    gaps: list[Gap] = []
    for lo, hi in holes:
        # Split a hole where a known gap starts or ends: a lost segment inside time the
        # camera was offline is named as both.
        cuts = sorted({lo, hi, *(t for g in known for t in (g.start, g.end) if lo < t < hi)})
        for a, b in zip(cuts, cuts[1:], strict=False):
            # Damage found while reading wins over what the index said before.
            why = next((g.reason for g in known if g.start <= a and b <= g.end),
                       GapReason.NOT_RECORDED)
            if gaps and gaps[-1].end == a and gaps[-1].reason == why:
                gaps[-1] = Gap(gaps[-1].start, b, why)
            else:
                gaps.append(Gap(a, b, why))
    return gaps
