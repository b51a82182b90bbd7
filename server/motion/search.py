"""Motion search: when did something move inside a region of a camera's picture?

The stored blocks are read in two passes: first every block's mask (the OR of its
grids) is tested against the region's cells, all at once; only the blocks whose mask
meets the region are then decompressed, window by window. A year of a quiet corner
therefore costs one indexed scan of small rows, not one decode of footage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from server.motion.blocks import decode_windows, window_time
from server.motion.grid import WINDOW_S, as_rows, overlap_counts
from server.schema import motion_blocks

# Windows this far apart (or closer) are one hit: a person walking through a corner is
# one event, not one per second with a frame of no change between.
MERGE_GAP_S = 2.0
_FETCH = 500  # blocks' windows read per query


@dataclass(frozen=True)
class MotionHit:
    camera_id: str
    start: datetime
    end: datetime
    cells: int  # the most region cells that moved in one window of it


@dataclass(frozen=True)
class Analysed:
    camera_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class MotionResult:
    hits: list[MotionHit]
    analysed: list[Analysed]
    truncated: bool


def search_motion(conn: Connection, camera_ids: list[str], start: datetime, end: datetime,
                  region_mask: bytes, limit: int) -> MotionResult:
    hits: list[MotionHit] = []
    analysed: list[Analysed] = []
    for camera_id in camera_ids:
        found, covered = _one_camera(conn, camera_id, start, end, region_mask)
        hits += found
        analysed += covered
    hits.sort(key=lambda h: (h.start, h.camera_id))
    return MotionResult(hits[:limit], analysed, len(hits) > limit)


def _one_camera(conn: Connection, camera_id: str, start: datetime, end: datetime,
                region_mask: bytes) -> tuple[list[MotionHit], list[Analysed]]:
    rows = conn.execute(
        select(motion_blocks.c.id, motion_blocks.c.start_utc, motion_blocks.c.end_utc,
               motion_blocks.c.mask)
        .where(motion_blocks.c.camera_id == camera_id,
               motion_blocks.c.start_utc < end,
               # blocks last a minute at most: this bound keeps the scan on the index
               motion_blocks.c.start_utc > start - timedelta(minutes=2),
               motion_blocks.c.end_utc > start)
        .order_by(motion_blocks.c.start_utc)
    ).all()
    if not rows:
        return [], []
    covered = _covered(camera_id, [(r.start_utc, r.end_utc) for r in rows], start, end)
    meets = overlap_counts(as_rows([r.mask for r in rows]), region_mask) > 0
    starts = {r.id: r.start_utc for r, m in zip(rows, meets, strict=True) if m}
    windows: list[tuple[datetime, int]] = []
    ids = list(starts)
    for i in range(0, len(ids), _FETCH):
        chunk = ids[i:i + _FETCH]
        for block_id, blob in conn.execute(
            select(motion_blocks.c.id, motion_blocks.c.windows)
            .where(motion_blocks.c.id.in_(chunk))
        ):
            offsets, grids = decode_windows(blob)
            counts = overlap_counts(as_rows(grids), region_mask)
            for offset, count in zip(offsets.tolist(), counts.tolist(), strict=True):
                at = window_time(starts[block_id], offset)
                if count and start - timedelta(seconds=WINDOW_S) < at < end:
                    windows.append((at, count))
    windows.sort()
    return _merged(camera_id, windows), covered


def _merged(camera_id: str, windows: list[tuple[datetime, int]]) -> list[MotionHit]:
    hits: list[MotionHit] = []
    span = timedelta(seconds=WINDOW_S)
    gap = timedelta(seconds=MERGE_GAP_S)
    for at, count in windows:
        if hits and at - hits[-1].end <= gap:
            last = hits[-1]
            hits[-1] = MotionHit(camera_id, last.start, at + span, max(last.cells, count))
        else:
            hits.append(MotionHit(camera_id, at, at + span, count))
    return hits


def _covered(camera_id: str, spans: list[tuple[datetime, datetime]], start: datetime,
             end: datetime) -> list[Analysed]:
    """The blocks' time, merged where they touch, cut to [start, end)."""
    out: list[Analysed] = []
    touch = timedelta(seconds=WINDOW_S)  # a lost second between two blocks is no gap
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e <= s:
            continue
        if out and s - out[-1].end <= touch:
            out[-1] = Analysed(camera_id, out[-1].start, max(out[-1].end, e))
        else:
            out.append(Analysed(camera_id, s, e))
    return out
