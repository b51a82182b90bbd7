"""The index of recorded segments: add finished ones (checked: a damaged file is indexed
with its health and up to when it is intact), find those covering a range, merge them
into the spans a timeline draws, and list the damaged stretches as gaps with a reason."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, Engine, String, func, or_, select, type_coerce, update

from server.schema import segments
from server.segment_check import SegmentHealth, check_segment

log = logging.getLogger(__name__)

# Segments closer than this count as adjacent. In an unbroken recording the next segment
# starts where the last ended, or a little apart where the recorder re-anchored the
# camera's time on the server clock (server/node/recorder/camera.py): no picture is missing
# there. A reconnect leaves more than this (its first retry waits at least 0.35 s), and
# that time has no pictures: a span must not claim it.
ADJACENT = timedelta(milliseconds=250)


@dataclass(frozen=True)
class Segment:
    camera_id: str
    start: datetime
    end: datetime
    path: str  # relative to the data directory
    bytes: int
    frames: int
    health: SegmentHealth = SegmentHealth.OK
    intact_end: datetime | None = None  # None: intact up to ``end``
    # Issue 15: the node that recorded it and the volume there (its root path on that
    # node); both None: the one-machine server's data directory. ``path`` is relative
    # to the volume. ``id``: the index row (None before it is indexed).
    node: str | None = None
    volume: str | None = None
    id: int | None = None

    @property
    def playable_end(self) -> datetime:
        """Frames from ``start`` up to here are intact; after it, up to ``end``, a gap."""
        return self.end if self.intact_end is None else max(self.start, self.intact_end)


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime


class GapReason(StrEnum):
    """Why nothing plays in a stretch; the wire value of a gap's ``reason``."""

    NOT_RECORDED = "not_recorded"  # no segment: camera offline, recording off, not yet
    MISSING = SegmentHealth.MISSING.value  # recorded, but the file is gone
    TRUNCATED = SegmentHealth.TRUNCATED.value  # recorded, the file ends early
    CORRUPT = SegmentHealth.CORRUPT.value  # recorded, the bytes are damaged
    # Issue 15: recorded and intact as far as anyone knows, on a node that is down now:
    # it plays again when the node is back.
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime
    reason: GapReason


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
            health=seg.health.value,
            intact_end_utc=None if seg.health is SegmentHealth.OK else seg.playable_end,
            node=seg.node,
            volume=seg.volume,
        )
    )


def checked(data_dir: Path, seg: Segment) -> Segment:
    """``seg`` with the health its file really has (server/segment_check.py): call it
    before add_segment, outside the transaction (it reads the file)."""
    verdict = check_segment(data_dir / seg.path, seg.frames)
    if verdict.whole:
        return seg
    intact = seg.start + timedelta(seconds=verdict.intact_s or 0.0)
    log.warning("segment %s is %s (%s): intact up to %s, the rest is a gap",
                seg.path, verdict.health.value, verdict.detail, intact.isoformat())
    return replace(seg, health=verdict.health, intact_end=min(intact, seg.end),
                   frames=min(verdict.frames, seg.frames))


def mark_damaged(engine: Engine, seg: Segment, health: SegmentHealth,
                 intact_end: datetime | None = None, detail: str = "",
                 frames: int | None = None) -> bool:
    """Found damaged when read: record it in the index, once. ``intact_end``: up to when
    it played (None: nothing); ``frames``: how many are intact (None: unknown, kept).
    True when this call changed the index (and logged)."""
    intact = seg.start if intact_end is None else min(max(intact_end, seg.start), seg.end)
    values = {"health": health.value, "intact_end_utc": intact}
    if intact == seg.start:
        values["frames"] = 0
    elif frames is not None:
        values["frames"] = min(frames, seg.frames)
    with engine.begin() as conn:
        changed = conn.execute(
            update(segments)
            .where(
                segments.c.camera_id == seg.camera_id,
                segments.c.path == seg.path,
                or_(
                    segments.c.health == SegmentHealth.OK.value,
                    func.coalesce(segments.c.intact_end_utc, segments.c.end_utc) > intact,
                ),
            )
            .values(**values)
        ).rowcount
    if changed:
        log.warning("segment %s found %s when read (%s): intact up to %s, the rest is a gap",
                    seg.path, health.value, detail or "-", intact.isoformat())
    return bool(changed)


