"""The one owner of "how is each camera doing" on the client, and of whether the server
answers: what the status bar, the camera tree, the tiles and the health dock show.

Two sources meet here. The client's own streams say first that a watched camera is in
trouble: stale once its picture is older than the stale time (StreamState.STALE), offline
once the stream is lost. The server's recorder says it for every camera, watched or not,
and whether it is recorded: GET /camera-statuses, polled with its ETag (a 304 while
nothing changed), since the server's event stream carries no camera states. A camera
the client watches live is not down whatever the last poll said, but it may still be
not recorded.

When our server stops answering, every watched stream fails at once, and those failures
say nothing of the cameras: a stream lost for want of an answer (UNREACHABLE,
SERVER_UNREACHABLE) counts only while the server answers our polls (a poll is made at
once to find out), so an outage reads "server unreachable", not "every camera down".

The server tells no "since": a camera is down since its last picture where a stream of
ours saw one, else since this client first heard of it."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.domain import CameraStatus
from app.services.cameras import CameraService
from app.services.session import SessionService
from app.streams.engine import StreamError, StreamState
from app.streams.service import PLAYBACK, StreamKey, StreamService
from app.tasks import TaskRunner
from app.timefmt import format_wib, to_wib

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 5000  # a 304 of a few hundred bytes while nothing changed
UNREACHABLE_AFTER = 2  # failed polls in a row before "reconnecting" turns "unreachable"


class Trouble(enum.Enum):
    OFFLINE = "offline"  # no picture: our stream lost it, or the server's recorder did
    STALE = "stale"  # our stream is open, its picture older than the stale time
    NOT_RECORDING = "not_recording"  # pictures come, but the server records none


DOWN = frozenset({Trouble.OFFLINE, Trouble.STALE})  # the operator cannot see it now


class ServerLink(enum.Enum):
    CONNECTED = "connected"  # the last poll answered and the event stream is open
    RECONNECTING = "reconnecting"  # lost a moment ago; asking again
    UNREACHABLE = "unreachable"  # several polls in a row had no answer


@dataclass(frozen=True)
class CameraTrouble:
    camera_id: str
    trouble: Trouble
    since: datetime  # aware UTC
    recording: bool  # False: the server says its recorder gets nothing of this camera

    @property
    def down(self) -> bool:
        return self.trouble in DOWN


def since_text(since: datetime, now: datetime) -> str:
    """When a trouble began as the operator reads it: "09:14 WIB" today (WIB),
    "2026-12-04 09:14 WIB" before."""
    return format_wib(since, seconds=False, date=to_wib(since).date() != to_wib(now).date())


_NO_ANSWER = frozenset({StreamError.UNREACHABLE, StreamError.SERVER_UNREACHABLE})
_RANK = {StreamState.LIVE: 3, StreamState.STALE: 2, StreamState.RECONNECTING: 1,
         StreamState.OFFLINE: 1}


class CameraStatusService(QObject):
    changed = Signal()  # the cameras in trouble changed (troubles() has them)
    link_changed = Signal(object)  # ServerLink

    def __init__(self, session: SessionService, runner: TaskRunner, cameras: CameraService,
                 streams: StreamService, parent: QObject | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 monotonic: Callable[[], float] = time.monotonic,
                 poll_interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._cameras = cameras
        self._streams = streams
        self._now = now
        self._monotonic = monotonic
        self._keys: dict[str, set[StreamKey]] = {}  # camera id -> its live streams
        # What our streams said: camera id -> (STALE or OFFLINE, since, lost for want of
        # an answer: UNREACHABLE, which is also what our relay answers for a camera it
        # lost). Kept through the CONNECTING of a retry; cleared by LIVE or when nobody
        # watches it any more.
        self._watched: dict[str, tuple[Trouble, datetime, bool]] = {}
        self._live: set[str] = set()  # cameras a stream of ours shows live now
        self._server: dict[str, tuple[CameraStatus, datetime]] = {}  # the recorder's word
        self._troubles: dict[str, CameraTrouble] = {}
        self._etag: str | None = None
        self._polling = False
        self._failures = 0
        self._push_open: bool | None = None  # None: the event stream said nothing yet
        self._link = ServerLink.CONNECTED
        self._timer = QTimer(self)
        self._timer.setInterval(poll_interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        streams.state_changed.connect(self._on_streams_state_changed)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        session.logged_out.connect(self._on_session_logged_out)

    # -- what views read -----------------------------------------------------------------

    def troubles(self) -> list[CameraTrouble]:
        """The cameras in trouble, the longest first."""
        return sorted(self._troubles.values(), key=lambda t: (t.since, t.camera_id))

    def trouble(self, camera_id: str) -> CameraTrouble | None:
        return self._troubles.get(camera_id)

    def down(self) -> list[CameraTrouble]:
        return [t for t in self.troubles() if t.down]

    def not_recording(self) -> list[CameraTrouble]:
        return [t for t in self.troubles() if not t.recording]

    def link(self) -> ServerLink:
        return self._link

    def since_text(self, trouble: CameraTrouble) -> str:
        """Its "since" as the operator reads it, by this service's clock."""
        return since_text(trouble.since, self._now())

    # -- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """Poll the server's statuses from now on (the first poll at once)."""
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        api = self._session.api
        if api is None or self._polling:
            return  # one poll at a time: an unreachable server holds it for its timeout
        self._polling = True
        etag = self._etag
        self._runner.submit(lambda: api.get_if_changed("/camera-statuses", etag),
                            self._on_poll_succeeded, self._on_poll_failed)

    def _on_poll_succeeded(self, answer: parse.Revalidated) -> None:
        self._polling = False
        if self._session.api is None:
            return  # signed out meanwhile
        self._set_failures(0)
        if answer.data is None:
            return  # 304: as held
        self._etag = answer.etag
        self._set_server(parse.statuses(answer.data))

    def _on_poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
        if kind is ApiErrorKind.NOT_FOUND:
            return  # a server before /camera-statuses: the catalog's statuses stay
        log.info("camera statuses: %s", exc)
        if kind in (ApiErrorKind.UNREACHABLE, ApiErrorKind.SERVER_ERROR):
            self._set_failures(self._failures + 1)

    def _set_failures(self, failures: int) -> None:
        answered_before = not self._failures
        self._failures = failures
        self._update_link()
        if answered_before != (not failures):
            self._recompute()  # streams lost for want of an answer count again, or not

    # -- the sources -------------------------------------------------------------------------

    def _set_server(self, statuses: dict[str, CameraStatus]) -> None:
        now = self._now()
        held = self._server
        self._server = {cam: (status, held[cam][1] if cam in held and held[cam][0] is status
                              else now) for cam, status in statuses.items()}
        self._recompute()

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        # The catalog's statuses are the server's word at sign-in: the first poll's seed.
        if self._etag is None:
            self._set_server({c.id: c.status for c in self._cameras.cameras()
                              if c.status is not CameraStatus.UNKNOWN})
        else:
            self._recompute()  # cameras may have come or gone

    @Slot(object, object, object, str)
    def _on_streams_state_changed(self, key: StreamKey, state: StreamState, _error,
                                  _message: str) -> None:
        if key.profile == PLAYBACK:
            return  # footage from the past says nothing about the camera now
        keys = self._keys.setdefault(key.camera_id, set())
        if state in (StreamState.STOPPED, StreamState.IDLE, StreamState.ENDED):
            keys.discard(key)
        else:
            keys.add(key)
        if self._judge(key.camera_id):
            self._recompute()

    def _judge(self, camera_id: str) -> bool:
        """Take the camera's best stream as what our streams say of it; True if that
        changed. Streams released since (the service tells no STOPPED then) drop out."""
        keys = self._keys.get(camera_id, set())
        states = {key: self._streams.state(key)[:2] for key in keys}
        keys -= {key for key, (state, _) in states.items() if state is StreamState.STOPPED}
        ranked = [(_RANK[s], k) for k, (s, _) in states.items() if s in _RANK]
        before = (self._watched.get(camera_id), camera_id in self._live)
        if not keys:
            self._keys.pop(camera_id, None)
            self._watched.pop(camera_id, None)
            self._live.discard(camera_id)
        elif ranked:
            rank, key = max(ranked, key=lambda r: r[0])
            if rank == 3:
                self._watched.pop(camera_id, None)
                self._live.add(camera_id)
            else:
                self._live.discard(camera_id)
                trouble = Trouble.STALE if rank == 2 else Trouble.OFFLINE
                held = self._watched.get(camera_id)
                since = held[1] if held is not None else self._last_picture(key)
                blind = states[key][1] in _NO_ANSWER
                self._watched[camera_id] = (trouble, since, blind)
                if blind:
                    self.poll()  # is it the camera, or our server?
        # else: connecting only (a retry): what was said stands
        return before != (self._watched.get(camera_id), camera_id in self._live)

    def _last_picture(self, key: StreamKey) -> datetime:
        """When the stream's last picture came, as wall time; now if it never had one."""
        last = self._streams.stats(key).last_frame_monotonic
        now = self._now()
        if last is None:
            return now
        return now - timedelta(seconds=max(0.0, self._monotonic() - last))

    @Slot()
    def _on_timer_timeout(self) -> None:
        changed = False
        for camera_id in list(self._keys):
            changed |= self._judge(camera_id)
        if changed:
            self._recompute()
        self.poll()

    @Slot(bool)
    def set_event_stream_open(self, is_open: bool) -> None:
        """The server's event stream (PushService.connected_changed) opened or was lost."""
        self._push_open = is_open
        self._update_link()

    @Slot()
    def _on_session_logged_out(self) -> None:
        self.stop()
        self._etag, self._server, self._push_open = None, {}, None
        self._failures = 0
        self._recompute()
        self._update_link()

    # -- the verdict -------------------------------------------------------------------------

    def _recompute(self) -> None:
        known = self._cameras.camera
        troubles: dict[str, CameraTrouble] = {}
        for camera_id in set(self._watched) | set(self._server):
            if known(camera_id) is None:
                continue  # not (or no longer) in this user's catalog
            server = self._server.get(camera_id)
            not_recorded = server is not None and server[0] is CameraStatus.OFFLINE
            watched = self._watched.get(camera_id)
            if watched is not None and watched[2] and self._failures:
                continue  # our server does not answer either: nothing is known of it
            if watched is not None:
                since = min(watched[1], server[1]) if not_recorded and server else watched[1]
                troubles[camera_id] = CameraTrouble(camera_id, watched[0], since,
                                                    not not_recorded)
            elif not_recorded and server is not None:
                trouble = Trouble.NOT_RECORDING if camera_id in self._live else Trouble.OFFLINE
                troubles[camera_id] = CameraTrouble(camera_id, trouble, server[1], False)
        if troubles != self._troubles:
            self._troubles = troubles
            self.changed.emit()

    def _update_link(self) -> None:
        if self._failures >= UNREACHABLE_AFTER:
            link = ServerLink.UNREACHABLE
        elif self._failures or self._push_open is False:
            link = ServerLink.RECONNECTING
        else:
            link = ServerLink.CONNECTED
        if link is not self._link:
            self._link = link
            self.link_changed.emit(link)
