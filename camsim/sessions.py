"""Counts of RTSP sessions per path, so tests can prove a relay opens one per stream.

A session counts once per path, at its first SETUP there (a session that sets up
several streams of one path, or sets one up twice, is still one session). Sessions,
not TCP connections: a client may send DESCRIBE on one connection and play on another,
or tunnel; what a camera pays for is the session.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionCount:
    active: int  # sessions that hold the path now
    total: int  # sessions that ever set it up since start

    def to_json(self) -> dict:
        return {"active": self.active, "total": self.total}


def path_of(abspath: str) -> str:
    """``/cam004/main/stream=0`` -> ``/cam004/main``: the mounted path a SETUP is for."""
    return "/" + "/".join(abspath.strip("/").split("/")[:2])


class SessionLedger:
    """Totals per path; thread-safe (SETUPs arrive on the RTSP thread, reads on HTTP)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._totals: Counter[str] = Counter()
        self._seen: dict[str, set[str]] = {}  # session id -> paths it was counted on

    def setup(self, session_id: str, path: str) -> None:
        with self._lock:
            paths = self._seen.setdefault(session_id, set())
            if path not in paths:
                paths.add(path)
                self._totals[path] += 1

    def forget(self, session_id: str) -> None:
        """The session is gone; a new session with a reused id counts again."""
        with self._lock:
            self._seen.pop(session_id, None)

    def total(self, path: str) -> int:
        with self._lock:
            return self._totals[path]
