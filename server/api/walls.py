"""Workstations register their monitors; operators push a camera or a view to one."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field, model_validator

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.events import EventBus
from server.users import ACTORS, User
from server.walls import Monitor, WallRegistry, push_event

router = APIRouter(prefix="/api/v1", tags=["walls"], responses=ERRORS)

NAME = Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._-]+$",
            description="workstation name (its host name unless --workstation)")
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


@router.get("/walls")
def list_workstations(_user: User = Depends(current_user),
                      walls: WallRegistry = Depends(get_walls),
                      bus: EventBus = Depends(get_bus)) -> list[dict]:
    listening = bus.tags()  # online: its event stream is open now
    return [dict(s.to_json(), online=s.name in listening) for s in walls.all()]


@router.put("/walls/{workstation}")
def register_workstation(body: RegisterIn, workstation: str = NAME,
                         user: User = Depends(current_user),
                         walls: WallRegistry = Depends(get_walls)) -> dict:
    monitors = [Monitor(m.index, m.name, tuple(m.geometry), m.wall) for m in body.monitors]
    return walls.register(workstation, user.username, monitors).to_json()


@router.post("/walls/{workstation}/monitors/{index}/push", status_code=202)
def push(body: PushIn, workstation: str = NAME, index: int = Path(ge=0, le=63),
         user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx),
         walls: WallRegistry = Depends(get_walls), bus: EventBus = Depends(get_bus)) -> dict:
    if not PUSH_ROLES.intersection(user.roles):
        raise ApiError(403, ErrorCode.FORBIDDEN, "Your role may not push to walls.")
    station = walls.get(workstation)
    if station is None or all(m.index != index for m in station.monitors):
        raise ApiError(404, ErrorCode.NOT_FOUND,
                       f"No monitor {index} on workstation {workstation!r}.")
    if body.camera_id is not None:
        visible_camera(ctx, user, body.camera_id)  # 404 outside the sender's areas
    event = push_event(workstation, index, user.username, camera_id=body.camera_id,
                       view=body.view)
    return {"delivered": bus.publish(event), "event": event}
