"""PTZ proxy: clients drive PTZ cameras through the server, which holds the cameras'
ONVIF credentials, arbitrates who controls each camera, drops late commands, and audits
every move, preset and lock change."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import delete, select
from starlette.concurrency import run_in_threadpool

from server import audit
from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS
from server.audit import AuditAction
from server.camera_access import camera_account
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.ptz.fov import DEFAULT_FOV
from server.ptz.lock import Holder, Locked, Outcome, PtzLocks, priority_of
from server.ptz.onvif_client import PtzDevice, PtzDevices, PtzUnreachable
from server.schema import cameras, ptz_preset_names
from server.users import OVERSEERS, User

router = APIRouter(prefix="/api/v1/cameras/{camera_id}/ptz", tags=["ptz"], responses=ERRORS)

# The camera stops by itself this long after the last command: a client that vanishes
# mid-move (crash, cut link) cannot leave a camera turning. Clients repeat a held move
# every half second.
DEADMAN_S = 1.5
CLEAR_ANY_ROLES = OVERSEERS


class Command(BaseModel):
    seq: int = Field(ge=0)
    session: str = Field(min_length=1, max_length=64)


class MoveIn(Command):
    pan: float = Field(0.0, ge=-1, le=1)
    tilt: float = Field(0.0, ge=-1, le=1)
    zoom: float = Field(0.0, ge=-1, le=1)


class CenterIn(Command):
    x: float = Field(ge=-1, le=1, description="right of centre, -1..1 to the picture's edge")
    y: float = Field(ge=-1, le=1, description="below centre, -1..1 to the picture's edge")


class PresetIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class Ptz:
    """What a PTZ request needs: the camera, its ONVIF device, the user's priority."""

    def __init__(self, request: Request, ctx: ServerContext, user: User, camera_id: str):
        self.ctx = ctx
        self.user = user
        self.locks: PtzLocks = request.app.state.ptz_locks
        self._devices: PtzDevices = request.app.state.ptz_devices
        self._directions: dict = request.app.state.ptz_directions
        self.camera_id = camera_id
        self.device: PtzDevice | None = None

    async def resolve(self) -> Ptz:
        camera = await run_in_threadpool(visible_camera, self.ctx, self.user, self.camera_id)
        self.camera_id = camera.id
        with self.ctx.engine.connect() as conn:
            row = conn.execute(
                select(cameras.c.ptz, cameras.c.onvif_url).where(cameras.c.id == camera.id)
            ).first()
            account = camera_account(conn, self.ctx.vault, camera.id)
        if row is None or not row.ptz or not row.onvif_url:
            raise ApiError(400, ErrorCode.NOT_PTZ, f"{camera.name} has no PTZ.")
        self.device = self._devices.device(camera.id, row.onvif_url, account)
        return self

    def audit(self, action: AuditAction, **details) -> None:
        audit.record(
            self.ctx.engine,
            action,
            actor=self.user.username,
            camera_id=self.camera_id,
            details=details,
        )

    def take_lock(self) -> Holder:
        priority = priority_of(self.user.roles)
        if priority == 0:
            raise ApiError(403, ErrorCode.FORBIDDEN, "Your role may not move cameras.")
        try:
            taken = self.locks.acquire(
                self.camera_id, self.user.username, self.user.display_name, priority
            )
        except Locked as exc:
            raise ApiError(
                409,
                ErrorCode.PTZ_LOCKED,
                f"{exc.holder.display_name} ({exc.holder.username}) controls this camera.",
            ) from None
        if taken.expired:
            self.audit(AuditAction.PTZ_LOCK_EXPIRED, holder=taken.previous.username)
        if taken.outcome is Outcome.PREEMPTED:
            self.audit(AuditAction.PTZ_LOCK_PREEMPTED, previous=taken.previous.username)
        elif taken.outcome is Outcome.TAKEN:
            self.audit(AuditAction.PTZ_LOCK_TAKEN)
        return taken.holder

    def fresh(self, command: Command) -> bool:
        return self.locks.accept(self.camera_id, command.session, command.seq)

    def direction_changed(self, pan: float, tilt: float, zoom: float) -> bool:
        """Keep-alive repeats of the same move are not audited, only a new direction."""
        key = (self.camera_id, self.user.username)
        direction = tuple((v > 0) - (v < 0) for v in (pan, tilt, zoom))
        before = self._directions.get(key)
        self._directions[key] = direction
        return before != direction

    def lock_json(self) -> dict | None:
        held, expired = self.locks.holder(self.camera_id)
        if expired is not None:
            self.audit(AuditAction.PTZ_LOCK_EXPIRED, holder=expired.username)
        return held.to_json(to_wire) if held else None


