"""Areas, cameras and live URLs, each limited to the signed-in user's areas.

The area tree is built once per catalog revision and scope, a scope's whole camera list
kept and patched with the rows each revision wrote (server/catalog_cache.py,
server/catalog_list.py); answers go gzipped with an ETag: a client that sends it back in
If-None-Match gets 304 with no body while nothing it can see has changed."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS, AreaOut, CameraOut
from server.areas import in_scope
from server.cameras import Camera, count_cameras, list_cameras
from server.catalog_cache import Body, catalog_cache, etag_matches, make_etag
from server.catalog_list import Snapshot, camera_fields, encode
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.node.recorder.states import CameraStatus
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["catalog"], responses=ERRORS)

# Answered with 304 Not Modified and no body.
NOT_MODIFIED = {304: {"description": "If-None-Match holds the current ETag"}}
MAX_PAGE = 50_000


def camera_json(cam: Camera, statuses: dict[str, CameraStatus]) -> dict:
    return camera_fields(cam) | {"status": statuses.get(cam.id, CameraStatus.UNKNOWN).value}


def visible_camera(ctx: ServerContext, user: User, camera_id: str) -> Camera:
    """The camera if it exists and the user may see it; otherwise the same 404 either
    way, so a user cannot probe for cameras outside their areas."""
    if len(camera_id) <= 64:
        with ctx.engine.connect() as conn:
            found = list_cameras(conn, user.areas, camera_id=camera_id)
        if found:
            return found[0]
    raise ApiError(404, ErrorCode.CAMERA_NOT_FOUND, f"No camera {camera_id[:64]!r} in your areas.")


def _answer(request: Request, body: Body) -> Response:
    headers = {"ETag": body.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding",
               **dict(body.headers)}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body.gzipped, media_type="application/json", headers=headers)
    return Response(body.plain(), media_type="application/json", headers=headers)


def _not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": "no-cache",
                                              "Vary": "Accept-Encoding"})


def _known_statuses(ctx: ServerContext) -> dict[str, str]:
    """camera id → status of the cameras whose status is known (those recorded: a few
    hundred); every other camera is unknown."""
    return {cam_id: status.value for cam_id, status in ctx.recorder.camera_statuses().items()
            if status is not CameraStatus.UNKNOWN}


def _status_token(statuses: dict[str, str]) -> str:
    # Statuses are part of the answer, so of its ETag.
    return repr(sorted(statuses.items()))


@router.get("/areas", response_model=list[AreaOut], responses=NOT_MODIFIED)
def get_areas(
    request: Request, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    cache = catalog_cache(ctx.engine)
    with ctx.engine.connect() as conn:
        revision, directory = cache.sync(conn)
    etag = make_etag("areas", revision.areas, sorted(user.areas))
    if etag_matches(request.headers.get("if-none-match"), etag):
        return _not_modified(etag)
    return _answer(request, cache.body(etag, lambda: encode(directory.tree_json(user.areas))))


@router.get("/cameras", response_model=list[CameraOut], responses=NOT_MODIFIED)
def get_cameras(
    request: Request,
    area: str | None = Query(None, max_length=400, description="area id; its whole subtree"),
    q: str | None = Query(None, max_length=200, description="text in id, name, area or tag"),
    tag: str | None = Query(None, max_length=100),
    limit: int | None = Query(None, ge=1, le=MAX_PAGE, description="at most this many, by id"),
    offset: int = Query(0, ge=0, description="skip this many first (with limit: paging)"),
    status: bool = Query(True, description=(
        "each camera's recorder status; false leaves it out (GET /camera-statuses has "
        "them), so a camera going offline does not change this answer or its ETag")),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    cache = catalog_cache(ctx.engine)
    text = q or None
    whole = area is None and text is None and tag is None and limit is None and not offset
    with ctx.engine.connect() as conn:
        revision, directory = cache.sync(conn)
        if area is not None:
            if area not in directory:
                raise ApiError(404, ErrorCode.AREA_NOT_FOUND, f"No area {area!r}.")
            if not in_scope(area, user.areas):
                raise ApiError(403, ErrorCode.FORBIDDEN, f"Area {area!r} is outside your areas.")
        if whole:  # what a client loads at sign-in: kept per scope, patched per change
            kept = cache.whole_list(conn, revision, directory, user.areas)
    statuses = _known_statuses(ctx) if status else None
    if whole:
        if statuses is not None:
            statuses = {k: v for k, v in statuses.items() if k in kept}
        # The answer's own content, so an edit nobody in this scope can see keeps it.
        etag = make_etag("cameras", sorted(user.areas), kept.content_tag(),
                         None if statuses is None else _status_token(statuses))
        if etag_matches(request.headers.get("if-none-match"), etag):
            return _not_modified(etag)
        return _answer(request, cache.gzipped_body(
            etag, lambda: (*kept.render(statuses), {})))

    listing = ("cameras", revision.token(), sorted(user.areas), area, text, tag, limit, offset)
    etag = make_etag(*listing, None if statuses is None else _status_token(statuses))
    if etag_matches(request.headers.get("if-none-match"), etag):
        return _not_modified(etag)

    def listed() -> tuple[Snapshot, dict[str, str]]:
        with ctx.engine.connect() as conn:
            found = list_cameras(conn, user.areas, area=area, text=text, tag=tag,
                                 path_of=directory.path_of, limit=limit, offset=offset)
            headers = {}
            if limit is not None or offset:
                total = count_cameras(conn, user.areas, area=area, text=text, tag=tag)
                headers["X-Total-Count"] = str(total)
        return Snapshot.of(found), headers

    def build() -> tuple[bytes, int, dict[str, str]]:
        found, headers = cache.memo(repr(listing), listed)
        return (*found.render(statuses), headers)

    return _answer(request, cache.gzipped_body(etag, build))


@router.get("/camera-statuses", responses=NOT_MODIFIED,
            response_model=dict[str, Literal["online", "offline"]])
def get_camera_statuses(
    request: Request, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    """camera id → status of the user's cameras whose status is known; every camera not
    named is unknown. Small and ETagged on its own: a client holding the list asked with
    status=false merges it, and a status change costs this answer only."""
    cache = catalog_cache(ctx.engine)
    with ctx.engine.connect() as conn:
        revision, directory = cache.sync(conn)
        kept = cache.whole_list(conn, revision, directory, user.areas)
    known = {k: v for k, v in sorted(_known_statuses(ctx).items()) if k in kept}
    etag = make_etag("camera-statuses", sorted(user.areas), _status_token(known))
    if etag_matches(request.headers.get("if-none-match"), etag):
        return _not_modified(etag)
    return Response(encode(known), media_type="application/json",
                    headers={"ETag": etag, "Cache-Control": "no-cache"})


@router.get("/cameras/{camera_id}", response_model=CameraOut)
def get_camera(
    camera_id: str, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    return camera_json(visible_camera(ctx, user, camera_id), ctx.recorder.camera_statuses())

