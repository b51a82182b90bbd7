"""Recorded spans of a camera, and playback of a range as a fragmented-MP4 stream."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, media_user
from server.api.models import ERRORS, RecordingsOut
from server.api.node_proxy import proxied_playback, proxied_thumbnail
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.node.playback.plan import plan_playback
from server.node.playback.stream import stream_plan, thumbnail_response
from server.node.thumbnails import DEFAULT_WIDTH, MAX_WIDTH, ThumbnailCache, thumbnail_at
from server.recordings import damaged_gaps, recorded_spans, unavailable_gaps
from server.timerange import TimeRange, parse_time, spans_range, time_range
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["recordings"], responses=ERRORS)


@router.get("/cameras/{camera_id}/recordings", response_model=RecordingsOut)
def get_recordings(
    camera_id: str,
    window: TimeRange = Depends(spans_range),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    cam = visible_camera(ctx, user, camera_id)
    down = ctx.down_nodes()
    with ctx.engine.connect() as conn:
        spans = recorded_spans(conn, cam.id, window.start, window.end, down)
        gaps = sorted(damaged_gaps(conn, cam.id, window.start, window.end)
                      + unavailable_gaps(conn, cam.id, window.start, window.end, down),
                      key=lambda g: g.start)
    return {
        "camera_id": cam.id,
        "spans": [{"start": to_wire(s.start), "end": to_wire(s.end)} for s in spans],
        # Recorded but not there (file gone, cut short, damaged), with the reason.
        "gaps": [
            {"start": to_wire(g.start), "end": to_wire(g.end), "reason": g.reason.value}
            for g in gaps
        ],
    }


@router.get(
    "/cameras/{camera_id}/playback",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"video/mp4": {}},
            "description": "Fragmented MP4, remuxed from the recording, streamed as it is "
            "produced. X-Pantau-Start (and the MP4's comment, `pantau-start=<time>`): UTC "
            "time of its first frame (the keyframe at or before start). Gaps between "
            "recorded spans are skipped unless real_time is asked for.",
        }
    },
)
async def get_playback(
    camera_id: str,
    window: TimeRange = Depends(time_range),
    keyframes_only: bool = Query(
        False,
        description="Only keyframes, each at its true time (fast forward beyond 4x, reverse)",
    ),
    real_time: bool = Query(
        False,
        description="Keep gaps between recorded spans in the timestamps: each frame's time "
        "is then its offset from X-Pantau-Start (synchronised playback)",
    ),
    user: User = Depends(media_user),
    ctx: ServerContext = Depends(get_ctx),
) -> StreamingResponse:
    cam = await run_in_threadpool(visible_camera, ctx, user, camera_id)
    forwarded = await proxied_playback(ctx, cam.id, window.start, window.end, keyframes_only,
                                       real_time)
    if forwarded is not None:
        return forwarded
    footage = ctx.footage
    plan = await run_in_threadpool(
        plan_playback,
        ctx.engine,
        footage,
        cam.id,
        window.start,
        window.end,
        keyframes_only,
        real_time,
    )
    if plan is None:
        raise ApiError(
            404, ErrorCode.NO_RECORDING, f"Nothing of {cam.id} is recorded in that range."
        )
    return stream_plan(plan, footage)


@router.get(
    "/cameras/{camera_id}/thumbnail",
    response_class=Response,
    responses={
        200: {
            "content": {"image/jpeg": {}},
            "description": "The keyframe at or before `at`, scaled to `width` (aspect kept). "
            "X-Pantau-At: UTC time of that keyframe.",
        }
    },
)
async def get_thumbnail(
    request: Request,
    camera_id: str,
    at: str = Query(..., max_length=40, description="UTC, ISO 8601"),
    width: int = Query(DEFAULT_WIDTH, ge=16, le=MAX_WIDTH, description="pixels"),
    user: User = Depends(media_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    moment = parse_time("at", at)
    cam = await run_in_threadpool(visible_camera, ctx, user, camera_id)
    forwarded = await proxied_thumbnail(ctx, cam.id, moment, width)
    if forwarded is not None:
        return forwarded
    cache: ThumbnailCache = request.app.state.thumbnails
    # Demux and decode on a worker thread: never on the event loop.
    thumb = await run_in_threadpool(
        thumbnail_at, ctx.engine, ctx.footage, cam.id, moment, width, cache
    )
    if thumb is None:
        raise ApiError(404, ErrorCode.NO_RECORDING, f"Nothing of {cam.id} is recorded then.")
    return thumbnail_response(thumb)
