"""Full disks: watch the free space of the volumes holding the recordings and the
database, and keep the server working when they fill.

- Reserve: recording pauses (each camera's writer closes its segment and indexes it)
  while a volume has less free than its reserve, max(--storage-reserve, 2 % of the
  volume), so the database always has room for sign-ins, bookmarks and the audit. It
  resumes by itself once free space is back above the high-water mark (twice the
  reserve); the gap between the two keeps it from flapping.
- Retention makes room: below the high-water mark the oldest segments of any camera are
  deleted until free space is back above it, held footage excepted
  (server/footage_holds.py). When nothing more may be deleted, an alarm is raised: a
  ``storage_alarm`` event to every event stream, an error in the log, and /health.
- Ballast: two files in the data directory, each an eighth of the reserve (8 MiB at
  most). When someone else fills the disk to the last byte, the running server deletes
  the first (``storage.ballast``) and its space is the database's; a server started on
  a full disk deletes the second (``storage.ballast.start``) before it opens the
  database (``release_if_full``), so a restart works even when the first was spent and
  the disk filled again. Both come back when the volume has room again.
- Several volumes (issue 15, server/node/volumes.py): a node records onto an ordered list
  of volumes, each keeping its own line free; the data directory alone, keeping the
  reserve, is the default and behaves as above. Each volume is a rolling buffer: below
  its high-water mark its own oldest footage (of this node) makes room. A volume that
  stays below its line, or whose writes fail, is left for the next one; recording
  pauses only when none is left (or the database's volume is below its reserve), and
  the alarm is raised while a volume is stuck or has failed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from server.node.volumes import Room, Volumes, VolumeState
from server.node.volumes import Volume as RecordingVolume
from server.retention import make_room
from server.settings import Settings

log = logging.getLogger(__name__)

RUN_BALLAST = "storage.ballast"
START_BALLAST = "storage.ballast.start"
# Each enough for the database to take sign-ins, bookmarks and the audit for a good while
# (a start writes a few dozen pages; a full SQLite WAL before its checkpoint is about
# 4 MiB), small enough that every data directory can afford two.
BALLAST_MAX = 8 * 1024 * 1024
# After retention found nothing left to delete, how long before it looks again (a
# supervisor may unprotect footage, an export may finish).
RETRY_EXHAUSTED_S = 30.0


class StorageState(StrEnum):
    OK = "ok"  # every volume above its high-water mark
    LOW = "low"  # below the high-water mark and retention cannot make room; recording goes on
    RECORDING_PAUSED = "recording_paused"  # below the reserve: recording stopped for space


class VolumeRole(StrEnum):
    RECORDINGS = "recordings"
    DATABASE = "database"  # the SQLite file's volume; a PostgreSQL server watches its own


@dataclass(frozen=True)
class Volume:
    roles: tuple[VolumeRole, ...]
    path: Path
    total: int
    free: int
    reserve: int
    # A recording volume that failed (issue 15): its error; nothing is written there.
    failed: str | None = None

    @property
    def high_water(self) -> int:
        return 2 * self.reserve


@dataclass(frozen=True)
class StorageReport:
    state: StorageState
    volumes: tuple[Volume, ...]
    recording_paused: bool = False
    alarm: bool = False  # retention cannot make room: someone must
    reason: str | None = None

    def volume(self, role: VolumeRole) -> Volume:
        return next(v for v in self.volumes if role in v.roles)


class Pausable(Protocol):
    def pause_for_space(self) -> None: ...

    def resume_after_space(self) -> None: ...


def reserve_for(total: int, settings: Settings) -> int:
    return max(settings.storage_reserve_bytes, int(total * settings.storage_reserve_percent / 100))


def ballast_size(reserve: int) -> int:
    return min(reserve // 8, BALLAST_MAX)


def _free_and_total(path: Path) -> tuple[int, int]:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize, st.f_blocks * st.f_frsize


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def database_file(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def release_if_full(settings: Settings) -> None:
    """Before the database opens: on a full disk a ballast makes room to start in."""
    free, total = _free_and_total(settings.data_dir)
    if free >= ballast_size(reserve_for(total, settings)):
        return
    for name in (START_BALLAST, RUN_BALLAST):
        ballast = settings.data_dir / name
        if ballast.exists():
            ballast.unlink()
            log.warning("the disk of %s is full: %s released to start", settings.data_dir, name)
            return
    log.error("the disk of %s is full and no ballast is left: free space on it",
              settings.data_dir)


def _write_ballast(path: Path, size: int) -> None:
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        # Really allocated (a sparse file would hold no room): fallocate, else zeros.
        try:
            os.posix_fallocate(fd, 0, size)
        except OSError:
            chunk = b"\0" * (1024 * 1024)
            for offset in range(0, size, len(chunk)):
                os.write(fd, chunk[: size - offset])
        os.fsync(fd)
    except OSError:
        os.close(fd)
        part.unlink(missing_ok=True)
        raise
    os.close(fd)
    part.replace(path)


@dataclass
class _Memory:
    paused: bool = False
    alarm: bool = False
    # volume root -> monotonic time when retention may look there again after it found
    # nothing left to delete
    retry_at: dict[Path, float] = field(default_factory=dict)
    report: StorageReport | None = None
    listeners: list[Callable[[dict], None]] = field(default_factory=list)


class StorageGuard:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        recorder: Pausable | None = None,
        clock: Callable[[], float] | None = None,
        volumes: Volumes | None = None,
    ) -> None:
        """``volumes``: where this node records (None: the data directory alone,
        keeping the storage reserve, for this process's own node ``settings.node_name``,
        as the one-machine server always did); only its node's footage is ever
        deleted."""
        self._settings = settings
        self._engine = engine
        self._db_file = database_file(engine)
        self._volumes = volumes or Volumes.default(
            settings.data_dir, settings.storage_reserve_percent,
            settings.storage_reserve_bytes, engine, settings.node_name,
        )  # fmt: skip
        self._recorder = recorder
        self._clock = clock or time.monotonic
        self._mem = _Memory()
        self._lock = threading.Lock()  # one check at a time
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def volumes(self) -> Volumes:
        """The volumes it watches (the recorder picks from the same)."""
        return self._volumes

    def pause_and_resume(self, recorder: Pausable) -> None:
        """The recorder this guard pauses below the reserve (set before ``start``)."""
        self._recorder = recorder

    def on_alarm(self, listener: Callable[[dict], None]) -> None:
        """``listener(event)`` when the alarm is raised or cleared (any thread)."""
        self._mem.listeners.append(listener)

    def report(self) -> StorageReport:
        """The latest check's report; a measurement only when no check has run."""
        if self._mem.report is not None:
            return self._mem.report
        volumes = self._measure()
        low = any(v.free < v.high_water or v.failed for v in volumes)
        return StorageReport(StorageState.LOW if low else StorageState.OK, volumes,
                             reason=_reason(volumes, False, False) if low else None)

    # -- the thread -----------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="storage-guard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._settings.storage_check_every_s):
            self.check()

    # -- one check ------------------------------------------------------------------------

    def check(self) -> StorageReport:
        """One pass: ballast, retention, pause or resume, alarm. Never raises: a start
        must not fail on it, and the next pass looks again."""
        with self._lock:
            try:
                return self._check()
            except Exception:  # noqa: BLE001
                log.exception("storage check failed")
                return self.report()

    def _check(self) -> StorageReport:
        mem = self._mem
        self._keep_ballast()
        stuck_volumes = self._make_room()
        rooms = self._volumes.refresh()
        volumes = self._measure(rooms)
        recordings = [v for v in volumes if VolumeRole.RECORDINGS in v.roles]
        database = [v for v in volumes if VolumeRole.DATABASE in v.roles]
        # A volume leaves the rotation below its line and comes back above its high-water
        # mark (server/node/volumes.py); the database's volume pauses below its reserve
        # and lets go above its high-water mark, the same gap against flapping.
        nowhere = self._volumes.pick() is None
        if mem.paused:
            db_short = any(v.free < v.high_water for v in database)
        else:
            db_short = any(v.free < v.reserve for v in database)
        paused = nowhere or db_short
        low = any(v.free < v.high_water for v in volumes if not v.failed)
        failed = any(v.failed for v in recordings)
        # Retention helps only a recordings volume; a database volume of its own that
        # fills needs someone too, and so does a volume whose writes fail.
        stuck = any(v.path in stuck_volumes and v.free < v.high_water for v in recordings) or any(
            v.free < v.high_water and VolumeRole.RECORDINGS not in v.roles for v in volumes
        )
        alarm = (low and stuck) or failed
        state = (
            StorageState.RECORDING_PAUSED if paused
            else StorageState.LOW if low or failed else StorageState.OK
        )  # fmt: skip
        report = StorageReport(state, volumes, paused, alarm,
                               _reason(volumes, paused, alarm) if low or failed else None)
        self._apply(report)
        return report

    def _make_room(self) -> set[Path]:
        """The rolling buffer: each recording volume below its high-water mark loses
        its oldest footage of this node until it is above it. Returns the volumes where
        nothing more may be deleted (looked at again after RETRY_EXHAUSTED_S)."""
        mem = self._mem
        stuck: set[Path] = set()
        for volume in self._volumes.volumes:
            if volume.state is VolumeState.FAILED:
                continue
            try:
                room = volume.measure()
            except OSError:
                continue
            if room.free >= room.high_water:
                mem.retry_at.pop(volume.path, None)
                continue
            if self._clock() < mem.retry_at.get(volume.path, 0.0):
                stuck.add(volume.path)
                continue
            try:
                made = make_room(self._engine, self._settings.data_dir,
                                 lambda v=volume: _above_high_water(v),
                                 node=self._volumes.node, volume=volume.column,
                                 unnamed=self._volumes.owns_unnamed)  # fmt: skip
            except OperationalError as exc:  # the database itself out of room: next time
                log.error("retention could not make room on %s: %s", volume.path, exc)
                continue
            if made.exhausted:
                mem.retry_at[volume.path] = self._clock() + RETRY_EXHAUSTED_S
                stuck.add(volume.path)
        return stuck

    def _measure(self, rooms: dict[RecordingVolume, Room | None] | None = None
                 ) -> tuple[Volume, ...]:  # fmt: skip
        """The recording volumes in order, then the database file's volume, which joins
        a recording volume on the same device (as one entry with both roles)."""
        entries: list[Volume] = []
        devices: dict[int, int] = {}  # st_dev -> index in entries
        for volume in self._volumes.volumes:
            room = rooms.get(volume) if rooms is not None else _room(volume)
            failed = (volume.error or "failed") if volume.state is VolumeState.FAILED else None
            if room is None:
                entries.append(Volume((VolumeRole.RECORDINGS,), volume.path, 0, 0, 0,
                                      failed or "cannot be measured"))  # fmt: skip
                continue
            entries.append(Volume((VolumeRole.RECORDINGS,), volume.path, room.total,
                                  room.free, room.keep_free, failed))  # fmt: skip
            with contextlib.suppress(OSError):
                place = _existing(volume.path / "recordings")  # where Volume.measure looks
                devices.setdefault(os.stat(place).st_dev, len(entries) - 1)
        if self._db_file is not None:
            place = _existing(self._db_file.parent)
            at = devices.get(os.stat(place).st_dev)
            free, total = _free_and_total(place)
            reserve = reserve_for(total, self._settings)
            if at is None:
                entries.append(Volume((VolumeRole.DATABASE,), place, total, free, reserve))
            else:
                rec = entries[at]
                entries[at] = Volume((*rec.roles, VolumeRole.DATABASE), rec.path, rec.total,
                                     rec.free, max(rec.reserve, reserve), rec.failed)
        return tuple(entries)

    def _keep_ballast(self) -> None:
        data_dir = self._settings.data_dir
        free, total = _free_and_total(data_dir)
        reserve = reserve_for(total, self._settings)
        size = ballast_size(reserve)
        run, start = data_dir / RUN_BALLAST, data_dir / START_BALLAST
        if size <= 0:
            return
        if run.exists() and free < size:
            run.unlink(missing_ok=True)
            log.warning("the disk of %s filled up: ballast released (%d bytes) for the "
                        "database", data_dir, size)
            return
        missing = [p for p in (start, run) if not p.exists()]
        if missing and free >= 2 * reserve + len(missing) * size:
            for path in missing:
                try:
                    _write_ballast(path, size)
                except OSError as exc:
                    log.warning("storage ballast not written: %s", exc)

    def _apply(self, report: StorageReport) -> None:
        mem = self._mem
        before, mem.report = mem.report, report
        if report.recording_paused != mem.paused:
            mem.paused = report.recording_paused
            if self._recorder is not None:
                if mem.paused:
                    log.error("recording paused: %s", report.reason)
                    self._recorder.pause_for_space()
                else:
                    log.warning("recording resumed: free space is back above the "
                                "high-water mark")
                    self._recorder.resume_after_space()
        if report.alarm != mem.alarm:
            mem.alarm = report.alarm
            if report.alarm:
                log.error("storage alarm: %s", report.reason)
            else:
                log.warning("storage alarm cleared")
            event = alarm_event(report)
            for listener in list(mem.listeners):
                try:
                    listener(event)
                except Exception:  # noqa: BLE001 — a listener's trouble is not the guard's
                    log.exception("storage alarm listener failed")
        elif before is not None and before.state != report.state:
            log.info("storage: %s", report.state.value)


