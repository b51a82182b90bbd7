"""Area settings an administrator changes: today whether a site's cameras may be
watched directly (``live_direct``), without the relay."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import select

from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS, AreaSettingsIn, AreaSettingsOut
from server.audit import AuditAction, record
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.schema import areas
from server.users import Role, User

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=ERRORS)

ADMINS = frozenset({Role.ADMIN})


def _admin(user: User = Depends(current_user)) -> User:
    require_role(user, ADMINS, "change area settings")
    return user


def _area(ctx: ServerContext, area_id: str) -> dict:
    with ctx.engine.connect() as conn:
        row = conn.execute(
            select(areas.c.id, areas.c.name, areas.c.kind, areas.c.live_direct).where(
                areas.c.id == area_id
            )
        ).first()
    if row is None:
        raise ApiError(404, ErrorCode.AREA_NOT_FOUND, f"No area {area_id[:400]!r}.")
    return {"id": row.id, "name": row.name, "kind": row.kind, "live_direct": bool(row.live_direct)}


@router.get("/areas/{area_id}", response_model=AreaSettingsOut)
def get_area_settings(
    area_id: str, _user: User = Depends(_admin), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    return _area(ctx, area_id)


@router.put("/areas/{area_id}", response_model=AreaSettingsOut)
def put_area_settings(
    area_id: str,
    body: AreaSettingsIn,
    user: User = Depends(_admin),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    before = _area(ctx, area_id)
    if before["live_direct"] != body.live_direct:
        with ctx.engine.begin() as conn:
            conn.execute(
                areas.update().where(areas.c.id == area_id).values(live_direct=body.live_direct)
            )
        record(
            ctx.engine,
            AuditAction.AREA_UPDATED,
            actor=user.username,
            details={"area_id": area_id, "live_direct": body.live_direct},
        )
    return {**before, "live_direct": body.live_direct}
