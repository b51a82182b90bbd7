"""Run retention now (administrators and supervisors); it also runs every hour."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.clock import utc_now
from server.context import ServerContext
from server.retention import run_retention
from server.users import OVERSEERS, User

router = APIRouter(prefix="/api/v1/retention", tags=["retention"], responses=ERRORS)


@router.post("/run")
async def run_now(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)):
    require_role(user, OVERSEERS, "run retention")
    keep = timedelta(days=ctx.settings.retention_days)
    report = await run_in_threadpool(
        run_retention, ctx.engine, ctx.settings.data_dir, utc_now(), keep, user.username,
        ctx.settings.node_name,
    )
    return {**report.to_json(), "retention_days": ctx.settings.retention_days}
