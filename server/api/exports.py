"""Evidence exports: queue a cut, follow its progress, fetch the MP4 and its signed
manifest, and the public key that checks it."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server import audit
from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, media_user, require_role
from server.api.models import ERRORS
from server.audit import AuditAction
from server.bookmarks import get_bookmark
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.exports.c2pa_certs import load_credentials
from server.exports.jobs import (
    ExportAsk,
    ExportJob,
    ExportState,
    create_job,
    get_job,
    list_jobs,
    set_fields,
)
from server.exports.worker import export_dir
from server.faces.scan import MAX_SCAN
from server.timerange import MAX_RANGE, parse_time
from server.users import OVERSEERS, Role, User

router = APIRouter(prefix="/api/v1/exports", tags=["exports"], responses=ERRORS)

EXPORT_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.POLICE})
SEE_ALL_ROLES = OVERSEERS


class MaskIn(BaseModel):
    """A privacy mask: a rectangle in fractions of the picture (0..1 from the top left)."""

    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)


class FacePointIn(BaseModel):
    at: str = Field(max_length=40, description="UTC, ISO 8601")
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)


class FaceTrackIn(BaseModel):
    id: int = Field(ge=0, le=1_000_000)
    source: Literal["detector", "supervisor"]
    points: list[FacePointIn] = Field(min_length=1, max_length=20_000)


class FacesIn(BaseModel):
    """Faces to blur as a supervisor approved them on the mask editor: a face scan's
    tracks (POST /api/v1/face-scans), those that were no face dropped, boxes drawn added
    as tracks of their own (source supervisor)."""

    tracks: list[FaceTrackIn] = Field(max_length=200)
    dropped: list[int] = Field(default_factory=list, max_length=500,
                               description="ids of the scan's tracks that were no face")
    detector: str | None = Field(None, max_length=200, description="what the scan used")


class ExportIn(BaseModel):
    camera_id: str = Field(min_length=1, max_length=64)
    start: str = Field(max_length=40, description="UTC, ISO 8601")
    end: str = Field(max_length=40, description="UTC, ISO 8601; at most 24 h after start")
    reason: str = Field(min_length=3, max_length=500)
    case_number: str = Field(min_length=1, max_length=100)
    requester: str | None = Field(None, max_length=200)
    bookmark_id: int | None = None
    watermark: bool = Field(False, description="burn in the operator and each picture's time")
    masks: list[MaskIn] = Field(default_factory=list, max_length=16)
    blur_faces: bool = Field(False, description=(
        "pixelate faces: those of `faces` when given, else those the export finds itself "
        "(at most 15 minutes of footage)"))
    faces: FacesIn | None = None
    c2pa: bool = Field(False, description=(
        "embed a C2PA manifest signed under the server's certificate, and write each "
        "picture's UTC time beside the MP4 (docs/evidence-format.md)"))


def faces_option(body: ExportIn) -> dict | None:
    """The job's record of the faces to blur (server/exports/worker.py treatment_of)."""
    if body.faces is not None:
        tracks = []
        for track in body.faces.tracks:
            points = [{**p.model_dump(), "at": to_wire(parse_time("faces.at", p.at))}
                      for p in track.points]
            tracks.append({"id": track.id, "source": track.source, "points": points})
        return {"scan": "supervisor", "tracks": tracks, "dropped": body.faces.dropped,
                "detector": body.faces.detector}
    if body.blur_faces:
        return {"scan": "auto"}
    return None


def _check_bookmark(ctx: ServerContext, bookmark_id: int | None, camera) -> None:
    """A bookmark named in an export lands in its signed manifest: it must be one of the
    exported camera's (which the caller may see); any other is the same 404 as none."""
    if bookmark_id is None:
        return
    with ctx.engine.connect() as conn:
        mark = get_bookmark(conn, bookmark_id)
    if mark is None or mark.camera_id != camera.id:
        raise ApiError(
            404, ErrorCode.BOOKMARK_NOT_FOUND, f"No bookmark {bookmark_id} of camera {camera.id}."
        )


def queue_export(
    request: Request, ctx: ServerContext, user: User, ask: ExportAsk, camera
) -> ExportJob:
    """Insert and enqueue one job (also used when a supervisor approves a request)."""
    _check_bookmark(ctx, ask.bookmark_id, camera)
    if ask.end <= ask.start:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if ask.end - ask.start > MAX_RANGE:
        raise ApiError(
            400, ErrorCode.RANGE_TOO_LONG, "An export is at most 24 hours; ask for less."
        )
    snapshot = {"name": camera.name, "area_id": camera.area_id, "area_path": list(camera.area_path)}
    ask = ExportAsk(**{**ask.__dict__, "options": {**ask.options, "camera": snapshot}})
    with ctx.engine.begin() as conn:
        job_id = create_job(conn, ask, user.username, user.display_name)
        job = get_job(conn, job_id)
    audit.record(
        ctx.engine,
        AuditAction.EXPORT_CREATED,
        actor=user.username,
        camera_id=ask.camera_id,
        details={
            "export_id": job_id,
            "start": to_wire(ask.start),
            "end": to_wire(ask.end),
            "reason": ask.reason,
            "case_number": ask.case_number,
        },
    )
    request.app.state.export_workers.submit(job_id)
    return job


def _visible_job(ctx: ServerContext, user: User, export_id: int) -> tuple[ExportJob, str]:
    """The job and its camera's name, if this user may see it; else the same 404."""
    with ctx.engine.connect() as conn:
        job = get_job(conn, export_id)
    mine = job is not None and (
        job.created_by == user.username or SEE_ALL_ROLES.intersection(user.roles)
    )
    if job is None or not mine:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"No export {export_id}.")
    try:
        camera = visible_camera(ctx, user, job.ask.camera_id)
    except ApiError:
        # Outside the user's areas: the same answer as no export at all, which names
        # no camera (the camera's 404 would say whose footage the export holds).
        raise ApiError(404, ErrorCode.NOT_FOUND, f"No export {export_id}.") from None
    return job, camera.name


