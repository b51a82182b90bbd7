"""Alarms (issue 17): the list an operator works through, each alarm's snapshot, the
acknowledgement with a note; and the rules that raise them, kept by supervisors.

Everything is limited to the cameras of the user's areas: an alarm or rule outside them
answers the same 404 as one that does not exist (docs/alarms.md)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from server import audit
from server.alarms.kinds import AlarmKind
from server.alarms.rules import (
    MAX_HOLD_S,
    MAX_MIN_CELLS,
    MAX_NAME,
    AlarmRule,
    Region,
    RuleError,
    RuleSpec,
    create_rule,
    delete_rule,
    get_rule,
    list_rules,
    spec_of,
    update_rule,
)
from server.alarms.store import (
    MAX_NOTE,
    AlarmNotFound,
    AlreadyAcknowledged,
    acknowledge,
    get_alarm,
    list_alarms,
    snapshot_of,
)
from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.areas import in_scope
from server.audit import AuditAction
from server.cameras import camera_filter
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.schema import cameras
from server.users import ACTORS, OVERSEERS, User

router = APIRouter(prefix="/api/v1", tags=["alarms"], responses=ERRORS)

ACKNOWLEDGE_ROLES = ACTORS  # every signed-in role but viewer
RULE_ROLES = OVERSEERS
ID_MAX = 2**31 - 1  # INTEGER on both databases
ALARM_ID = Path(ge=1, le=ID_MAX)
RULE_ID = Path(ge=1, le=ID_MAX)
_HHMM = r"^\d{2}:\d{2}$"


class AcknowledgeIn(BaseModel):
    note: str = Field("", max_length=MAX_NOTE)


class RegionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)


class HoursIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: str = Field(alias="from", pattern=_HHMM, max_length=5, description="HH:MM WIB")
    to: str = Field(pattern=_HHMM, max_length=5, description="HH:MM WIB; before from: "
                    "the hours span midnight")


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=MAX_NAME)
    kind: AlarmKind
    camera_id: str | None = Field(None, min_length=1, max_length=64)
    area: str | None = Field(None, min_length=1, max_length=400)
    region: RegionIn | None = None
    min_cells: int = Field(2, ge=1, le=MAX_MIN_CELLS)
    hours: HoursIn | None = None
    hold_s: float | None = Field(None, ge=0, le=MAX_HOLD_S,
                                 description="default: by kind (docs/alarms.md)")
    threshold: float | None = Field(None, gt=0, le=1)
    enabled: bool = True


class RuleEdit(BaseModel):
    """Only the fields given change; ``null`` clears region, hours or threshold."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=MAX_NAME)
    kind: AlarmKind | None = None
    camera_id: str | None = Field(None, min_length=1, max_length=64)
    area: str | None = Field(None, min_length=1, max_length=400)
    region: RegionIn | None = None
    min_cells: int | None = Field(None, ge=1, le=MAX_MIN_CELLS)
    hours: HoursIn | None = None
    hold_s: float | None = Field(None, ge=0, le=MAX_HOLD_S)
    threshold: float | None = Field(None, gt=0, le=1)
    enabled: bool | None = None


# --- alarms ----------------------------------------------------------------------------


def _visible_alarm(ctx: ServerContext, user: User, alarm_id: int):
    with ctx.engine.connect() as conn:
        found = get_alarm(conn, alarm_id, user.areas)
    if found is None:
        raise ApiError(404, ErrorCode.ALARM_NOT_FOUND, f"No alarm {alarm_id} in your areas.")
    return found


@router.get("/alarms")
def get_alarms(
    state: Literal["open", "all"] = Query("open", description="open: not yet acknowledged"),
    limit: int = Query(200, ge=1, le=1000),
    before_id: int | None = Query(None, ge=1, le=ID_MAX, description="older than this id"),
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> list[dict]:
    """Newest first; only cameras in the user's areas."""
    with ctx.engine.connect() as conn:
        found = list_alarms(conn, user.areas, open_only=state == "open", limit=limit,
                            before_id=before_id)
    return [a.to_json() for a in found]


@router.get("/alarms/{alarm_id}", responses={404: {"description": "not in your areas"}})
def get_one_alarm(alarm_id: int = ALARM_ID, user: User = Depends(current_user),
                  ctx: ServerContext = Depends(get_ctx)) -> dict:
    return _visible_alarm(ctx, user, alarm_id).to_json()


@router.get("/alarms/{alarm_id}/snapshot", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}}}})
def get_snapshot(alarm_id: int = ALARM_ID, user: User = Depends(current_user),
                 ctx: ServerContext = Depends(get_ctx)) -> Response:
    _visible_alarm(ctx, user, alarm_id)
    with ctx.engine.connect() as conn:
        jpeg = snapshot_of(conn, alarm_id)
    if not jpeg:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"Alarm {alarm_id} has no snapshot.")
    return Response(jpeg, media_type="image/jpeg",
                    headers={"Cache-Control": "private, max-age=86400"})


