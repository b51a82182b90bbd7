"""Request dependencies: the server context, the database, the signed-in user."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.users import Role, TokenProblem, User, resolve_token

# auto_error=False: a missing header must answer in our error shape, not FastAPI's.
_bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/login")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def get_ctx(request: Request) -> ServerContext:
    return request.app.state.ctx


def bearer_token(creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
    if creds is None or not creds.credentials:
        raise ApiError(
            401,
            ErrorCode.NOT_AUTHENTICATED,
            "Sign in first: a bearer token is required.",
            _CHALLENGE,
        )
    return creds.credentials


def signed_in_user(
    token: str = Depends(bearer_token), ctx: ServerContext = Depends(get_ctx)
) -> User:
    """The token's user, also one who must still choose a new password: only for
    POST /auth/password, /auth/logout and GET /auth/me."""
    return user_for_token(token, ctx)


def current_user(user: User = Depends(signed_in_user)) -> User:
    return past_password_change(user)


def media_token(
    creds: HTTPAuthorizationCredentials | None = Depends(_bearer),
    access_token: str | None = Query(
        None,
        max_length=200,
        description="For players that cannot send an Authorization header (VLC); "
        "the header is preferred. The server never logs query strings.",
    ),
) -> str:
    if creds is not None and creds.credentials:
        return creds.credentials
    if access_token:
        return access_token
    raise ApiError(
        401, ErrorCode.NOT_AUTHENTICATED, "Sign in first: a bearer token is required.", _CHALLENGE
    )


def media_user(token: str = Depends(media_token), ctx: ServerContext = Depends(get_ctx)) -> User:
    return past_password_change(user_for_token(token, ctx))


def past_password_change(user: User) -> User:
    """403 while the user signs in with a password someone else chose (a new account,
    a reset): it may be known to that someone, so it opens nothing until replaced."""
    if user.must_change_password:
        raise ApiError(
            403,
            ErrorCode.PASSWORD_CHANGE_REQUIRED,
            "Choose a new password first (POST /api/v1/auth/password).",
        )
    return user


def user_for_token(token: str, ctx: ServerContext) -> User:
    if len(token) > 200:
        raise ApiError(
            401, ErrorCode.INVALID_TOKEN, "The token is not valid; sign in again.", _CHALLENGE
        )
    with ctx.engine.connect() as conn:
        found = resolve_token(conn, token)
    if found is TokenProblem.EXPIRED:
        raise ApiError(
            401, ErrorCode.TOKEN_EXPIRED, "The session has expired; sign in again.", _CHALLENGE
        )
    if isinstance(found, TokenProblem):
        raise ApiError(
            401, ErrorCode.INVALID_TOKEN, "The token is not valid; sign in again.", _CHALLENGE
        )
    return found


def require_role(user: User, allowed: frozenset[Role], doing: str) -> None:
    """403 unless the user holds one of ``allowed``; ``doing`` completes "Only … may …"."""
    if not allowed.intersection(user.roles):
        names = ", ".join(sorted(r.value for r in allowed))
        raise ApiError(403, ErrorCode.FORBIDDEN, f"Only {names} may {doing}.")
