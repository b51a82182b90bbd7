"""Request limits that hold before any route runs, sign-in included.

A body larger than its cap is refused with 413 ``payload_too_large`` before it is read:
a declared Content-Length over the cap is answered at once, and a chunked (or lying)
body is counted as it streams in and cut off at the first byte past the cap. Either way
the answer says ``Connection: close``, because the rest of the body is still on the
wire and the connection cannot carry another request (a 600 MB sign-in body was once
read whole, +1.3 GB of memory).

Row ids in paths and queries (bookmarks, exports, evidence requests, views) are 64-bit
database integers; a larger number is a 422 here rather than an overflow in the driver.
"""

from __future__ import annotations

import json
import re

from fastapi import Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import ApiError, ErrorCode, error_body

MIB = 1 << 20
DEFAULT_BODY_LIMIT = 1 * MIB  # every JSON body of the API is a few kB at most
# Paths that take a file: the camera import (a CSV or JSON list of a whole fleet,
# checked again at 32 MB by the route itself), a map's picture.
BODY_LIMITS = {"/api/v1/admin/cameras/import": 32 * MIB,
               # a map's picture (server/maps.py checks it again at 16 MB)
               "/api/v1/admin/maps": 17 * MIB}

ROW_ID_MIN, ROW_ID_MAX = -(2**63), 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
CLOSE = {"Connection": "close"}


def body_limit(path: str) -> int:
    return BODY_LIMITS.get(path.rstrip("/"), DEFAULT_BODY_LIMIT)


def _too_large_message(limit: int) -> str:
    return f"The request body is larger than {limit // MIB} MiB."


class PayloadTooLarge(StarletteHTTPException):
    """Raised from the counted receive channel; rendered by server/errors.py as 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large_message(limit), headers=dict(CLOSE))


class BodyLimit:
    """ASGI middleware: the cap of each request's path, enforced on the raw stream."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise PayloadTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP parser refuses it before we are called
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(error_body(ErrorCode.PAYLOAD_TOO_LARGE, _too_large_message(limit)))
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})


def checked_row_ids(request: Request) -> None:
    """App-wide dependency: a path or query parameter a route declares as ``int`` must fit
    a database row id (routes keep their own narrower bounds)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    for field, values in (
        *((f, [request.path_params.get(f.alias)]) for f in dependant.path_params),
        *((f, request.query_params.getlist(f.alias)) for f in dependant.query_params),
    ):
        if field.field_info.annotation not in (int, int | None):
            continue
        for value in values:
            if (
                isinstance(value, str)
                and _INTEGER.fullmatch(value)
                and not ROW_ID_MIN <= int(value) <= ROW_ID_MAX
            ):
                raise ApiError(
                    422,
                    ErrorCode.VALIDATION_ERROR,
                    f"Invalid request: {field.alias}: no such number here "
                    f"(at most {ROW_ID_MAX}).",
                )