@router.post("/alarms/{alarm_id}/acknowledge")
def post_acknowledge(body: AcknowledgeIn, alarm_id: int = ALARM_ID,
                     user: User = Depends(current_user),
                     ctx: ServerContext = Depends(get_ctx)) -> dict:
    require_role(user, ACKNOWLEDGE_ROLES, "acknowledge alarms")
    _visible_alarm(ctx, user, alarm_id)
    try:
        done = acknowledge(ctx.engine, alarm_id, user.username, body.note.strip())
    except AlarmNotFound:
        raise ApiError(404, ErrorCode.ALARM_NOT_FOUND, f"No alarm {alarm_id}.") from None
    except AlreadyAcknowledged as exc:
        raise ApiError(409, ErrorCode.ALREADY_ACKNOWLEDGED,
                       f"Alarm {alarm_id} was already acknowledged by "
                       f"{exc.alarm.acknowledged_by}.") from None
    return done.to_json()


# --- rules -----------------------------------------------------------------------------


def _rule_visible(ctx: ServerContext, user: User, rule: AlarmRule) -> bool:
    if rule.area_id is not None:
        return in_scope(rule.area_id, user.areas)
    try:
        visible_camera(ctx, user, rule.camera_id)
    except ApiError:
        return False
    return True


def _visible_rule(ctx: ServerContext, user: User, rule_id: int) -> AlarmRule:
    with ctx.engine.connect() as conn:
        rule = get_rule(conn, rule_id)
    if rule is None or not _rule_visible(ctx, user, rule):
        raise ApiError(404, ErrorCode.ALARM_RULE_NOT_FOUND,
                       f"No alarm rule {rule_id} in your areas.")
    return rule


def _check_target(ctx: ServerContext, user: User, spec: RuleSpec) -> None:
    """The camera or area a rule names must be in the user's areas (and exist)."""
    if any("\x00" in (v or "") for v in (spec.name, spec.camera_id, spec.area_id)):
        # No name or id holds NUL, and PostgreSQL refuses one in a parameter.
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, "Names and ids hold no NUL character.")
    if spec.camera_id is not None:
        visible_camera(ctx, user, spec.camera_id)
    elif spec.area_id is not None and not in_scope(spec.area_id, user.areas):
        raise ApiError(404, ErrorCode.AREA_NOT_FOUND, f"No area {spec.area_id!r} in your "
                       "areas.")


def _region(body: RegionIn | None) -> Region | None:
    return Region(body.x, body.y, body.w, body.h) if body is not None else None


def _saved(ctx: ServerContext, user: User, save, action: str) -> AlarmRule:
    try:
        with ctx.engine.begin() as conn:
            rule = save(conn)
    except RuleError as exc:
        raise ApiError(422, ErrorCode.VALIDATION_ERROR, str(exc)) from None
    audit.record(ctx.engine, AuditAction.ALARM_RULE_CHANGED, actor=user.username,
                 camera_id=rule.camera_id,
                 details=_details(action, rule))
    return rule


def _audited(rule: AlarmRule) -> dict:
    json = rule.to_json()
    for key in ("created_at", "updated_at", "created_by"):
        json.pop(key)
    return json


def _details(change: str, rule: AlarmRule) -> dict:
    # area_id: a supervisor of other areas does not read an area rule's row (api/audit.py).
    details = {"change": change, "rule": _audited(rule)}
    if rule.area_id is not None:
        details["area_id"] = rule.area_id
    return details


