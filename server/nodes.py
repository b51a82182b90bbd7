"""The recording nodes of a fleet as the database knows them: which are up, where each
serves its footage and relays live video, and which node records a camera now.

A node is up while its heartbeat is younger than the lease time and it has not stopped;
the lease time is also how long a camera's lease lasts (server/node/fleet.py), so a node
that is down has lost its cameras by the time it is counted down. Read by the API (live
URLs, footage routing, /api/v1/nodes) and by the nodes themselves."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Connection, Engine, select

from server.schema import camera_leases, nodes

DEFAULT_LEASE_S = 30.0
# The name of the node ``python -m server`` runs inside the API process.
EMBEDDED_NODE = "local"
# Header the API sends a node for its footage: a token derived from the fleet key
# (keys/relay-ticket.key, shared by the API and every node), never the key itself.
FOOTAGE_TOKEN_HEADER = "X-Pantau-Node-Token"


def footage_token(fleet_key: bytes) -> str:
    return hmac.new(fleet_key, b"pantau node footage v1", hashlib.sha256).hexdigest()


def database_now(conn: Connection) -> datetime:
    """The database's clock (PostgreSQL's ``now()``), so nodes whose clocks differ still
    agree on when a lease ends; SQLite (one machine) is the local clock."""
    if conn.dialect.name == "postgresql":
        value = conn.exec_driver_sql("SELECT timezone('utc', now())").scalar_one()
        return value.replace(tzinfo=UTC)
    return datetime.now(UTC)


class NodeState(StrEnum):
    """A node as the fleet sees it (the wire value in /api/v1/nodes)."""

    UP = "up"  # heartbeat younger than the lease time
    DOWN = "down"  # silent for longer: killed, cut off or hung; its footage unavailable
    STOPPED = "stopped"  # a clean stop: its cameras went to other nodes at once


@dataclass(frozen=True)
class NodeInfo:
    name: str
    http_url: str | None
    relay_host: str | None
    relay_port: int | None
    capacity: int
    started_at: datetime
    heartbeat_at: datetime
    stopped_at: datetime | None
    stats: dict

    def up(self, now: datetime, lease_s: float) -> bool:
        return self.stopped_at is None and now - self.heartbeat_at < timedelta(seconds=lease_s)

    def state(self, now: datetime, lease_s: float) -> NodeState:
        if self.stopped_at is not None:
            return NodeState.STOPPED
        return NodeState.UP if self.up(now, lease_s) else NodeState.DOWN


def node_infos(conn: Connection, with_stats: bool = True) -> list[NodeInfo]:
    """Every registered node; ``with_stats=False`` leaves out what each reported (a
    node's look needs only who is up, and a fleet's reports are megabytes)."""
    columns = [c for c in nodes.c if with_stats or c.name != "stats"]
    rows = conn.execute(select(*columns).order_by(nodes.c.name))
    return [
        NodeInfo(
            r.name, r.http_url, r.relay_host, r.relay_port, r.capacity, r.started_at,
            r.heartbeat_at, r.stopped_at, _stats(r.stats) if with_stats else {},
        )
        for r in rows
    ]


def _stats(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def lease_holders(conn: Connection, now: datetime) -> dict[str, str]:
    """camera id -> the node whose lease on it has not expired."""
    rows = conn.execute(
        select(camera_leases.c.camera_id, camera_leases.c.node).where(
            camera_leases.c.expires_at > now
        )
    )
    return {row[0]: row[1] for row in rows}


def relay_node(camera_id: str, holder: str | None, up: dict[str, NodeInfo]) -> NodeInfo | None:
    """Whose relay a viewer of this camera is sent to: the node recording it (one session
    at the camera for recording and every viewer), else (not recorded, or its node just
    died and the lease has not moved yet) an up node with a relay, the same one for every
    viewer of the camera while the fleet stays the same."""
    relays = {name: n for name, n in up.items() if n.relay_port}
    if holder in relays:
        return relays[holder]
    if not relays:
        return None
    return max(relays.values(), key=lambda n: hashlib.sha256(
        f"{camera_id}/{n.name}".encode()).digest())


class NodeDirectory:
    """Which nodes are up and where they are, read from the database at most once per
    ``refresh_s`` (a playback of 16 cameras asks for every segment)."""

    def __init__(self, engine: Engine, lease_s: float = DEFAULT_LEASE_S,
                 refresh_s: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._lease_s = lease_s
        self._refresh_s = refresh_s
        self._clock = clock
        self._lock = threading.Lock()
        self._read_at: float | None = None
        self._up: dict[str, NodeInfo] = {}
        self._down: frozenset[str] = frozenset()

    @property
    def lease_s(self) -> float:
        return self._lease_s

    def up(self) -> dict[str, NodeInfo]:
        """The nodes up now, by name."""
        with self._lock:
            if self._read_at is None or self._clock() - self._read_at >= self._refresh_s:
                with self._engine.connect() as conn:
                    now = database_now(conn)
                    infos = node_infos(conn)
                self._up = {n.name: n for n in infos if n.up(now, self._lease_s)}
                self._down = frozenset(n.name for n in infos if n.name not in self._up)
                self._read_at = self._clock()
            return dict(self._up)

    def holder(self, camera_id: str) -> str | None:
        """The node whose lease on the camera has not expired (a fresh read)."""
        with self._engine.connect() as conn:
            now = database_now(conn)
            return conn.execute(select(camera_leases.c.node).where(
                camera_leases.c.camera_id == camera_id,
                camera_leases.c.expires_at > now)).scalar()

    def down(self) -> frozenset[str]:
        """The registered nodes that are not up now: their footage is unavailable."""
        self.up()
        with self._lock:
            return self._down

    def forget(self) -> None:
        """Read again at the next question (a test, or after a failover was noticed)."""
        with self._lock:
            self._read_at = None
