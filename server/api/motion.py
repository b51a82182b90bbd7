"""Issue 17: motion search over the motion grid the recording nodes store (server/motion,
docs/motion.md): when did something move in a region of the picture, on one camera or
on every camera of an area?"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS
from server.areas import in_scope
from server.cameras import list_cameras
from server.catalog_cache import catalog_cache
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.motion.grid import COLUMNS, ROWS, WINDOW_S, Region
from server.motion.search import search_motion
from server.timerange import parse_time
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["motion"], responses=ERRORS)

MAX_RANGE = timedelta(days=31)
# Cameras times days one search may read: a month of one camera, or a day of an area of
# this many cameras (each camera-day is 1,440 blocks at most).
MAX_CAMERA_DAYS = 120


class RegionIn(BaseModel):
    x: float = Field(ge=0, le=1, description="left edge, a fraction of the picture's width")
    y: float = Field(ge=0, le=1, description="top edge, a fraction of its height")
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)


class MotionSearchIn(BaseModel):
    camera_ids: list[str] | None = Field(
        None, min_length=1, max_length=200,
        description="cameras to search; or give area instead (exactly one of the two)")
    area: str | None = Field(None, min_length=1, max_length=400,
                             description="an area id: every camera of its subtree")
    start: str = Field(max_length=40, description="UTC, ISO 8601")
    end: str = Field(max_length=40, description="UTC, ISO 8601; at most 31 days after start")
    region: RegionIn | None = Field(None, description="null: the whole picture")
    limit: int = Field(500, ge=1, le=2000)


class GridOut(BaseModel):
    columns: int
    rows: int


class HitOut(BaseModel):
    camera_id: str
    start: str
    end: str
    cells: int = Field(description="the most region cells that moved in one window of it")


class AnalysedOut(BaseModel):
    camera_id: str
    start: str
    end: str


class MotionSearchOut(BaseModel):
    grid: GridOut
    window_s: float
    hits: list[HitOut] = Field(description="oldest first")
    analysed: list[AnalysedOut] = Field(
        description="the spans the motion analysis covered; outside them it cannot say")
    truncated: bool = Field(description="more than limit hits matched: the oldest are here")


@router.post("/motion/search", response_model=MotionSearchOut)
def post_motion_search(
    body: MotionSearchIn,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    start, end = parse_time("start", body.start), parse_time("end", body.end)
    if end <= start:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if end - start > MAX_RANGE:
        raise ApiError(400, ErrorCode.RANGE_TOO_LONG,
                       "The range is longer than 31 days; ask for less.")
    camera_ids = _cameras(ctx, user, body)
    days = max((end - start) / timedelta(days=1), 1 / 24)
    if len(camera_ids) * days > MAX_CAMERA_DAYS:
        raise ApiError(400, ErrorCode.RANGE_TOO_LONG,
                       f"{len(camera_ids)} cameras over {days:.1f} days is more than "
                       f"{MAX_CAMERA_DAYS} camera-days; search a shorter range or fewer "
                       "cameras.")
    region = Region(**body.region.model_dump()) if body.region else Region.whole()
    with ctx.engine.connect() as conn:
        found = search_motion(conn, camera_ids, start, end, region.mask(), body.limit)
    return {
        "grid": {"columns": COLUMNS, "rows": ROWS},
        "window_s": WINDOW_S,
        "hits": [{"camera_id": h.camera_id, "start": to_wire(h.start), "end": to_wire(h.end),
                  "cells": h.cells} for h in found.hits],
        "analysed": [{"camera_id": a.camera_id, "start": to_wire(a.start),
                      "end": to_wire(a.end)} for a in found.analysed],
        "truncated": found.truncated,
    }


def _cameras(ctx: ServerContext, user: User, body: MotionSearchIn) -> list[str]:
    if (body.camera_ids is None) == (body.area is None):
        raise ApiError(422, ErrorCode.VALIDATION_ERROR,
                       "Give either camera_ids or area, not both and not neither.")
    if body.camera_ids is not None:
        return list(dict.fromkeys(visible_camera(ctx, user, c).id for c in body.camera_ids))
    area = body.area
    with ctx.engine.connect() as conn:
        _, directory = catalog_cache(ctx.engine).sync(conn)
        if area not in directory:
            raise ApiError(404, ErrorCode.AREA_NOT_FOUND, f"No area {area!r}.")
        if not in_scope(area, user.areas):
            raise ApiError(403, ErrorCode.FORBIDDEN, f"Area {area!r} is outside your areas.")
        return [cam.id for cam in list_cameras(conn, user.areas, area=area)]
