"""Camera administration: probe, preview, add, edit, disable, remove, import; named
credentials; vendor URL patterns. Administrators only; everything audited, never with a
password; after each committed change the recorder and relay are told at once."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import update
from starlette.concurrency import run_in_threadpool

from server import audit
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.audit import AuditAction
from server.camera_access import camera_account
from server.camera_admin import (
    Account,
    AdminError,
    CameraState,
    StreamSpec,
    check_stream_url,
    create_camera,
    delete_named_credential,
    is_own,
    list_admin,
    list_credentials,
    normal_tags,
    one_admin,
    put_named_credential,
    remove_camera,
    update_camera,
    users_of,
)
from server.camera_import import run_import
from server.clock import utc_now
from server.context import ServerContext
from server.errors import ApiError, ErrorCode, error_body
from server.onboarding.failures import ProbeError
from server.onboarding.onvif_probe import probe_onvif
from server.onboarding.preview import jpeg
from server.onboarding.rtsp_probe import grab, probe_urls
from server.onboarding.streams import PROFILE_ORDER, ProbeResult, by_size
from server.onboarding.vendor_patterns import load_patterns
from server.schema import camera_streams, cameras
from server.users import Role, User

router = APIRouter(prefix="/api/v1/admin", tags=["administration"], responses=ERRORS)

ADMINS = frozenset({Role.ADMIN})
MAX_IMPORT_BYTES = 32 << 20
ProfileName = Literal["main", "sub", "third"]


def admin_user(user: User = Depends(current_user)) -> User:
    require_role(user, ADMINS, "administer cameras")
    return user


def _api_error(exc: AdminError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


def _probe_error(exc: ProbeError) -> ApiError:
    return ApiError(422, ErrorCode(exc.failure.value), exc.message)


# --- bodies --------------------------------------------------------------------------


class AccountIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field("", max_length=500)


class StreamIn(BaseModel):
    url: str = Field(min_length=1, max_length=2000)
    codec: str | None = Field(None, max_length=16)
    width: int | None = Field(None, ge=1, le=16384)
    height: int | None = Field(None, ge=1, le=16384)
    fps: float | None = Field(None, gt=0, le=1000)


class CameraIn(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=300)
    area_id: str = Field(min_length=1, max_length=400)
    tags: list[str] = Field(default_factory=list, max_length=50)
    lat: float | None = None
    lon: float | None = None
    ptz: bool = False
    onvif_url: str | None = Field(None, max_length=2000)
    vendor: str | None = Field(None, max_length=100)
    model: str | None = Field(None, max_length=100)
    streams: dict[ProfileName, StreamIn]
    credentials: AccountIn | None = None
    credential_id: str | None = Field(None, max_length=100)
    record: bool = True
    retention_days: float | None = None
    enabled: bool = True
    restore: bool = Field(
        False, description="bring back a removed camera under its id, with its footage"
    )


class CameraEdit(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=300)
    area_id: str | None = Field(None, min_length=1, max_length=400)
    tags: list[str] | None = Field(None, max_length=50)
    lat: float | None = None
    lon: float | None = None
    ptz: bool | None = None
    onvif_url: str | None = Field(None, max_length=2000)
    vendor: str | None = Field(None, max_length=100)
    model: str | None = Field(None, max_length=100)
    streams: dict[ProfileName, StreamIn] | None = None
    credentials: AccountIn | None = None
    credential_id: str | None = Field(None, max_length=100)
    record: bool | None = None
    retention_days: float | None = None
    enabled: bool | None = None


class PinIn(BaseModel):
    node: str | None = Field(None, min_length=1, max_length=64,
                             pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                             description="the node that records it whenever it is up; null: any")


class OnvifProbeIn(BaseModel):
    address: str = Field(min_length=1, max_length=2000, description="host:port or URL")
    username: str = Field("", max_length=200)
    password: str = Field("", max_length=500)


class RtspProbeIn(BaseModel):
    urls: dict[ProfileName, str]
    username: str | None = Field(None, max_length=200)
    password: str | None = Field(None, max_length=500)


class ProbeIn(BaseModel):
    onvif: OnvifProbeIn | None = None
    rtsp: RtspProbeIn | None = None


class PreviewIn(BaseModel):
    url: str | None = Field(None, max_length=2000)
    username: str | None = Field(None, max_length=200)
    password: str | None = Field(None, max_length=500)
    camera_id: str | None = Field(None, max_length=64)
    profile: ProfileName = "main"


# --- probe and preview ---------------------------------------------------------------


@router.post("/cameras/probe")
async def probe(body: ProbeIn, _admin: User = Depends(admin_user)) -> dict:
    """Ask a camera what it is (ONVIF) or what its streams carry (RTSP)."""
    if (body.onvif is None) == (body.rtsp is None):
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, 'Give either "onvif" or "rtsp".')
    try:
        if body.onvif is not None:
            o = body.onvif
            result = await probe_onvif(o.address, o.username, o.password)
        else:
            result = await _probe_rtsp(body.rtsp)
    except ValueError as exc:
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, f"{exc}.") from None
    except ProbeError as exc:
        raise _probe_error(exc) from None
    return result.to_json()


async def _probe_rtsp(body: RtspProbeIn) -> ProbeResult:
    if "main" not in body.urls:
        raise ValueError("rtsp.urls: a main URL is required")
    urls = []
    for profile in PROFILE_ORDER:
        url = body.urls.get(profile.value)
        if url:
            urls.append(_checked_url(url, f"rtsp.urls.{profile.value}"))
    found = await run_in_threadpool(probe_urls, urls, body.username, body.password)
    host = found[0].url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    return ProbeResult(None, None, False, None, by_size(found), load_patterns().suggest(host))


def _checked_url(url: str, where: str) -> str:
    try:
        return check_stream_url(url, where)
    except AdminError as exc:
        raise ValueError(exc.message.rstrip(".")) from None


@router.post("/cameras/preview", response_class=Response)
async def preview(
    body: PreviewIn,
    _admin: User = Depends(admin_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    """One decoded picture of a stream, as JPEG (at most 640 wide)."""
    if body.url:
        try:
            url = _checked_url(body.url, "url")
        except ValueError as exc:
            raise ApiError(422, ErrorCode.VALIDATION_ERROR, f"{exc}.") from None
        username, password = body.username, body.password
    elif body.camera_id:
        url, account = await run_in_threadpool(_camera_source, ctx, body.camera_id, body.profile)
        username, password = account if account else (None, None)
    else:
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, 'Give "url" or "camera_id".')
    try:
        picture = await run_in_threadpool(lambda: jpeg(grab(url, username, password).frame))
    except ProbeError as exc:
        raise _probe_error(exc) from None
    return Response(picture, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


def _camera_source(ctx: ServerContext, camera_id: str, profile: str):
    with ctx.engine.connect() as conn:
        try:
            one_admin(conn, camera_id, {})
        except AdminError as exc:
            raise _api_error(exc) from None
        url = conn.execute(
            camera_streams.select()
            .with_only_columns(camera_streams.c.url)
            .where(camera_streams.c.camera_id == camera_id, camera_streams.c.profile == profile)
        ).scalar()
        if url is None:
            raise ApiError(
                404, ErrorCode.PROFILE_NOT_FOUND, f"Camera {camera_id!r} has no {profile} stream."
            )
        return url, camera_account(conn, ctx.vault, camera_id)


# --- cameras -------------------------------------------------------------------------


def _statuses(ctx: ServerContext) -> dict[str, str]:
    return {cam: status.value for cam, status in ctx.recorder.camera_statuses().items()}


def _streams(given: dict[str, StreamIn]) -> dict[str, StreamSpec]:
    return {
        p: StreamSpec(s.url.strip(), s.codec, s.width, s.height, s.fps) for p, s in given.items()
    }


def _account(credentials: AccountIn | None, credential_id: str | None) -> Account | None:
    if credentials is not None and credential_id is not None:
        raise ApiError(
            422, ErrorCode.VALIDATION_ERROR, 'Give "credentials" or "credential_id", not both.'
        )
    if credential_id is not None and is_own(credential_id):
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, "credential_id: name a named credential.")
    return None if credentials is None else Account(credentials.username, credentials.password)


def _credential_note(state: CameraState) -> str | None:
    if state.credential_id is None:
        return None
    return "own" if is_own(state.credential_id) else f"named:{state.credential_id}"


@router.get("/cameras")
def list_cameras_admin(
    _admin: User = Depends(admin_user), ctx: ServerContext = Depends(get_ctx)
) -> list[dict]:
    with ctx.engine.connect() as conn:
        return list_admin(conn, _statuses(ctx))


@router.post("/cameras", status_code=201)
def add_camera(
    body: CameraIn, admin: User = Depends(admin_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    account = _account(body.credentials, body.credential_id)
    try:
        tags = normal_tags(body.tags)
    except AdminError as exc:
        raise _api_error(exc) from None
    state = CameraState(
        name=body.name.strip(),
        area_id=body.area_id,
        tags=tags,
        lat=body.lat,
        lon=body.lon,
        ptz=body.ptz,
        onvif_url=body.onvif_url or None,
        vendor=body.vendor,
        model=body.model,
        streams=_streams(body.streams),
        record=body.record,
        retention_days=body.retention_days,
        enabled=body.enabled,
        credential_id=body.credential_id,
    )
    try:
        with ctx.engine.begin() as conn:
            state = create_camera(conn, ctx.vault, body.id, state, account, body.restore)
    except AdminError as exc:
        raise _api_error(exc) from None
    audit.record(
        ctx.engine,
        AuditAction.CAMERA_ADDED,
        actor=admin.username,
        camera_id=body.id,
        details={"name": state.name, "area_id": state.area_id,
                 "profiles": sorted(state.streams), "credential": _credential_note(state),
                 "enabled": state.enabled, "record": state.record, "restored": body.restore},
    )  # fmt: skip
    ctx.camera_changed(body.id)
    with ctx.engine.connect() as conn:
        return one_admin(conn, body.id, _statuses(ctx))


@router.put("/cameras/{camera_id}")
def edit_camera(
    camera_id: str,
    body: CameraEdit,
    admin: User = Depends(admin_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    given = body.model_dump(exclude_unset=True)
    account = _account(body.credentials, given.get("credential_id"))
    changes = {k: v for k, v in given.items() if k not in ("credentials", "streams")}
    for required in ("name", "area_id", "ptz", "record", "enabled", "tags"):
        if required in changes and changes[required] is None:
            raise ApiError(422, ErrorCode.VALIDATION_ERROR, f"{required}: must not be null.")
    try:
        if "tags" in changes:
            changes["tags"] = normal_tags(changes["tags"])
        if "name" in changes:
            changes["name"] = changes["name"].strip()
        if body.streams is not None:
            changes["streams"] = _streams(body.streams)
        with ctx.engine.begin() as conn:
            old, new, fields = update_camera(conn, ctx.vault, camera_id, changes, account)
    except AdminError as exc:
        raise _api_error(exc) from None
    _audit_edit(ctx, admin, camera_id, old, new, fields)
    if fields:
        ctx.camera_changed(camera_id)
    with ctx.engine.connect() as conn:
        return one_admin(conn, camera_id, _statuses(ctx))


def _audit_edit(ctx, admin: User, camera_id: str, old, new, fields: list[str]) -> None:
    if "enabled" in fields:
        action = AuditAction.CAMERA_ENABLED if new.enabled else AuditAction.CAMERA_DISABLED
        audit.record(ctx.engine, action, actor=admin.username, camera_id=camera_id)
    rest = [f for f in fields if f != "enabled"]
    if not rest:
        return
    details: dict = {"fields": rest}
    if "area_id" in rest:
        details["area_id"] = {"from": old.area_id, "to": new.area_id}
    if "credential_id" in rest or "credentials" in rest:
        details["credential"] = _credential_note(new)
    audit.record(
        ctx.engine, AuditAction.CAMERA_UPDATED, actor=admin.username, camera_id=camera_id,
        details=details,
    )  # fmt: skip


@router.delete("/cameras/{camera_id}", status_code=204, response_class=Response)
def delete_camera(
    camera_id: str, admin: User = Depends(admin_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    try:
        with ctx.engine.begin() as conn:
            remove_camera(conn, camera_id)
    except AdminError as exc:
        raise _api_error(exc) from None
    audit.record(ctx.engine, AuditAction.CAMERA_REMOVED, actor=admin.username, camera_id=camera_id)
    ctx.camera_changed(camera_id)
    return Response(status_code=204)


@router.post("/cameras/import")
async def import_cameras(
    request: Request,
    dry_run: bool = Query(False, description="report every line's outcome, change nothing"),
    admin: User = Depends(admin_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    """A CSV (text/csv) or JSON list (application/json) of cameras; columns in the
    server README. A real run with any bad line imports nothing (422 import_failed)."""
    raw = await request.body()
    if len(raw) > MAX_IMPORT_BYTES:
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, "The file is larger than 32 MB.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("text/csv", "application/json"):
        raise ApiError(
            422, ErrorCode.VALIDATION_ERROR, "Send the file as text/csv or application/json."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, "The file is not UTF-8 text.") from None
    report = await run_in_threadpool(
        run_import, ctx, text, kind == "text/csv", dry_run, admin.username
    )
    body = report.to_json()
    if report.failed and not dry_run:
        # The one error shape, with the report beside code and message: the client shows
        # each failed line.
        message = f"{report.failed} line(s) have errors; nothing was imported."
        error = error_body(ErrorCode.IMPORT_FAILED, message)
        error["detail"]["report"] = body
        return JSONResponse(error, status_code=422)
    return body


# --- named credentials and vendor patterns --------------------------------------------


@router.get("/credentials")
def credentials_list(
    _admin: User = Depends(admin_user), ctx: ServerContext = Depends(get_ctx)
) -> list[dict]:
    with ctx.engine.connect() as conn:
        return list_credentials(conn)


@router.put("/credentials/{credential_id}", status_code=204, response_class=Response)
def credentials_put(
    credential_id: str,
    body: AccountIn,
    admin: User = Depends(admin_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    try:
        with ctx.engine.begin() as conn:
            changed = put_named_credential(
                conn, ctx.vault, credential_id, Account(body.username, body.password)
            )
            users = users_of(conn, credential_id) if changed else []
    except AdminError as exc:
        raise _api_error(exc) from None
    if changed:
        audit.record(
            ctx.engine, AuditAction.CREDENTIAL_CHANGED, actor=admin.username,
            details={"credential_id": credential_id, "username": body.username,
                     "cameras": len(users)},
        )  # fmt: skip
        for camera_id in users:  # the relay and recorder reconnect with the new account
            ctx.camera_changed(camera_id)
    return Response(status_code=204)


@router.delete("/credentials/{credential_id}", status_code=204, response_class=Response)
def credentials_delete(
    credential_id: str, admin: User = Depends(admin_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    try:
        with ctx.engine.begin() as conn:
            delete_named_credential(conn, credential_id)
    except AdminError as exc:
        raise _api_error(exc) from None
    audit.record(
        ctx.engine, AuditAction.CREDENTIAL_CHANGED, actor=admin.username,
        details={"credential_id": credential_id, "deleted": True},
    )  # fmt: skip
    return Response(status_code=204)


@router.put("/cameras/{camera_id}/node")
def pin_camera(
    camera_id: str, body: PinIn, admin: User = Depends(admin_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    """Pin a camera to a recording node (it moves there when that node is up, and back
    there whenever it returns), or unpin it (null: the fleet balances it)."""
    with ctx.engine.begin() as conn:
        changed = conn.execute(
            update(cameras).where(cameras.c.id == camera_id, cameras.c.removed_at.is_(None))
            .values(pinned_node=body.node, updated_at=utc_now())
        ).rowcount
    if not changed:
        raise ApiError(404, ErrorCode.CAMERA_NOT_FOUND, f"No camera {camera_id}.")
    audit.record(ctx.engine, AuditAction.CAMERA_PINNED, actor=admin.username,
                 camera_id=camera_id, details={"node": body.node})
    ctx.camera_changed(camera_id)
    return {"camera_id": camera_id, "node": body.node}


@router.get("/vendor-patterns")
def vendor_patterns(_admin: User = Depends(admin_user)) -> list[dict]:
    return [p.to_json() for p in load_patterns().patterns]
