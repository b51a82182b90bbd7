"""What every stream engine does around its library: states, reconnection, staleness.

A :class:`SupervisedEngine` runs one *supervisor* thread (the thread ``join`` waits
for). It owns the state machine, the backoff with jitter, stale detection and the
statistics, and is the only one that reports states and statistics to the sink. Each
connection attempt is a :class:`Connection` the engine opens on threads of its own;
the connection delivers pictures straight to the sink (no hand-over per frame, so a
wall of 64 streams does not pay a thread switch for every picture) and tells the
supervisor only the news: opened, first picture, failed, ended.

No library can be relied on to interrupt a blocked network call on demand, so instead
of waiting for one the supervisor abandons the connection: ``cancel()`` asks it to
close itself and never report again, and the supervisor moves on. That is what keeps
``stop()`` and stale detection prompt while a dead peer holds a socket.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from abc import abstractmethod
from dataclasses import dataclass

from app.logmask import mask_text, mask_url
from app.streams.engine import (
    DecoderKind,
    StreamEngine,
    StreamError,
    StreamOptions,
    StreamSink,
    StreamState,
    StreamStats,
)

_log = logging.getLogger(__name__)

_POLL_S = 0.1  # how often the supervisor looks at stop, staleness and statistics
_STATS_PERIOD_S = 1.0
# A refused connection or a 404 (a camera or relay whose stream is not up yet) costs a
# round trip: retrying it often is cheap, and it is what lets a camera that comes back
# show LIVE again within about two seconds. Wrong credentials are not retried fast:
# cameras lock accounts that fail too often.
_QUICK_FAILURE_S = 1.0
_QUICK_RETRY_CAP_S = 0.5
_QUICK_RETRY_ERRORS = frozenset({StreamError.UNREACHABLE, StreamError.NOT_FOUND})
# Before its first picture a decoder waits for a keyframe, which "smart codec" cameras
# send only every several seconds; data still arriving counts as progress until then.
FIRST_PICTURE_LIMIT_S = 10.0


class ConnectionEvent:
    """News a connection gives its supervisor (never one per frame)."""


@dataclass
class Opened(ConnectionEvent):
    codec: str


@dataclass
class FirstPicture(ConnectionEvent):
    pass


@dataclass
class Failed(ConnectionEvent):
    error: StreamError
    detail: str


@dataclass
class Ended(ConnectionEvent):
    pass


class Connection:
    """One connection attempt. The engine's subclass starts its threads in its
    constructor, posts news to ``events`` and keeps the counters below current (plain
    attribute stores: the supervisor only reads them)."""

    def __init__(self) -> None:
        self.events: queue.Queue[ConnectionEvent] = queue.Queue()
        self.cancelled = threading.Event()
        self.last_packet_at = 0.0  # monotonic; data arriving counts as life
        self.last_frame_at: float | None = None  # monotonic, of the last picture delivered
        # Synchronised playback holds a stream back on purpose (a paused clock, a gap in
        # the recording): until this moment (monotonic) its silence is not staleness.
        self.held_until = 0.0
        self.size = (0, 0)
        self.decoder = DecoderKind.SOFTWARE
        self.frames_decoded = 0
        self.frames_dropped = 0
        self._window_bytes = 0
        self._window_frames = 0
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """Abandon the attempt: it closes itself and reports nothing more."""
        self.cancelled.set()

    def count(self, data_bytes: int = 0, frames: int = 0) -> None:
        with self._lock:
            self._window_bytes += data_bytes
            self._window_frames += frames

    def take_window(self) -> tuple[int, int]:
        """Bytes received and frames decoded since the previous call."""
        with self._lock:
            result = (self._window_bytes, self._window_frames)
            self._window_bytes = self._window_frames = 0
        return result

    def post(self, event: ConnectionEvent) -> None:
        if not self.cancelled.is_set():
            self.events.put(event)


@dataclass
class _Outcome:
    """How one connection attempt finished."""

    error: StreamError  # NONE: the finite stream ended, or we were stopped
    detail: str
    was_live: bool
    duration_s: float
    stale: bool = False


class ThreadedEngine(StreamEngine):
    """An engine run by one supervisor thread (the thread ``join`` waits for), which
    alone reports states; subclasses write ``_supervise``."""

    def __init__(self, url: str, sink: StreamSink, options: StreamOptions) -> None:
        super().__init__(url, sink, options)
        self._masked = self._mask_url(url)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reported: tuple[StreamState, StreamError] | None = None

    def _mask_url(self, url: str) -> str:
        """The URL fit for the log and thread names (credentials masked)."""
        return mask_url(url)

    def _mask_text(self, text: str) -> str:
        """A message fit for the log and the tile's tooltip."""
        return mask_text(text)

    @abstractmethod
    def _supervise(self) -> None:
        """Run until stopped, or until a finite stream ends or gives up."""

    def start(self) -> None:
        if self._thread is not None:
            return
        name = f"{self.kind.value} {self._masked}"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._supervise()
        except Exception:  # a sink bug must not kill the thread silently
            _log.exception("stream engine for %s failed", self._masked)
            self._stop.set()
        if self._stop.is_set():
            self._report(StreamState.STOPPED, StreamError.NONE, "")

    def _report(self, state: StreamState, error: StreamError, message: str) -> None:
        # A new error under the same state is news too (the tile shows why).
        if self._reported == (state, error):
            return
        self._reported = (state, error)
        message = self._mask_text(message)
        if error is StreamError.NONE:
            _log.info("%s: %s", self._masked, state.value)
        else:
            _log.warning("%s (%s): %s", state.value, error.value, message)
        self.sink.on_state(state, error, message)


