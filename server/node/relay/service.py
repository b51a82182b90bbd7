"""The relay's place in the server's lifetime: started before the recorder (which
records through it), subscribed to catalog changes, stopped after the recorder."""

from __future__ import annotations

import logging

from server.camera_access import source_url
from server.cameras import Profile
from server.context import ServerContext
from server.node.analytics.manager import SmallestSource
from server.node.analytics.streams import smallest_profile
from server.node.recorder.manager import SourceFor
from server.node.relay.server import RelayServer
from server.node.relay.tickets import TicketSigner

log = logging.getLogger(__name__)


def open_relay(ctx: ServerContext, signer: TicketSigner) -> RelayServer:
    settings = ctx.settings
    relay = RelayServer(ctx.engine, ctx.vault, signer, settings.relay_bind, settings.relay_port)
    relay.start()
    ctx.camera_listeners.append(relay.on_camera_changed)
    ctx.user_listeners.append(relay.on_user_changed)
    return relay


def close_relay(ctx: ServerContext, relay: RelayServer) -> None:
    for listeners, fn in (
        (ctx.camera_listeners, relay.on_camera_changed),
        (ctx.user_listeners, relay.on_user_changed),
    ):
        if fn in listeners:
            listeners.remove(fn)
    relay.stop()


def recorder_source(ctx: ServerContext, relay: RelayServer | None) -> SourceFor:
    """Where the recorder pulls a camera's main stream: through the relay (one session
    at the camera shared with every viewer), or from the camera without one."""
    if relay is not None:
        return relay.recorder_url

    def direct(camera_id: str) -> str | None:
        with ctx.engine.connect() as conn:
            return source_url(conn, ctx.vault, camera_id, Profile.MAIN.value)

    return direct


def smallest_source(ctx: ServerContext, relay: RelayServer | None) -> SmallestSource:
    """Where the analytics pull a camera's smallest stream: through the relay like the
    recorder (so the camera sees one more session only when nobody watches it), or
    from the camera without one."""

    def url(camera_id: str) -> str | None:
        with ctx.engine.connect() as conn:
            profile = smallest_profile(conn, camera_id)
            if profile is None:
                return None
            if relay is not None:
                return relay.recorder_url(camera_id, profile)
            return source_url(conn, ctx.vault, camera_id, profile.value)

    return url
