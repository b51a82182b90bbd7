"""Live and playback streams, shared between tiles and painted newest-frame-only.

A live stream is keyed by (camera, profile) and reference-counted: two tiles on one
camera pull it once. Engine threads report to a sink that keeps only the newest frame
and never signals per frame: a display tick on the GUI thread (about the screen's
refresh rate) gathers the streams with a new frame and announces them together. A
wall of 64 cameras at 15 fps thus costs the GUI thread 60 notifications a second, not
960 queued signals each heard by 64 tiles, and a busy GUI thread skips frames instead
of building a backlog.

Each viewer (a tile) tells the service how wide it shows a stream; the engine scales
its pictures to the widest viewer in its own thread, so small tiles are painted 1:1.
"""

from __future__ import annotations

import itertools
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from app.api.errors import ApiError, ApiErrorKind
from app.logmask import mask_url
from app.streams.engine import (
    StreamEngine,
    StreamError,
    StreamOptions,
    StreamState,
    StreamStats,
    VideoFrame,
)
from app.streams.factory import EngineFactory, EngineUnavailable
from app.streams.snapshot import default_snapshot_dir, free_snapshot_path, write_png
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

PLAYBACK = "playback"
UrlResolver = Callable[[str, str], str]  # blocking: (camera_id, profile) -> URL
RESOLVE_RETRY_MS = 5000
FRAME_TICK_MS = 16  # the display tick: about a 60 Hz screen's refresh

# An engine reporting one of these is about to reconnect: the service renews the URL
# and starts a fresh engine on it instead (see _Stream.failures).
_RENEW_ON = frozenset({StreamState.RECONNECTING, StreamState.STALE, StreamState.OFFLINE})

_API_TO_STREAM_ERROR = {
    ApiErrorKind.UNREACHABLE: StreamError.SERVER_UNREACHABLE,
    ApiErrorKind.NOT_FOUND: StreamError.NOT_FOUND,
    ApiErrorKind.UNAUTHORIZED: StreamError.UNAUTHORIZED,
    ApiErrorKind.FORBIDDEN: StreamError.UNAUTHORIZED,
}
# Asking again will not help with these; the operator has to act.
_FINAL_API_ERRORS = {ApiErrorKind.NOT_FOUND, ApiErrorKind.FORBIDDEN}


@dataclass(frozen=True)
class StreamKey:
    camera_id: str
    profile: str  # "main", "sub", or PLAYBACK
    serial: int = 0  # tells apart several playbacks of one camera
    engine: str = ""  # an engine a tile insists on ("pyav", "vlc"); "" = the default
    window: int = 0  # the native window the stream draws into: that tile's alone


class _Stream:
    """One engine and what it last reported; shared by the engine thread and the GUI."""

    def __init__(self, key: StreamKey) -> None:
        self.key = key
        self.refs = 0
        self.engine: StreamEngine | None = None
        self.state = StreamState.IDLE
        self.error = StreamError.NONE
        self.message = ""
        self.lock = threading.Lock()
        self.frame: VideoFrame | None = None
        self.frame_serial = 0  # counts frames stored; the engine thread writes it
        self.announced_serial = 0  # the GUI thread's: the last serial announced
        self.stats = StreamStats()
        self.stats_pending = False
        self.widths: dict[object, int | None] = {}  # viewer -> shown width (None: native)
        self.retry: QTimer | None = None
        # A live stream's URL is asked for again at every reconnection (a relay URL's
        # ticket only opens sessions for a minute), so the service, not the engine,
        # drives reconnecting: failures since the stream was last live, and which
        # engine's reports count (an abandoned one may still say something).
        self.failures = 0
        self.engine_serial = 0


class _Sink:
    """Lives on the engine thread's side: stores, then pokes the service (queued)."""

    def __init__(self, stream: _Stream, service: StreamService, serial: int = 0) -> None:
        self._stream = stream
        self._service = service
        self._serial = serial

    def on_state(self, state: StreamState, error: StreamError, message: str) -> None:
        self._service._state_reported.emit(self._stream, self._serial, state, error, message)

    def on_frame(self, frame: VideoFrame) -> None:
        with self._stream.lock:
            self._stream.frame = frame
            self._stream.frame_serial += 1

    def on_stats(self, stats: StreamStats) -> None:
        with self._stream.lock:
            self._stream.stats = stats
            notify = not self._stream.stats_pending
            self._stream.stats_pending = True
        if notify:
            self._service._stats_reported.emit(self._stream)


