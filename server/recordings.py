"""The index of recorded segments: add finished ones, find those covering a range, and
merge them into the spans a timeline draws."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, String, select, type_coerce

from server.schema import segments

# Segments closer than this count as adjacent: cuts happen at keyframes, and the next
# segment starts with the packet right after the last one of the previous segment.
ADJACENT = timedelta(milliseconds=500)


@dataclass(frozen=True)
class Segment:
    camera_id: str
    start: datetime
    end: datetime
    path: str  # relative to the data directory
    bytes: int
    frames: int


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime


def add_segment(conn: Connection, seg: Segment, profile: str = "main") -> None:
    conn.execute(
        segments.insert().values(
            camera_id=seg.camera_id,
            profile=profile,
            start_utc=seg.start,
            end_utc=seg.end,
            path=seg.path,
            bytes=seg.bytes,
            frames=seg.frames,
        )
    )


def segments_in(conn: Connection, camera_id: str, start: datetime, end: datetime) -> list[Segment]:
    """Segments overlapping [start, end), oldest first."""
    query = (
        select(segments)
        .where(
            segments.c.camera_id == camera_id,
            segments.c.start_utc < end,
            segments.c.end_utc > start,
        )
        .order_by(segments.c.start_utc)
    )
    return [
        Segment(r.camera_id, r.start_utc, r.end_utc, r.path, r.bytes, r.frames)
        for r in conn.execute(query)
    ]


def merge_spans(segs: list[Segment], start: datetime, end: datetime) -> list[Span]:
    """Adjacent segments become one span, clipped to [start, end]; gaps stay gaps."""
    spans: list[Span] = []
    for seg in sorted(segs, key=lambda s: s.start):
        s, e = max(seg.start, start), min(seg.end, end)
        if e <= s:
            continue
        if spans and s - spans[-1].end <= ADJACENT:
            spans[-1] = Span(spans[-1].start, max(spans[-1].end, e))
        else:
            spans.append(Span(s, e))
    return spans


def _naive_utc(value) -> datetime:
    # SQLite hands back the stored text; another database a naive UTC datetime.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def recorded_spans(conn: Connection, camera_id: str, start: datetime, end: datetime) -> list[Span]:
    """merge_spans of the segments overlapping [start, end), merged as the database hands
    them over in start order: only two columns read, no Segment built, no sort. A month
    of 10 s segments is a quarter of a million rows."""
    query = (
        select(type_coerce(segments.c.start_utc, String), type_coerce(segments.c.end_utc, String))
        .where(
            segments.c.camera_id == camera_id,
            segments.c.start_utc < end,
            segments.c.end_utc > start,
        )
        .order_by(segments.c.start_utc)
    )
    lo, hi = start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)
    merged: list[list[datetime]] = []
    for row_start, row_end in conn.execute(query):
        s, e = max(_naive_utc(row_start), lo), min(_naive_utc(row_end), hi)
        if e <= s:
            continue
        if merged and s - merged[-1][1] <= ADJACENT:
            if e > merged[-1][1]:
                merged[-1][1] = e
        else:
            merged.append([s, e])
    return [Span(s.replace(tzinfo=UTC), e.replace(tzinfo=UTC)) for s, e in merged]
