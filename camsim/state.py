"""Fault state of every camera, changed by the control API, read by the streamers."""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable


class CameraState(enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"  # unreachable: sessions torn down, new ones refused
    FROZEN = "frozen"  # sessions stay open but no video is sent


Listener = Callable[[str, CameraState, CameraState], None]


class FleetState:
    """Thread-safe map camera id -> state; listeners hear (id, old, new) on change."""

    def __init__(self, camera_ids: list[str]) -> None:
        self._lock = threading.Lock()
        self._states = dict.fromkeys(camera_ids, CameraState.ONLINE)
        self._listeners: list[Listener] = []

    def __contains__(self, camera_id: str) -> bool:
        return camera_id in self._states

    def get(self, camera_id: str) -> CameraState:
        return self._states[camera_id]

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def set(self, camera_id: str, state: CameraState) -> None:
        with self._lock:
            old = self._states[camera_id]
            self._states[camera_id] = state
        if old is not state:
            for listener in self._listeners:
                listener(camera_id, old, state)
