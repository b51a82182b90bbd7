"""Workstations and their monitors, as the clients register them (in memory: a
workstation registers again whenever it connects), and what a push event looks like."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from server.clock import utc_now


@dataclass(frozen=True)
class Monitor:
    index: int
    name: str
    geometry: tuple[int, int, int, int]
    wall: bool  # a wall window is open on it

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "name": self.name, "geometry": list(self.geometry),
                "wall": self.wall}


@dataclass(frozen=True)
class Workstation:
    name: str
    username: str  # who is logged in there
    monitors: tuple[Monitor, ...]
    seen: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "username": self.username, "seen": self.seen,
                "monitors": [m.to_json() for m in self.monitors]}


class WallRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stations: dict[str, Workstation] = {}

    def register(self, name: str, username: str, monitors: list[Monitor]) -> Workstation:
        station = Workstation(name, username, tuple(sorted(monitors, key=lambda m: m.index)),
                              utc_now().isoformat())
        with self._lock:
            self._stations[name] = station
        return station

    def get(self, name: str) -> Workstation | None:
        with self._lock:
            return self._stations.get(name)

    def all(self) -> list[Workstation]:
        with self._lock:
            return sorted(self._stations.values(), key=lambda s: s.name)


def push_event(workstation: str, monitor: int, sender: str, *, camera_id: str | None,
               view: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "push", "workstation": workstation, "monitor": monitor,
                             "from": sender}
    if camera_id:
        event["camera_id"] = camera_id
    else:
        event["view"] = view
    return event
