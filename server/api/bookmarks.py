"""Bookmarks: create from live or playback, edit, search, delete, protect."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from server import audit
from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.audit import AuditAction
from server.bookmarks import (
    Bookmark,
    create_bookmark,
    delete_bookmark,
    find_bookmarks,
    get_bookmark,
    normal_tags,
    set_protected,
    update_bookmark,
)
from server.cameras import Camera, list_cameras
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.timerange import parse_time
from server.users import ACTORS, OVERSEERS, User

router = APIRouter(prefix="/api/v1/bookmarks", tags=["bookmarks"], responses=ERRORS)

MARK_ROLES = ACTORS
OVERSEE_ROLES = OVERSEERS  # edit others', unprotect
MAX_ROLL_S = 3600


class BookmarkIn(BaseModel):
    camera_id: str = Field(min_length=1, max_length=64)
    at: str = Field(max_length=40, description="UTC, ISO 8601: the marked moment")
    pre_roll_s: float = Field(10, ge=0, le=MAX_ROLL_S)
    post_roll_s: float = Field(20, ge=0, le=MAX_ROLL_S)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    tags: list[str] = Field(default_factory=list, max_length=20)


class BookmarkEdit(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=4000)
    tags: list[str] | None = Field(None, max_length=20)
    start: str | None = Field(None, max_length=40)
    end: str | None = Field(None, max_length=40)


def _check_tags(tags: list[str]) -> tuple[str, ...]:
    if any(len(t) > 50 for t in tags):
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, "A tag is at most 50 characters.")
    return normal_tags(tags)


def _visible(ctx: ServerContext, user: User, bookmark_id: int) -> tuple[Bookmark, Camera]:
    """The bookmark if its camera is in the user's areas; else the same 404."""
    with ctx.engine.connect() as conn:
        found = get_bookmark(conn, bookmark_id)
    if found is not None:
        try:
            return found, visible_camera(ctx, user, found.camera_id)
        except ApiError:
            pass
    raise ApiError(404, ErrorCode.BOOKMARK_NOT_FOUND, f"No bookmark {bookmark_id}.")


def _may_change(user: User, mark: Bookmark, doing: str) -> None:
    if mark.author != user.username and not OVERSEE_ROLES.intersection(user.roles):
        raise ApiError(
            403, ErrorCode.FORBIDDEN, f"Only its author or a supervisor may {doing} a bookmark."
        )


def _answer(ctx: ServerContext, bookmark_id: int, camera: Camera) -> dict:
    with ctx.engine.connect() as conn:
        return get_bookmark(conn, bookmark_id).to_json(camera.name, camera.area_id)


