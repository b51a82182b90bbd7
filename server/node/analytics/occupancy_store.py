"""The stored crowd level (server/node/analytics/occupancy.py): one row per camera a
minute (table ``occupancy_samples``, server/schema.py), for charts; deleted with the
retention period (server/retention.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    Connection,
    Engine,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from server.node.analytics.occupancy import OccupancySample
from server.schema import occupancy_samples

log = logging.getLogger(__name__)

WRITE_EVERY = 5  # samples of one camera per write (five minutes)



def add_samples(conn: Connection, samples: Sequence[OccupancySample], node: str | None) -> None:
    if not samples:
        return
    conn.execute(insert(occupancy_samples), [
        {"camera_id": s.camera_id, "at_utc": s.at, "node": node, "level": s.level,
         "moving": s.moving, "seconds": s.seconds, "peak": s.peak} for s in samples])


def samples_between(conn: Connection, camera_id: str, start: datetime,
                    end: datetime) -> list[OccupancySample]:
    """The camera's samples in [start, end), oldest first."""
    rows = conn.execute(
        select(occupancy_samples.c.at_utc, occupancy_samples.c.level,
               occupancy_samples.c.moving, occupancy_samples.c.seconds,
               occupancy_samples.c.peak)
        .where(occupancy_samples.c.camera_id == camera_id,
               occupancy_samples.c.at_utc >= start, occupancy_samples.c.at_utc < end)
        .order_by(occupancy_samples.c.at_utc)).all()
    return [OccupancySample(camera_id, at, level, moving, seconds, peak)
            for at, level, moving, seconds, peak in rows]


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