def _room(volume: RecordingVolume) -> Room | None:
    try:
        return volume.measure()
    except OSError:
        return None


def _above_high_water(volume: RecordingVolume) -> bool:
    room = _room(volume)
    return room is not None and room.free >= room.high_water


def alarm_event(report: StorageReport) -> dict:
    """The ``storage_alarm`` event pushed to every event stream (no workstation, no
    camera: everyone signed in hears it)."""
    return {
        "type": "storage_alarm",
        "raised": report.alarm,
        "state": report.state.value,
        "recording_paused": report.recording_paused,
        "message": report.reason or "Storage has room again.",
    }


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _reason(volumes: tuple[Volume, ...], paused: bool, alarm: bool) -> str:
    failed = [v for v in volumes if v.failed]
    measured = [v for v in volumes if not v.failed]
    if not measured:
        return _failed_text(failed) + ("; recording is paused." if paused else ".")
    worst = min(measured, key=lambda v: v.free - v.high_water)
    if worst.free >= worst.high_water:  # only a failed volume to speak of
        return _failed_text(failed) + (
            "; recording is paused." if paused else "; recording goes on on the next volume.")
    what = " and ".join(r.value for r in worst.roles)
    if len([v for v in volumes if VolumeRole.RECORDINGS in v.roles]) > 1:
        what += f" volume {worst.path}, the"
    text = (
        f"The {what} volume has {_mb(worst.free)} free, below "
        + (f"its reserve of {_mb(worst.reserve)}" if worst.free < worst.reserve
           else f"its high-water mark of {_mb(worst.high_water)}")
    )  # fmt: skip
    if paused:
        text += "; recording is paused until it has more than " + _mb(worst.high_water)
    if alarm:
        text += (
            "; retention cannot make room: all footage left is protected or held for "
            "evidence. Free space on the volume or unprotect footage."
            if VolumeRole.RECORDINGS in worst.roles
            else "; retention cannot free it (recordings are elsewhere). Free space on it."
        )
    if failed:
        text += ("" if text.endswith(".") else ".") + " " + _failed_text(failed)
    return text + ("" if text.endswith(".") else ".")


def _failed_text(failed: list[Volume]) -> str:
    return "; ".join(f"The recordings volume {v.path} failed ({v.failed})" for v in failed)
