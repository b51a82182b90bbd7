"""Workstations register their monitors; operators push a camera or a view to one."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, Field, model_validator

from server import audit
from server import workstation_access as access
from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.audit import AuditAction
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.events import EventBus
from server.users import ACTORS, Role, User
from server.walls import Monitor, WallRegistry, push_event

router = APIRouter(prefix="/api/v1", tags=["walls"], responses=ERRORS)

NAME = Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._-]+$",
            description="workstation name (its host name unless --workstation)")
USERNAME = Path(min_length=1, max_length=100)
# Viewers only watch; everyone else may put pictures on a wall.
PUSH_ROLES = ACTORS


class MonitorIn(BaseModel):
    index: int = Field(ge=0, le=63)
    name: str = Field(default="", max_length=100)
    geometry: list[int] = Field(default_factory=lambda: [0, 0, 0, 0], min_length=4,
                                max_length=4)
    wall: bool = False


class RegisterIn(BaseModel):
    monitors: list[MonitorIn] = Field(max_length=64)


class PushIn(BaseModel):
    camera_id: str | None = Field(default=None, min_length=1, max_length=64)
    view: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_of(self) -> PushIn:
        if (self.camera_id is None) == (self.view is None):
            raise ValueError("give exactly one of camera_id and view")
        return self


def get_walls(request: Request) -> WallRegistry:
    return request.app.state.walls


def get_bus(request: Request) -> EventBus:
    return request.app.state.events


def _not_found(workstation: str) -> ApiError:
    # The same answer whether it does not exist or is not the caller's to see.
    return ApiError(404, ErrorCode.WORKSTATION_NOT_FOUND, f"No workstation {workstation!r}.")


@router.get("/walls")
def list_workstations(user: User = Depends(current_user),
                      ctx: ServerContext = Depends(get_ctx),
                      walls: WallRegistry = Depends(get_walls),
                      bus: EventBus = Depends(get_bus)) -> list[dict]:
    """The workstations the caller may see: their own, those of their areas' users for a
    supervisor, all for an administrator; each with the users tied to it."""
    listening = bus.tags()  # online: its event stream is open now
    with ctx.engine.connect() as conn:
        holders = access.users_by_workstation(conn)
        visible = access.visible_workstations(conn, user, holders)
    return [dict(s.to_json(), online=s.name in listening, users=holders.get(s.name, []))
            for s in walls.all() if s.name in visible]


@router.put("/walls/{workstation}")
def register_workstation(body: RegisterIn, workstation: str = NAME,
                         user: User = Depends(current_user),
                         ctx: ServerContext = Depends(get_ctx),
                         walls: WallRegistry = Depends(get_walls)) -> dict:
    """The client registers its monitors at sign-in. The first user to register a
    workstation is tied to it; after that only its users (and administrators) may."""
    with ctx.engine.begin() as conn:
        claim = access.claim(conn, workstation, user)
    if not claim.allowed:
        raise ApiError(403, ErrorCode.FORBIDDEN,
                       f"Workstation {workstation!r} is tied to other users; an "
                       "administrator can add you to it.")
    if claim.first:
        audit.record(ctx.engine, AuditAction.WORKSTATION_CLAIMED, actor=user.username,
                     details={"workstation": workstation})
    monitors = [Monitor(m.index, m.name, tuple(m.geometry), m.wall) for m in body.monitors]
    return walls.register(workstation, user.username, monitors).to_json()


@router.post("/walls/{workstation}/monitors/{index}/push", status_code=202)
def push(body: PushIn, workstation: str = NAME, index: int = Path(ge=0, le=63),
         user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx),
         walls: WallRegistry = Depends(get_walls), bus: EventBus = Depends(get_bus)) -> dict:
    if not PUSH_ROLES.intersection(user.roles):
        raise ApiError(403, ErrorCode.FORBIDDEN, "Your role may not push to walls.")
    with ctx.engine.connect() as conn:
        if not access.may_see(conn, workstation, user):
            raise _not_found(workstation)
    station = walls.get(workstation)
    if station is None or all(m.index != index for m in station.monitors):
        raise ApiError(404, ErrorCode.NOT_FOUND,
                       f"No monitor {index} on workstation {workstation!r}.")
    if body.camera_id is not None:
        visible_camera(ctx, user, body.camera_id)  # 404 outside the sender's areas
    event = push_event(workstation, index, user.username, camera_id=body.camera_id,
                       view=body.view)
    return {"delivered": bus.publish(event), "event": event}


@router.get("/walls/{workstation}/users")
def workstation_users(workstation: str = NAME, user: User = Depends(current_user),
                      ctx: ServerContext = Depends(get_ctx)) -> list[str]:
    with ctx.engine.connect() as conn:
        if not access.may_see(conn, workstation, user):
            raise _not_found(workstation)
        return access.users_of(conn, workstation)


@router.put("/walls/{workstation}/users/{username}", status_code=204,
            response_class=Response)
def add_workstation_user(workstation: str = NAME, username: str = USERNAME,
                         admin: User = Depends(current_user),
                         ctx: ServerContext = Depends(get_ctx)) -> Response:
    """An administrator lets another user use a workstation (a shift change)."""
    require_role(admin, frozenset({Role.ADMIN}), "add users to a workstation")
    with ctx.engine.begin() as conn:
        if not access.user_exists(conn, username):
            raise ApiError(404, ErrorCode.USER_NOT_FOUND, f"No user {username!r}.")
        added = access.add_user(conn, workstation, username, admin)
    if added:
        audit.record(ctx.engine, AuditAction.WORKSTATION_USER_ADDED, actor=admin.username,
                     details={"workstation": workstation, "username": username})
    return Response(status_code=204)


@router.delete("/walls/{workstation}/users/{username}", status_code=204,
               response_class=Response)
def remove_workstation_user(workstation: str = NAME, username: str = USERNAME,
                            admin: User = Depends(current_user),
                            ctx: ServerContext = Depends(get_ctx)) -> Response:
    """Its pushes stop reaching that user's open event stream at once."""
    require_role(admin, frozenset({Role.ADMIN}), "remove users from a workstation")
    with ctx.engine.begin() as conn:
        removed = access.remove_user(conn, workstation, username)
    if not removed:
        raise _not_found(workstation)
    audit.record(ctx.engine, AuditAction.WORKSTATION_USER_REMOVED, actor=admin.username,
                 details={"workstation": workstation, "username": username})
    return Response(status_code=204)
