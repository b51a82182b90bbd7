"""/admin/users: people, their roles and areas, their passwords and locks (admins only).

Every change is audited after it is committed (never with a password), and listeners
(the live relay) hear about the user, so a disabled or deleted user loses live video at
once as well as their tokens.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, Field

from server.api.deps import current_user, get_ctx, require_role
from server.api.models import ERRORS
from server.audit import AuditAction, record
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.password_policy import WeakPassword
from server.user_admin import (
    AdminUser,
    AreasNotFound,
    BadUserField,
    UserAdminError,
    UserExists,
    UserNotFound,
    create_user,
    delete_user,
    find_user,
    list_users,
    reset_password,
    unlock,
    update_user,
)
from server.users import Role, User

log = logging.getLogger(__name__)
router = APIRouter(
    prefix="/api/v1/admin/users",
    tags=["admin: users"],
    responses={**ERRORS, 409: ERRORS[400]},
)

ADMINS = frozenset({Role.ADMIN})
_NAME = Path(min_length=1, max_length=100)


class AdminUserOut(BaseModel):
    username: str
    display_name: str
    roles: list[Role]
    areas: list[str]
    disabled: bool
    must_change_password: bool
    locked_until: str | None = Field(description="UTC; null when not locked")
    failed_logins: int = Field(description="wrong passwords in a row")
    created_at: str


class UserCreate(BaseModel):
    model_config = {"extra": "forbid"}
    username: str = Field(min_length=1, max_length=100)
    display_name: str | None = Field(None, max_length=200, description="default: username")
    roles: list[Role] = Field(min_length=1, max_length=len(Role))
    areas: list[str] = Field(min_length=1, max_length=1000, description="area ids, any level")
    password: str = Field(min_length=1, max_length=1000)


class UserUpdate(BaseModel):
    model_config = {"extra": "forbid"}
    display_name: str | None = Field(None, max_length=200)
    roles: list[Role] | None = Field(None, min_length=1, max_length=len(Role))
    areas: list[str] | None = Field(None, min_length=1, max_length=1000)
    disabled: bool | None = None


class PasswordReset(BaseModel):
    model_config = {"extra": "forbid"}
    password: str = Field(min_length=1, max_length=1000)


def admin(user: User = Depends(current_user)) -> User:
    require_role(user, ADMINS, "administer users")
    return user


def _api_error(exc: Exception) -> ApiError:
    if isinstance(exc, UserNotFound):
        return ApiError(404, ErrorCode.USER_NOT_FOUND, str(exc))
    if isinstance(exc, UserExists):
        return ApiError(409, ErrorCode.USER_EXISTS, str(exc))
    if isinstance(exc, AreasNotFound):
        return ApiError(404, ErrorCode.AREA_NOT_FOUND, str(exc))
    if isinstance(exc, WeakPassword):
        return ApiError(422, ErrorCode.WEAK_PASSWORD, str(exc))
    if isinstance(exc, BadUserField):
        return ApiError(422, ErrorCode.VALIDATION_ERROR, str(exc))
    return ApiError(400, ErrorCode.BAD_REQUEST, str(exc))


def _refuse_self(acting: User, username: str, doing: str) -> None:
    if acting.username == username:
        raise ApiError(
            409,
            ErrorCode.CANNOT_REMOVE_SELF,
            f"You cannot {doing} your own account; another administrator can.",
        )


@router.get("", response_model=list[AdminUserOut])
def get_users(_admin: User = Depends(admin), ctx: ServerContext = Depends(get_ctx)) -> list:
    with ctx.engine.connect() as conn:
        return [u.to_json() for u in list_users(conn)]


@router.post("", status_code=201, response_model=AdminUserOut,
             description="The new user must choose their own password at first sign-in. "
             "409 user_exists, 404 area_not_found, 422 weak_password.")
def post_user(
    body: UserCreate, acting: User = Depends(admin), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    try:
        with ctx.engine.begin() as conn:
            user = create_user(
                conn,
                username=body.username,
                display_name=body.display_name,
                roles=body.roles,
                area_ids=body.areas,
                password=body.password,
                must_change=True,
            )
    except (UserAdminError, WeakPassword) as exc:
        raise _api_error(exc) from None
    record(ctx.engine, AuditAction.USER_CREATED, actor=acting.username,
           details=_described(user))
    log.info("user %s created by %s", user.username, acting.username)
    return user.to_json()


@router.put("/{username}", response_model=AdminUserOut,
            description="Any of display_name, roles, areas, disabled. Disabling ends the "
            "user's sessions at once; 409 cannot_remove_self for your own account.")
def put_user(
    body: UserUpdate,
    username: str = _NAME,
    acting: User = Depends(admin),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    if body.disabled:
        _refuse_self(acting, username, "disable")
    if body.roles is not None and Role.ADMIN not in body.roles:
        # An administrator who demotes themselves may leave nobody to undo it.
        _refuse_self(acting, username, "take the admin role from")
    try:
        with ctx.engine.begin() as conn:
            user, changes = update_user(
                conn,
                username,
                display_name=body.display_name,
                roles=body.roles,
                area_ids=body.areas,
                disabled=body.disabled,
            )
    except UserAdminError as exc:
        raise _api_error(exc) from None
    if changes.fields:
        record(ctx.engine, AuditAction.USER_UPDATED, actor=acting.username,
               details={"username": username, **changes.fields})
    if changes.disabled is not None:
        action = AuditAction.USER_DISABLED if changes.disabled else AuditAction.USER_ENABLED
        record(ctx.engine, action, actor=acting.username, details={"username": username})
    if changes:
        ctx.user_changed(username)
    return user.to_json()


@router.delete("/{username}", status_code=204, response_class=Response,
               description="Sessions, roles, areas and personal views go; shared views "
               "move to you. Bookmarks, exports and the audit keep the name.")
def remove_user(
    username: str = _NAME, acting: User = Depends(admin), ctx: ServerContext = Depends(get_ctx)
) -> Response:
    _refuse_self(acting, username, "delete")
    try:
        with ctx.engine.begin() as conn:
            gone = find_user(conn, username)
            delete_user(conn, username, heir_id=acting.id)
    except UserAdminError as exc:
        raise _api_error(exc) from None
    record(ctx.engine, AuditAction.USER_DELETED, actor=acting.username,
           details=_described(gone))
    ctx.user_changed(username)
    return Response(status_code=204)


@router.post("/{username}/reset-password", response_model=AdminUserOut,
             description="The user must choose their own password at the next sign-in; "
             "their sessions end and a lock is lifted. 422 weak_password.")
def post_reset_password(
    body: PasswordReset,
    username: str = _NAME,
    acting: User = Depends(admin),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    try:
        with ctx.engine.begin() as conn:
            user = reset_password(conn, username, body.password, must_change=True)
    except (UserAdminError, WeakPassword) as exc:
        raise _api_error(exc) from None
    record(ctx.engine, AuditAction.PASSWORD_RESET, actor=acting.username,
           details={"username": username})
    ctx.user_changed(username)
    return user.to_json()


@router.post("/{username}/unlock", response_model=AdminUserOut,
             description="Lifts a sign-in lock and forgets the failures.")
def post_unlock(
    username: str = _NAME, acting: User = Depends(admin), ctx: ServerContext = Depends(get_ctx)
) -> dict:
    try:
        with ctx.engine.begin() as conn:
            user, was_locked = unlock(conn, username)
    except UserAdminError as exc:
        raise _api_error(exc) from None
    record(ctx.engine, AuditAction.ACCOUNT_UNLOCKED, actor=acting.username,
           details={"username": username, "was_locked": was_locked})
    return user.to_json()


def _described(user: AdminUser) -> dict:
    """What the audit keeps of an account: who it was and what it could see."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": [r.value for r in user.roles],
        "areas": list(user.areas),
    }