async def ptz_of(
    camera_id: str,
    request: Request,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Ptz:
    return await Ptz(request, ctx, user, camera_id).resolve()


async def _onvif(awaitable):
    try:
        return await awaitable
    except PtzUnreachable as exc:
        raise ApiError(502, ErrorCode.CAMERA_UNREACHABLE, f"{exc}.") from None


@router.get("")
async def status(ptz: Ptz = Depends(ptz_of)) -> dict:
    try:
        position = (await ptz.device.position()).to_json()
    except PtzUnreachable:
        position = None  # the lock still says who controls it
    return {"camera_id": ptz.camera_id, "lock": ptz.lock_json(), "position": position}


@router.post("/lock")
async def lock(ptz: Ptz = Depends(ptz_of)) -> dict:
    return {"lock": ptz.take_lock().to_json(to_wire)}


@router.delete("/lock", status_code=204)
async def unlock(ptz: Ptz = Depends(ptz_of)) -> Response:
    force = bool(CLEAR_ANY_ROLES.intersection(ptz.user.roles))
    released = ptz.locks.release(ptz.camera_id, ptz.user.username, force=force)
    if released is not None:
        await _onvif(ptz.device.stop())  # nobody controls it: it must not keep turning
        ptz.audit(AuditAction.PTZ_LOCK_RELEASED, holder=released.username)
    return Response(status_code=204)


@router.post("/move")
async def move(body: MoveIn, ptz: Ptz = Depends(ptz_of)) -> dict:
    ptz.take_lock()
    if not ptz.fresh(body):
        return {"accepted": False, "seq": body.seq}
    if body.pan == body.tilt == body.zoom == 0:
        await _onvif(ptz.device.stop())
    else:
        await _onvif(ptz.device.move(body.pan, body.tilt, body.zoom, DEADMAN_S))
    if ptz.direction_changed(body.pan, body.tilt, body.zoom):
        action = AuditAction.PTZ_STOP if body.pan == body.tilt == body.zoom == 0 else None
        ptz.audit(action or AuditAction.PTZ_MOVE, pan=body.pan, tilt=body.tilt, zoom=body.zoom)
    return {"accepted": True, "seq": body.seq}


@router.post("/stop")
async def stop(body: Command, ptz: Ptz = Depends(ptz_of)) -> dict:
    ptz.take_lock()
    if not ptz.fresh(body):
        return {"accepted": False, "seq": body.seq}
    await _onvif(ptz.device.stop())
    if ptz.direction_changed(0, 0, 0):
        ptz.audit(AuditAction.PTZ_STOP)
    return {"accepted": True, "seq": body.seq}


@router.post("/center")
async def center(body: CenterIn, ptz: Ptz = Depends(ptz_of)) -> dict:
    ptz.take_lock()
    if not ptz.fresh(body):
        return {"accepted": False, "seq": body.seq}
    here = await _onvif(ptz.device.position())
    pan, tilt = DEFAULT_FOV.center_on(body.x, body.y, here.zoom)
    await _onvif(ptz.device.relative(pan, tilt))
    ptz.audit(AuditAction.PTZ_CENTER, x=body.x, y=body.y, pan=round(pan, 5), tilt=round(tilt, 5))
    return {"accepted": True, "seq": body.seq}


def _names(ctx: ServerContext, camera_id: str) -> dict[str, str]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(ptz_preset_names.c.token, ptz_preset_names.c.name).where(
                ptz_preset_names.c.camera_id == camera_id
            )
        )
        return {r.token: r.name for r in rows}


def _set_name(ctx: ServerContext, camera_id: str, token: str, name: str | None) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(
            delete(ptz_preset_names).where(
                ptz_preset_names.c.camera_id == camera_id, ptz_preset_names.c.token == token
            )
        )
        if name is not None:
            conn.execute(
                ptz_preset_names.insert().values(camera_id=camera_id, token=token, name=name)
            )


async def _preset_list(ptz: Ptz) -> list[dict]:
    found = await _onvif(ptz.device.presets())
    names = _names(ptz.ctx, ptz.camera_id)
    return [{"token": p.token, "name": names.get(p.token, p.name)} for p in found]


@router.get("/presets")
async def presets(ptz: Ptz = Depends(ptz_of)) -> list[dict]:
    return await _preset_list(ptz)


@router.post("/presets", status_code=201)
async def save_preset(body: PresetIn, ptz: Ptz = Depends(ptz_of)) -> dict:
    ptz.take_lock()
    name = body.name.strip()
    token = await _onvif(ptz.device.save_preset(name))
    _set_name(ptz.ctx, ptz.camera_id, token, name)
    ptz.audit(AuditAction.PTZ_PRESET_SAVE, token=token, name=name)
    return {"token": token, "name": name}


async def _known(ptz: Ptz, token: str) -> dict:
    for preset in await _preset_list(ptz):
        if preset["token"] == token:
            return preset
    raise ApiError(404, ErrorCode.PRESET_NOT_FOUND, f"No preset {token[:64]!r} on this camera.")


@router.put("/presets/{token}")
async def rename_preset(token: str, body: PresetIn, ptz: Ptz = Depends(ptz_of)) -> dict:
    ptz.take_lock()
    before = await _known(ptz, token)
    name = body.name.strip()
    _set_name(ptz.ctx, ptz.camera_id, token, name)
    ptz.audit(AuditAction.PTZ_PRESET_RENAME, token=token, name=name, before=before["name"])
    return {"token": token, "name": name}


@router.post("/presets/{token}/goto", status_code=204)
async def goto_preset(token: str, ptz: Ptz = Depends(ptz_of)) -> Response:
    ptz.take_lock()
    preset = await _known(ptz, token)
    await _onvif(ptz.device.goto_preset(token))
    ptz.audit(AuditAction.PTZ_PRESET_GOTO, token=token, name=preset["name"])
    return Response(status_code=204)


@router.delete("/presets/{token}", status_code=204)
async def remove_preset(token: str, ptz: Ptz = Depends(ptz_of)) -> Response:
    ptz.take_lock()
    preset = await _known(ptz, token)
    await _onvif(ptz.device.remove_preset(token))
    _set_name(ptz.ctx, ptz.camera_id, token, None)
    ptz.audit(AuditAction.PTZ_PRESET_REMOVE, token=token, name=preset["name"])
    return Response(status_code=204)
