"""Errors of the API client, as an enum a view can translate, plus the server's words."""

from __future__ import annotations

import enum


class ApiErrorKind(enum.Enum):
    UNREACHABLE = "unreachable"  # no answer: refused, timed out, DNS, TLS
    INVALID_CREDENTIALS = "invalid_credentials"
    UNAUTHORIZED = "unauthorized"  # token missing or expired
    FORBIDDEN = "forbidden"  # logged in, but not allowed (area, role)
    NOT_FOUND = "not_found"
    NO_RECORDING = "no_recording"
    BAD_REQUEST = "bad_request"
    SERVER_ERROR = "server_error"
    BAD_RESPONSE = "bad_response"  # the answer was not what the API promises
    LOCKED = "account_locked"  # too many wrong passwords: the account waits (423)
    THROTTLED = "too_many_attempts"  # this address or account must wait a while (429)
    # Signed in with a password an administrator set: nothing opens until it is changed
    PASSWORD_CHANGE_REQUIRED = "password_change_required"


class ApiError(Exception):
    def __init__(self, kind: ApiErrorKind, message: str = "", status: int | None = None,
                 code: str = "", detail: dict | None = None) -> None:
        super().__init__(f"{kind.value}: {message}" if message else kind.value)
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code  # the server's snake_case code, when it sent one
        # The server's whole error detail (e.g. an import's report beside its code)
        self.detail = detail or {}


# The server's own codes first: they say more than the HTTP status.
_BY_CODE = {
    "invalid_credentials": ApiErrorKind.INVALID_CREDENTIALS,
    "no_recording": ApiErrorKind.NO_RECORDING,
    "account_locked": ApiErrorKind.LOCKED,
    "too_many_attempts": ApiErrorKind.THROTTLED,
    "password_change_required": ApiErrorKind.PASSWORD_CHANGE_REQUIRED,
}

_BY_STATUS = {
    400: ApiErrorKind.BAD_REQUEST,
    401: ApiErrorKind.UNAUTHORIZED,
    403: ApiErrorKind.FORBIDDEN,
    404: ApiErrorKind.NOT_FOUND,
    409: ApiErrorKind.BAD_REQUEST,
    422: ApiErrorKind.BAD_REQUEST,
    423: ApiErrorKind.LOCKED,
    429: ApiErrorKind.THROTTLED,
}


def kind_for(status: int, code: str) -> ApiErrorKind:
    if code in _BY_CODE:
        return _BY_CODE[code]
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ApiErrorKind.SERVER_ERROR
    return ApiErrorKind.BAD_RESPONSE if status < 400 else ApiErrorKind.BAD_REQUEST
