"""GStreamer's RTSP server with one shared media factory per camera path.

Paths are ``/<camera id>/<stream>``. A factory is shared, so any number of clients of
one path cost one pipeline; the pipeline exists only while someone watches. Taking a
camera offline unmounts its paths (new clients get 404) and closes the connections of
clients that watch it, as if the camera had died. With accounts, every path asks for
its camera's digest credentials (``rtsp_auth``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Protocol

from camsim.accounts import Account
from camsim.gst import GLib, GstRtspServer
from camsim.profiles import Stream
from camsim.rtsp_auth import FleetAuth, camera_auth, permit_only
from camsim.sessions import SessionCount, SessionLedger, path_of
from camsim.state import CameraState, FleetState

log = logging.getLogger(__name__)

# Sessions whose client vanished without TEARDOWN (UDP) expire after their timeout
# (60 s); looking every few seconds bounds how long they linger past it.
_SESSION_CLEANUP_S = 5


class MediaSource(Protocol):
    """What a path serves: a launch line whose appsrc is named ``src``."""

    launch: str

    def start(self, appsrc) -> Callable[[], None]:
        """Begin feeding ``appsrc``; return the function that stops it."""


class RtspServer:
    def __init__(
        self, host: str, port: int, fleet: FleetState, accounts: dict[str, Account] | None
    ) -> None:
        self._server = GstRtspServer.RTSPServer()
        self._server.set_address(host)
        self._server.set_service(str(port))
        self._server.connect("client-connected", self._on_client_connected)
        self._protected = accounts is not None
        if accounts is not None:
            auths = {cid: camera_auth(cid, account) for cid, account in accounts.items()}
            self._server.set_auth(FleetAuth(auths))
        self._mounts = self._server.get_mount_points()
        self._pool = self._server.get_session_pool()
        self._pool.connect("session-removed", self._on_pool_session_removed)
        self._ledger = SessionLedger()
        self._factories: dict[str, GstRtspServer.RTSPMediaFactory] = {}
        # client -> camera ids it asked for; kept on the GLib thread only.
        self._watchers: dict[GstRtspServer.RTSPClient, set[str]] = {}
        self._fleet = fleet
        self._context = GLib.MainContext.new()
        self._loop = GLib.MainLoop.new(self._context, False)
        self._thread = threading.Thread(target=self._loop.run, name="camsim-rtsp", daemon=True)
        fleet.subscribe(self._on_state_changed)

    @property
    def port(self) -> int:
        return self._server.get_bound_port()

    def mount(self, camera_id: str, stream: Stream, source: MediaSource) -> None:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(source.launch)
        factory.set_shared(True)
        if self._protected:
            permit_only(factory, camera_id)
        factory.connect("media-configure", self._on_media_configure, source)
        path = f"/{camera_id}/{stream}"
        self._factories[path] = factory
        self._mounts.add_factory(path, factory)

    def start(self) -> int:
        if self._server.attach(self._context) == 0:
            raise OSError(f"RTSP server cannot listen on port {self._server.get_service()}")
        cleanup = GLib.timeout_source_new_seconds(_SESSION_CLEANUP_S)
        cleanup.set_callback(self._on_cleanup_timer)
        cleanup.attach(self._context)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._loop.quit()
        self._thread.join(timeout=5)

    # --- any thread --------------------------------------------------------------

    def sessions(self, camera_id: str, streams: Iterable[Stream]) -> dict[Stream, SessionCount]:
        """Active and total sessions of each of the camera's paths.

        Active is asked of the session pool itself (both the pool and each session
        lock their lists), so a session whose client died counts only while the
        server still holds its media."""
        paths = {stream: f"/{camera_id}/{stream}" for stream in streams}
        active = dict.fromkeys(paths, 0)
        for session in self._pool.filter(None, None):
            for media in session.filter(None, None):
                for stream, path in paths.items():
                    matches, matched = media.matches(path)
                    if matches and matched == len(path):
                        active[stream] += 1
        return {s: SessionCount(active[s], self._ledger.total(p)) for s, p in paths.items()}

    def _on_pool_session_removed(self, _pool, session) -> None:
        self._ledger.forget(session.get_sessionid())

    def _on_state_changed(self, camera_id: str, old: CameraState, new: CameraState) -> None:
        paths = [p for p in self._factories if p.startswith(f"/{camera_id}/")]
        if new is CameraState.OFFLINE:
            for path in paths:
                self._mounts.remove_factory(path)
            # Client objects are only touched from the server's own main context.
            self._context.invoke_full(GLib.PRIORITY_DEFAULT, self._disconnect, camera_id)
        elif old is CameraState.OFFLINE:
            for path in paths:
                self._mounts.add_factory(path, self._factories[path])

    # --- GLib thread -------------------------------------------------------------

    def _on_cleanup_timer(self, *_args) -> bool:
        self._pool.cleanup()
        return GLib.SOURCE_CONTINUE

    def _on_media_configure(self, _factory, media, source: MediaSource) -> None:
        appsrc = media.get_element().get_by_name("src")
        stop = source.start(appsrc)
        media.connect("unprepared", lambda _media: stop())

    def _on_client_connected(self, _server, client) -> None:
        client.connect("describe-request", self._on_client_request)
        client.connect("setup-request", self._on_client_setup)
        client.connect("closed", self._on_client_closed)

    def _on_client_request(self, client, ctx) -> None:
        parts = ctx.uri.abspath.strip("/").split("/")
        if parts and parts[0]:
            self._watchers.setdefault(client, set()).add(parts[0])

    def _on_client_setup(self, client, ctx) -> None:
        # Emitted once the SETUP has succeeded, so refused ones (401, 404) never count.
        self._on_client_request(client, ctx)
        if ctx.session is not None:
            self._ledger.setup(ctx.session.get_sessionid(), path_of(ctx.uri.abspath))

    def _on_client_closed(self, client) -> None:
        self._watchers.pop(client, None)

    def _disconnect(self, camera_id: str) -> bool:
        def drop(_server, client):
            if camera_id in self._watchers.get(client, ()):
                return GstRtspServer.RTSPFilterResult.REMOVE
            return GstRtspServer.RTSPFilterResult.KEEP

        self._server.client_filter(drop)
        return GLib.SOURCE_REMOVE
