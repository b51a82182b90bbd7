"""Server-sent events (text/event-stream): what is pushed to one workstation's walls,
filtered to the cameras its user may see."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS
from server.cameras import list_cameras
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.events import Event, EventBus
from server.storage_guard import alarm_event
from server.users import User
from server.workstation_access import may_use

router = APIRouter(prefix="/api/v1", tags=["events"], responses=ERRORS)

KEEPALIVE_S = 10.0  # a comment line this often lets both ends notice a dead link
_POLL_S = 1.0  # how soon a stream notices the server stopping


def _accepts(workstation: str, user: User, ctx: ServerContext):
    def accepts(event: Event) -> bool:
        # An event for no workstation (a storage alarm) is for every stream.
        if event.get("workstation", workstation) != workstation:
            return False
        camera_id = event.get("camera_id")
        with ctx.engine.connect() as conn:
            # Asked again at each push: a user taken off the workstation hears no more.
            if "workstation" in event and not may_use(conn, workstation, user):
                return False
            if camera_id is None:
                return True
            return bool(list_cameras(conn, user.areas, camera_id=camera_id))
    return accepts


def _may_use(ctx: ServerContext, workstation: str, user: User) -> bool:
    with ctx.engine.connect() as conn:
        return may_use(conn, workstation, user)


def _frame(event: Event) -> str:
    return f"event: {event.get('type', 'message')}\ndata: {json.dumps(event)}\n\n"


@router.get("/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def events(request: Request,
                 workstation: str = Query(min_length=1, max_length=100,
                                          description="receive what is pushed to it"),
                 user: User = Depends(current_user),
                 ctx: ServerContext = Depends(get_ctx)) -> StreamingResponse:
    bus: EventBus = request.app.state.events
    stopping = request.app.state.stopping
    if not await run_in_threadpool(_may_use, ctx, workstation, user):
        # Register it first (PUT /walls/{workstation}); another's pushes stay theirs.
        raise ApiError(404, ErrorCode.WORKSTATION_NOT_FOUND,
                       f"No workstation {workstation!r} of yours; register it first.")

    async def stream() -> AsyncIterator[str]:
        sub = bus.subscribe(_accepts(workstation, user, ctx), tag=workstation)
        try:
            # The first event says the subscription is in place: pushes from now on arrive.
            yield _frame({"type": "hello", "workstation": workstation})
            # A storage alarm raised before this stream opened is news to it too.
            storage = request.app.state.storage_guard.report()
            if storage.alarm:
                yield _frame(alarm_event(storage))
            idle = 0.0
            while not stopping.is_set():
                try:
                    event = await asyncio.wait_for(sub.queue.get(), _POLL_S)
                except TimeoutError:
                    idle += _POLL_S
                    if idle >= KEEPALIVE_S:
                        idle = 0.0
                        yield ": keep-alive\n\n"
                    continue
                idle = 0.0
                yield _frame(event)
        finally:
            bus.unsubscribe(sub)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
