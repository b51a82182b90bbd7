"""``GET /cameras/{id}/live``: where a client watches a camera stream now.

Through the relay by default: the URL names the relay on the host the client reached
the API on (or ``--relay-host``) and carries a fresh ticket bound to this user, camera
and profile. A direct URL (the camera's own, never with an account in it) only for
cameras of a direct-live site that have no stored password, or when the server runs
without its relay.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from server.api.catalog import visible_camera
from server.api.deps import current_user, get_ctx
from server.api.models import ERRORS, LiveOut
from server.cameras import Profile
from server.clock import to_wire, utc_now
from server.context import ServerContext
from server.errors import ApiError, ErrorCode
from server.node.relay.direct import watch_directly
from server.node.relay.tickets import Ticket, TicketKind
from server.nodes import relay_node
from server.schema import camera_streams
from server.users import User

router = APIRouter(prefix="/api/v1", tags=["live"], responses=ERRORS)


def _advertised_host(ctx: ServerContext, request: Request) -> str:
    host = ctx.settings.relay_host or request.url.hostname or "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _relay_for(ctx: ServerContext, request: Request, camera_id: str) -> tuple[str, int] | None:
    """(host, port) of the relay a viewer goes to: the one of the node recording the
    camera (this process's own when it records it), else any up node's, else this
    process's; None: no relay anywhere (live goes to the camera)."""
    own = request.app.state.relay
    directory = ctx.footage.directory
    if directory is not None:
        node = relay_node(camera_id, directory.holder(camera_id), directory.up())
        if node is not None and node.name != ctx.settings.node_name:
            host = node.relay_host or request.url.hostname or "127.0.0.1"
            host = f"[{host}]" if ":" in host and not host.startswith("[") else host
            return host, node.relay_port
    if own is None:
        return None
    return _advertised_host(ctx, request), own.port


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


@router.get("/cameras/{camera_id}/live", response_model=LiveOut)
def get_live(
    camera_id: str,
    request: Request,
    profile: Profile = Profile.MAIN,
    user: User = Depends(current_user),
    ctx: ServerContext = Depends(get_ctx),
) -> dict:
    cam = visible_camera(ctx, user, camera_id)
    with ctx.engine.connect() as conn:
        stream = conn.execute(
            select(camera_streams).where(
                camera_streams.c.camera_id == cam.id, camera_streams.c.profile == profile.value
            )
        ).first()
        # A stored URL never has an account in it (onboarding refuses one); should an
        # old row hold one anyway, it goes through the relay and stays on the server.
        direct = (
            stream is not None
            and "@" not in urlsplit(stream.url).netloc
            and watch_directly(conn, cam.id)
        )
    if stream is None:
        raise ApiError(
            404, ErrorCode.PROFILE_NOT_FOUND, f"Camera {cam.id} has no {profile.value} stream."
        )
    answer = {
        "profile": profile.value,
        "codec": stream.codec,
        "width": stream.width,
        "height": stream.height,
    }
    target = None if direct else _relay_for(ctx, request, cam.id)
    if target is None:
        url = stream.url if direct else _without_userinfo(stream.url)
        return {**answer, "url": url, "expires_at": None, "via": "direct"}
    host, port = target
    expires = utc_now() + timedelta(seconds=ctx.settings.relay_ticket_s)
    ticket = request.app.state.tickets.issue(
        Ticket(TicketKind.VIEWER, user.id, cam.id, profile, expires)
    )
    url = f"rtsp://{host}:{port}/{cam.id}/{profile.value}?ticket={ticket}"
    return {**answer, "url": url, "expires_at": to_wire(expires), "via": "relay"}