class SupervisedEngine(ThreadedEngine):
    """An engine whose library work lives in :meth:`_connect`'s connection."""

    def __init__(self, url: str, sink: StreamSink, options: StreamOptions) -> None:
        super().__init__(url, sink, options)
        self._decoded_before = 0  # totals of finished connections
        self._dropped_before = 0
        self._last_frame_at: float | None = None
        self._codec = ""

    @abstractmethod
    def _connect(self) -> Connection:
        """Start one connection attempt (returns at once)."""

    def _supervise(self) -> None:
        opts = self.options
        failures = 0
        self._report(StreamState.CONNECTING, StreamError.NONE, f"Connecting to {self._masked}.")
        while not self._stop.is_set():
            outcome = self._attempt()
            if self._stop.is_set():
                return
            if outcome.error is StreamError.NONE:
                self._report(StreamState.ENDED, StreamError.NONE, "Playback reached its end.")
                return
            message = f"{outcome.detail} ({self._masked})."
            if outcome.was_live:
                failures = 0
                if outcome.stale:
                    self._report(StreamState.STALE, outcome.error, message)
                else:
                    self._report(StreamState.RECONNECTING, outcome.error, message)
                continue  # a stream that just played is worth retrying at once
            failures += 1
            if failures >= opts.offline_after_attempts:
                self._report(StreamState.OFFLINE, outcome.error, message)
                if not opts.loop_forever:
                    return
            else:
                self._report(StreamState.RECONNECTING, outcome.error, message)
            if self._stop.wait(self._backoff(failures, outcome)):
                return

    def _backoff(self, failures: int, outcome: _Outcome) -> float:
        opts = self.options
        delay = min(opts.reconnect_max_s, opts.reconnect_initial_s * 2 ** (failures - 1))
        quick = outcome.duration_s < _QUICK_FAILURE_S
        if quick and outcome.error in _QUICK_RETRY_ERRORS:
            delay = min(delay, _QUICK_RETRY_CAP_S)
        # Jitter below the cap keeps a wall of cameras behind one switch from
        # reconnecting in lockstep.
        return delay * random.uniform(0.75, 1.0)

    def _attempt(self) -> _Outcome:
        connection = self._connect()
        started = time.monotonic()
        opened_at: float | None = None
        next_stats = started + _STATS_PERIOD_S
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                if opened_at is not None and now >= next_stats:
                    self._emit_stats(connection, now - (next_stats - _STATS_PERIOD_S))
                    next_stats = now + _STATS_PERIOD_S
                try:
                    event = connection.events.get(timeout=_POLL_S)
                except queue.Empty:
                    event = None
                now = time.monotonic()
                live = connection.last_frame_at is not None
                if event is None:
                    silent = self._silence(connection, started, opened_at, now)
                    if silent is not None:
                        return silent
                elif isinstance(event, Opened):
                    opened_at = now
                    self._codec = event.codec
                elif isinstance(event, FirstPicture):
                    self._report(StreamState.LIVE, StreamError.NONE, "")
                elif isinstance(event, Failed):
                    return _Outcome(event.error, event.detail, live, now - started)
                elif isinstance(event, Ended):
                    if not self.options.loop_forever:
                        return _Outcome(StreamError.NONE, "", live, now - started)
                    detail = "The camera closed the stream"
                    return _Outcome(StreamError.UNREACHABLE, detail, live, now - started)
            return _Outcome(StreamError.NONE, "", False, time.monotonic() - started)
        finally:
            connection.cancel()
            self._decoded_before += connection.frames_decoded
            self._dropped_before += connection.frames_dropped

    def _silence(
        self, connection: Connection, started: float, opened_at: float | None, now: float
    ) -> _Outcome | None:
        """The outcome when the peer has been quiet for too long, else None."""
        if now < connection.held_until:
            return None
        stale_s = self.options.stale_after_s
        last_frame_at = connection.last_frame_at
        if last_frame_at is not None:
            self._last_frame_at = last_frame_at
            if now - last_frame_at <= stale_s:
                return None
            detail = f"No picture for {stale_s:g} s"
            return _Outcome(StreamError.NO_FRAMES, detail, True, now - started, stale=True)
        if opened_at is not None:
            quiet_s = now - max(opened_at, connection.last_packet_at)
            if quiet_s <= stale_s and now - opened_at <= max(stale_s, FIRST_PICTURE_LIMIT_S):
                return None
            return _Outcome(StreamError.NO_FRAMES, "No picture arrived", False, now - started)
        # The connection's own open deadlines normally fire first; this is the safety net.
        if now - started <= 2 * self.options.connect_timeout_s + 1.0:
            return None
        return _Outcome(StreamError.UNREACHABLE, "No answer in time", False, now - started)

    def _emit_stats(self, connection: Connection, window_s: float) -> None:
        bytes_, frames = connection.take_window()
        window_s = max(window_s, 1e-3)
        if connection.last_frame_at is not None:
            self._last_frame_at = connection.last_frame_at
        width, height = connection.size
        self.sink.on_stats(
            StreamStats(
                width=width,
                height=height,
                fps=frames / window_s,
                bitrate_kbps=bytes_ * 8 / 1000 / window_s,
                codec=self._codec,
                decoder=connection.decoder,
                frames_decoded=self._decoded_before + connection.frames_decoded,
                frames_dropped=self._dropped_before + connection.frames_dropped,
                last_frame_monotonic=self._last_frame_at,
            )
        )
