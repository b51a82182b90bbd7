"""What request handlers need, handed to the app once instead of reached globally."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import Engine

from server.footage import Footage
from server.node.recorder.states import CameraStatus, RecorderState
from server.node.relay.tickets import load_or_create_key
from server.nodes import NodeDirectory, footage_token
from server.settings import Settings
from server.vault import Vault


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
    # Called (with the camera id / username) after an administrator changed a camera or
    # a user, once the change is committed: the recorder and the relay subscribe, so a
    # disabled camera or user loses recording and live at once.
    camera_listeners: list[Callable[[str], None]] = field(default_factory=list)
    user_listeners: list[Callable[[str], None]] = field(default_factory=list)
    _vault: Vault | None = field(default=None, repr=False)
    _footage: Footage | None = field(default=None, repr=False)

    @property
    def vault(self) -> Vault:
        """The data directory's camera-password vault (its key is made on first use)."""
        if self._vault is None:
            self._vault = Vault.open(self.settings.keys_dir)
        return self._vault

    @property
    def footage(self) -> Footage:
        """Where segments are read from: this machine, or the node that recorded them."""
        if self._footage is None:
            key = load_or_create_key(self.settings.keys_dir)
            self._footage = Footage(
                self.settings.data_dir, self.settings.node_name,
                NodeDirectory(self.engine, self.settings.lease_s), footage_token(key))
        return self._footage

    def down_nodes(self) -> frozenset[str]:
        """Nodes whose footage is unavailable now (never this process's own)."""
        directory = self.footage.directory
        down = directory.down() if directory is not None else frozenset()
        return down - {self.settings.node_name}

    def camera_changed(self, camera_id: str) -> None:
        for listener in list(self.camera_listeners):
            listener(camera_id)

    def user_changed(self, username: str) -> None:
        for listener in list(self.user_listeners):
            listener(username)
