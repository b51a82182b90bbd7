"""Reading the audit log and checking its hash chain (supervisors and administrators)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from server import audit
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.areas import in_scope
from server.cameras import list_cameras
from server.context import ServerContext
from server.timerange import parse_time
from server.users import OVERSEERS, Role, User

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=ERRORS)

AUDIT_ROLES = OVERSEERS


@router.get("")
def get_audit(
    camera_id: str | None = Query(None, max_length=64),
    actor: str | None = Query(None, max_length=100),
    action: str | None = Query(None, max_length=64, description="prefix, e.g. 'ptz.'"),
    start: str | None = Query(None, max_length=40),
    end: str | None = Query(None, max_length=40),
    limit: int = Query(500, ge=1, le=5000),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> list[dict]:
    require_role(user, AUDIT_ROLES, "read the audit log")
    with ctx.engine.connect() as conn:
        entries = audit.query(
            conn,
            camera_id=camera_id,
            actor=actor,
            action_prefix=action,
            start=parse_time("start", start),
            end=parse_time("end", end),
            limit=limit,
        )
        if Role.ADMIN in user.roles:
            # Administrators run the whole installation (every camera, every account).
            return [e.to_json() for e in entries]
        # A supervisor of some areas reads what happened to their cameras (and to no
        # camera): a row of a camera outside them would name it and what was done to it;
        # so would a row of no camera that names an area outside them (a map put up).
        mine = {c.id for c in list_cameras(conn, user.areas)}
    return [_within(e.to_json(), mine) for e in entries
            if (e.camera_id is None and _area_seen(e.details, user.areas))
            or e.camera_id in mine]


def _area_seen(details: dict, scope: frozenset[str]) -> bool:
    area = details.get("area_id")
    return not isinstance(area, str) or in_scope(area, scope)


def _within(row: dict, mine: set[str]) -> dict:
    """The row with the cameras its details list (an evidence request's) cut to ``mine``
    and how many were left out, as the evidence API shows a request."""
    cameras = row["details"].get("cameras")
    if not isinstance(cameras, list):
        return row
    kept = [c for c in cameras if c in mine]
    details = {**row["details"], "cameras": kept, "hidden_cameras": len(cameras) - len(kept)}
    return {**row, "details": details}


@router.get("/verify")
def verify_audit(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)) -> dict:
    require_role(user, AUDIT_ROLES, "check the audit log")
    with ctx.engine.connect() as conn:
        check = audit.verify_chain(conn)
    return {"ok": check.ok, "entries": check.entries, "first_bad_id": check.first_bad_id}