@router.get("/public-key")
def public_key(request: Request) -> dict:
    """The key that signs manifests. ``fingerprint``: SHA-256 of the raw 32-byte public
    key (hex); ``key_id``: its first 16 characters (docs/evidence-format.md)."""
    signer = request.app.state.signer
    keys = request.app.state.ctx.settings.data_dir / "keys"
    return {
        "key_id": signer.key_id,
        "fingerprint": signer.fingerprint,
        "public_key_pem": signer.public_pem,
        "server_id": signer.server_id,
        "alg": "Ed25519",
        # Issue 17: the trust anchor under which C2PA manifests of exports are signed.
        "c2pa_ca_pem": load_credentials(keys, signer.public_key(), signer.server_id).ca_pem,
    }


@router.post("", status_code=202)
def post_export(
    body: ExportIn,
    request: Request,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    require_role(user, EXPORT_ROLES, "export evidence")
    camera = visible_camera(ctx, user, body.camera_id)
    ask = ExportAsk(
        camera.id,
        parse_time("start", body.start),
        parse_time("end", body.end),
        body.reason.strip(),
        body.case_number.strip(),
        body.requester,
        body.bookmark_id,
        options={"watermark": body.watermark, "masks": [m.model_dump() for m in body.masks],
                 "faces": faces_option(body), "c2pa": body.c2pa},
    )
    if body.blur_faces and body.faces is None and ask.end - ask.start > MAX_SCAN:
        raise ApiError(400, ErrorCode.RANGE_TOO_LONG,
                       "Faces are looked for in at most 15 minutes of footage; export less, "
                       "or scan it in parts and send the faces.")
    return queue_export(request, ctx, user, ask, camera).to_json(camera.name)


@router.get("")
def get_exports(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)):
    see_all = bool(SEE_ALL_ROLES.intersection(user.roles))
    with ctx.engine.connect() as conn:
        jobs = list_jobs(conn, None if see_all else user.username)
    out = []
    for job in jobs:
        try:
            out.append(job.to_json(visible_camera(ctx, user, job.ask.camera_id).name))
        except ApiError:
            continue  # a camera outside the user's areas
    return out


@router.get("/{export_id}")
def get_export(
    export_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    job, name = _visible_job(ctx, user, export_id)
    return job.to_json(name)


@router.post("/{export_id}/retry", status_code=202)
def retry_export(
    export_id: int,
    request: Request,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    """Queue a failed export again, under the same number (a request's receipt and
    package name it): by whoever asked for it, or a supervisor."""
    require_role(user, EXPORT_ROLES, "export evidence")
    job, name = _visible_job(ctx, user, export_id)
    if job.state is not ExportState.FAILED:
        raise ApiError(409, ErrorCode.EXPORT_NOT_READY,
                       f"Export {export_id} is {job.state}; only a failed export is retried.")
    with ctx.engine.begin() as conn:
        set_fields(conn, export_id, state=ExportState.QUEUED, progress=0.0, error=None)
        job = get_job(conn, export_id)
    audit.record(
        ctx.engine,
        AuditAction.EXPORT_CREATED,
        actor=user.username,
        camera_id=job.ask.camera_id,
        details={"export_id": export_id, "retry": True},
    )
    request.app.state.export_workers.submit(export_id)
    return job.to_json(name)


def _done_file(ctx: ServerContext, user: User, export_id: int, suffix: str):
    job, _ = _visible_job(ctx, user, export_id)
    if job.state is not ExportState.DONE or not job.file_name:
        raise ApiError(409, ErrorCode.EXPORT_NOT_READY, f"Export {export_id} is {job.state}.")
    path = export_dir(ctx.settings.data_dir, export_id) / f"{job.file_name}{suffix}"
    if not path.is_file():
        raise ApiError(410, ErrorCode.EXPORT_GONE, f"The files of export {export_id} are gone.")
    return job, path


@router.get("/{export_id}/file", response_class=FileResponse)
async def get_export_file(
    export_id: int, user: User = Depends(media_user), ctx: ServerContext = Depends(get_ctx)
):
    job, path = await run_in_threadpool(_done_file, ctx, user, export_id, ".mp4")
    await run_in_threadpool(
        audit.record,
        ctx.engine,
        AuditAction.EXPORT_DOWNLOADED,
        actor=user.username,
        camera_id=job.ask.camera_id,
        details={"export_id": export_id},
    )
    return FileResponse(path, media_type="video/mp4", filename=path.name)


@router.get("/{export_id}/manifest")
def get_export_manifest(
    export_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    _, path = _done_file(ctx, user, export_id, ".manifest.json")
    return Response(path.read_bytes(), media_type="application/json")


@router.get("/{export_id}/frame-times")
def get_export_frame_times(
    export_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    """Each picture's UTC time (an export asked with c2pa): CSV ``index,pts_s,utc``."""
    _, path = _done_file(ctx, user, export_id, ".frames.csv")
    return Response(path.read_bytes(), media_type="text/csv")


@router.get("/{export_id}/signature")
def get_export_signature(
    export_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    """The raw 64-byte Ed25519 signature of the manifest's exact bytes (version 2)."""
    _, path = _done_file(ctx, user, export_id, ".manifest.sig")
    return Response(path.read_bytes(), media_type="application/octet-stream")
