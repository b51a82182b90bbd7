"""One error shape for every answer: {"detail": {"code": ..., "message": ...}}."""

from __future__ import annotations

import logging
from enum import StrEnum

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.disk_full import is_disk_full

log = logging.getLogger(__name__)


class ErrorCode(StrEnum):
    NOT_AUTHENTICATED = "not_authenticated"
    INVALID_TOKEN = "invalid_token"
    TOKEN_EXPIRED = "token_expired"
    INVALID_CREDENTIALS = "invalid_credentials"
    FORBIDDEN = "forbidden"
    CAMERA_NOT_FOUND = "camera_not_found"
    AREA_NOT_FOUND = "area_not_found"
    PROFILE_NOT_FOUND = "profile_not_found"
    NO_RECORDING = "no_recording"
    INVALID_TIME = "invalid_time"
    INVALID_RANGE = "invalid_range"
    RANGE_TOO_LONG = "range_too_long"
    VALIDATION_ERROR = "validation_error"
    BAD_REQUEST = "bad_request"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INTERNAL_ERROR = "internal_error"
    EXPORT_NOT_READY = "export_not_ready"
    EXPORT_GONE = "export_gone"
    REQUEST_DECIDED = "request_decided"
    BOOKMARK_NOT_FOUND = "bookmark_not_found"
    BOOKMARK_PROTECTED = "bookmark_protected"
    PTZ_LOCKED = "ptz_locked"
    NOT_PTZ = "not_ptz"
    CAMERA_UNREACHABLE = "camera_unreachable"
    PRESET_NOT_FOUND = "preset_not_found"
    REQUEST_NOT_APPROVED = "request_not_approved"
    # user administration, password rules and sign-in throttling
    USER_NOT_FOUND = "user_not_found"
    USER_EXISTS = "user_exists"
    WEAK_PASSWORD = "weak_password"
    WRONG_PASSWORD = "wrong_password"
    CANNOT_REMOVE_SELF = "cannot_remove_self"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    ACCOUNT_LOCKED = "account_locked"
    # camera onboarding and administration (issue 12)
    CAMERA_AUTH_FAILED = "camera_auth_failed"
    CAMERA_REFUSED = "camera_refused"
    CAMERA_TIMEOUT = "camera_timeout"
    NOT_ONVIF = "not_onvif"
    STREAM_UNREADABLE = "stream_unreadable"
    CAMERA_EXISTS = "camera_exists"
    IMPORT_FAILED = "import_failed"
    CREDENTIAL_NOT_FOUND = "credential_not_found"
    CREDENTIAL_IN_USE = "credential_in_use"
    # full disks (issue 13): a write that truly cannot happen now
    STORAGE_FULL = "storage_full"
    # closed doors (issue 13)
    PAYLOAD_TOO_LARGE = "payload_too_large"
    WORKSTATION_NOT_FOUND = "workstation_not_found"
    MIXED_SCOPE = "mixed_scope"
    # alarms (issue 17)
    ALARM_NOT_FOUND = "alarm_not_found"
    ALARM_RULE_NOT_FOUND = "alarm_rule_not_found"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"


class ApiError(Exception):
    """Raised anywhere in a request; rendered in the one error shape."""

    def __init__(self, status: int, code: ErrorCode, message: str, headers=None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: ErrorCode, message: str) -> dict:
    return {"detail": {"code": code.value, "message": message}}


def _response(status: int, code: ErrorCode, message: str, headers=None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


_STATUS_CODES = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.NOT_AUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
}


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query"))
        msg = str(err.get("msg", "is invalid"))
        parts.append(f"{where}: {msg}" if where else msg)
    return "Invalid request: " + "; ".join(parts) if parts else "Invalid request."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _response(422, ErrorCode.VALIDATION_ERROR, _describe_validation(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, ErrorCode.BAD_REQUEST)
        if exc.status_code >= 500:
            code = ErrorCode.INTERNAL_ERROR
        message = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404:
            message = "No such resource."
        return _response(exc.status_code, code, message, getattr(exc, "headers", None))

    async def _maybe_full(request: Request, exc: Exception) -> JSONResponse:
        if is_disk_full(exc):
            # The driver's own words only: SQLAlchemy's text carries the statement's values.
            log.error("%s %s: the disk is full: %s", request.method, request.url.path,
                      getattr(exc, "orig", None) or exc.strerror)
            return _response(503, ErrorCode.STORAGE_FULL, "The server's disk is full: "
                             "nothing was saved. Try again when an administrator has freed "
                             "space.", {"Retry-After": "30"})
        return await _unexpected(request, exc)

    app.add_exception_handler(OperationalError, _maybe_full)
    app.add_exception_handler(OSError, _maybe_full)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
        # A number the database cannot hold (an id beyond 64 bits in a body): the input's
        # fault, whichever route let it through. The routes' own bounds come first.
        log.info("value out of range on %s %s: %s", request.method, request.url.path,
                 type(exc).__name__)
        return _response(422, ErrorCode.VALIDATION_ERROR, "Invalid request: a number is "
                         "out of range.")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the log only; the caller learns nothing internal.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        # Starlette re-raises after this answer and the server then drops the connection:
        # say so, so a keep-alive client does not send its next request into it.
        return _response(
            500, ErrorCode.INTERNAL_ERROR, "Internal server error.", {"Connection": "close"}
        )
