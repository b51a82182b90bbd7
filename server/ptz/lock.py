"""Who controls a PTZ camera: one holder per camera, role priority, idle expiry, and the
sequence numbers that drop commands arriving late.

Police, supervisors and administrators (priority 2) take a camera from an operator
(priority 1); equal priority waits for the holder to let go or fall idle. Every command
renews the holder's lease. A command whose sequence number is not above the last one
seen from the same client session is dropped: it was overtaken on the way, and
executing it would move the camera after the operator let go.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.users import Role

PRIORITY = {Role.ADMIN: 2, Role.SUPERVISOR: 2, Role.POLICE: 2, Role.OPERATOR: 1}


def priority_of(roles) -> int:
    return max((PRIORITY.get(r, 0) for r in roles), default=0)


@dataclass(frozen=True)
class Holder:
    username: str
    display_name: str
    priority: int
    expires_at: datetime

    def to_json(self, to_wire: Callable[[datetime], str]) -> dict:
        return {
            "holder": self.username,
            "display_name": self.display_name,
            "priority": self.priority,
            "expires_at": to_wire(self.expires_at),
        }


class Outcome(enum.Enum):
    TAKEN = "taken"  # the camera was free
    RENEWED = "renewed"  # the caller held it already
    PREEMPTED = "preempted"  # taken from a lower priority


class Locked(Exception):
    def __init__(self, holder: Holder) -> None:
        super().__init__(f"held by {holder.display_name}")
        self.holder = holder


@dataclass(frozen=True)
class Taken:
    outcome: Outcome
    holder: Holder
    previous: Holder | None  # the one pre-empted, or whose lease had run out
    expired: bool  # previous had fallen idle (not pre-empted)


class PtzLocks:
    def __init__(self, idle: timedelta, clock: Callable[[], datetime]) -> None:
        self._idle = idle
        self._clock = clock
        self._holders: dict[str, Holder] = {}
        self._last_seq: dict[tuple[str, str], int] = {}
        self._mutex = threading.Lock()

    def holder(self, camera_id: str) -> tuple[Holder | None, Holder | None]:
        """(current holder, one whose lease just ran out and was dropped now)."""
        with self._mutex:
            return self._current(camera_id)

    def _current(self, camera_id: str) -> tuple[Holder | None, Holder | None]:
        held = self._holders.get(camera_id)
        if held is not None and held.expires_at <= self._clock():
            del self._holders[camera_id]
            return None, held
        return held, None

    def acquire(self, camera_id: str, username: str, display_name: str, priority: int) -> Taken:
        """Take or renew the lock; raises Locked when an equal or higher priority has it."""
        with self._mutex:
            held, expired = self._current(camera_id)
            lease = Holder(username, display_name, priority, self._clock() + self._idle)
            if held is None:
                self._holders[camera_id] = lease
                return Taken(Outcome.TAKEN, lease, expired, expired is not None)
            if held.username == username:
                self._holders[camera_id] = lease
                return Taken(Outcome.RENEWED, lease, None, False)
            if priority > held.priority:
                self._holders[camera_id] = lease
                return Taken(Outcome.PREEMPTED, lease, held, False)
            raise Locked(held)

    def release(self, camera_id: str, username: str, force: bool = False) -> Holder | None:
        """Let go (own lock, or anyone's with ``force``); returns who held it."""
        with self._mutex:
            held, _ = self._current(camera_id)
            if held is None or (held.username != username and not force):
                return None
            del self._holders[camera_id]
            return held

    def accept(self, camera_id: str, session: str, seq: int) -> bool:
        """True for a command newer than every earlier one of this session."""
        with self._mutex:
            key = (camera_id, session)
            if seq <= self._last_seq.get(key, -1):
                return False
            self._last_seq[key] = seq
            return True
