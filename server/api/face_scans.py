"""Face scans (issue 17): the faces of a stretch of footage, found before an export is
cut, for a supervisor to correct on the mask editor; the corrected tracks go into the
export's ``faces`` (server/api/exports.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, require_role
from server.api.exports import EXPORT_ROLES, SEE_ALL_ROLES
from server.api.models import ERRORS
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.faces.scan import MAX_SCAN
from server.faces.scans import FaceScan, FaceScans
from server.timerange import parse_time
from server.users import User

router = APIRouter(prefix="/api/v1/face-scans", tags=["exports"], responses=ERRORS)


class FaceScanIn(BaseModel):
    camera_id: str = Field(min_length=1, max_length=64)
    start: str = Field(max_length=40, description="UTC, ISO 8601")
    end: str = Field(max_length=40, description="UTC, ISO 8601; at most 15 minutes after start")


def _json(scan: FaceScan) -> dict:
    return {
        "id": scan.id,
        "camera_id": scan.camera_id,
        "start": to_wire(scan.start),
        "end": to_wire(scan.end),
        "state": scan.state.value,
        "progress": round(scan.progress, 3),
        "error": scan.error,
        **FaceScans.describe(),
        "tracks": [t.to_json() for t in scan.tracks],
    }


def _scans(request: Request) -> FaceScans:
    return request.app.state.face_scans


@router.post("", status_code=202)
def post_face_scan(body: FaceScanIn, request: Request, user: User = Depends(current_user),
                   ctx: ServerContext = Depends(get_ctx)) -> dict:
    require_role(user, EXPORT_ROLES, "look for faces to blur in an export")
    camera = visible_camera(ctx, user, body.camera_id)
    start, end = parse_time("start", body.start), parse_time("end", body.end)
    if end <= start:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if end - start > MAX_SCAN:
        raise ApiError(400, ErrorCode.RANGE_TOO_LONG,
                       "Faces are looked for in at most 15 minutes of footage; ask for less.")
    return _json(_scans(request).submit(camera.id, start, end, user.username))


@router.get("/{scan_id}")
def get_face_scan(scan_id: int, request: Request, user: User = Depends(current_user),
                  ctx: ServerContext = Depends(get_ctx)) -> dict:
    scan = _scans(request).get(scan_id)
    mine = scan is not None and (scan.created_by == user.username
                                 or SEE_ALL_ROLES.intersection(user.roles))
    if scan is None or not mine:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"No face scan {scan_id}.")
    try:
        visible_camera(ctx, user, scan.camera_id)
    except ApiError:
        # Outside the user's areas: the same answer as no scan, naming no camera.
        raise ApiError(404, ErrorCode.NOT_FOUND, f"No face scan {scan_id}.") from None
    return _json(scan)
