"""Named views: GET/POST /views, GET/PUT/DELETE /views/{id}."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field, field_validator

from server import views as store
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["views"], responses=ERRORS)

# "4x4", "1+7", or a custom grid "3x3:0,0,2,2;0,2;...": the client knows the shapes;
# the server only keeps the text within reason.
_LAYOUT = re.compile(r"^(\d{1,2}[x+]\d{1,2})(:[\d,;]{1,380})?$")
MAX_TILES = 64
MAX_TOUR = 500


class ViewIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    layout: str = Field(min_length=3, max_length=400, examples=["1+7", "4x4"])
    cameras: dict[str, str] = Field(default_factory=dict, max_length=MAX_TILES,
                                    description="tile index (0-based) -> camera id; "
                                    "cameras of your areas only")
    shared: bool = Field(False, description="seen by every user; otherwise only by its owner")
    tours: dict[str, list[str]] = Field(
        default_factory=dict, max_length=MAX_TILES,
        description="tile index -> the cameras that tile cycles through")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the name is empty")
        return value.strip()

    @field_validator("layout")
    @classmethod
    def _layout(cls, value: str) -> str:
        if not _LAYOUT.match(value.strip().lower()):
            raise ValueError("not a layout")
        return value.strip().lower()

    @field_validator("cameras")
    @classmethod
    def _cameras(cls, value: dict[str, str]) -> dict[str, str]:
        for tile, camera in value.items():
            if not (tile.isdigit() and int(tile) < MAX_TILES and 0 < len(camera) <= 64):
                raise ValueError(f"tile {tile[:8]!r}: a tile is 0 to 63, a camera id 1 to 64 "
                                 "characters")
        return value

    @field_validator("tours")
    @classmethod
    def _tours(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for tile, cameras in value.items():
            if not (tile.isdigit() and int(tile) < MAX_TILES and len(cameras) <= MAX_TOUR
                    and all(0 < len(camera) <= 64 for camera in cameras)):
                raise ValueError(f"tour of tile {tile[:8]!r}: a tile is 0 to 63, at most "
                                 f"{MAX_TOUR} cameras of 1 to 64 characters")
        return value


class ViewOut(BaseModel):
    id: int
    name: str
    owner: str
    shared: bool
    layout: str
    cameras: dict[str, str]
    tours: dict[str, list[str]]
    updated_at: str
    hidden_cameras: int = Field(0, description="cameras of this view outside your areas, "
                                "left out of cameras and tours")


def _not_found(view_id: int) -> ApiError:
    return ApiError(404, ErrorCode.NOT_FOUND, f"No view {view_id}.")


def _check_share(user: User, body: ViewIn) -> None:
    if body.shared and not store.may_share(user):
        raise ApiError(403, ErrorCode.FORBIDDEN, "Your role may not share views.")


def _check_cameras(conn, user: User, body: ViewIn) -> None:
    ids = set(body.cameras.values()) | {c for tour in body.tours.values() for c in tour}
    refused = store.not_theirs(conn, user, ids)
    if refused:
        raise ApiError(404, ErrorCode.CAMERA_NOT_FOUND,
                       f"No camera {refused[0]!r} in your areas; a view holds only those.")


def _changeable(conn, user: User, view_id: int) -> store.View:
    view = store.visible_view(conn, user, view_id)
    if view is None:
        raise _not_found(view_id)
    if not store.may_change(user, view):
        raise ApiError(403, ErrorCode.FORBIDDEN,
                       f"Only {view.owner} or a supervisor may change the view {view.name!r}.")
    if view.hidden_cameras and view.owner_id != user.id:
        raise ApiError(403, ErrorCode.FORBIDDEN,
                       f"The view {view.name!r} holds cameras outside your areas; only "
                       "someone who sees all of them may change it.")
    return view


@router.get("/views", response_model=list[ViewOut])
def list_views(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)) -> list:
    with ctx.engine.connect() as conn:
        return [v.to_json() for v in store.visible_views(conn, user)]


@router.post("/views", response_model=ViewOut, status_code=201)
def create_view(body: ViewIn, user: User = Depends(current_user),
                ctx: ServerContext = Depends(get_ctx)) -> dict:
    _check_share(user, body)
    with ctx.engine.begin() as conn:
        _check_cameras(conn, user, body)
        return store.create_view(conn, user, body.name, body.layout, body.cameras,
                                 body.shared, body.tours).to_json()


@router.get("/views/{view_id}", response_model=ViewOut)
def get_view(view_id: int, user: User = Depends(current_user),
             ctx: ServerContext = Depends(get_ctx)) -> dict:
    with ctx.engine.connect() as conn:
        view = store.visible_view(conn, user, view_id)
    if view is None:
        raise _not_found(view_id)
    return view.to_json()


@router.put("/views/{view_id}", response_model=ViewOut)
def update_view(view_id: int, body: ViewIn, user: User = Depends(current_user),
                ctx: ServerContext = Depends(get_ctx)) -> dict:
    _check_share(user, body)
    with ctx.engine.begin() as conn:
        view = _changeable(conn, user, view_id)
        _check_cameras(conn, user, body)
        if body.shared != view.shared and view.owner_id != user.id:
            # A supervisor tidies shared views; making one personal again is its owner's call.
            raise ApiError(403, ErrorCode.FORBIDDEN, "Only the owner may unshare a view.")
        return store.update_view(conn, user, view_id, body.name, body.layout, body.cameras,
                                 body.shared, body.tours).to_json()


@router.delete("/views/{view_id}", status_code=204)
def delete_view(view_id: int, user: User = Depends(current_user),
                ctx: ServerContext = Depends(get_ctx)) -> Response:
    with ctx.engine.begin() as conn:
        _changeable(conn, user, view_id)
        store.delete_view(conn, view_id)
    return Response(status_code=204)
