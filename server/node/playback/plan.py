"""Which recorded segments a playback range needs, the keyframe it starts at, and what
of the range is footage and what is a gap (with its reason).

For exports (and anyone who must say exactly what a file holds):

    plan = plan_playback(engine, footage, camera_id, start, end)  # None: nothing plays
    plan.pieces  # tuple[Span(start, end)], the intact footage from plan.start to end,
                 # adjacent segments merged, oldest first
    plan.gaps    # tuple[Gap(start, end, reason: GapReason)] for every stretch of
                 # [min(start, plan.start), end) that is not in pieces, oldest first;
                 # reason: NOT_RECORDED ("not_recorded": no segment, e.g. camera
                 # offline), MISSING / TRUNCATED / CORRUPT (recorded, file gone / cut /
                 # damaged: "missing", "truncated", "corrupt"), UNAVAILABLE
                 # ("unavailable": on a node that is down now)
    coverage(engine, footage, camera_id, start, end)  # Coverage(pieces, gaps): the
                 # same split when nothing plays (pieces empty, one or more gaps)

remux_plan (server/node/playback/remux.py) may still find a segment damaged while reading it
(the index said it was good): it marks it in the index and adds the lost stretch to
``RemuxResult.damaged`` (list[Gap]); an export lists plan.gaps plus result.damaged and
is never "intact" when either has a gap of a damaged reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import av
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from server.footage import Footage, FootageUnavailable
from server.recordings import (
    Gap,
    GapReason,
    Segment,
    Span,
    damaged_gaps,
    mark_damaged,
    merge_spans,
    segments_in,
)
from server.segment_check import SegmentHealth

log = logging.getLogger(__name__)

# (segment, health, intact up to (None: nothing), detail, intact frames (None: unknown)):
# damage found while reading.
DamageReport = Callable[[Segment, SegmentHealth, datetime | None, str, int | None], None]


@dataclass(frozen=True)
class Coverage:
    pieces: tuple[Span, ...]  # intact footage, oldest first
    gaps: tuple[Gap, ...]  # everything else in the range, each with its reason


@dataclass(frozen=True)
class PlaybackPlan:
    camera_id: str
    segments: list[Segment]
    first_dts: int  # in the first segment: the keyframe playback starts at
    start: datetime  # wall time of that keyframe (what X-Pantau-Start says)
    end: datetime  # requested end; packets at or after it are not sent
    keyframes_only: bool = False  # fast and reverse play: keyframes only, at their times
    # Synchronised playback: a gap between recorded spans stays a gap in the timestamps,
    # so every frame's time is its offset from ``start``. False: footage back to back.
    real_time: bool = False
    pieces: tuple[Span, ...] = ()  # intact footage from ``start`` to ``end``
    gaps: tuple[Gap, ...] = ()  # the rest of the range asked for, with reasons
    # Called by the remux for a segment found damaged while reading it.
    report_damage: DamageReport | None = field(default=None, compare=False, repr=False)


def split_gaps(pieces: list[Span], damaged: list[Gap], start: datetime,
               end: datetime) -> list[Gap]:
    """Every stretch of [start, end) outside ``pieces``: where a damaged gap lies, its
    reason; elsewhere NOT_RECORDED."""
    holes: list[Span] = []
    at = start
    for piece in pieces:
        if piece.start > at:
            holes.append(Span(at, min(piece.start, end)))
        at = max(at, piece.end)
    if at < end:
        holes.append(Span(at, end))
    gaps: list[Gap] = []

    def add(s: datetime, e: datetime, reason: GapReason) -> None:
        if e <= s:
            return
        if gaps and gaps[-1].reason is reason and gaps[-1].end >= s:
            gaps[-1] = Gap(gaps[-1].start, max(gaps[-1].end, e), reason)
        else:
            gaps.append(Gap(s, e, reason))

    for hole in holes:
        at = hole.start
        for d in damaged:
            s, e = max(d.start, hole.start), min(d.end, hole.end)
            if e <= s or e <= at:
                continue
            add(at, s, GapReason.NOT_RECORDED)
            add(max(s, at), e, d.reason)
            at = e
        add(at, hole.end, GapReason.NOT_RECORDED)
    return gaps


def _reporter(engine: Engine) -> DamageReport:
    def report(seg: Segment, health: SegmentHealth, intact_end: datetime | None,
               detail: str, frames: int | None = None) -> None:
        try:
            mark_damaged(engine, seg, health, intact_end, detail, frames)
        except SQLAlchemyError as exc:  # a busy database must not end the playback
            log.warning("segment %s is %s, not yet in the index: %s", seg.path, health.value,
                        exc)

    return report


def _playable(engine: Engine, footage: Footage, camera_id: str, start: datetime,
              end: datetime) -> tuple[list[Segment], list[Gap]]:
    """The segments with intact footage in the range that can be read now, and the
    footage on nodes that are down (UNAVAILABLE gaps). A file on this machine found gone
    is marked missing in the index (once); a node's own files are its business."""
    with engine.connect() as conn:
        found = segments_in(conn, camera_id, start, end)
    down = footage.directory.down() if footage.directory is not None else frozenset()
    segs, away = [], []
    for seg in found:
        path = footage.local_path(seg)
        if path is None:
            if seg.node in down:
                away.append(seg)
            else:
                segs.append(seg)
        elif path.is_file():
            segs.append(seg)
        else:
            mark_damaged(engine, seg, SegmentHealth.MISSING, None, "no file when read")
    return segs, _unavailable(away, start, end)


