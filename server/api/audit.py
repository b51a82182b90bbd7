"""Reading the audit log and checking its hash chain (supervisors and administrators)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from server import audit
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.api.timerange import parse_time
from server.context import ServerContext
from server.users import OVERSEERS, User

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
    return [e.to_json() for e in entries]


@router.get("/verify")
def verify_audit(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)) -> dict:
    require_role(user, AUDIT_ROLES, "check the audit log")
    with ctx.engine.connect() as conn:
        check = audit.verify_chain(conn)
    return {"ok": check.ok, "entries": check.entries, "first_bad_id": check.first_bad_id}
