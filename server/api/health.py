"""GET /health: no sign-in, so monitoring can poll it."""

from __future__ import annotations

import shutil

from fastapi import APIRouter, Depends

from server.api.deps import get_ctx
from server.api.models import HealthOut
from server.context import ServerContext
from server.version import server_version

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(ctx: ServerContext = Depends(get_ctx)) -> dict:
    path = ctx.settings.recordings_dir
    path.mkdir(parents=True, exist_ok=True)
    return {
        "status": "ok",
        "version": server_version(),
        "recorder": {
            "cameras": {cam: state.value for cam, state in sorted(ctx.recorder.states().items())}
        },
        "storage": {"path": str(path), "free_bytes": shutil.disk_usage(path).free},
    }