@router.post("", status_code=201)
def post_bookmark(
    body: BookmarkIn, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    require_role(user, MARK_ROLES, "create bookmarks")
    camera = visible_camera(ctx, user, body.camera_id)
    at = parse_time("at", body.at)
    with ctx.engine.begin() as conn:
        new_id = create_bookmark(
            conn,
            camera.id,
            at,
            timedelta(seconds=body.pre_roll_s),
            timedelta(seconds=body.post_roll_s),
            body.title.strip(),
            body.description.strip(),
            _check_tags(body.tags),
            user.username,
            user.display_name,
        )
    audit.record(
        ctx.engine,
        AuditAction.BOOKMARK_CREATED,
        actor=user.username,
        camera_id=camera.id,
        details={"bookmark_id": new_id, "title": body.title.strip()},
    )
    return _answer(ctx, new_id, camera)


@router.get("")
def search_bookmarks(
    q: str | None = Query(None, max_length=200, description="title, description, tags, camera"),
    camera_id: str | None = Query(None, max_length=64),
    area: str | None = Query(None, max_length=400, description="an area id: its subtree"),
    author: str | None = Query(None, max_length=100),
    tag: str | None = Query(None, max_length=50),
    start: str | None = Query(None, max_length=40),
    end: str | None = Query(None, max_length=40),
    limit: int = Query(200, ge=1, le=1000),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> list[dict]:
    with ctx.engine.connect() as conn:
        cameras = {c.id: c for c in list_cameras(conn, user.areas, area=area, camera_id=camera_id)}
        found = find_bookmarks(
            conn,
            list(cameras),
            author=author,
            start=parse_time("start", start),
            end=parse_time("end", end),
            limit=5000 if q or tag else limit,
        )
    if tag:
        wanted = tag.strip().casefold()
        found = [b for b in found if wanted in b.tags]
    if q:
        # Matched here, not in SQL, so the text is never part of a query pattern.
        needle = q.strip().casefold()
        found = [
            b
            for b in found
            if needle in b.title.casefold()
            or needle in b.description.casefold()
            or any(needle in t for t in b.tags)
            or needle in cameras[b.camera_id].name.casefold()
        ]
    return [
        b.to_json(cameras[b.camera_id].name, cameras[b.camera_id].area_id) for b in found[:limit]
    ]


@router.get("/{bookmark_id}")
def get_one(
    bookmark_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    mark, camera = _visible(ctx, user, bookmark_id)
    return mark.to_json(camera.name, camera.area_id)


@router.put("/{bookmark_id}")
def edit(
    bookmark_id: int,
    body: BookmarkEdit,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    mark, camera = _visible(ctx, user, bookmark_id)
    _may_change(user, mark, "edit")
    values: dict = {}
    if body.title is not None:
        values["title"] = body.title.strip()
    if body.description is not None:
        values["description"] = body.description.strip()
    if body.tags is not None:
        values["tags"] = _check_tags(body.tags)
    start = parse_time("start", body.start) or mark.start
    end = parse_time("end", body.end) or mark.end
    if end <= start:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if mark.protected and (start > mark.start or end < mark.end):
        # Shrinking would let retention take footage someone protected.
        raise ApiError(
            409, ErrorCode.BOOKMARK_PROTECTED, "A protected bookmark's range can only grow."
        )
    if body.start is not None:
        values["start"] = start
    if body.end is not None:
        values["end"] = end
    with ctx.engine.begin() as conn:
        update_bookmark(conn, bookmark_id, **values)
    changed = sorted(k for k in values)
    audit.record(
        ctx.engine,
        AuditAction.BOOKMARK_UPDATED,
        actor=user.username,
        camera_id=camera.id,
        details={"bookmark_id": bookmark_id, "changed": changed},
    )
    return _answer(ctx, bookmark_id, camera)


@router.delete("/{bookmark_id}", status_code=204)
def remove(
    bookmark_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    mark, camera = _visible(ctx, user, bookmark_id)
    _may_change(user, mark, "delete")
    if mark.protected:
        raise ApiError(409, ErrorCode.BOOKMARK_PROTECTED, "A protected bookmark cannot be deleted.")
    with ctx.engine.begin() as conn:
        delete_bookmark(conn, bookmark_id)
    audit.record(
        ctx.engine,
        AuditAction.BOOKMARK_DELETED,
        actor=user.username,
        camera_id=camera.id,
        details={"bookmark_id": bookmark_id, "title": mark.title},
    )
    return Response(status_code=204)


@router.post("/{bookmark_id}/protect")
def protect(
    bookmark_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    require_role(user, MARK_ROLES, "protect footage")
    mark, camera = _visible(ctx, user, bookmark_id)
    if not mark.protected:
        with ctx.engine.begin() as conn:
            set_protected(conn, bookmark_id, user.username)
        audit.record(
            ctx.engine,
            AuditAction.BOOKMARK_PROTECTED,
            actor=user.username,
            camera_id=camera.id,
            details={"bookmark_id": bookmark_id},
        )
    return _answer(ctx, bookmark_id, camera)


@router.delete("/{bookmark_id}/protect")
def unprotect(
    bookmark_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    require_role(user, OVERSEE_ROLES, "unprotect footage")
    mark, camera = _visible(ctx, user, bookmark_id)
    if mark.protected:
        with ctx.engine.begin() as conn:
            set_protected(conn, bookmark_id, None)
        audit.record(
            ctx.engine,
            AuditAction.BOOKMARK_UNPROTECTED,
            actor=user.username,
            camera_id=camera.id,
            details={"bookmark_id": bookmark_id},
        )
    return _answer(ctx, bookmark_id, camera)
