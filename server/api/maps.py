"""Maps: GET /maps, /maps/{id}, /maps/{id}/image for everyone (in their areas); the
administrators' POST/PUT/DELETE /admin/maps… to put pictures up and place cameras on
them, each audited. A map's audit rows name its area (area_id): a supervisor reads those
of maps in their areas only (server/api/audit.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server import audit
from server import maps as store
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.audit import AuditAction
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.users import Role, User

router = APIRouter(prefix="/api/v1", tags=["maps"], responses=ERRORS)

ADMINS = frozenset({Role.ADMIN})
_STATUS = {
    store.MapProblem.BAD_IMAGE: (422, ErrorCode.VALIDATION_ERROR),
    store.MapProblem.TOO_LARGE: (422, ErrorCode.VALIDATION_ERROR),
    store.MapProblem.BAD_PLACEMENT: (422, ErrorCode.VALIDATION_ERROR),
    store.MapProblem.BAD_NAME: (422, ErrorCode.VALIDATION_ERROR),
    store.MapProblem.NO_MAP: (404, ErrorCode.NOT_FOUND),
    store.MapProblem.NO_AREA: (404, ErrorCode.AREA_NOT_FOUND),
    store.MapProblem.NO_CAMERA: (404, ErrorCode.CAMERA_NOT_FOUND),
}


def admin_user(user: User = Depends(current_user)) -> User:
    require_role(user, ADMINS, "change maps")
    return user


def _api_error(exc: store.MapError) -> ApiError:
    status, code = _STATUS[exc.kind]
    return ApiError(status, code, exc.message)


class MapEdit(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    area_id: str | None = Field(None, min_length=1, max_length=400)


class PlacementIn(BaseModel):
    x: float = Field(ge=0.0, le=1.0, description="from the picture's left, 0 to 1")
    y: float = Field(ge=0.0, le=1.0, description="from the picture's top, 0 to 1")
    heading: float | None = Field(
        None, ge=-360.0, le=720.0,
        description="where the camera looks, degrees clockwise from the picture's up")
    fov: float | None = Field(None, gt=0.0, le=360.0, description="field of view, degrees")


# --- reading -------------------------------------------------------------------------


@router.get("/maps")
def list_maps(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
              ) -> list[dict]:
    """The maps of the caller's areas, each with the cameras of the caller's areas on it."""
    with ctx.engine.connect() as conn:
        return [m.to_json() for m in store.list_maps(conn, user.areas)]


@router.get("/maps/{map_id}")
def get_map(map_id: int, user: User = Depends(current_user),
            ctx: ServerContext = Depends(get_ctx)) -> dict:
    try:
        with ctx.engine.connect() as conn:
            return store.one_map(conn, map_id, user.areas).to_json()
    except store.MapError as exc:
        raise _api_error(exc) from None


@router.get("/maps/{map_id}/image", response_class=Response)
def get_map_image(map_id: int, user: User = Depends(current_user),
                  ctx: ServerContext = Depends(get_ctx)) -> Response:
    try:
        with ctx.engine.connect() as conn:
            data, kind = store.map_image(conn, map_id, user.areas)
    except store.MapError as exc:
        raise _api_error(exc) from None
    return Response(data, media_type=kind.value, headers={"Cache-Control": "private"})


# --- administration ------------------------------------------------------------------


@router.post("/admin/maps", status_code=201, tags=["administration"])
async def add_map(
    request: Request,
    name: str = Query(min_length=1, max_length=200),
    area_id: str = Query(min_length=1, max_length=400),
    admin: User = Depends(admin_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    """The body is the picture, sent as image/png or image/jpeg (at most 16 MB)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in {t.value for t in store.ImageType}:
        raise ApiError(422, ErrorCode.VALIDATION_ERROR,
                       "Send the picture as image/png or image/jpeg.")
    data = await request.body()

    def work() -> dict:
        with ctx.engine.begin() as conn:
            map_id = store.create_map(conn, name, area_id, data, admin.username)
            made = store.one_map(conn, map_id, None)
        audit.record(ctx.engine, AuditAction.MAP_ADDED, actor=admin.username,
                     details={"map_id": map_id, "name": made.name, "area_id": area_id,
                              "width": made.width, "height": made.height,
                              "bytes": len(data)})
        return made.to_json()

    try:
        return await run_in_threadpool(work)  # the decode check takes a moment
    except store.MapError as exc:
        raise _api_error(exc) from None


@router.put("/admin/maps/{map_id}", tags=["administration"])
def edit_map(map_id: int, body: MapEdit, admin: User = Depends(admin_user),
             ctx: ServerContext = Depends(get_ctx)) -> dict:
    try:
        with ctx.engine.begin() as conn:
            changes = store.update_map(conn, map_id, body.name, body.area_id)
            made = store.one_map(conn, map_id, None)
    except store.MapError as exc:
        raise _api_error(exc) from None
    if changes:
        audit.record(ctx.engine, AuditAction.MAP_UPDATED, actor=admin.username,
                     details={"map_id": map_id, "fields": sorted(changes),
                              "name": made.name, "area_id": made.area_id})
    return made.to_json()


@router.delete("/admin/maps/{map_id}", status_code=204, response_class=Response,
               tags=["administration"])
def remove_map(map_id: int, admin: User = Depends(admin_user),
               ctx: ServerContext = Depends(get_ctx)) -> Response:
    try:
        with ctx.engine.begin() as conn:
            old = store.delete_map(conn, map_id)
    except store.MapError as exc:
        raise _api_error(exc) from None
    audit.record(ctx.engine, AuditAction.MAP_REMOVED, actor=admin.username,
                 details={"map_id": map_id, "name": old.name, "area_id": old.area_id})
    return Response(status_code=204)


@router.put("/admin/maps/{map_id}/cameras/{camera_id}", tags=["administration"])
def place_camera(map_id: int, camera_id: str, body: PlacementIn,
                 admin: User = Depends(admin_user),
                 ctx: ServerContext = Depends(get_ctx)) -> dict:
    """Put a camera on the map, or move it there."""
    wanted = store.Placement(camera_id, body.x, body.y, body.heading, body.fov)
    try:
        with ctx.engine.begin() as conn:
            kept = store.place_camera(conn, map_id, wanted)
    except store.MapError as exc:
        raise _api_error(exc) from None
    audit.record(ctx.engine, AuditAction.MAP_CAMERA_PLACED, actor=admin.username,
                 camera_id=camera_id, details={"map_id": map_id, **kept.to_json()})
    return kept.to_json()


@router.delete("/admin/maps/{map_id}/cameras/{camera_id}", status_code=204,
               response_class=Response, tags=["administration"])
def unplace_camera(map_id: int, camera_id: str, admin: User = Depends(admin_user),
                   ctx: ServerContext = Depends(get_ctx)) -> Response:
    try:
        with ctx.engine.begin() as conn:
            store.unplace_camera(conn, map_id, camera_id)
    except store.MapError as exc:
        raise _api_error(exc) from None
    audit.record(ctx.engine, AuditAction.MAP_CAMERA_UNPLACED, actor=admin.username,
                 camera_id=camera_id, details={"map_id": map_id})
    return Response(status_code=204)
