"""GET /api/v1/nodes: the recording nodes, their cameras, ingest, disks and days left.

What a node says of itself (its cameras, ingest, volumes) is the ``stats`` it last wrote
at a heartbeat (server/node/runtime.py ``RecordingNode.stats``); a key it did not write
reads as unknown (null), never as zero. Whether it is up is judged here, on the
database's clock, as the API and the other nodes judge it (server/nodes.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import Connection

from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.camera_scope import in_areas
from server.clock import to_wire
from server.context import ServerContext
from server.node.recorder.manager import recorded_cameras
from server.nodes import NodeInfo, database_now, lease_holders, node_infos
from server.users import OVERSEERS, Role, User

router = APIRouter(prefix="/api/v1", tags=["nodes"])

SECONDS_PER_DAY = 86_400


def _number(value: Any) -> float | None:
    """A figure from a node's stats; None for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _bytes(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _volumes(stats: dict, admin: bool) -> list[dict]:
    out = []
    for volume in stats.get("volumes") or ():
        if not isinstance(volume, dict):
            continue
        out.append({
            "path": str(volume.get("path")) if admin and volume.get("path") else None,
            "total_bytes": _bytes(volume.get("total_bytes")),
            "free_bytes": _bytes(volume.get("free_bytes")),
            "footage_bytes": _bytes(volume.get("footage_bytes")),
            "state": str(volume.get("state") or "unknown"),
        })  # fmt: skip
    return out


def _room(stats: dict) -> float | None:
    """Bytes a node may still write: each writable volume's free space above its
    keep-free reserve (a percentage of the volume); None when no volume says."""
    room, known = 0.0, False
    for volume in stats.get("volumes") or ():
        if not isinstance(volume, dict) or volume.get("state") == "failed":
            continue
        total, free = _number(volume.get("total_bytes")), _number(volume.get("free_bytes"))
        if total is None or free is None:
            continue
        reserve = total * (_number(volume.get("keep_free_percent")) or 0.0) / 100.0
        room += max(0.0, free - reserve)
        known = True
    return room if known else None


def _footage(stats: dict) -> float | None:
    sizes = [_number(v.get("footage_bytes")) for v in stats.get("volumes") or ()
             if isinstance(v, dict)]
    known = [s for s in sizes if s is not None]
    return sum(known) if known else None


def _days(size: float | None, bytes_per_day: float | None) -> float | None:
    if size is None or not bytes_per_day:
        return None  # nothing written lately: no rate to divide by
    return size / bytes_per_day


def _node(conn: Connection, node: NodeInfo, user: User, now: datetime,
          lease_s: float) -> dict:
    stats = node.stats
    recorded = [str(c) for c in stats.get("cameras") or () if isinstance(c, str)]
    ingest_bps = _number(stats.get("ingest_bps"))
    per_day = ingest_bps / 8 * SECONDS_PER_DAY if ingest_bps else None
    recording = _number(stats.get("recording"))
    # No advertised host: live URLs name the host the client reached the API on ("*").
    relay = f"{node.relay_host or '*'}:{node.relay_port}" if node.relay_port else None
    return {
        "name": node.name,
        "state": node.state(now, lease_s).value,
        "heartbeat_at": to_wire(node.heartbeat_at),
        "started_at": to_wire(node.started_at),
        "capacity": node.capacity,
        "cameras": sorted(in_areas(conn, user.areas, recorded)),
        "camera_count": len(recorded),
        "recording": None if recording is None else int(recording),
        "ingest_mbps": None if ingest_bps is None else ingest_bps / 1e6,
        "relay": relay,
        "volumes": _volumes(stats, Role.ADMIN in user.roles),
        "days_until_full": _days(_room(stats), per_day),
        "days_of_footage": _days(_footage(stats), per_day),
    }  # fmt: skip


@router.get("/nodes", responses=ERRORS)
def list_nodes(user: User = Depends(current_user),
               ctx: ServerContext = Depends(get_ctx)) -> dict:
    """The fleet's recording nodes (up, down or stopped) with what each records, and the
    cameras of the caller's areas that should be recorded but that no node up holds.
    Administrators and supervisors only; volume paths for administrators only."""
    require_role(user, OVERSEERS, "see the recording nodes")
    lease_s = ctx.settings.lease_s
    with ctx.engine.connect() as conn:
        now = database_now(conn)
        infos = node_infos(conn)
        up = {n.name for n in infos if n.up(now, lease_s)}
        held = {cam for cam, node in lease_holders(conn, now).items() if node in up}
        wanted = in_areas(conn, user.areas, recorded_cameras(conn))
        return {
            "lease_seconds": lease_s,
            "nodes": [_node(conn, n, user, now, lease_s) for n in infos],
            "unrecorded": sorted(wanted - held),
        }
