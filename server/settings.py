"""Everything the server is started with, in one typed place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None = None
    # Where keys/ lives (camera passwords, live tickets); None: the data directory. A
    # node of a fleet uses a copy of the API's.
    key_dir: Path | None = None
    camsim_url: str | None = None
    demo: bool = False
    record: bool = True
    # Issue 17: each recorded camera's smallest stream is analysed (motion grid).
    analytics: bool = True
    segment_seconds: float = 10.0
    # How long startup waits for camsim before serving anyway (the import keeps
    # retrying in the background after that).
    camsim_wait_s: float = 30.0
    # Recordings older than this are deleted, except what protected bookmarks cover.
    retention_days: float = 30.0
    retention_every_s: float = 3600.0
    # PTZ: a lock falls free after this long without a command.
    ptz_lock_idle_s: float = 30.0
    # The cameras' ONVIF account; kept by the server only, never sent to a client.
    onvif_user: str = "admin"
    onvif_password: str = field(default="", repr=False)
    # The live relay (server/node/relay): where it listens, the host live URLs name (None:
    # the host the client reached the API on), and how long a ticket may start a session.
    relay: bool = True
    relay_bind: str = "127.0.0.1"
    relay_port: int = 0  # 0: a free port (the command line defaults to 8555)
    relay_host: str | None = None
    relay_ticket_s: float = 60.0
    # Full disks (server/storage_guard.py): recording stops while a volume holding the
    # recordings or the database has less free than max(these bytes, this % of the
    # volume), so the database always has room; checked this often.
    storage_reserve_bytes: int = 256 * 1024 * 1024
    storage_reserve_percent: float = 2.0
    storage_check_every_s: float = 1.0
    # Issue 15, recording nodes (server/node): this process's node (None: the API alone,
    # every camera recorded by nodes of their own), the cameras it may record at once,
    # and the lease time: how long a camera of a node that died goes unrecorded at most.
    node_name: str | None = "local"
    node_capacity: int = 10_000
    lease_s: float = 30.0

    @property
    def keys_dir(self) -> Path:
        return self.key_dir or self.data_dir

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"
