"""The clock that synchronised playback follows: one recorded moment moving at a rate.

Every tile of a view reads the same clock, each on its own engine thread, and shows the
frame recorded at the clock's moment; the GUI thread pauses it, changes its speed and
moves it. Times are UTC seconds since the epoch (floats): the engines compare them with
frame timestamps many times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

_POLL_S = 0.1  # how often a waiting engine looks at its stop flag
# A frame is due this close to the clock: steps of a frame's length, summed in floats,
# must not miss the frame they aim at.
_SLACK_S = 0.002
MIN_RATE, MAX_RATE = 1 / 8, 16.0


@dataclass(frozen=True)
class ClockState:
    position_s: float  # UTC seconds
    rate: float  # negative: backwards
    paused: bool
    serial: int  # counts seeks and direction changes: streams opened before are stale


class PlaybackClock:
    """Thread-safe: engine threads wait on it, the GUI thread changes it."""

    def __init__(self, position_s: float, rate: float = 1.0, paused: bool = False,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._changed = threading.Condition()
        self._anchor_pos = position_s
        self._anchor_at = monotonic()
        self._rate = _checked(rate)
        self._paused = paused
        self._serial = 0
        self.frame_s = 1 / 25  # the spacing of the frames shown lately (frame steps)

    # -- reading ------------------------------------------------------------------------
    def position(self) -> float:
        with self._changed:
            return self._position()

    def state(self) -> ClockState:
        with self._changed:
            return ClockState(self._position(), self._rate, self._paused, self._serial)

    def _position(self) -> float:
        if self._paused:
            return self._anchor_pos
        return self._anchor_pos + (self._now() - self._anchor_at) * self._rate

    # -- changing (GUI thread) ----------------------------------------------------------
    def seek(self, position_s: float) -> None:
        """Jump to a moment; streams that cannot follow (backwards, far) must reopen."""
        with self._changed:
            self._rebase(position_s)
            self._serial += 1
            self._changed.notify_all()

    def step_to(self, position_s: float) -> None:
        """Move forward a little while paused (a frame step): open streams follow."""
        with self._changed:
            self._rebase(position_s)
            self._changed.notify_all()

    def set_rate(self, rate: float) -> None:
        rate = _checked(rate)
        with self._changed:
            self._rebase(self._position())
            if (rate < 0) != (self._rate < 0):
                self._serial += 1  # the other direction needs other streams
            self._rate = rate
            self._changed.notify_all()

    def set_paused(self, paused: bool) -> None:
        with self._changed:
            self._rebase(self._position())
            self._paused = paused
            self._changed.notify_all()

    def _rebase(self, position_s: float) -> None:
        self._anchor_pos, self._anchor_at = position_s, self._now()

    # -- waiting (engine threads) -------------------------------------------------------
    def is_due(self, at_s: float) -> bool:
        """Whether a frame recorded at ``at_s`` is at or behind the clock's moment."""
        with self._changed:
            return self._due(at_s)

    def _due(self, at_s: float) -> bool:
        position = self._position()
        if self._rate > 0:
            return position + _SLACK_S >= at_s
        return position - _SLACK_S <= at_s

    def wait_due(self, at_s: float, serial: int, stop: threading.Event,
                 alive: Callable[[], None]) -> bool:
        """Sleep until a frame recorded at ``at_s`` is due. False when it never will be for
        this stream: stopped, or the clock was moved (``serial`` changed). ``alive`` is
        called while waiting, so a paused stream is not taken for a dead one."""
        with self._changed:
            while True:
                if stop.is_set() or self._serial != serial:
                    return False
                if self._due(at_s):
                    return True
                wait_s = _POLL_S
                if not self._paused:
                    wait_s = min(wait_s, abs(at_s - self._position()) / abs(self._rate))
                alive()
                self._changed.wait(max(wait_s, 0.001))

    def note_frame_spacing(self, spacing_s: float) -> None:
        if 0 < spacing_s < 2:
            self.frame_s = spacing_s


def _checked(rate: float) -> float:
    if not MIN_RATE <= abs(rate) <= MAX_RATE:
        raise ValueError(f"rate {rate} is outside 1/8x..16x")
    return rate
