"""Issue 17, crowd level: a camera's occupancy index over time (what the recording node
measured, server/node/analytics/occupancy.py), for the client's chart."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS
from server.clock import to_wire
from server.context import ServerContext
from server.node.analytics.occupancy_store import samples_between
from server.timerange import TimeRange, spans_range
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["analytics"], responses=ERRORS)

MAX_POINTS = 1500


class OccupancyPointOut(BaseModel):
    start: str
    end: str
    level: float = Field(description="mean occupied share of the scene, 0..1")
    peak: float = Field(description="the highest second's level in it, 0..1")
    moving: float = Field(description="mean share of the motion grid that moved, 0..1")


class OccupancyOut(BaseModel):
    camera_id: str
    points: list[OccupancyPointOut] = Field(description="oldest first; none where nothing "
                                            "was measured")


@router.get("/cameras/{camera_id}/occupancy", response_model=OccupancyOut)
def get_occupancy(
    camera_id: str,
    window: TimeRange = Depends(spans_range),
    points: int = Query(600, ge=10, le=MAX_POINTS, description="at most this many points"),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    cam = visible_camera(ctx, user, camera_id)
    with ctx.engine.connect() as conn:
        samples = samples_between(conn, cam.id, window.start, window.end)
    bucket = (window.end - window.start) / points
    out: list[dict] = []
    group: list = []
    index = None
    for sample in samples:
        at_index = int((sample.at - window.start) / bucket)
        if group and at_index != index:
            out.append(_point(group, window.start + bucket * index, bucket))
            group = []
        index = at_index
        group.append(sample)
    if group:
        out.append(_point(group, window.start + bucket * index, bucket))
    return {"camera_id": cam.id, "points": out}


def _point(group: list, start, bucket) -> dict:
    weights = [max(1, s.seconds) for s in group]
    total = sum(weights)
    return {
        "start": to_wire(start),
        "end": to_wire(start + bucket),
        "level": round(sum(s.level * w for s, w in zip(group, weights, strict=True)) / total, 4),
        "peak": round(max(s.peak for s in group), 4),
        "moving": round(sum(s.moving * w for s, w in zip(group, weights, strict=True)) / total,
                        4),
    }
