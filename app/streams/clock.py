"""The clock that synchronised playback follows: one recorded moment moving at a rate.

Every tile of a view reads the same clock, each on its own engine thread, and shows the
frame recorded at the clock's moment; the GUI thread pauses it, changes its speed and
moves it. Times are UTC seconds since the epoch (floats): the engines compare them with
frame timestamps many times a second.

The engines run in the decoder processes (app.streams.decoder_pool), so the clock's
state lives in a small shared-memory block: the GUI's clock owns it, and a pickled
clock (in a stream's options, sent to a decoder process) attaches to the same block.
Only the owner changes it, under a seqlock (an odd count while it writes): readers in
any process retry a read that a change tore. Engines in the owner's process are woken
by a condition at once; those in other processes look again every _POLL_S.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import shared_memory

import numpy as np

# How often a waiting engine looks at its stop flag and the clock: running, at most
# this long (a frame is often due sooner); paused (a whole wall may wait), less often:
# a resume reaches a decoder process within that.
_POLL_S = 0.02
_PAUSED_POLL_S = 0.05
# A frame is due this close to the clock: steps of a frame's length, summed in floats,
# must not miss the frame they aim at.
_SLACK_S = 0.002
MIN_RATE, MAX_RATE = 1 / 8, 16.0
# The shared block: float64 fields.
_SEQ, _POS, _AT, _RATE, _PAUSED, _SERIAL, _FRAME_S = range(7)
_FIELDS = 8


@dataclass(frozen=True)
class ClockState:
    position_s: float  # UTC seconds
    rate: float  # negative: backwards
    paused: bool
    serial: int  # counts seeks and direction changes: streams opened before are stale


class PlaybackClock:
    """Thread-safe and process-shared: engine threads wait on it, the GUI thread
    changes it (in the process that made it; a pickled copy only reads and waits)."""

    def __init__(self, position_s: float, rate: float = 1.0, paused: bool = False,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._changed = threading.Condition()
        self._shm = shared_memory.SharedMemory(create=True, size=_FIELDS * 8)
        self._owner = True
        self._f = np.ndarray((_FIELDS,), dtype=np.float64, buffer=self._shm.buf)
        self._f[:] = 0.0
        self._f[_POS], self._f[_AT] = position_s, monotonic()
        self._f[_RATE] = _checked(rate)
        self._f[_PAUSED] = float(paused)
        self._f[_FRAME_S] = 1 / 25  # the spacing of the frames shown lately (frame steps)
        self._finalizer = weakref.finalize(self, _release, self._shm, True)

    # -- sharing ------------------------------------------------------------------------
    def __reduce__(self):
        return _attach, (self._shm.name,)

    @classmethod
    def _attached(cls, name: str) -> PlaybackClock:
        clock = cls.__new__(cls)
        clock._now = time.monotonic  # the system's: the same in every process
        clock._changed = threading.Condition()
        clock._owner = False
        try:
            clock._shm = shared_memory.SharedMemory(name=name)
        except FileNotFoundError:
            # Its owner let it go before this stream started: a clock no stream follows.
            clock._f = np.zeros(_FIELDS)
            clock._f[_RATE], clock._f[_SERIAL] = 1.0, -1.0
            clock._finalizer = weakref.finalize(clock, lambda: None)
            return clock
        clock._f = np.ndarray((_FIELDS,), dtype=np.float64, buffer=clock._shm.buf)
        clock._finalizer = weakref.finalize(clock, _release, clock._shm, False)
        return clock

    def close(self) -> None:
        """Let the shared block go (the owner removes it; copies stop reading it). The
        clock reads on, frozen, from a private copy of its last state."""
        if self._finalizer.alive:
            with self._changed:
                self._f = np.array(self._f)
            self._finalizer()

    # -- reading ------------------------------------------------------------------------
    @property
    def frame_s(self) -> float:
        return float(self._f[_FRAME_S])

    def position(self) -> float:
        return self.state().position_s

    def state(self) -> ClockState:
        pos, at, rate, paused, serial = self._read()
        return ClockState(self._position(pos, at, rate, paused), rate, paused, serial)

    def _read(self) -> tuple[float, float, float, bool, int]:
        fields = self._f
        while True:
            seq = fields[_SEQ]
            if seq % 2 == 0:
                pos, at, rate = float(fields[_POS]), float(fields[_AT]), float(fields[_RATE])
                paused, serial = bool(fields[_PAUSED]), int(fields[_SERIAL])
                if fields[_SEQ] == seq:
                    return pos, at, rate, paused, serial
            time.sleep(0)  # the owner is writing: a few instructions

    def _position(self, pos: float, at: float, rate: float, paused: bool) -> float:
        return pos if paused else pos + (self._now() - at) * rate

    # -- changing (the owner's GUI thread) ----------------------------------------------
    def seek(self, position_s: float) -> None:
        """Jump to a moment; streams that cannot follow (backwards, far) must reopen."""
        self._write(position=position_s, new_serial=True)

    def step_to(self, position_s: float) -> None:
        """Move forward a little while paused (a frame step): open streams follow."""
        self._write(position=position_s)

    def set_rate(self, rate: float) -> None:
        rate = _checked(rate)
        # The other direction needs other streams.
        self._write(rate=rate, new_serial=(rate < 0) != (self._f[_RATE] < 0))

    def set_paused(self, paused: bool) -> None:
        self._write(paused=paused)

    def _write(self, position: float | None = None, rate: float | None = None,
               paused: bool | None = None, new_serial: bool = False) -> None:
        if not self._owner:
            raise RuntimeError("only the clock's owner changes it")
        with self._changed:
            fields = self._f
            pos, at, old_rate, old_paused, _serial = self._read()
            now = self._now()
            fields[_SEQ] += 1  # odd: being written
            fields[_POS] = position if position is not None else self._position(
                pos, at, old_rate, old_paused)
            fields[_AT] = now
            if rate is not None:
                fields[_RATE] = rate
            if paused is not None:
                fields[_PAUSED] = float(paused)
            if new_serial:
                fields[_SERIAL] += 1
            fields[_SEQ] += 1
            self._changed.notify_all()

    # -- waiting (engine threads, any process) ------------------------------------------
    def is_due(self, at_s: float) -> bool:
        """Whether a frame recorded at ``at_s`` is at or behind the clock's moment."""
        pos, at, rate, paused, _serial = self._read()
        return self._due(at_s, self._position(pos, at, rate, paused), rate)

    @staticmethod
    def _due(at_s: float, position: float, rate: float) -> bool:
        if rate > 0:
            return position + _SLACK_S >= at_s
        return position - _SLACK_S <= at_s

    def wait_due(self, at_s: float, serial: int, stop: threading.Event,
                 alive: Callable[[], None]) -> bool:
        """Sleep until a frame recorded at ``at_s`` is due. False when it never will be for
        this stream: stopped, or the clock was moved (``serial`` changed). ``alive`` is
        called while waiting, so a paused stream is not taken for a dead one."""
        while True:
            pos, at, rate, paused, now_serial = self._read()
            if stop.is_set() or now_serial != serial:
                return False
            position = self._position(pos, at, rate, paused)
            if self._due(at_s, position, rate):
                return True
            wait_s = _PAUSED_POLL_S if paused else min(_POLL_S,
                                                       abs(at_s - position) / abs(rate))
            alive()
            with self._changed:
                self._changed.wait(max(wait_s, 0.001))

    def note_frame_spacing(self, spacing_s: float) -> None:
        if 0 < spacing_s < 2:
            self._f[_FRAME_S] = spacing_s  # one word, from any process: a hint


def _attach(name: str) -> PlaybackClock:
    return PlaybackClock._attached(name)


def _release(shm: shared_memory.SharedMemory, owner: bool) -> None:
    with contextlib.suppress(BufferError, OSError):
        shm.close()
    if owner:
        with contextlib.suppress(FileNotFoundError):
            shm.unlink()


def _checked(rate: float) -> float:
    if not MIN_RATE <= abs(rate) <= MAX_RATE:
        raise ValueError(f"rate {rate} is outside 1/8x..16x")
    return rate
