"""Retention: recordings older than the kept period are deleted, except footage that a
protected bookmark covers. That exception is absolute: a segment overlapping any
protected range of its camera stays, however old, until a supervisor unprotects it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, select

from server import audit
from server.audit import AuditAction
from server.bookmarks import protected_ranges
from server.schema import cameras, segments

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionReport:
    deleted_segments: int
    deleted_bytes: int
    kept_protected: int

    def to_json(self) -> dict:
        return {
            "deleted_segments": self.deleted_segments,
            "deleted_bytes": self.deleted_bytes,
            "kept_protected": self.kept_protected,
        }


def _covered(start: datetime, end: datetime, ranges: list[tuple[datetime, datetime]]) -> bool:
    return any(start < r_end and end > r_start for r_start, r_end in ranges)


def run_retention(
    engine: Engine, data_dir: Path, now: datetime, keep: timedelta, actor: str | None = None
) -> RetentionReport:
    deleted = kept = freed = 0
    with engine.connect() as conn:
        # A camera's own retention_days wins over the server's period, shorter or longer.
        own = {
            cam: timedelta(days=days)
            for cam, days in conn.execute(
                select(cameras.c.id, cameras.c.retention_days).where(
                    cameras.c.retention_days.is_not(None)
                )
            )
        }
        cutoff = now - min([keep, *own.values()])
        old = list(
            conn.execute(
                select(segments.c.id, segments.c.camera_id, segments.c.start_utc,
                       segments.c.end_utc, segments.c.path, segments.c.bytes)
                .where(segments.c.end_utc < cutoff)
                .order_by(segments.c.camera_id, segments.c.start_utc)
            )
        )  # fmt: skip
        ranges = {cam: protected_ranges(conn, cam) for cam in {r.camera_id for r in old}}
    for row in old:
        if row.end_utc >= now - own.get(row.camera_id, keep):
            continue  # within this camera's own, longer period
        if _covered(row.start_utc, row.end_utc, ranges[row.camera_id]):
            kept += 1
            continue
        # The row goes first: a crash between the two leaves an orphan file, never an
        # index entry pointing at nothing.
        with engine.begin() as conn:
            conn.execute(delete(segments).where(segments.c.id == row.id))
        try:
            (data_dir / row.path).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("retention: %s not removed: %s", row.path, exc)
        deleted += 1
        freed += row.bytes or 0
    report = RetentionReport(deleted, freed, kept)
    if deleted or kept:
        log.info(
            "retention: %d segments deleted (%d bytes), %d kept for protected bookmarks",
            deleted,
            freed,
            kept,
        )
    audit.record(
        engine,
        AuditAction.RETENTION_RUN,
        actor=actor,
        details={**report.to_json(), "keep_days": keep.total_seconds() / 86400},
    )
    return report


class RetentionTimer:
    """Runs retention every ``every_s`` on its own thread until stopped."""

    def __init__(
        self, engine: Engine, data_dir: Path, keep: timedelta, every_s: float, clock
    ) -> None:
        self._args = (engine, data_dir, keep)
        self._every_s = every_s
        self._clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="retention", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        engine, data_dir, keep = self._args
        while not self._stop.wait(self._every_s):
            try:
                run_retention(engine, data_dir, self._clock(), keep)
            except Exception:  # noqa: BLE001 — try again at the next period
                log.exception("retention run failed")