def _unavailable(segs: list[Segment], start: datetime, end: datetime) -> list[Gap]:
    return [Gap(s.start, s.end, GapReason.UNAVAILABLE) for s in merge_spans(segs, start, end)]


def _all_gaps(damaged: list[Gap], away: list[Gap]) -> list[Gap]:
    return sorted(damaged + away, key=lambda g: g.start)


def coverage(engine: Engine, footage: Footage, camera_id: str, start: datetime,
             end: datetime) -> Coverage:
    """What of [start, end) is intact footage and what is a gap, and why."""
    segs, away = _playable(engine, footage, camera_id, start, end)
    return _coverage(engine, camera_id, segs, away, start, end)


def _coverage(engine: Engine, camera_id: str, segs: list[Segment], away: list[Gap],
              start: datetime, end: datetime) -> Coverage:
    pieces = merge_spans(segs, start, end)
    with engine.connect() as conn:
        damaged = damaged_gaps(conn, camera_id, start, end)
    return Coverage(tuple(pieces), tuple(split_gaps(pieces, _all_gaps(damaged, away), start,
                                                    end)))


def _keyframe_at_or_before(footage: Footage, seg: Segment, wanted: datetime):
    """(dts, wall time) of the last keyframe at or before ``wanted`` in a segment.

    Demuxes only (no decoding); a segment is seconds long, so this is cheap.
    """
    seg_start = seg.start
    with footage.open(seg) as container:
        stream = container.streams.video[0]
        tb = stream.time_base
        best = None
        for packet in container.demux(stream):
            if packet.dts is None or not packet.is_keyframe:
                continue
            at = seg_start + timedelta(seconds=float(packet.dts * tb))
            if at > wanted and best is not None:
                break
            best = (packet.dts, at)
            if at > wanted:
                break
        return best


def plan_playback(
    engine: Engine,
    footage: Footage,
    camera_id: str,
    start: datetime,
    end: datetime,
    keyframes_only: bool = False,
    real_time: bool = False,
) -> PlaybackPlan | None:
    """None when nothing recorded (and intact, and readable now) overlaps [start, end).
    A segment on this machine that fails to read here is marked corrupt in the index and
    skipped; one on a node that does not answer is unavailable."""
    segs, away = _playable(engine, footage, camera_id, start, end)
    while segs:
        first = segs[0]
        try:
            found = _keyframe_at_or_before(footage, first, max(start, first.start))
        except FootageUnavailable:
            away = _all_gaps(away, _unavailable([first], start, end))
            found = None
        except (av.FFmpegError, IndexError, OSError) as exc:
            mark_damaged(engine, first, SegmentHealth.CORRUPT, None, str(exc))
            found = None
        if found is None or found[1] >= first.playable_end:
            segs = segs[1:]
            continue
        dts, at = found
        if at >= end:
            return None
        pieces = merge_spans(segs, at, end)
        with engine.connect() as conn:
            damaged = damaged_gaps(conn, camera_id, min(start, at), end)
        gaps = split_gaps(pieces, _all_gaps(damaged, away), min(start, at), end)
        return PlaybackPlan(camera_id, segs, dts, at, end, keyframes_only, real_time,
                            tuple(pieces), tuple(gaps), _reporter(engine))
    return None
