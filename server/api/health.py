"""GET /health. Without sign-in, only the overall status and the version (what
monitoring needs); with a token, the recorder state of the cameras in the caller's
areas and the storage, whose folder only administrators see."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from server.api.deps import get_ctx, user_for_token
from server.api.models import ERRORS, HealthOut
from server.cameras import camera_filter
from server.context import ServerContext
from server.schema import cameras
from server.storage_guard import StorageGuard, StorageReport, StorageState, VolumeRole
from server.users import Role, User
from server.version import server_version

router = APIRouter(prefix="/api/v1", tags=["health"])

_optional_bearer = HTTPBearer(auto_error=False, description="optional: shows more")


def _status(report: StorageReport) -> str:
    if report.alarm:
        return "critical"  # footage is being lost or the database may fill: someone must act
    return "ok" if report.state is StorageState.OK else "degraded"


def _storage(report: StorageReport, ctx: ServerContext, admin: bool) -> dict:
    rec = report.volume(VolumeRole.RECORDINGS)
    return {
        "state": report.state.value,
        "reason": report.reason,
        "free_bytes": rec.free,
        "reserve_bytes": rec.reserve,
        "recording_paused": report.recording_paused,
        "alarm": report.alarm,
        "volumes": [
            {"roles": [r.value for r in v.roles], "total_bytes": v.total,
             "free_bytes": v.free, "reserve_bytes": v.reserve,
             "high_water_bytes": v.high_water}
            for v in report.volumes
        ],
        "path": str(ctx.settings.recordings_dir) if admin else None,
    }  # fmt: skip


def _visible_states(ctx: ServerContext, user: User) -> dict[str, str]:
    states = ctx.recorder.states()
    if not states:
        return {}
    with ctx.engine.connect() as conn:
        seen = set(conn.execute(
            select(cameras.c.id).where(*camera_filter(user.areas, ids=states))).scalars())
    return {cam: state.value for cam, state in sorted(states.items()) if cam in seen}


# Fields a caller may not see are left out, not sent as null.
@router.get("/health", response_model=HealthOut, response_model_exclude_none=True,
            responses={401: ERRORS[401]})
def health(request: Request, ctx: ServerContext = Depends(get_ctx),
           creds: HTTPAuthorizationCredentials | None = Depends(_optional_bearer)) -> dict:
    guard: StorageGuard = request.app.state.storage_guard
    report = guard.report()
    body: dict = {"status": _status(report), "version": server_version()}
    if creds is None or not creds.credentials:
        return body
    user = user_for_token(creds.credentials, ctx)  # a bad token is a 401, not anonymous
    if user.must_change_password:
        return body  # such a token opens nothing until the password is replaced
    body["recorder"] = {"cameras": _visible_states(ctx, user)}
    body["storage"] = _storage(report, ctx, Role.ADMIN in user.roles)
    return body
