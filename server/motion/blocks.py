"""A motion block: the grids of one camera over a stretch of analysed time (at most a
minute, without a break), as stored in ``motion_blocks``.

``windows`` is zlib (RFC 1950) of a run of records, one per window in which something
moved, oldest first: the window's start as whole seconds after ``start_utc`` (unsigned
16 bits, big-endian), then its grid (``GRID_BYTES``). A window of the block that has no
record had no motion; time outside every block was not analysed.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import Connection, and_, delete, exists, insert, select

from server.motion.grid import GRID_BYTES, WINDOW_S, as_rows
from server.schema import motion_blocks, segments

_OFFSET = struct.Struct(">H")
RECORD_BYTES = _OFFSET.size + GRID_BYTES


@dataclass
class MotionBlock:
    camera_id: str
    start: datetime  # the first window's start (a whole UTC second)
    end: datetime  # the last window's end
    moving: list[tuple[int, bytes]] = field(default_factory=list)  # (offset s, grid)

    @property
    def mask(self) -> bytes:
        if not self.moving:
            return bytes(GRID_BYTES)
        return np.bitwise_or.reduce(as_rows([g for _, g in self.moving]), axis=0).tobytes()


def encode_windows(moving: list[tuple[int, bytes]]) -> bytes:
    return zlib.compress(b"".join(_OFFSET.pack(off) + grid for off, grid in moving), 6)


def decode_windows(blob: bytes) -> tuple[np.ndarray, bytes]:
    """(offsets in seconds, the grids one after the other) of a stored ``windows``."""
    raw = zlib.decompress(blob)
    if len(raw) % RECORD_BYTES:
        raise ValueError("motion windows: not a whole number of records")
    records = np.frombuffer(raw, dtype=np.uint8).reshape(-1, RECORD_BYTES)
    offsets = records[:, 0].astype(np.int64) * 256 + records[:, 1]
    return offsets, records[:, _OFFSET.size:].tobytes()


def add_block(conn: Connection, block: MotionBlock, node: str | None) -> None:
    conn.execute(insert(motion_blocks).values(
        camera_id=block.camera_id,
        start_utc=block.start,
        end_utc=block.end,
        node=node,
        mask=block.mask,
        moving=len(block.moving),
        windows=encode_windows(block.moving),
    ))


def window_time(start: datetime, offset_s: int) -> datetime:
    return start + timedelta(seconds=offset_s * WINDOW_S)


def _footage_under_block():
    return exists().where(and_(
        segments.c.camera_id == motion_blocks.c.camera_id,
        segments.c.start_utc < motion_blocks.c.end_utc,
        segments.c.end_utc > motion_blocks.c.start_utc,
    ))


def drop_unfootaged(conn: Connection, camera_id: str, start: datetime, end: datetime) -> int:
    """Delete the camera's blocks that overlap [start, end) and no segment of it now
    overlaps: called when retention deleted the segment of that time, so the motion of
    footage that is gone goes with it, and that of footage kept (held) stays."""
    gone = conn.execute(delete(motion_blocks).where(
        motion_blocks.c.camera_id == camera_id,
        motion_blocks.c.start_utc < end,
        motion_blocks.c.end_utc > start,
        ~_footage_under_block(),
    ))
    return gone.rowcount or 0


def drop_unfootaged_before(conn: Connection, cutoff: datetime) -> int:
    """Delete every block that ended before ``cutoff`` and that no segment overlaps."""
    gone = conn.execute(delete(motion_blocks).where(
        motion_blocks.c.end_utc < cutoff, ~_footage_under_block()))
    return gone.rowcount or 0


def stored_bytes(conn: Connection, camera_id: str, start: datetime, end: datetime) -> int:
    """What the camera's blocks in [start, end) take in the table's columns (for bench
    and health figures; the database's own overhead per row is not counted)."""
    rows = conn.execute(select(motion_blocks.c.mask, motion_blocks.c.windows).where(
        motion_blocks.c.camera_id == camera_id,
        motion_blocks.c.start_utc >= start,
        motion_blocks.c.start_utc < end,
    ))
    # id, camera id, two times, node, moving: about 48 bytes a row besides the blobs
    return sum(48 + len(mask) + len(windows) for mask, windows in rows)
