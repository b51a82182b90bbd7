"""Synchronised playback: one clock that the tiles of a wall follow (or one unlinked tile).

The tiles open their own streams and the engines pace them against the clock; this
service owns the clock's life and says when streams must be opened again (a seek, a
change of direction, crossing into keyframes-only speeds) and when to go back to live.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.streams.clock import MAX_RATE, MIN_RATE, ClockState, PlaybackClock

# Speeds the operator steps through, as in most recorders' players.
SPEEDS = (1 / 8, 1 / 4, 1 / 2, 1.0, 2.0, 4.0, 8.0, 16.0)
KEYFRAMES_FROM = 4.0  # at or above this speed (and backwards) only keyframes are sent
_TICK_MS = 250  # how often the position is announced while the clock runs


class SyncState(enum.Enum):
    LIVE = "live"  # no clock: the tiles show live video
    PLAYING = "playing"
    PAUSED = "paused"


class PlaybackSync(QObject):
    changed = Signal()  # state, position, speed or direction changed
    # Streams must be opened again at the clock's position (once per turn of the event
    # loop, after the changes of that turn).
    reopen_requested = Signal()
    live_requested = Signal()  # back to live

    def __init__(self, parent: QObject | None = None,
                 clock_factory: Callable[..., PlaybackClock] = PlaybackClock) -> None:
        super().__init__(parent)
        self._make_clock = clock_factory
        self._clock: PlaybackClock | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(_TICK_MS)
        self._tick.timeout.connect(self.changed)
        # Streams reopen once per turn of the event loop: J from live (a start, then a
        # turn), or L pressed three times, opens one set of streams, not three.
        self._reopen = QTimer(self)
        self._reopen.setSingleShot(True)
        self._reopen.setInterval(0)
        self._reopen.timeout.connect(self.reopen_requested)

    # -- reading ------------------------------------------------------------------------
    @property
    def clock(self) -> PlaybackClock | None:
        return self._clock

    @property
    def state(self) -> SyncState:
        if self._clock is None:
            return SyncState.LIVE
        return SyncState.PAUSED if self._clock.state().paused else SyncState.PLAYING

    @property
    def reopen_pending(self) -> bool:
        """The clock moved this turn: the tiles are about to be told to reopen."""
        return self._reopen.isActive()

    def clock_state(self) -> ClockState | None:
        return None if self._clock is None else self._clock.state()

    def position(self) -> datetime | None:
        if self._clock is None:
            return None
        return datetime.fromtimestamp(self._clock.position(), UTC)

    def speed(self) -> float:
        """The rate's size (1/8..16); the direction is reverse()."""
        return 1.0 if self._clock is None else abs(self._clock.state().rate)

    def reverse(self) -> bool:
        return self._clock is not None and self._clock.state().rate < 0

    def keyframes_only(self) -> bool:
        state = self.clock_state()
        return state is not None and (state.rate < 0 or abs(state.rate) >= KEYFRAMES_FROM)

    # -- changing -----------------------------------------------------------------------
    def play_from(self, at: datetime, paused: bool = False) -> None:
        """Start playback at ``at`` (or move there): every following tile reopens."""
        if self._clock is None:
            self._clock = self._make_clock(at.timestamp(), paused=paused)
        else:
            if paused:
                self._clock.set_paused(True)
            self._clock.seek(at.timestamp())  # playing or paused, as it was
        self._after_change(reopen=True)

    def adopt(self, other: PlaybackSync) -> None:
        """Start where another clock is (a tile unlinked from its wall goes on from there)."""
        state = other.clock_state()
        if state is None:
            return
        if self._clock is not None:
            self._clock.close()
        self._clock = self._make_clock(state.position_s, rate=state.rate, paused=state.paused)
        self._after_change(reopen=False)

    def set_paused(self, paused: bool) -> None:
        if self._clock is not None:
            self._clock.set_paused(paused)
            self._after_change(reopen=False)

    def toggle_paused(self) -> None:
        if self._clock is not None:
            self.set_paused(not self._clock.state().paused)

    def set_speed(self, speed: float) -> None:
        self._set_rate(-speed if self.reverse() else speed)

    def set_reverse(self, reverse: bool) -> None:
        self._set_rate(-self.speed() if reverse else self.speed())

    def faster(self, steps: int) -> None:
        """One speed up (or down, steps < 0) in SPEEDS."""
        speed = self.speed()
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.set_speed(SPEEDS[max(0, min(len(SPEEDS) - 1, index + steps))])

    def step(self, frames: int) -> None:
        """Pause and move by whole frames: forward the open streams follow; backwards
        they are opened again at the earlier frame."""
        clock = self._clock
        if clock is None or frames == 0:
            return
        clock.set_paused(True)
        target = clock.position() + frames * clock.frame_s
        if frames > 0:
            clock.step_to(target)
            self._after_change(reopen=False)
        else:
            clock.seek(target)
            self._after_change(reopen=True)

    def skip_to(self, at: datetime) -> None:
        """Move forward over a gap without reopening: the open streams are already there."""
        if self._clock is not None and at.timestamp() > self._clock.position():
            self._clock.step_to(at.timestamp())
            self.changed.emit()

    def go_live(self) -> None:
        if self._clock is None:
            return
        self._clock.close()
        self._clock = None
        self._tick.stop()
        self._reopen.stop()
        self.live_requested.emit()
        self.changed.emit()

    def _set_rate(self, rate: float) -> None:
        clock = self._clock
        if clock is None:
            return
        rate = max(MIN_RATE, min(MAX_RATE, abs(rate))) * (-1 if rate < 0 else 1)
        keyframes_before = self.keyframes_only()
        turned = (rate < 0) != (clock.state().rate < 0)
        clock.set_rate(rate)
        if not turned and self.keyframes_only() != keyframes_before:
            clock.seek(clock.position())  # other streams: all frames, or keyframes only
        self._after_change(reopen=turned or self.keyframes_only() != keyframes_before)

    def _after_change(self, reopen: bool) -> None:
        if self.state is SyncState.PLAYING:
            self._tick.start()
        else:
            self._tick.stop()
        if reopen:
            self._reopen.start()
        self.changed.emit()