class StreamService(QObject):
    state_changed = Signal(object, object, object, str)  # key, StreamState, StreamError, msg
    # The keys (a frozenset) with a newer frame waiting in latest_frame(key); once per
    # display tick at most.
    frames_ready = Signal(object)
    stats_changed = Signal(object)  # key
    snapshot_saved = Signal(object, str)  # key, path of the PNG
    snapshot_failed = Signal(object, str)  # key, reason (English, for the log/tooltip)

    # From engine threads to the GUI thread (queued: the receiver lives there).
    _state_reported = Signal(object, int, object, object, str)
    _stats_reported = Signal(object)

    def __init__(self, runner: TaskRunner, resolver: UrlResolver,
                 engine_factory: EngineFactory, options: StreamOptions | None = None,
                 parent: QObject | None = None, *,
                 before_tick: Callable[[], None] | None = None) -> None:
        """``before_tick`` runs at each display tick before the engines are polled
        (the decoder pool's pump)."""
        super().__init__(parent)
        self._before_tick = before_tick
        self._runner = runner
        self._resolver = resolver
        self._factory = engine_factory
        self._options = options or StreamOptions()
        self._streams: dict[StreamKey, _Stream] = {}
        self._serials = itertools.count(1)
        self.snapshot_dir: Path = default_snapshot_dir()  # the shell sets it from settings
        # Tile index (as text, as in the settings) -> "auto" / "pyav" / "vlc".
        self.tile_engines: dict[str, str] = {}
        # Tiles take the stream that fits their size (app.tile.live_stream); off: the
        # sub stream, the main one when maximised (the benches' "ladder off").
        self.ladder = True
        # Whether a tile should hand its native window to its live stream: (the engine
        # the tile names) -> true where libVLC will play it. None: pictures always come
        # back to be painted (the "vlc_video_output" setting; tests).
        self.window_policy: Callable[[str], bool] | None = None
        self._state_reported.connect(self._on_sink_state_reported)
        self._stats_reported.connect(self._on_sink_stats_reported)
        self._tick = QTimer(self)  # runs while any stream does
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.setInterval(FRAME_TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)

    # -- what tiles call ----------------------------------------------------------------
    @property
    def live_options(self) -> StreamOptions:
        return self._options

    def set_live_options(self, options: StreamOptions) -> None:
        """Applies to streams started from now on."""
        self._options = options

    def engine_for_tile(self, tile_index: int) -> str:
        return self.tile_engines.get(str(tile_index), "")

    def wants_window(self, engine: str) -> bool:
        """Whether a tile naming ``engine`` should give its live stream its window."""
        return self.window_policy is not None and self.window_policy(engine)

    def acquire(self, camera_id: str, profile: str, engine: str = "",
                window: int = 0) -> StreamKey:
        """Start (or share) the live stream of a camera; pair with release(). Tiles
        that ask for different engines get a stream each; so does a tile whose stream
        draws into its ``window``."""
        key = StreamKey(camera_id, profile, engine=engine, window=window)
        stream = self._streams.get(key)
        if stream is None:
            stream = self._add(key)
            self._set_state(stream, StreamState.CONNECTING, StreamError.NONE, "")
            self._resolve(stream)
        stream.refs += 1
        return key

    def open_url(self, camera_id: str, url: str, options: StreamOptions) -> StreamKey:
        """Play a URL the caller already has (a playback); one owner, pair with release()."""
        key = StreamKey(camera_id, PLAYBACK, next(self._serials))
        stream = self._add(key)
        stream.refs = 1
        self._set_state(stream, StreamState.CONNECTING, StreamError.NONE, "")
        self._start_engine(stream, url, options)
        return key

    def set_display_width(self, key: StreamKey, viewer: object, width: int | None) -> None:
        """How wide (device pixels) ``viewer`` shows the stream; None: at native size
        (zoomed in). The engine scales to the widest viewer; forget with release()."""
        stream = self._streams.get(key)
        if stream is None or stream.widths.get(viewer, 0) == width:
            return
        stream.widths[viewer] = width
        self._apply_width(stream)

    def draws_into_window(self, key: StreamKey) -> bool:
        """True when the stream's engine draws into the tile's window: no frames."""
        stream = self._streams.get(key)
        return bool(stream and stream.engine and stream.engine.draws_into_window)

    def release(self, key: StreamKey, viewer: object = None) -> None:
        stream = self._streams.get(key)
        if stream is None:
            return
        if stream.widths.pop(viewer, 0) != 0:
            self._apply_width(stream)
        stream.refs -= 1
        if stream.refs > 0:
            return
        del self._streams[key]
        if not self._streams:
            self._tick.stop()
        if stream.retry is not None:
            stream.retry.stop()
        engine = stream.engine
        if engine is not None:
            engine.stop()
            # Joining blocks: do it on a worker, the GUI thread only asks.
            self._runner.submit(lambda: engine.join(10.0), None, lambda exc: None)
        log.info("stream %s released", _describe(key))

    def refs(self, key: StreamKey) -> int:
        stream = self._streams.get(key)
        return stream.refs if stream else 0

    def keys(self) -> list[StreamKey]:
        return list(self._streams)

    def state(self, key: StreamKey) -> tuple[StreamState, StreamError, str]:
        stream = self._streams.get(key)
        if stream is None:
            return StreamState.STOPPED, StreamError.NONE, ""
        return stream.state, stream.error, stream.message

    def latest_frame(self, key: StreamKey) -> VideoFrame | None:
        stream = self._streams.get(key)
        if stream is None:
            return None
        with stream.lock:
            return stream.frame

    def stats(self, key: StreamKey) -> StreamStats:
        stream = self._streams.get(key)
        if stream is None:
            return StreamStats()
        with stream.lock:
            return stream.stats

    def save_snapshot(self, key: StreamKey, camera_name: str,
                      frame: VideoFrame | None = None) -> bool:
        """Write the newest frame of ``key`` (or ``frame``, what the tile grabbed from a
        window the engine draws into) as a PNG in ``snapshot_dir`` on a worker; answers
        with snapshot_saved or snapshot_failed. False when there is no frame."""
        frame = frame or self.latest_frame(key)
        if frame is None:
            return False
        path = free_snapshot_path(self.snapshot_dir, camera_name, datetime.now())

        def write() -> str:
            write_png(path, frame.rgb)
            return str(path)

        def failed(exc: BaseException) -> None:
            log.warning("snapshot of %s failed: %s", _describe(key), exc)
            self.snapshot_failed.emit(key, str(exc))

        def saved(written: str) -> None:
            log.info("snapshot of %s saved to %s", _describe(key), written)
            self.snapshot_saved.emit(key, written)

        self._runner.submit(write, saved, failed)
        return True

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop every engine and wait (bounded) for their threads: used at exit."""
        streams = list(self._streams.values())
        self._streams.clear()
        self._tick.stop()
        engines = [s.engine for s in streams if s.engine is not None]
        for stream in streams:
            if stream.retry is not None:
                stream.retry.stop()
        for engine in engines:
            engine.stop()
        per_engine = timeout_s / max(1, len(engines))
        stuck = [e for e in engines if not e.join(max(0.2, per_engine))]
        if stuck:
            log.warning("%d stream threads did not stop in time", len(stuck))

    # -- starting -----------------------------------------------------------------------
    def _add(self, key: StreamKey) -> _Stream:
        stream = self._streams[key] = _Stream(key)
        if not self._tick.isActive():
            self._tick.start()
        return stream

    def _apply_width(self, stream: _Stream) -> None:
        engine = stream.engine
        if engine is not None:
            engine.set_max_width(_widest(stream.widths))

    def _resolve(self, stream: _Stream) -> None:
        key = stream.key
        self._runner.submit(lambda: self._resolver(key.camera_id, key.profile),
                            lambda url: self._on_resolver_succeeded(stream, url),
                            lambda exc: self._on_resolver_failed(stream, exc))

    def _on_resolver_succeeded(self, stream: _Stream, url: str) -> None:
        if self._streams.get(stream.key) is not stream:
            return  # released while we asked
        options = replace(self._options, max_width=_widest(stream.widths))
        if stream.key.engine:
            options = replace(options, engine=stream.key.engine)
        if stream.key.window:
            options = replace(options, window_id=stream.key.window)
        self._start_engine(stream, url, options)

    def _on_resolver_failed(self, stream: _Stream, exc: BaseException) -> None:
        if self._streams.get(stream.key) is not stream:
            return
        if isinstance(exc, ApiError):
            error = _API_TO_STREAM_ERROR.get(exc.kind, StreamError.INTERNAL)
            message, final = exc.message, exc.kind in _FINAL_API_ERRORS
        else:
            log.error("live URL of %s failed", _describe(stream.key), exc_info=exc)
            error, message, final = StreamError.INTERNAL, str(exc), False
        self._set_state(stream, StreamState.OFFLINE, error, message)
        if not final:
            stream.retry = QTimer()  # dies with the stream, so no parent
            stream.retry.setSingleShot(True)
            stream.retry.timeout.connect(lambda: self._on_retry_timeout(stream))
            stream.retry.start(RESOLVE_RETRY_MS)

    def _on_retry_timeout(self, stream: _Stream) -> None:
        if self._streams.get(stream.key) is stream and stream.engine is None:
            self._resolve(stream)

    def _start_engine(self, stream: _Stream, url: str, options: StreamOptions) -> None:
        log.info("stream %s: opening %s", _describe(stream.key), mask_url(url))
        try:
            stream.engine_serial += 1
            engine = self._factory(url, _Sink(stream, self, stream.engine_serial), options)
            engine.start()
        except EngineUnavailable as exc:
            self._set_state(stream, StreamState.OFFLINE, StreamError.ENGINE_UNSUPPORTED, str(exc))
            return
        except Exception as exc:
            log.exception("stream %s: engine failed to start", _describe(stream.key))
            self._set_state(stream, StreamState.OFFLINE, StreamError.INTERNAL, str(exc))
            return
        stream.engine = engine

    # -- reports from engine threads, now on the GUI thread -----------------------------
    @Slot(object, int, object, object, str)
    def _on_sink_state_reported(self, stream: _Stream, serial: int, state: StreamState,
                                error: StreamError, message: str) -> None:
        if self._streams.get(stream.key) is not stream or serial != stream.engine_serial:
            return
        if stream.key.profile == PLAYBACK:  # a playback URL is the caller's: no renewal
            self._set_state(stream, state, error, message)
            return
        if state is StreamState.LIVE:
            stream.failures = 0
        elif state is StreamState.CONNECTING and stream.failures:
            return  # a renewed connection: the tile keeps saying it reconnects
        elif state in _RENEW_ON:
            # As the engines count: losing a stream that was playing is not a failed
            # attempt (it is retried at once); each attempt after it that fails is.
            if stream.state is not StreamState.LIVE:
                stream.failures += 1
            if stream.failures >= self._options.offline_after_attempts:
                state = StreamState.OFFLINE
            self._renew(stream)
        self._set_state(stream, state, error, message)

    def _renew(self, stream: _Stream) -> None:
        """Drop the engine and ask for the URL again: right away after a stream that
        played, then with the engine's own backoff (doubling, capped, jittered)."""
        engine, stream.engine = stream.engine, None
        stream.engine_serial += 1  # what the abandoned engine says from now on is moot
        if engine is not None:
            engine.stop()
        opts = self._options
        delay_s = 0.0
        if stream.failures > 1:
            delay_s = min(opts.reconnect_max_s,
                          opts.reconnect_initial_s * 2 ** (stream.failures - 2))
            delay_s *= random.uniform(0.75, 1.0)
        if stream.retry is not None:
            stream.retry.stop()
        stream.retry = QTimer()  # dies with the stream, so no parent
        stream.retry.setSingleShot(True)
        stream.retry.timeout.connect(lambda: self._on_retry_timeout(stream))
        stream.retry.start(int(delay_s * 1000))

    @Slot()
    def _on_tick_timeout(self) -> None:
        if self._before_tick is not None:
            self._before_tick()
        fresh = []
        for key, stream in list(self._streams.items()):
            if stream.engine is not None:
                stream.engine.poll()
            serial = stream.frame_serial  # one read; a frame stored meanwhile waits
            if serial != stream.announced_serial:
                stream.announced_serial = serial
                fresh.append(key)
        if fresh:
            self.frames_ready.emit(frozenset(fresh))

    @Slot(object)
    def _on_sink_stats_reported(self, stream: _Stream) -> None:
        with stream.lock:
            stream.stats_pending = False
        if self._streams.get(stream.key) is stream:
            self.stats_changed.emit(stream.key)

    def _set_state(self, stream: _Stream, state: StreamState, error: StreamError,
                   message: str) -> None:
        if (state, error, message) == (stream.state, stream.error, stream.message):
            return
        stream.state, stream.error, stream.message = state, error, message
        log.info("stream %s: %s %s %s", _describe(stream.key), state.value,
                 "" if error is StreamError.NONE else error.value, message)
        self.state_changed.emit(stream.key, state, error, message)


def _widest(widths: dict[object, int | None]) -> int | None:
    """What an engine scales to for its viewers: None (native) if any wants it."""
    if not widths or None in widths.values():
        return None
    return max(w for w in widths.values() if w is not None)


def _describe(key: StreamKey) -> str:
    return f"{key.camera_id}/{key.profile}" + (f"#{key.serial}" if key.serial else "")


def playback_options(base: StreamOptions, headers: dict[str, str]) -> StreamOptions:
    """A finite, paced stream that carries the bearer token."""
    return replace(base, loop_forever=False, realtime=True, http_headers=dict(headers))
