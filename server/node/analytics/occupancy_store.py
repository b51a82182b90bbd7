"""The stored crowd level (server/node/analytics/occupancy.py): one row per camera every
few seconds, for charts and for what a CROWD rule saw. Its table is declared here, on the
schema's metadata, beside the only code that writes it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    String,
    Table,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from server.node.analytics.occupancy import OccupancySample
from server.schema import UtcDateTime, metadata

log = logging.getLogger(__name__)

WRITE_EVERY = 12  # samples of one camera per write (a minute at 5 s)

occupancy_samples = Table(
    "occupancy_samples",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("camera_id", String(64), nullable=False),
    Column("at_utc", UtcDateTime, nullable=False),  # the end of the seconds it averages
    Column("node", String(64), nullable=True),  # the recording node that measured it
    Column("level", Float, nullable=False),  # occupied share of the scene, 0..1
    Column("moving", Float, nullable=False),  # share of the motion grid that moved, 0..1
    Column("seconds", Integer, nullable=False),  # how many seconds it averages
    Index("ix_occupancy_samples_camera_at", "camera_id", "at_utc"),
)


def add_samples(conn: Connection, samples: Sequence[OccupancySample], node: str | None) -> None:
    if not samples:
        return
    conn.execute(insert(occupancy_samples), [
        {"camera_id": s.camera_id, "at_utc": s.at, "node": node, "level": s.level,
         "moving": s.moving, "seconds": s.seconds} for s in samples])


def samples_between(conn: Connection, camera_id: str, start: datetime,
                    end: datetime) -> list[OccupancySample]:
    """The camera's samples in [start, end), oldest first."""
    rows = conn.execute(
        select(occupancy_samples.c.at_utc, occupancy_samples.c.level,
               occupancy_samples.c.moving, occupancy_samples.c.seconds)
        .where(occupancy_samples.c.camera_id == camera_id,
               occupancy_samples.c.at_utc >= start, occupancy_samples.c.at_utc < end)
        .order_by(occupancy_samples.c.at_utc)).all()
    return [OccupancySample(camera_id, at, level, moving, seconds)
            for at, level, moving, seconds in rows]


class OccupancyWriter:
    """Samples from the sampling threads, written a minute of a camera at a time (and
    what is left when its stream ends). A failed write is logged and dropped: the level is
    for charts, and the alarms do not depend on it."""

    def __init__(self, engine: Engine, node: str | None) -> None:
        self._engine = engine
        self._node = node
        self._pending: dict[str, list[OccupancySample]] = {}
        self._lock = threading.Lock()
        self._failing = False  # said once until a write succeeds again

    def add(self, sample: OccupancySample) -> None:
        with self._lock:
            pending = self._pending.setdefault(sample.camera_id, [])
            pending.append(sample)
            if len(pending) < WRITE_EVERY:
                return
            batch = self._pending.pop(sample.camera_id)
        self._write(batch)

    def flush(self, camera_id: str) -> None:
        with self._lock:
            batch = self._pending.pop(camera_id, [])
        self._write(batch)

    def _write(self, batch: list[OccupancySample]) -> None:
        if not batch:
            return
        try:
            with self._engine.begin() as conn:
                add_samples(conn, batch, self._node)
        except SQLAlchemyError as exc:
            log.log(logging.DEBUG if self._failing else logging.WARNING,
                    "%s: %d occupancy samples not stored: %s", batch[0].camera_id,
                    len(batch), exc)
            self._failing = True
            return
        self._failing = False
