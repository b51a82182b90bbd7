"""Retention: recordings older than the kept period are deleted, and on a filling disk
the oldest recordings of any camera make room (``make_room``), except held footage
(server/footage_holds.py: protected bookmarks, pending evidence requests, exports being
cut). That exception is absolute: a segment overlapping any held range of its camera
stays, however old, until a supervisor unprotects it or the export is done.

Issue 15: each recording node deletes only its own footage (``node``; None: the
one-machine server's rows, which name no node), and makes room volume by volume
(``volume``: segments.volume, None for the data directory)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, Engine, delete, false, or_, select

from server import audit
from server.audit import AuditAction
from server.footage_holds import held_ranges, is_held
from server.motion.blocks import drop_unfootaged, drop_unfootaged_before
from server.schema import cameras, occupancy_samples, segments

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


def of_node(node: str | None, unnamed: bool = True) -> ColumnElement[bool]:
    """The segments of ``node``, and with ``unnamed`` those that name no node: recorded
    before nodes, into the API machine's data directory, so its own (embedded) node's.
    A node process of its own never touches them (their files are not on its disks)."""
    mine = [] if node is None else [segments.c.node == node]
    if unnamed:
        mine.append(segments.c.node.is_(None))
    return or_(*mine) if mine else false()


def on_volume(volume: str | None) -> ColumnElement[bool]:
    """The segments on ``volume`` (segments.volume; None: the data directory)."""
    return segments.c.volume.is_(None) if volume is None else segments.c.volume == volume


def _delete_segment(engine: Engine, data_dir: Path, row) -> None:
    # The row goes first: a crash between the two leaves an orphan file, never an index
    # entry pointing at nothing.
    with engine.begin() as conn:
        conn.execute(delete(segments).where(segments.c.id == row.id))
        # Issue 17: the motion of that time goes too, unless other footage still covers it.
        drop_unfootaged(conn, row.camera_id, row.start_utc, row.end_utc)
    try:
        (Path(row.volume) if row.volume else data_dir).joinpath(row.path).unlink(
            missing_ok=True)
    except OSError as exc:
        log.warning("retention: %s not removed: %s", row.path, exc)


def run_retention(
    engine: Engine, data_dir: Path, now: datetime, keep: timedelta, actor: str | None = None,
    node: str | None = None, unnamed: bool = True,
) -> RetentionReport:
    """Delete what is older than ``keep`` (or its camera's own period) among the
    segments of ``node`` (see ``of_node``), held footage excepted."""
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
                       segments.c.end_utc, segments.c.path, segments.c.volume,
                       segments.c.bytes)
                .where(segments.c.end_utc < cutoff, of_node(node, unnamed))
                .order_by(segments.c.camera_id, segments.c.start_utc)
            )
        )  # fmt: skip
        held = held_ranges(conn)
    for row in old:
        if row.end_utc >= now - own.get(row.camera_id, keep):
            continue  # within this camera's own, longer period
        if is_held(row.camera_id, row.start_utc, row.end_utc, held):
            kept += 1
            continue
        _delete_segment(engine, data_dir, row)
        deleted += 1
        freed += row.bytes or 0
    with engine.begin() as conn:
        # Motion of a time that never had footage (a recording that failed while the
        # analysis went on) has no segment to go with: it ends with the period.
        drop_unfootaged_before(conn, cutoff)
        # The crowd level is a chart, not evidence: it ends with the period.
        conn.execute(delete(occupancy_samples).where(occupancy_samples.c.at_utc < cutoff))
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


@dataclass(frozen=True)
class RoomReport:
    deleted_segments: int
    deleted_bytes: int
    kept_held: int  # held segments passed over on the way
    exhausted: bool  # everything left is held: no more room can be made
    volume: str | None = None  # where it made room (None: the data directory)

    def to_json(self) -> dict:
        return {
            "trigger": "low_space",
            **({"volume": self.volume} if self.volume else {}),
            "deleted_segments": self.deleted_segments,
            "deleted_bytes": self.deleted_bytes,
            "kept_held": self.kept_held,
            "exhausted": self.exhausted,
        }


_PAGE = 200


def make_room(  # noqa: PLR0913
    engine: Engine, data_dir: Path, has_room: Callable[[], bool], node: str | None = None,
    volume: str | None = None, unnamed: bool = True,
) -> RoomReport:
    """Delete the oldest segments of any camera on ``volume`` of ``node``, held footage
    excepted, until ``has_room()`` (the volume measured after each file); audited when
    it deleted anything (a guard that finds nothing left says so once, as an alarm)."""
    deleted = freed = kept = 0
    after: tuple[datetime, int] | None = None  # keyset: the last (start, id) looked at
    exhausted = False
    t = segments.c
    while not has_room():
        with engine.connect() as conn:
            held = held_ranges(conn)
            query = select(t.id, t.camera_id, t.start_utc, t.end_utc, t.path, t.volume,
                           t.bytes).where(of_node(node, unnamed), on_volume(volume))
            if after is not None:
                query = query.where(
                    (t.start_utc > after[0]) | ((t.start_utc == after[0]) & (t.id > after[1]))
                )
            page = list(conn.execute(query.order_by(t.start_utc, t.id).limit(_PAGE)))
        if not page:
            exhausted = True
            break
        for row in page:
            after = (row.start_utc, row.id)
            if is_held(row.camera_id, row.start_utc, row.end_utc, held):
                kept += 1
                continue
            _delete_segment(engine, data_dir, row)
            deleted += 1
            freed += row.bytes or 0
            if has_room():
                break
    report = RoomReport(deleted, freed, kept, exhausted, volume)
    if deleted:
        log.warning(
            "retention making room: %d oldest segments deleted (%d bytes), %d held kept%s",
            deleted, freed, kept, "; nothing more may be deleted" if exhausted else "",
        )  # fmt: skip
        audit.record(engine, AuditAction.RETENTION_RUN, actor=None, details=report.to_json())
    return report


class RetentionTimer:
    """Runs retention every ``every_s`` on its own thread until stopped."""

    def __init__(  # noqa: PLR0913
        self, engine: Engine, data_dir: Path, keep: timedelta, every_s: float, clock,
        node: str | None = None, unnamed: bool = True,
    ) -> None:
        self._args = (engine, data_dir, keep)
        self._node = (node, unnamed)
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
                run_retention(engine, data_dir, self._clock(), keep, node=self._node[0],
                              unnamed=self._node[1])  # fmt: skip
            except Exception:  # noqa: BLE001 — try again at the next period
                log.exception("retention run failed")
