"""PTZ mechanics in ONVIF's generic spaces: pan/tilt in [-1, 1], zoom in [0, 1].

Continuous moves integrate their velocity over time until Stop or their timeout;
relative and absolute moves arrive at once (the simulated motor is infinitely fast).
Positions are computed on demand from the last command, so no thread runs for them.
"""

from __future__ import annotations

import enum
import threading
import time
from dataclasses import dataclass

# Generic space units per second at velocity 1: a full pan sweep takes four seconds.
PAN_TILT_SPEED = 0.5
ZOOM_SPEED = 0.5


class MoveStatus(enum.Enum):
    IDLE = "IDLE"
    MOVING = "MOVING"


@dataclass(frozen=True)
class Position:
    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0

    def clamped(self) -> Position:
        return Position(_clamp(self.pan, -1, 1), _clamp(self.tilt, -1, 1), _clamp(self.zoom, 0, 1))


@dataclass(frozen=True)
class Velocity:
    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0


@dataclass(frozen=True)
class Status:
    position: Position
    pan_tilt: MoveStatus
    zoom: MoveStatus


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


class PtzHead:
    """One camera's pan/tilt/zoom head. Thread-safe; ``clock`` is injectable for tests."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._anchor = Position()
        self._anchor_time = clock()
        self._velocity = Velocity()
        self._until = self._anchor_time

    def _position_at(self, now: float) -> Position:
        elapsed = max(0.0, min(now, self._until) - self._anchor_time)
        v = self._velocity
        return Position(
            self._anchor.pan + v.pan * PAN_TILT_SPEED * elapsed,
            self._anchor.tilt + v.tilt * PAN_TILT_SPEED * elapsed,
            self._anchor.zoom + v.zoom * ZOOM_SPEED * elapsed,
        ).clamped()

    def _settle(self, velocity: Velocity, until: float, position: Position | None = None) -> None:
        now = self._clock()
        self._anchor = (position or self._position_at(now)).clamped()
        self._anchor_time = now
        self._velocity = velocity
        self._until = until

    def position(self) -> Position:
        with self._lock:
            return self._position_at(self._clock())

    def status(self) -> Status:
        with self._lock:
            now = self._clock()
            pos = self._position_at(now)
            active = now < self._until
            v = self._velocity

            pan_tilt_limit = _at_limit(pos.pan, v.pan, -1, 1) and _at_limit(pos.tilt, v.tilt, -1, 1)
            return Status(
                pos,
                _move_status(active and not pan_tilt_limit),
                _move_status(active and not _at_limit(pos.zoom, v.zoom, 0, 1)),
            )

    def continuous_move(self, velocity: Velocity, timeout_s: float) -> None:
        with self._lock:
            v = Velocity(*(_clamp(x, -1, 1) for x in (velocity.pan, velocity.tilt, velocity.zoom)))
            self._settle(v, self._clock() + max(0.0, timeout_s))

    def stop(self, pan_tilt: bool = True, zoom: bool = True) -> None:
        with self._lock:
            now = self._clock()
            v = self._velocity
            keep = Velocity(
                0.0 if pan_tilt else v.pan, 0.0 if pan_tilt else v.tilt, 0.0 if zoom else v.zoom
            )
            self._settle(keep, self._until if (keep.pan or keep.tilt or keep.zoom) else now)

    def absolute_move(self, target: Position) -> None:
        with self._lock:
            self._settle(Velocity(), self._clock(), target)

    def relative_move(self, delta: Position) -> None:
        with self._lock:
            here = self._position_at(self._clock())
            target = Position(here.pan + delta.pan, here.tilt + delta.tilt, here.zoom + delta.zoom)
            self._settle(Velocity(), self._clock(), target)


def _at_limit(value: float, velocity: float, low: float, high: float) -> bool:
    return velocity == 0 or (velocity < 0 and value <= low) or (velocity > 0 and value >= high)


def _move_status(moving: bool) -> MoveStatus:
    return MoveStatus.MOVING if moving else MoveStatus.IDLE