_PLAYABLE_END = func.coalesce(segments.c.intact_end_utc, segments.c.end_utc)


def _segment(r) -> Segment:
    return Segment(r.camera_id, r.start_utc, r.end_utc, r.path, r.bytes, r.frames,
                   SegmentHealth(r.health), r.intact_end_utc, r.node, r.volume, r.id)


def segments_in(conn: Connection, camera_id: str, start: datetime, end: datetime) -> list[Segment]:
    """Segments whose intact part overlaps [start, end), oldest first: a damaged one only
    for what of it is intact (its ``playable_end``)."""
    query = (
        select(segments)
        .where(
            segments.c.camera_id == camera_id,
            segments.c.start_utc < end,
            segments.c.end_utc > start,
            start < _PLAYABLE_END,
            segments.c.start_utc < _PLAYABLE_END,
        )
        .order_by(segments.c.start_utc)
    )
    return [_segment(r) for r in conn.execute(query)]


def damaged_gaps(conn: Connection, camera_id: str, start: datetime, end: datetime) -> list[Gap]:
    """The stretches of [start, end) that were recorded but are not there (a segment's
    part after its ``playable_end``), each with its reason, adjacent ones of the same
    reason merged, oldest first."""
    query = (
        select(segments)
        .where(
            segments.c.camera_id == camera_id,
            segments.c.start_utc < end,
            segments.c.end_utc > start,
            segments.c.health != SegmentHealth.OK.value,
        )
        .order_by(segments.c.start_utc)
    )
    gaps: list[Gap] = []
    for seg in map(_segment, conn.execute(query)):
        s, e = max(seg.playable_end, start), min(seg.end, end)
        if e <= s:
            continue
        reason = GapReason(seg.health.value)
        last = gaps[-1] if gaps else None
        if last is not None and last.reason is reason and s - last.end <= ADJACENT:
            gaps[-1] = Gap(last.start, max(last.end, e), reason)
        else:
            gaps.append(Gap(s, e, reason))
    return gaps


def unavailable_gaps(conn: Connection, camera_id: str, start: datetime, end: datetime,
                     down: frozenset[str]) -> list[Gap]:
    """The footage of [start, end) on nodes that are down, as UNAVAILABLE gaps."""
    if not down:
        return []
    return [Gap(s.start, s.end, GapReason.UNAVAILABLE)
            for s in recorded_spans(conn, camera_id, start, end, down, exclude=False)]


def merge_spans(segs: list[Segment], start: datetime, end: datetime) -> list[Span]:
    """Adjacent segments become one span, clipped to [start, end]; gaps stay gaps."""
    spans: list[Span] = []
    for seg in sorted(segs, key=lambda s: s.start):
        s, e = max(seg.start, start), min(seg.playable_end, end)
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


def recorded_spans(conn: Connection, camera_id: str, start: datetime, end: datetime,
                   nodes: frozenset[str] | None = None, exclude: bool = True) -> list[Span]:
    """merge_spans of the segments overlapping [start, end), merged as the database hands
    them over in start order: only two columns read, no Segment built, no sort. A month
    of 10 s segments is a quarter of a million rows. A damaged segment counts only for
    its intact part. ``nodes``: leave out the segments on these nodes (down ones), or
    with ``exclude=False`` count only theirs."""
    query = (
        select(type_coerce(segments.c.start_utc, String), type_coerce(_PLAYABLE_END, String))
        .where(
            segments.c.camera_id == camera_id,
            segments.c.start_utc < end,
            segments.c.end_utc > start,
        )
        .order_by(segments.c.start_utc)
    )
    if nodes:
        on = segments.c.node.in_(sorted(nodes))
        query = query.where(~on | segments.c.node.is_(None) if exclude else on)
    elif nodes is not None and not exclude:
        return []
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
