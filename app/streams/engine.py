"""The interface every stream engine implements (PyAV now, libVLC next).

An engine pulls one URL (an RTSP live stream or an HTTP playback stream), decodes it on
its own thread and reports to a :class:`StreamSink`. Engine threads never touch Qt
objects: the sink is a plain object owned by a QtCore service, which re-emits what it
receives as queued Qt signals on the GUI thread.
"""

from __future__ import annotations

import enum
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from app.streams.clock import PlaybackClock


class StreamState(enum.Enum):
    IDLE = "idle"
    CONNECTING = "connecting"
    LIVE = "live"  # frames are arriving
    STALE = "stale"  # connected, but no frame for longer than the stale timeout
    RECONNECTING = "reconnecting"  # lost, waiting (backoff) before the next attempt
    # Several attempts failed. A live stream (loop_forever) keeps retrying in the
    # background; a finite one (playback) has given up: OFFLINE is then final.
    OFFLINE = "offline"
    ENDED = "ended"  # a finite stream (playback) reached its end; final
    STOPPED = "stopped"  # stopped by its owner


class StreamError(enum.Enum):
    NONE = "none"
    UNREACHABLE = "unreachable"  # connection refused / timed out / host down
    # Pantau's server did not answer when asked where to watch: it, not the camera, is
    # down or out of reach.
    SERVER_UNREACHABLE = "server_unreachable"
    NOT_FOUND = "not_found"  # RTSP 404, HTTP 404
    UNAUTHORIZED = "unauthorized"  # RTSP/HTTP 401 or 403
    BAD_STREAM = "bad_stream"  # the peer answered, but not with decodable video
    NO_FRAMES = "no_frames"  # connected but nothing arrived in time
    ENGINE_UNSUPPORTED = "engine_unsupported"  # this engine cannot open this URL
    INTERNAL = "internal"


class EngineKind(enum.Enum):
    PYAV = "pyav"
    VLC = "vlc"


class DecoderKind(enum.Enum):
    SOFTWARE = "software"
    HARDWARE = "hardware"


@dataclass(frozen=True)
class StreamOptions:
    """How to open a stream; one value per stream, set by the stream service."""

    connect_timeout_s: float = 5.0
    stale_after_s: float = 3.0  # no frame for this long -> STALE, then reconnect
    reconnect_initial_s: float = 0.5
    reconnect_max_s: float = 10.0
    offline_after_attempts: int = 3  # failed attempts before the state says OFFLINE
    http_headers: dict[str, str] = field(default_factory=dict)  # e.g. Authorization
    loop_forever: bool = True  # live streams reconnect; playback streams end
    realtime: bool = True  # playback: pace frames to their timestamps
    max_width: int | None = None  # scale frames down to fit (None: native size)
    network_caching_ms: int = 300  # libVLC: network buffering
    hwaccel: bool = True  # ask for hardware decoding where a device is available
    # Which engine the caller wants ("auto", "pyav", "vlc"; "" = the factory's default).
    engine: str = ""
    # A native window (X11 window id, HWND, NSView) the engine may draw into itself, as
    # libVLC does; then no frames come back. Engines that cannot ignore it.
    window_id: int | None = None
    # Synchronised playback: frames are shown when this clock reaches the moment they
    # were recorded (the stream must carry its start: the server's real_time playback),
    # until the clock's serial moves on from ``clock_serial``. ``reverse``: the stream
    # is read whole, then shown last frame first as the clock runs backwards.
    clock: PlaybackClock | None = None
    clock_serial: int = 0
    reverse: bool = False


@dataclass(frozen=True)
class VideoFrame:
    """One decoded picture: (height, width, 4) uint8, C-contiguous, each pixel's bytes
    B, G, R, X. That is Qt's RGB32 on little-endian machines (every platform Pantau
    runs on), so the GUI paints the engine's memory as it is, with no conversion."""

    bgrx: np.ndarray
    pts_s: float | None  # presentation time in seconds from the stream start
    received_monotonic: float = field(default_factory=time.monotonic)
    at_s: float | None = None  # synchronised playback: when it was recorded (UTC seconds)

    @classmethod
    def from_rgb(cls, rgb: np.ndarray, pts_s: float | None = None,
                 received_monotonic: float | None = None) -> VideoFrame:
        """A frame from an (height, width, 3) RGB array (tests, snapshots of files)."""
        bgrx = np.empty((rgb.shape[0], rgb.shape[1], 4), dtype=np.uint8)
        bgrx[..., 2::-1] = rgb
        bgrx[..., 3] = 255
        when = time.monotonic() if received_monotonic is None else received_monotonic
        return cls(bgrx=bgrx, pts_s=pts_s, received_monotonic=when)

    @property
    def rgb(self) -> np.ndarray:
        """The picture as (height, width, 3) RGB: a view, for snapshots and tests."""
        return self.bgrx[..., 2::-1]

    @property
    def width(self) -> int:
        return int(self.bgrx.shape[1])

    @property
    def height(self) -> int:
        return int(self.bgrx.shape[0])


@dataclass(frozen=True)
class StreamStats:
    width: int = 0
    height: int = 0
    fps: float = 0.0  # decoded frames per second over the last window
    bitrate_kbps: float = 0.0  # received payload over the last window
    codec: str = ""
    decoder: DecoderKind = DecoderKind.SOFTWARE
    frames_decoded: int = 0
    frames_dropped: int = 0
    last_frame_monotonic: float | None = None


class StreamSink(Protocol):
    """What an engine reports to. Called from the engine's thread; must not block.

    ``message`` of ``on_state`` is an English detail for the log (URL masked); what the
    user reads is translated by the UI from the state and error enums. After a final
    state (ENDED, or OFFLINE of a finite stream) the engine reports nothing more, not
    even STOPPED.
    """

    def on_state(self, state: StreamState, error: StreamError, message: str) -> None: ...

    def on_frame(self, frame: VideoFrame) -> None: ...

    def on_stats(self, stats: StreamStats) -> None: ...


class StreamEngine(ABC):
    """One engine instance plays one URL until stopped."""

    kind: EngineKind

    def __init__(self, url: str, sink: StreamSink, options: StreamOptions) -> None:
        self.url = url
        self.sink = sink
        self.options = options
        # Read by the engine's threads, written by the owner: one attribute store, so
        # no lock. Scaling in the decoder thread to what the tiles show is what keeps a
        # wall of small tiles cheap for the GUI thread.
        self.max_width: int | None = options.max_width

    def poll(self) -> None:
        """Called by the owner on its own (GUI) thread at every display tick. Engines
        that push from their threads do nothing here; one whose pictures live in
        another process delivers them to its sink now."""
        return

    @property
    def draws_into_window(self) -> bool:
        """True when the engine draws into ``options.window_id`` itself: its pictures
        never reach the sink, only its states and stats do."""
        return False

    def set_max_width(self, width: int | None) -> None:
        """Scale pictures to at most ``width`` pixels wide from now on (None: native).
        An engine applies it from its next picture, or its next connection where the
        decoder cannot change size midway (libVLC)."""
        self.max_width = width

    @abstractmethod
    def start(self) -> None:
        """Begin connecting in the background; returns at once."""

    @abstractmethod
    def stop(self) -> None:
        """Ask the engine to stop; returns at once. Reports STOPPED when done."""

    @abstractmethod
    def join(self, timeout: float | None = None) -> bool:
        """Wait for the engine thread to finish (never call on the GUI thread
        without a short timeout). True when finished."""
