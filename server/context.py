"""What request handlers need, handed to the app once instead of reached globally."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import Engine

from server.recorder.states import CameraStatus, RecorderState
from server.settings import Settings


class RecorderView(Protocol):
    def states(self) -> dict[str, RecorderState]: ...

    def camera_statuses(self) -> dict[str, CameraStatus]: ...


class _NoRecorder:
    def states(self) -> dict[str, RecorderState]:
        return {}

    def camera_statuses(self) -> dict[str, CameraStatus]:
        return {}


@dataclass
class ServerContext:
    settings: Settings
    engine: Engine
    recorder: RecorderView = field(default_factory=_NoRecorder)
