"""The relay: GStreamer's RTSP server on a GLib main loop of its own thread.

Paths are ``/<camera id>/<profile>``. However many clients watch a path, the camera is
pulled once, by the path's feed (feed.py), and not at all while nobody does (after a
linger, feeds.py). Each client has a media of its own (the factory is not shared), fed
from the feed (outlet.py), so a viewer starts on the feed's cached GOP at once instead
of waiting for the camera's next keyframe.

The recorder starts on the camera's next keyframe instead: it may reconnect to a feed
that kept running (a linger, another client), and a burst would give it again pictures
it has already written (two segments over the same seconds). A feed started for the
recorder gives it everything from the camera's first keyframe, as a shared media gave
its first client (outlet.py).

Every DESCRIBE and SETUP must carry ``?ticket=``; it is checked in the client's
``pre-describe-request`` / ``pre-setup-request`` signals. Those signals (GStreamer 1.12+)
let a Python handler answer any RTSP status code for one request, with the parsed
request URL in hand; an ``RTSPAuth`` subclass would have to re-implement the
authentication and permission check vfuncs and, from Python, cannot tell "no such
camera" from "not allowed". Paths are mounted on the first allowed DESCRIBE, so a
city of 30,000 cameras holds factories only for what is watched.

The catalog is followed through ``camera_changed`` / ``user_changed``: a camera that is
disabled, removed or pointed elsewhere loses its paths and its clients at once, and a
user who is disabled, deleted or loses the camera's area has their sessions closed.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs

from sqlalchemy import Engine, select

from server.camera_access import source_url
from server.cameras import Profile
from server.clock import utc_now
from server.node.relay import access
from server.node.relay.access import Verdict
from server.node.relay.feeds import Feeds
from server.node.relay.gst import GLib, Gst, GstRtsp, GstRtspServer
from server.node.relay.outlet import StartAt
from server.node.relay.tickets import Ticket, TicketKind, TicketRefused, TicketSigner
from server.schema import camera_streams, cameras, users
from server.vault import Vault

log = logging.getLogger(__name__)

# The recorder asks for a fresh ticket for each connection, so this only has to cover
# the moment between asking and the relay's DESCRIBE.
RECORDER_TICKET_LIFETIME = timedelta(seconds=30)
# How long a lost feed's clients have to be answered before they are closed.
_ANSWER_FIRST_MS = 1000
LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
_STATUS = {
    Verdict.USER_GONE: GstRtsp.RTSPStatusCode.FORBIDDEN,
    Verdict.OUT_OF_AREA: GstRtsp.RTSPStatusCode.FORBIDDEN,
    Verdict.CAMERA_GONE: GstRtsp.RTSPStatusCode.NOT_FOUND,
    Verdict.NO_STREAM: GstRtsp.RTSPStatusCode.NOT_FOUND,
}


@dataclass(frozen=True)
class _Watch:
    """One client's permission, as its ticket granted it."""

    ticket: Ticket
    username: str | None  # None: the recorder


@dataclass(frozen=True)
class _Source:
    """What a mounted path pulls; a change means the path must be mounted afresh."""

    url: str  # without credentials, as stored
    credential_id: str | None


class _PathFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, relay: RelayServer, camera_id: str, profile: Profile) -> None:
        super().__init__()
        self._relay = relay
        self.camera_id = camera_id
        self.profile = profile
        self.set_shared(False)  # a media per client: each starts where it should
        self.connect("media-configure", _on_media_configure)

    def do_create_element(self, url):
        return self._relay.client_element(self.camera_id, self.profile, url.query)


def _on_media_configure(_factory, media) -> None:
    # The media's sinks must not wait for a buffer's time: a client's timestamps are
    # the camera's (outlet.py), and its first GOP must go out at once. The RTSP server
    # sets sync on its sinks after adding them, so it is held off whenever it is set.
    media.get_element().get_parent().connect("deep-element-added", _on_element_added)


def _on_element_added(_pipeline, _bin, element) -> None:
    if element.find_property("sync") is not None:
        element.connect("notify::sync", _keep_unsynced)
        element.set_property("sync", False)


def _keep_unsynced(element, _pspec) -> None:
    if element.get_property("sync"):
        element.set_property("sync", False)


