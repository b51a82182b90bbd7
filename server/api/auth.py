"""POST /auth/login, POST /auth/logout, GET /auth/me."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Response

from server.api.deps import bearer_token, current_user, get_ctx
from server.api.models import ERRORS, LoginRequest, LoginResponse, UserOut
from server.clock import to_wire
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.users import User, authenticate, close_session, open_session

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=ERRORS)


@router.post("/login", response_model=LoginResponse)
def login(body: LoginRequest, ctx: ServerContext = Depends(get_ctx)) -> dict:
    with ctx.engine.begin() as conn:
        user = authenticate(conn, body.username, body.password)
        if user is None:
            log.info("failed sign-in")  # the name is not logged: it may be a mistyped password
            raise ApiError(401, ErrorCode.INVALID_CREDENTIALS, "Wrong username or password.")
        token, expires = open_session(conn, user)
    log.info("user %s signed in", user.username)
    return {"token": token, "expires_at": to_wire(expires), "user": user.to_json()}


@router.post("/logout", status_code=204, response_class=Response)
def logout(
    token: str = Depends(bearer_token),
    _user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> Response:
    with ctx.engine.begin() as conn:
        close_session(conn, token)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut)
def me(user: User = Depends(current_user)) -> dict:
    return user.to_json()
