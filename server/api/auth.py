"""POST /auth/login, POST /auth/logout, GET /auth/me, POST /auth/password."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request, Response

from server.api.deps import bearer_token, get_ctx, signed_in_user
from server.api.models import ERRORS, LoginRequest, LoginResponse, PasswordChange, UserOut
from server.audit import AuditAction, record
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.password_policy import WeakPassword, require_acceptable
from server.throttle import (
    SPRAY_NAMES,
    SPRAY_WINDOW,
    Failure,
    Refusal,
    Refused,
    SignInThrottle,
)
from server.users import (
    User,
    authenticate,
    close_session,
    end_sessions,
    open_session,
    password_matches,
    set_password,
)

log = logging.getLogger(__name__)
router = APIRouter(
    prefix="/api/v1/auth",
    tags=["auth"],
    responses={**ERRORS, 423: ERRORS[401], 429: ERRORS[401]},
)


def source_of(request: Request) -> str:
    """The address a sign-in came from, as the throttle and the audit know it."""
    return request.client.host if request.client else "unknown"


def throttle_of(request: Request) -> SignInThrottle:
    return request.app.state.sign_in_throttle


def refusal_error(refused: Refused, throttle: SignInThrottle) -> ApiError:
    now = throttle.now()
    headers = {"Retry-After": str(refused.retry_after_s(now))}
    if refused.why is Refusal.LOCKED:
        return ApiError(423, ErrorCode.ACCOUNT_LOCKED, refused.message(now), headers)
    return ApiError(429, ErrorCode.TOO_MANY_ATTEMPTS, refused.message(now), headers)


def _audit_failure(ctx: ServerContext, typed: str, source: str, failure: Failure, **extra) -> None:
    details = {"username": typed[:100], "source": source, **extra}
    record(ctx.engine, AuditAction.SIGN_IN_FAILED, actor=None, details=details)
    if failure.locked_until is not None and failure.account_exists:
        record(
            ctx.engine,
            AuditAction.ACCOUNT_LOCKED,
            actor=None,
            details={**details, "until": to_wire(failure.locked_until)},
        )
        log.warning("account locked after repeated failed sign-ins from %s", source)
    if failure.spray_started:
        # The pattern itself, once: each failure above is one row among many.
        record(ctx.engine, AuditAction.SIGN_IN_SPRAY, actor=None,
               details={"source": source, "accounts": SPRAY_NAMES,
                        "window_hours": int(SPRAY_WINDOW.total_seconds() // 3600)})
        log.warning("failed sign-ins for %d different accounts from %s: refused for a while",
                    SPRAY_NAMES, source)


def _failure_error(failure: Failure, throttle: SignInThrottle, wrong: ApiError) -> ApiError:
    """The answer to a wrong password: ``wrong``, or 423 when this one locked it."""
    if failure.locked_until is not None:
        return refusal_error(Refused(Refusal.LOCKED, failure.locked_until), throttle)
    return wrong


@router.post(
    "/login",
    response_model=LoginResponse,
    description="Refused with 429 too_many_attempts (Retry-After) after repeated failures "
    "for one account or from one address, and 423 account_locked while the account is "
    "locked.",
)
def login(body: LoginRequest, request: Request, ctx: ServerContext = Depends(get_ctx)) -> dict:
    throttle, source = throttle_of(request), source_of(request)
    user = failure = None
    with throttle.guard(body.username), ctx.engine.begin() as conn:
        refused = throttle.check(conn, body.username, source)
        if refused is None:
            user = authenticate(conn, body.username, body.password)
            if user is None:
                failure = throttle.failed(conn, body.username, source)
            else:
                throttle.succeeded(conn, user.id)
                token, expires = open_session(conn, user)
    if refused is not None:
        log.info("sign-in refused (%s) from %s", refused.why.value, source)
        raise refusal_error(refused, throttle)
    if user is None:
        # The name is not logged (it may be a password typed in the wrong field); the
        # audit, which only administrators read, keeps it with the address.
        log.info("failed sign-in from %s", source)
        _audit_failure(ctx, body.username, source, failure)
        wrong = ApiError(401, ErrorCode.INVALID_CREDENTIALS, "Wrong username or password.")
        raise _failure_error(failure, throttle, wrong)
    log.info("user %s signed in", user.username)
    return {"token": token, "expires_at": to_wire(expires), "user": user.to_json()}


@router.post("/logout", status_code=204, response_class=Response)
def logout(
    token: str = Depends(bearer_token),
    _user: User = Depends(signed_in_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    with ctx.engine.begin() as conn:
        close_session(conn, token)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut)
def me(user: User = Depends(signed_in_user)) -> dict:
    return user.to_json()


@router.post(
    "/password",
    status_code=204,
    response_class=Response,
    description="Any signed-in user, also one who must change their password. 422 "
    "wrong_password (the current password is wrong; counted like a failed sign-in), 422 "
    "weak_password (the message says which rule). The user's other sessions end.",
)
def change_password(
    body: PasswordChange,
    request: Request,
    token: str = Depends(bearer_token),
    user: User = Depends(signed_in_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    throttle, source = throttle_of(request), source_of(request)
    failure = None
    with throttle.guard(user.username), ctx.engine.begin() as conn:
        # A stolen session must not become a way to guess the password itself.
        refused = throttle.check(conn, user.username, source)
        if refused is None and not password_matches(conn, user.id, body.old_password):
            failure = throttle.failed(conn, user.username, source)
    if refused is not None:
        raise refusal_error(refused, throttle)
    if failure is not None:
        _audit_failure(ctx, user.username, source, failure, during="password_change")
        wrong = ApiError(422, ErrorCode.WRONG_PASSWORD, "The current password is not right.")
        raise _failure_error(failure, throttle, wrong)
    if body.new_password == body.old_password:
        raise ApiError(
            422, ErrorCode.WEAK_PASSWORD, "The new password must differ from the current one."
        )
    try:
        require_acceptable(body.new_password, user.username)
    except WeakPassword as exc:
        raise ApiError(422, ErrorCode.WEAK_PASSWORD, str(exc)) from None
    with ctx.engine.begin() as conn:
        set_password(conn, user.id, body.new_password, must_change=False)
        # Whoever else knew the old password loses their sessions; this one goes on.
        end_sessions(conn, user.id, keep=token)
        throttle.succeeded(conn, user.id)
    record(ctx.engine, AuditAction.PASSWORD_CHANGED, actor=user.username,
           details={"username": user.username, "source": source})
    log.info("user %s changed their password", user.username)
    return Response(status_code=204)
