"""Evidence requests: an operator records a citizen's request, a supervisor approves it
(one signed export per camera) or refuses it, and the receipt lists what was handed over."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server import audit
from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, require_role
from server.api.exports import queue_export
from server.api.models import ERRORS
from server.audit import AuditAction
from server.camera_scope import in_areas
from server.clock import to_wire, utc_now
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.evidence import (
    EvidenceRequest,
    NewRequest,
    RequestState,
    create_request,
    decide,
    get_request,
    list_requests,
    set_exports,
)
from server.exports.jobs import ExportAsk, ExportJob, ExportState, get_job
from server.exports.package import (
    build_package,
    issue_receipt,
    package_name,
    receipt_document,
    stored_receipt,
)
from server.timerange import MAX_RANGE, parse_time
from server.users import ACTORS, OVERSEERS, User

router = APIRouter(prefix="/api/v1/evidence-requests", tags=["evidence"], responses=ERRORS)

RECORD_ROLES = ACTORS
DECIDE_ROLES = OVERSEERS
# A request covers footage already recorded; this much of the workstation's clock running
# ahead of the server's is forgiven.
CLOCK_SKEW = timedelta(minutes=1)


class RequestIn(BaseModel):
    requester_name: str = Field(min_length=2, max_length=200)
    requester_contact: str = Field(min_length=3, max_length=200)
    incident_at: str = Field(max_length=40)
    incident_place: str = Field(min_length=2, max_length=300)
    camera_ids: list[str] = Field(min_length=1, max_length=16)
    start: str = Field(max_length=40)
    end: str = Field(max_length=40)
    reason: str = Field(min_length=3, max_length=2000)


class ApproveIn(BaseModel):
    case_number: str = Field(min_length=1, max_length=100)
    note: str | None = Field(None, max_length=2000)


class RefuseIn(BaseModel):
    note: str = Field(min_length=3, max_length=2000)


def _seen(ctx: ServerContext, user: User, found: EvidenceRequest) -> EvidenceRequest | None:
    """The request as ``user`` may see it: only the cameras of their areas and those
    cameras' exports (a request mixing areas once showed police the other camera's
    export: name, hashes, file name, times); None when none of its cameras is theirs."""
    with ctx.engine.connect() as conn:
        shown = in_areas(conn, user.areas, found.ask.camera_ids)
        if not shown:
            return None
        export_cameras = {}
        if not shown.issuperset(found.ask.camera_ids):
            for export_id in found.export_ids:
                job = get_job(conn, export_id)
                if job is not None:
                    export_cameras[export_id] = job.ask.camera_id
    return found.seen_by(shown, export_cameras)


def _visible_request(ctx: ServerContext, user: User, request_id: int) -> EvidenceRequest:
    """The request if one of its cameras is in the user's areas, as they may see it;
    else the same 404."""
    with ctx.engine.connect() as conn:
        found = get_request(conn, request_id)
    seen = _seen(ctx, user, found) if found is not None else None
    if seen is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"No evidence request {request_id}.")
    return seen


def _whole(found: EvidenceRequest, doing: str) -> None:
    """Deciding a request decides for all of its cameras: only for someone who sees
    every one of them."""
    if found.hidden_cameras:
        raise ApiError(403, ErrorCode.FORBIDDEN,
                       f"Request {found.id} covers cameras outside your areas; only a "
                       f"supervisor who sees all of them may {doing} it.")


@router.post("", status_code=201)
def post_request(
    body: RequestIn, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    require_role(user, RECORD_ROLES, "record evidence requests")
    cameras = [visible_camera(ctx, user, cid).id for cid in dict.fromkeys(body.camera_ids)]
    start, end = parse_time("start", body.start), parse_time("end", body.end)
    if end <= start:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if end - start > MAX_RANGE:
        raise ApiError(400, ErrorCode.RANGE_TOO_LONG, "Ask for at most 24 hours of footage.")
    now = utc_now()
    if end > now + CLOCK_SKEW:
        raise ApiError(400, ErrorCode.INVALID_RANGE,
                       f"The footage asked for ends in the future ({to_wire(end)}, now "
                       f"{to_wire(now)}): a request covers footage already recorded.")
    ask = NewRequest(
        body.requester_name.strip(),
        body.requester_contact.strip(),
        parse_time("incident_at", body.incident_at),
        body.incident_place.strip(),
        tuple(cameras),
        start,
        end,
        body.reason.strip(),
    )
    with ctx.engine.begin() as conn:
        request_id = create_request(conn, ask, user.username)
        created = get_request(conn, request_id)
    audit.record(
        ctx.engine,
        AuditAction.REQUEST_CREATED,
        actor=user.username,
        details={"request_id": request_id, "cameras": cameras},
    )
    return created.to_json()


@router.get("")
def get_requests(
    state: RequestState | None = Query(None),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> list[dict]:
    with ctx.engine.connect() as conn:
        found = list_requests(conn, state)
    seen = (_seen(ctx, user, item) for item in found)
    return [item.to_json() for item in seen if item is not None]


@router.get("/{request_id}")
def get_one(
    request_id: int, user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    return _visible_request(ctx, user, request_id).to_json()


@router.post("/{request_id}/approve")
def approve(
    request_id: int,
    body: ApproveIn,
    request: Request,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    require_role(user, DECIDE_ROLES, "approve evidence requests")
    found = _visible_request(ctx, user, request_id)
    _whole(found, "approve")
    if found.created_by == user.username:  # four eyes: who records it does not release it
        raise ApiError(403, ErrorCode.FORBIDDEN,
                       f"You recorded request {request_id}; another supervisor must approve "
                       f"it (four eyes).")
    cameras = [visible_camera(ctx, user, cid) for cid in found.ask.camera_ids]
    with ctx.engine.begin() as conn:
        if not decide(
            conn,
            request_id,
            RequestState.APPROVED,
            user.username,
            body.note,
            body.case_number.strip(),
        ):
            raise ApiError(409, ErrorCode.REQUEST_DECIDED, f"Request {request_id} is decided.")
    export_ids = []
    for camera in cameras:
        ask = ExportAsk(
            camera.id,
            found.ask.start,
            found.ask.end,
            found.ask.reason,
            body.case_number.strip(),
            found.ask.requester_name,
            request_id=request_id,
        )
        export_ids.append(queue_export(request, ctx, user, ask, camera).id)
    with ctx.engine.begin() as conn:
        set_exports(conn, request_id, tuple(export_ids))
        decided = get_request(conn, request_id)
    audit.record(
        ctx.engine,
        AuditAction.REQUEST_APPROVED,
        actor=user.username,
        details={
            "request_id": request_id,
            "case_number": body.case_number,
            "export_ids": export_ids,
        },
    )
    return decided.to_json()


@router.post("/{request_id}/refuse")
def refuse(
    request_id: int,
    body: RefuseIn,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    require_role(user, DECIDE_ROLES, "refuse evidence requests")
    _whole(_visible_request(ctx, user, request_id), "refuse")
    with ctx.engine.begin() as conn:
        if not decide(conn, request_id, RequestState.REFUSED, user.username, body.note.strip()):
            raise ApiError(409, ErrorCode.REQUEST_DECIDED, f"Request {request_id} is decided.")
        decided = get_request(conn, request_id)
    audit.record(
        ctx.engine,
        AuditAction.REQUEST_REFUSED,
        actor=user.username,
        details={"request_id": request_id, "note": body.note.strip()},
    )
    return decided.to_json()


def _jobs(ctx: ServerContext, found: EvidenceRequest) -> list[ExportJob]:
    with ctx.engine.connect() as conn:
        return [job for job in (get_job(conn, i) for i in found.export_ids) if job is not None]


def _approved(ctx: ServerContext, user: User, request_id: int) -> EvidenceRequest:
    found = _visible_request(ctx, user, request_id)
    if found.state is not RequestState.APPROVED:
        raise ApiError(
            409,
            ErrorCode.REQUEST_NOT_APPROVED,
            f"Request {request_id} is {found.state}; only an approved request has a receipt.",
        )
    return found


def _issued_receipt(ctx: ServerContext, signer, found: EvidenceRequest) -> bytes | None:
    """The receipt's bytes once every export is done (written the first time); None
    while one is not, or for a caller who sees only part of the request."""
    if found.hidden_cameras:
        return None
    data_dir = ctx.settings.data_dir
    stored = stored_receipt(data_dir, found.id)
    if stored is not None:
        return stored
    jobs = _jobs(ctx, found)
    if len(jobs) != len(found.export_ids) or not jobs or any(
            job.state is not ExportState.DONE for job in jobs):
        return None
    return issue_receipt(data_dir, found.id, receipt_document(found.to_json(), jobs, signer),
                         signer)


@router.get("/{request_id}/receipt")
def receipt(
    request_id: int,
    request: Request,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
):
    """What the requester is handed: the request and, per export, its hashes. Once every
    export is done it is written once and these exact bytes are served from then on (and
    are the package's receipt.json). Before that, or for a caller who cannot see all of
    its cameras, an unsigned answer with ``complete`` false (``hidden_cameras`` > 0: the
    caller's part only)."""
    signer = request.app.state.signer
    found = _approved(ctx, user, request_id)
    issued = _issued_receipt(ctx, signer, found)
    if issued is not None:
        return Response(issued, media_type="application/json")
    exports = [job.to_json(job.ask.options.get("camera", {}).get("name", ""))
               for job in _jobs(ctx, found)]
    return {
        "request": found.to_json(),
        "exports": exports,
        "complete": False,
        "hidden_cameras": found.hidden_cameras,
        "server_id": signer.server_id,
        "key_id": signer.key_id,
    }


@router.get("/{request_id}/package", response_class=FileResponse)
async def package(
    request_id: int,
    request: Request,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
):
    """The approved request handed over in one zip: the receipt (the receipt endpoint's
    bytes) and its signature, the server's public key, and each export's MP4, manifest,
    signature and key (docs/evidence-format.md)."""
    signer = request.app.state.signer

    def make():
        require_role(user, DECIDE_ROLES, "download evidence packages")
        found = _approved(ctx, user, request_id)
        _whole(found, "download")
        issued = _issued_receipt(ctx, signer, found)
        if issued is None:
            raise ApiError(409, ErrorCode.EXPORT_NOT_READY,
                           f"The exports of request {request_id} are not all done yet.")
        jobs = _jobs(ctx, found)
        try:
            path = build_package(ctx.settings.data_dir, request_id, issued, jobs, signer)
        except FileNotFoundError:
            raise ApiError(410, ErrorCode.EXPORT_GONE,
                           f"The files of an export of request {request_id} are gone.") from None
        for job in jobs:
            audit.record(ctx.engine, AuditAction.EXPORT_DOWNLOADED, actor=user.username,
                         camera_id=job.ask.camera_id,
                         details={"export_id": job.id, "request_id": request_id})
        return path

    path = await run_in_threadpool(make)
    return FileResponse(path, media_type="application/zip",
                        filename=f"{package_name(request_id)}.zip")
