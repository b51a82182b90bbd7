"""Recorded spans of a camera, and playback of a range as a fragmented-MP4 stream."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS, RecordingsOut
from server.api.timerange import TimeRange, time_range
from server.clock import to_wire
from server.context import ServerContext
from server.recordings import merge_spans, segments_in
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["recordings"], responses=ERRORS)


@router.get("/cameras/{camera_id}/recordings", response_model=RecordingsOut)
def get_recordings(
    camera_id: str,
    window: TimeRange = Depends(time_range),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    cam = visible_camera(ctx, user, camera_id)
    with ctx.engine.connect() as conn:
        segs = segments_in(conn, cam.id, window.start, window.end)
    spans = merge_spans(segs, window.start, window.end)
    return {
        "camera_id": cam.id,
        "spans": [{"start": to_wire(s.start), "end": to_wire(s.end)} for s in spans],
    }
