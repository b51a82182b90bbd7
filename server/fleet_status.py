"""What the API tells of each camera's recording when nodes record it: the states every
node that is up reported in its last heartbeat (server/node/runtime.py ``stats``),
merged with this process's own node, whose states are read live."""

from __future__ import annotations

from server.context import RecorderView
from server.node.recorder.states import CameraStatus, RecorderState
from server.nodes import NodeDirectory


class FleetRecorderView:
    def __init__(self, directory: NodeDirectory, own: RecorderView | None = None,
                 own_name: str | None = None) -> None:
        self._directory = directory
        self._own = own
        self._own_name = own_name

    def states(self) -> dict[str, RecorderState]:
        merged = self._reported("states", RecorderState)
        if self._own is not None:
            merged.update(self._own.states())
        return merged

    def camera_statuses(self) -> dict[str, CameraStatus]:
        merged = self._reported("statuses", CameraStatus)
        if self._own is not None:
            merged.update(self._own.camera_statuses())
        return merged

    def _reported(self, key: str, kind):
        merged = {}
        for name, node in self._directory.up().items():
            if name == self._own_name:
                continue
            reported = node.stats.get(key)
            if not isinstance(reported, dict):
                continue
            for camera, value in reported.items():
                try:
                    merged[str(camera)] = kind(value)
                except ValueError:  # a newer node's state this API does not know
                    continue
        return merged
