"""The disks a node records onto: an ordered list of volumes, each with a line of free
space it keeps (``--volume PATH[:KEEP%]``).

Each new segment goes to the first volume, in order, that is writable and above its
keep-free line (``pick``); none: recording pauses (server/storage_guard.py raises the
alarm). A volume leaves the rotation below its line and comes back above twice the
line, the storage guard's high-water mark: between the two the guard deletes that
volume's oldest footage (server/retention.py ``make_room``), so in a working rolling
buffer recording never leaves it. A write that fails (``mark_failed``) takes the volume
out at once; the guard's periodic ``refresh`` lets it back when a test write succeeds
and it has room again.

This module only measures and decides; the guard deletes, the recorder writes.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, func, select

from server.retention import of_node
from server.schema import segments

log = logging.getLogger(__name__)

DEFAULT_KEEP_FREE_PERCENT = 5.0
# footage_bytes is a SUM over a node's whole index: a stats page polled every second
# must not run it every second.
FOOTAGE_CACHE_S = 5.0
# Errors that say the disk has no room (the rolling buffer can fix that), not that it
# is broken.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})
_PROBE = ".pantau-volume-check"


class VolumeState(StrEnum):
    OK = "ok"  # writable and above its keep-free line: new segments may go here
    FULL = "full"  # below its keep-free line with nothing left to delete, or out of room
    FAILED = "failed"  # a write failed (EIO, EROFS, ...): out until a test write succeeds


@dataclass(frozen=True)
class VolumeSpec:
    path: Path
    keep_free_percent: float = DEFAULT_KEEP_FREE_PERCENT
    # A floor under the percentage: the data directory's --storage-reserve, so that the
    # default volume keeps today's reserve exactly.
    keep_free_bytes: int = 0

    def keep_free(self, total: int) -> int:
        return max(self.keep_free_bytes, int(total * self.keep_free_percent / 100))


def parse_volume(text: str) -> VolumeSpec:
    """``PATH`` or ``PATH:KEEP%`` (``/mnt/disk2:10%``; the ``%`` may be left out)."""
    raw = text.strip()
    path, keep = raw, None
    head, sep, tail = raw.rpartition(":")
    if sep and "/" not in tail and "\\" not in tail:
        path, keep = head, tail
    if not path:
        raise ValueError(f"volume {text!r}: no path (use PATH or PATH:KEEP%)")
    if keep is None:
        return VolumeSpec(Path(path))
    number = keep.strip().removesuffix("%").strip()
    try:
        percent = float(number)
    except ValueError:
        raise ValueError(
            f"volume {text!r}: {keep!r} is not a percentage to keep free (use PATH:KEEP%, "
            "e.g. /mnt/disk2:10%)"
        ) from None
    if not 0 <= percent < 100:  # noqa: PLR2004
        raise ValueError(f"volume {text!r}: keep between 0 and 99 % free, not {percent:g} %")
    return VolumeSpec(Path(path), percent)


@dataclass(frozen=True)
class Room:
    total: int
    free: int
    keep_free: int  # the line: below it no new segment starts here

    @property
    def high_water(self) -> int:
        """Above this a full volume is back; below it the guard makes room."""
        return 2 * self.keep_free


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


class Volume:
    """One volume of the list and what is known of it. Its state changes only through
    ``Volumes`` (under its lock)."""

    def __init__(self, spec: VolumeSpec, column: str | None) -> None:
        self.spec = spec
        # What segments.volume says for footage on it: None for the node's data directory
        # (as every row of the one-machine server), else the root path.
        self.column = column
        self.state = VolumeState.OK
        self.error: str | None = None

    @property
    def path(self) -> Path:
        return self.spec.path

    def measure(self) -> Room:
        """Free space where the segments go (``recordings`` under the root, or the root
        before anything was recorded). OSError: the volume cannot even be looked at."""
        st = os.statvfs(_existing(self.path / "recordings"))
        total = st.f_blocks * st.f_frsize
        return Room(total, st.f_bavail * st.f_frsize, self.spec.keep_free(total))

    def __repr__(self) -> str:
        return f"Volume({str(self.path)!r}, {self.state.value})"


def _test_write(root: Path) -> None:
    probe = root / _PROBE
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, b"pantau")
        os.fsync(fd)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)


class Volumes:
    """The ordered volumes of one node; thread-safe (recorders pick and fail from their
    own threads, the storage guard refreshes from its own)."""

    def __init__(
        self,
        specs: Sequence[VolumeSpec],
        engine: Engine | None = None,
        node: str | None = None,
        data_dir: Path | None = None,
        owns_unnamed: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``node``: whose footage this is (None: the one-machine server's); ``data_dir``:
        the node's data directory, whose footage names no volume; ``owns_unnamed``: the
        segments that name no node are this node's too (the API process's own node:
        server/retention.py ``of_node``)."""
        if not specs:
            raise ValueError("a node needs at least one volume")
        self._volumes = tuple(
            Volume(spec, None if data_dir is not None and spec.path == data_dir
                   else str(spec.path))
            for spec in specs
        )  # fmt: skip
        self._engine = engine
        self.node = node
        self.owns_unnamed = owns_unnamed
        self._clock = clock
        self._lock = threading.Lock()
        self._footage: tuple[float, dict[str | None, int]] | None = None

    @classmethod
    def default(cls, data_dir: Path, reserve_percent: float, reserve_bytes: int,  # noqa: PLR0913
                engine: Engine | None = None, node: str | None = None) -> Volumes:  # fmt: skip
        """The data directory alone, keeping the storage reserve free: the one-machine
        server as it always was (its segments name no volume, and those naming no node
        are its own)."""
        spec = VolumeSpec(data_dir, reserve_percent, reserve_bytes)
        return cls([spec], engine, node, data_dir, owns_unnamed=True)

    @property
    def volumes(self) -> tuple[Volume, ...]:
        return self._volumes

    def pick(self) -> Volume | None:
        """Where the next segment goes: the first volume that is OK and, measured now,
        above its line (None: nowhere; recording pauses). A volume found below its line
        here (someone else filled it between two checks) is FULL until the guard's next
        refresh finds it above its high-water mark."""
        with self._lock:
            for volume in self._volumes:
                if volume.state is not VolumeState.OK:
                    continue
                try:
                    room = volume.measure()
                except OSError as exc:
                    self._set(volume, VolumeState.FAILED, str(exc))
                    continue
                if room.free < room.keep_free:
                    self._set(volume, VolumeState.FULL, None)
                    continue
                return volume
        return None

    def mark_failed(self, volume: Volume, error: BaseException | str) -> None:
        """A write on ``volume`` failed: no new segment goes there. Out of room
        (ENOSPC, EDQUOT) it is FULL (the guard's rolling buffer may make room), any other
        error FAILED until a test write succeeds."""
        no_room = isinstance(error, OSError) and error.errno in _NO_ROOM
        with self._lock:
            self._set(volume, VolumeState.FULL if no_room else VolumeState.FAILED, str(error))

    def refresh(self) -> dict[Volume, Room | None]:
        """The periodic check (the storage guard's, after it made room): each volume
        measured, a FAILED one test-written, states moved with the hysteresis: below the
        line FULL, a FULL one OK again above its high-water mark, a FAILED one OK (or
        FULL) once a test write succeeds. Returns each volume's room (None: failed)."""
        rooms: dict[Volume, Room | None] = {}
        for volume in self._volumes:
            room: Room | None = None
            try:
                room = volume.measure()
                if volume.state is VolumeState.FAILED:
                    _test_write(volume.path)
            except OSError as exc:
                with self._lock:
                    self._set(volume, VolumeState.FAILED, str(exc))
                rooms[volume] = None
                continue
            with self._lock:
                if volume.state is VolumeState.OK and room.free < room.keep_free:
                    self._set(volume, VolumeState.FULL, None)
                elif volume.state is not VolumeState.OK:
                    back = room.free >= room.high_water
                    self._set(volume, VolumeState.OK if back else VolumeState.FULL, None)
            rooms[volume] = room
        return rooms

    def report(self) -> list[dict]:
        """The node's stats, one dict per volume in order."""
        footage = self._footage_bytes()
        rows = []
        for volume in self._volumes:
            try:
                room = volume.measure()
                total, free = room.total, room.free
            except OSError:
                total = free = 0
            rows.append({
                "path": str(volume.path),
                "total_bytes": total,
                "free_bytes": free,
                "footage_bytes": footage.get(volume.column, 0),
                "keep_free_percent": volume.spec.keep_free_percent,
                "state": volume.state,
            })  # fmt: skip
        return rows

    # -- under the lock ---------------------------------------------------------------

    def _set(self, volume: Volume, state: VolumeState, error: str | None) -> None:
        if volume.state is state:
            return
        before, volume.state, volume.error = volume.state, state, error
        if state is VolumeState.OK:
            log.warning("volume %s is back (was %s): recording may use it again",
                        volume.path, before.value)
        else:
            log.error("volume %s is %s%s: new segments go to the next volume", volume.path,
                      state.value, f" ({error})" if error else "")

    # -- the footage on each volume ------------------------------------------------------

    def _footage_bytes(self) -> dict[str | None, int]:
        if self._engine is None:
            return {}
        now = self._clock()
        cached = self._footage
        if cached is not None and now - cached[0] < FOOTAGE_CACHE_S:
            return cached[1]
        t = segments.c
        mine = of_node(self.node, self.owns_unnamed)
        with self._engine.connect() as conn:
            sums = {vol: int(total or 0) for vol, total in conn.execute(
                select(t.volume, func.sum(t.bytes)).where(mine).group_by(t.volume))}  # fmt: skip
        self._footage = (now, sums)
        return sums