class RelayServer:
    def __init__(
        self,
        engine: Engine,
        vault: Vault | None,
        signer: TicketSigner,
        bind: str,
        port: int,
    ) -> None:
        self._engine = engine
        self._vault = vault
        # How the server's own recorder reaches the relay: loopback when it listens on
        # every address, else the one address it listens on.
        self._local_host = "127.0.0.1" if bind in ("", "0.0.0.0", "::") else bind
        self._own_peers = LOOPBACK | {bind}
        self.signer = signer
        self._server = GstRtspServer.RTSPServer()
        self._server.set_address(bind)
        self._server.set_service(str(port))
        self._server.connect("client-connected", self._on_server_client_connected)
        self._mounts = self._server.get_mount_points()
        self._lock = threading.Lock()
        self._paths: dict[str, tuple[_PathFactory, _Source]] = {}  # guarded by _lock
        self._watches: dict[GstRtspServer.RTSPClient, _Watch] = {}  # guarded by _lock
        self._context = GLib.MainContext.new()
        self.feeds = Feeds(self._context, self._on_feed_lost)
        self._loop = GLib.MainLoop.new(self._context, False)
        self._thread = threading.Thread(target=self._loop.run, name="relay", daemon=True)

    @property
    def port(self) -> int:
        return self._server.get_bound_port()

    def start(self) -> int:
        if self._server.attach(self._context) == 0:
            raise OSError(f"the relay cannot listen on port {self._server.get_service()}")
        self._thread.start()
        log.info("relay listening on port %d", self.port)
        return self.port

    def stop(self) -> None:
        self._invoke(self._drop_where, lambda _watch: True)
        self._loop.quit()
        self._thread.join(timeout=5)
        self.feeds.stop_all()

    def recorder_url(self, camera_id: str, profile: Profile = Profile.MAIN) -> str:
        """A loopback URL with a fresh recorder ticket: call it for every connection."""
        ticket = Ticket(
            TicketKind.RECORDER, None, camera_id, profile, utc_now() + RECORDER_TICKET_LIFETIME
        )
        host = f"[{self._local_host}]" if ":" in self._local_host else self._local_host
        return f"rtsp://{host}:{self.port}/{camera_id}/{profile.value}?ticket=" + (
            self.signer.issue(ticket)
        )

    def client_element(self, camera_id: str, profile: Profile, query: str | None
                       ) -> Gst.Element | None:
        """One client's media element (GLib thread, from the factory)."""
        raw = parse_qs(query or "").get("ticket", [None])[0]
        start = StartAt.GOP
        if raw is not None:
            try:
                if self.signer.verify(raw, utc_now()).kind is TicketKind.RECORDER:
                    start = StartAt.KEYFRAME  # why: the module's docstring
            except TicketRefused:
                pass  # checked moments ago in pre-describe; a viewer's start is harmless
        return self.feeds.outlet(camera_id, profile,
                                 lambda: self.source_for(camera_id, profile), start)

    def source_for(self, camera_id: str, profile: Profile) -> str | None:
        """The camera's own URL with its account: for rtspsrc only, never logged."""
        with self._engine.connect() as conn:
            if access.camera_streamable(conn, camera_id, profile.value) is not Verdict.ALLOWED:
                return None
            return source_url(conn, self._vault, camera_id, profile.value)

    # --- the catalog changed (any thread) ----------------------------------------

    def on_camera_changed(self, camera_id: str) -> None:
        with self._engine.connect() as conn:
            current = {p: self._stored_source(conn, camera_id, p) for p in Profile}
        stale = []
        with self._lock:
            for profile, source in current.items():
                path = _path(camera_id, profile)
                mounted = self._paths.get(path)
                if mounted is not None and mounted[1] != source:
                    self._mounts.remove_factory(path)
                    del self._paths[path]
                    stale.append(profile)
            watches = {c: w for c, w in self._watches.items() if w.ticket.camera_id == camera_id}
        if stale:
            log.info("relay: %s changed; its %s paths are closed", camera_id, len(stale))
            for profile in stale:
                self._invoke(self.feeds.stop, camera_id, profile, "the camera changed")
        self._recheck(watches, moved=set(stale))

    def on_user_changed(self, username: str) -> None:
        with self._lock:
            watches = {c: w for c, w in self._watches.items() if w.username == username}
        self._recheck(watches, moved=set())

    def recheck_viewers(self) -> None:
        """Every viewer's session checked against the database now: a node's relay learns
        of a user disabled (or moved out of the camera's areas) on the API this way."""
        with self._lock:
            watches = {c: w for c, w in self._watches.items() if w.username is not None}
        if watches:
            self._recheck(watches, moved=set())

    def _recheck(self, watches: dict, moved: set[Profile]) -> None:
        doomed = set()
        with self._engine.connect() as conn:
            for client, watch in watches.items():
                if watch.ticket.profile in moved or access.check(conn, watch.ticket) is not (
                    Verdict.ALLOWED
                ):
                    doomed.add(client)
        if doomed:
            self._invoke(self._drop_where, lambda c: c in doomed)

    def _stored_source(self, conn, camera_id: str, profile: Profile) -> _Source | None:
        row = conn.execute(
            select(camera_streams.c.url, cameras.c.credential_id, cameras.c.enabled)
            .join(cameras, cameras.c.id == camera_streams.c.camera_id)
            .where(
                camera_streams.c.camera_id == camera_id,
                camera_streams.c.profile == profile.value,
                cameras.c.removed_at.is_(None),
            )
        ).first()
        if row is None or not row.enabled:
            return None
        return _Source(row.url, row.credential_id)

    # --- GLib thread ---------------------------------------------------------------

    def _invoke(self, fn, *args) -> None:
        # Client objects are only touched from the server's own main context.
        def once():
            fn(*args)
            return GLib.SOURCE_REMOVE

        self._context.invoke_full(GLib.PRIORITY_DEFAULT, once)

    def _drop_where(self, doomed) -> None:
        def drop(_server, client):
            if doomed(client):
                return GstRtspServer.RTSPFilterResult.REMOVE
            return GstRtspServer.RTSPFilterResult.KEEP

        self._server.client_filter(drop)

    def _on_feed_lost(self, camera_id: str, profile: Profile) -> None:
        # The camera failed: its clients are closed, as a lost camera's are, and come
        # back through a new feed. Not at once: a client whose media was still being
        # prepared (its DESCRIBE unanswered) is answered 503 by its media's error first;
        # closed now, it would see its connection end without an answer.
        with self._lock:
            doomed = {c for c, w in self._watches.items()
                      if (w.ticket.camera_id, w.ticket.profile) == (camera_id, profile)}
        if not doomed:
            return
        later = GLib.timeout_source_new(_ANSWER_FIRST_MS)

        def drop() -> bool:
            self._drop_where(lambda c: c in doomed)
            return GLib.SOURCE_REMOVE

        later.set_callback(lambda *_: drop())
        later.attach(self._context)

    def _on_server_client_connected(self, _server, client) -> None:
        client.connect("pre-describe-request", self._on_client_pre_describe)
        client.connect("pre-setup-request", self._on_client_pre_setup)
        client.connect("closed", self._on_client_closed)

    def _on_client_closed(self, client) -> None:
        with self._lock:
            self._watches.pop(client, None)

    def _on_client_pre_describe(self, client, ctx) -> GstRtsp.RTSPStatusCode:
        try:
            return self._authorize(client, ctx.uri, setup=False)
        except Exception:  # noqa: BLE001 — a failure here must refuse, never open
            log.exception("relay: checking a request failed")
            return GstRtsp.RTSPStatusCode.INTERNAL_SERVER_ERROR

    def _on_client_pre_setup(self, client, ctx) -> GstRtsp.RTSPStatusCode:
        try:
            return self._authorize(client, ctx.uri, setup=True)
        except Exception:  # noqa: BLE001 — a failure here must refuse, never open
            log.exception("relay: checking a request failed")
            return GstRtsp.RTSPStatusCode.INTERNAL_SERVER_ERROR

    def _authorize(self, client, uri, setup: bool) -> GstRtsp.RTSPStatusCode:
        parts = (uri.abspath or "").strip("/").split("/")
        peer = client.get_connection().get_ip()
        if len(parts) < 2 or parts[1] not in Profile._value2member_map_:
            return GstRtsp.RTSPStatusCode.NOT_FOUND
        camera_id, profile = parts[0], Profile(parts[1])
        raw = parse_qs(uri.query or "").get("ticket", [None])[0]
        with self._lock:
            earlier = self._watches.get(client)
        try:
            if raw is None and setup and earlier is not None:
                # Clients build the SETUP URL from the Content-Base we answered, which
                # has no query: the ticket this connection showed at DESCRIBE (its
                # signature checked then) stands, and the database is asked again.
                ticket = earlier.ticket
            else:
                ticket = self.signer.verify(raw, utc_now())
        except TicketRefused as refused:
            log.info("relay: %s/%s refused to %s: ticket %s", camera_id, profile.value, peer,
                     refused.problem.value)
            return GstRtsp.RTSPStatusCode.UNAUTHORIZED
        if ticket.camera_id != camera_id or ticket.profile is not profile:
            log.info("relay: %s/%s refused to %s: the ticket is for %s/%s", camera_id,
                     profile.value, peer, ticket.camera_id, ticket.profile.value)
            return GstRtsp.RTSPStatusCode.FORBIDDEN
        if ticket.kind is TicketKind.RECORDER and peer not in self._own_peers:
            return GstRtsp.RTSPStatusCode.FORBIDDEN
        with self._engine.connect() as conn:
            verdict = access.check(conn, ticket)
            username = None
            if ticket.user_id is not None:
                username = conn.execute(
                    select(users.c.username).where(users.c.id == ticket.user_id)
                ).scalar()
            source = self._stored_source(conn, camera_id, profile)
        if verdict is not Verdict.ALLOWED or source is None:
            log.info("relay: %s/%s refused to %s: %s", camera_id, profile.value, peer,
                     verdict.value)
            return _STATUS.get(verdict, GstRtsp.RTSPStatusCode.NOT_FOUND)
        with self._lock:
            self._ensure_mounted(camera_id, profile, source)
            known = client in self._watches
            self._watches[client] = _Watch(ticket, username)
        if not known:
            log.info("relay: %s opens %s/%s from %s", username or "the recorder", camera_id,
                     profile.value, peer)
        return GstRtsp.RTSPStatusCode.OK

    def _ensure_mounted(self, camera_id: str, profile: Profile, source: _Source) -> None:
        path = _path(camera_id, profile)
        if path in self._paths:
            return
        factory = _PathFactory(self, camera_id, profile)
        self._paths[path] = (factory, source)
        self._mounts.add_factory(path, factory)


def _path(camera_id: str, profile: Profile) -> str:
    return f"/{camera_id}/{profile.value}"
