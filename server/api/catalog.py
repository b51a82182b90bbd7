"""Areas, cameras and live URLs, each limited to the signed-in user's areas.

The area tree and camera list are built once per catalog revision and scope
(server/catalog_cache.py) and answered gzipped with an ETag: a client that sends it back
in If-None-Match gets 304 with no body while nothing it can see has changed."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query, Request, Response

from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS, AreaOut, CameraOut
from server.areas import in_scope
from server.cameras import Camera, Profile, count_cameras, list_cameras
from server.catalog_cache import Body, catalog_cache, etag_matches, make_etag
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.recorder.states import CameraStatus
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["catalog"], responses=ERRORS)

# Answered with 304 Not Modified and no body.
NOT_MODIFIED = {304: {"description": "If-None-Match holds the current ETag"}}
MAX_PAGE = 50_000


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


def _encode(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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


def _status_token(statuses: dict[str, CameraStatus]) -> str:
    # Statuses are part of the answer, so of its ETag; a few hundred recorded cameras.
    return repr(sorted((k, v.value) for k, v in statuses.items()))


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
    return _answer(request, cache.body(etag, lambda: _encode(directory.tree_json(user.areas))))


@router.get("/cameras", response_model=list[CameraOut], responses=NOT_MODIFIED)
def get_cameras(
    request: Request,
    area: str | None = Query(None, max_length=400, description="area id; its whole subtree"),
    q: str | None = Query(None, max_length=200, description="text in id, name, area or tag"),
    tag: str | None = Query(None, max_length=100),
    limit: int | None = Query(None, ge=1, le=MAX_PAGE, description="at most this many, by id"),
    offset: int = Query(0, ge=0, description="skip this many first (with limit: paging)"),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    cache = catalog_cache(ctx.engine)
    with ctx.engine.connect() as conn:
        revision, directory = cache.sync(conn)
        if area is not None:
            if area not in directory:
                raise ApiError(404, ErrorCode.AREA_NOT_FOUND, f"No area {area!r}.")
            if not in_scope(area, user.areas):
                raise ApiError(403, ErrorCode.FORBIDDEN, f"Area {area!r} is outside your areas.")
    statuses = ctx.recorder.camera_statuses()
    text = q or None
    listing = ("cameras", revision.token(), sorted(user.areas), area, text, tag, limit, offset)
    etag = make_etag(*listing, _status_token(statuses))
    if etag_matches(request.headers.get("if-none-match"), etag):
        return _not_modified(etag)

    def listed() -> Listing:
        with ctx.engine.connect() as conn:
            found = list_cameras(conn, user.areas, area=area, text=text, tag=tag,
                                 path_of=directory.path_of, limit=limit, offset=offset)
            headers = {}
            if limit is not None or offset:
                total = count_cameras(conn, user.areas, area=area, text=text, tag=tag)
                headers["X-Total-Count"] = str(total)
        return Listing.of(found, headers)

    def build() -> tuple[bytes, dict[str, str]]:
        found = cache.memo(repr(listing), listed)
        return found.render(statuses), found.headers

    return _answer(request, cache.body(etag, build))


class Listing:
    """A camera list encoded once per revision, with a gap where each status goes: a
    recorded camera going offline changes the answer, and it is rendered again by joining
    bytes instead of encoding 30,000 cameras."""

    MARK = "\x00pantau-status\x00"

    def __init__(self, ids: list[str], parts: list[bytes], headers: dict[str, str]) -> None:
        self.ids, self.parts, self.headers = ids, parts, headers

    @classmethod
    def of(cls, found: list[Camera], headers: dict[str, str]) -> Listing:
        items = [camera_json(c, {}) | {"status": cls.MARK} for c in found]
        parts = _encode(items).split(_encode(cls.MARK)[1:-1])
        if len(parts) != len(found) + 1:  # the mark in a camera's own text: no gaps
            parts = [_encode([camera_json(c, {}) for c in found])]
        return cls([c.id for c in found], parts, headers)

    def render(self, statuses: dict[str, CameraStatus]) -> bytes:
        if len(self.parts) == 1:
            return self.parts[0]
        out = [self.parts[0]]
        unknown = CameraStatus.UNKNOWN.value.encode()
        for cam_id, part in zip(self.ids, self.parts[1:], strict=True):
            status = statuses.get(cam_id)
            out.append(unknown if status is None else status.value.encode())
            out.append(part)
        return b"".join(out)


@router.get("/cameras/{camera_id}", response_model=CameraOut)
def get_camera(
    camera_id: str, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    return camera_json(visible_camera(ctx, user, camera_id), ctx.recorder.camera_statuses())

