"""Areas, cameras and live URLs, each limited to the signed-in user's areas."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS, AreaOut, CameraOut, LiveOut
from server.areas import in_scope, scoped_tree
from server.cameras import Camera, Profile, list_cameras
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.recorder.states import CameraStatus
from server.schema import areas
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["catalog"], responses=ERRORS)


def camera_json(cam: Camera, statuses: dict[str, CameraStatus]) -> dict:
    return {
        "id": cam.id,
        "name": cam.name,
        "area_id": cam.area_id,
        "area_path": list(cam.area_path),
        "tags": list(cam.tags),
        "ptz": cam.ptz,
        "lat": cam.lat,
        "lon": cam.lon,
        "profiles": [p.value for p in Profile if p.value in cam.streams],
        "status": statuses.get(cam.id, CameraStatus.UNKNOWN).value,
    }


def visible_camera(ctx: ServerContext, user: User, camera_id: str) -> Camera:
    """The camera if it exists and the user may see it; otherwise the same 404 either
    way, so a user cannot probe for cameras outside their areas."""
    if len(camera_id) <= 64:
        with ctx.engine.connect() as conn:
            found = list_cameras(conn, user.areas, camera_id=camera_id)
        if found:
            return found[0]
    raise ApiError(404, ErrorCode.CAMERA_NOT_FOUND, f"No camera {camera_id[:64]!r} in your areas.")


@router.get("/areas", response_model=list[AreaOut])
def get_areas(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)) -> list:
    with ctx.engine.connect() as conn:
        return [node.to_json() for node in scoped_tree(conn, user.areas)]


@router.get("/cameras", response_model=list[CameraOut])
def get_cameras(
    area: str | None = Query(None, max_length=400, description="area id; its whole subtree"),
    q: str | None = Query(None, max_length=200, description="text in id, name, area or tag"),
    tag: str | None = Query(None, max_length=100),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> list:
    with ctx.engine.connect() as conn:
        if area is not None:
            exists = conn.execute(areas.select().where(areas.c.id == area)).first()
            if exists is None:
                raise ApiError(404, ErrorCode.AREA_NOT_FOUND, f"No area {area!r}.")
            if not in_scope(area, user.areas):
                raise ApiError(403, ErrorCode.FORBIDDEN, f"Area {area!r} is outside your areas.")
        found = list_cameras(conn, user.areas, area=area, text=q or None, tag=tag)
    statuses = ctx.recorder.camera_statuses()
    return [camera_json(c, statuses) for c in found]


@router.get("/cameras/{camera_id}", response_model=CameraOut)
def get_camera(
    camera_id: str, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    return camera_json(visible_camera(ctx, user, camera_id), ctx.recorder.camera_statuses())


@router.get("/cameras/{camera_id}/live", response_model=LiveOut)
def get_live(
    camera_id: str,
    profile: Profile = Profile.MAIN,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    cam = visible_camera(ctx, user, camera_id)
    url = cam.streams.get(profile.value)
    if url is None:
        raise ApiError(
            404, ErrorCode.PROFILE_NOT_FOUND, f"Camera {cam.id} has no {profile.value} stream."
        )
    return {"url": url, "profile": profile.value}
