"""The server's recording nodes as the client sees them (GET /api/v1/nodes): which are
up, what each records, how fast it writes and how long its disks last. Administrators
and supervisors only: anyone else gets a 403, and the health dock shows no nodes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.api.parse import parse_time


class NodeState(enum.Enum):
    UP = "up"  # its heartbeat is younger than the lease time: it records its cameras
    DOWN = "down"  # no heartbeat for a lease time: its cameras are recorded by no one
    STOPPED = "stopped"  # stopped cleanly: its cameras went to other nodes at once
    UNKNOWN = "unknown"  # a state this client does not know yet (a newer server)


class VolumeState(enum.Enum):
    OK = "ok"
    FULL = "full"  # down to its keep-free reserve: nothing more is written there
    FAILED = "failed"  # not writable (unmounted, read-only, I/O errors)
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class NodeVolume:
    path: str | None  # administrators only
    total_bytes: int | None  # None: the node did not say
    free_bytes: int | None
    footage_bytes: int | None
    state: VolumeState


@dataclass(frozen=True)
class RecordingNode:
    name: str
    state: NodeState
    heartbeat_at: datetime  # aware UTC: a down node is down since about then
    started_at: datetime
    capacity: int  # cameras it may record at once
    cameras: tuple[str, ...]  # the ones of the user's areas it records
    camera_count: int  # all it records: its load
    recording: int | None  # of those, how many are recording now
    ingest_mbps: float | None
    relay: str | None  # "host:port" of its live relay
    volumes: tuple[NodeVolume, ...]
    days_until_full: float | None  # at its last minute's ingest
    days_of_footage: float | None

    @property
    def total_bytes(self) -> int | None:
        return _sum(v.total_bytes for v in self.volumes)

    @property
    def used_bytes(self) -> int | None:
        """Taken on its volumes (footage and anything else), where they said."""
        used = [v.total_bytes - v.free_bytes for v in self.volumes
                if v.total_bytes is not None and v.free_bytes is not None]
        return sum(used) if used else None


@dataclass(frozen=True)
class NodesReport:
    lease_seconds: float
    nodes: tuple[RecordingNode, ...]
    unrecorded: tuple[str, ...]  # cameras of the user's areas that no node up records


def _sum(values) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _enum(kind: type[enum.Enum], value: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        return kind("unknown")


def _volume(data: Any) -> NodeVolume:
    path = data.get("path")
    return NodeVolume(None if path is None else str(path), _int(data.get("total_bytes")),
                      _int(data.get("free_bytes")), _int(data.get("footage_bytes")),
                      _enum(VolumeState, data.get("state")))


def _node(data: Any) -> RecordingNode:
    return RecordingNode(
        name=str(data["name"]), state=_enum(NodeState, data.get("state")),
        heartbeat_at=parse_time(data["heartbeat_at"]),
        started_at=parse_time(data["started_at"]), capacity=int(data.get("capacity") or 0),
        cameras=tuple(str(c) for c in data.get("cameras") or ()),
        camera_count=int(data.get("camera_count") or 0),
        recording=_int(data.get("recording")), ingest_mbps=_float(data.get("ingest_mbps")),
        relay=None if data.get("relay") is None else str(data["relay"]),
        volumes=tuple(_volume(v) for v in data.get("volumes") or ()),
        days_until_full=_float(data.get("days_until_full")),
        days_of_footage=_float(data.get("days_of_footage")))


def nodes_report(data: Any) -> NodesReport:
    try:
        return NodesReport(float(data["lease_seconds"]),
                           tuple(_node(n) for n in data.get("nodes") or ()),
                           tuple(str(c) for c in data.get("unrecorded") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a list of nodes: {exc!r}") from exc


class NodesApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def report(self) -> NodesReport:
        return nodes_report(self._client.call("GET", "/nodes"))