@router.get("/alarm-rules")
def get_rules(user: User = Depends(current_user),
              ctx: ServerContext = Depends(get_ctx)) -> list[dict]:
    """Rules of cameras and areas in the user's areas, by id."""
    with ctx.engine.connect() as conn:
        rules = list_rules(conn)
        # One query for every camera rule's camera, not one per rule.
        wanted = sorted({r.camera_id for r in rules if r.camera_id is not None})
        seen = set(conn.execute(select(cameras.c.id).where(
            *camera_filter(user.areas), cameras.c.id.in_(wanted))).scalars())
    return [r.to_json() for r in rules if (
        r.camera_id in seen if r.area_id is None else in_scope(r.area_id, user.areas))]


@router.get("/alarm-rules/{rule_id}")
def get_one_rule(rule_id: int = RULE_ID, user: User = Depends(current_user),
                 ctx: ServerContext = Depends(get_ctx)) -> dict:
    return _visible_rule(ctx, user, rule_id).to_json()


@router.post("/alarm-rules", status_code=201)
def post_rule(body: RuleIn, user: User = Depends(current_user),
              ctx: ServerContext = Depends(get_ctx)) -> dict:
    require_role(user, RULE_ROLES, "set alarm rules")
    spec = RuleSpec(
        name=body.name, kind=body.kind, camera_id=body.camera_id, area_id=body.area,
        region=_region(body.region), min_cells=body.min_cells,
        hours_from=body.hours.from_ if body.hours else None,
        hours_to=body.hours.to if body.hours else None,
        hold_s=body.hold_s, threshold=body.threshold, enabled=body.enabled,
    )  # fmt: skip
    if (spec.camera_id is None) == (spec.area_id is None):
        raise ApiError(422, ErrorCode.VALIDATION_ERROR,
                       "A rule names exactly one of camera_id and area.")
    _check_target(ctx, user, spec)
    rule = _saved(ctx, user, lambda conn: create_rule(conn, spec, user.username), "created")
    return rule.to_json()


@router.patch("/alarm-rules/{rule_id}")
def patch_rule(body: RuleEdit, rule_id: int = RULE_ID, user: User = Depends(current_user),
               ctx: ServerContext = Depends(get_ctx)) -> dict:
    require_role(user, RULE_ROLES, "set alarm rules")
    rule = _visible_rule(ctx, user, rule_id)
    given = body.model_fields_set
    spec = spec_of(rule)
    changes: dict = {}
    for field in ("name", "kind", "min_cells", "hold_s", "enabled"):
        if field in given:
            value = getattr(body, field)
            if value is None and field != "hold_s":
                raise ApiError(422, ErrorCode.VALIDATION_ERROR, f"{field} cannot be null.")
            changes[field] = value
    if "camera_id" in given or "area" in given:
        # Moving a rule: the new target replaces the old one.
        changes["camera_id"] = body.camera_id
        changes["area_id"] = body.area
    if "region" in given:
        changes["region"] = _region(body.region)
    if "hours" in given:
        changes["hours_from"] = body.hours.from_ if body.hours else None
        changes["hours_to"] = body.hours.to if body.hours else None
    if "threshold" in given:
        changes["threshold"] = body.threshold
    if "kind" in changes and changes["kind"] != rule.kind and "hold_s" not in given:
        changes["hold_s"] = None  # the new kind's default, not the old kind's
    spec = RuleSpec(**{**spec.__dict__, **changes})
    if (spec.camera_id is None) == (spec.area_id is None):
        raise ApiError(422, ErrorCode.VALIDATION_ERROR,
                       "A rule names exactly one of camera_id and area.")
    _check_target(ctx, user, spec)
    saved = _saved(ctx, user, lambda conn: update_rule(conn, rule_id, spec), "updated")
    return saved.to_json()


@router.delete("/alarm-rules/{rule_id}", status_code=204)
def remove_rule(rule_id: int = RULE_ID, user: User = Depends(current_user),
                ctx: ServerContext = Depends(get_ctx)) -> Response:
    require_role(user, RULE_ROLES, "set alarm rules")
    rule = _visible_rule(ctx, user, rule_id)
    with ctx.engine.begin() as conn:
        delete_rule(conn, rule_id)
    audit.record(ctx.engine, AuditAction.ALARM_RULE_CHANGED, actor=user.username,
                 camera_id=rule.camera_id, details=_details("deleted", rule))
    return Response(status_code=204)
