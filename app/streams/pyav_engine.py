"""The PyAV engine: libavformat pulls the URL, libavcodec decodes, frames go out as RGB24.

Two threads per engine. The *supervisor* (the thread ``join`` waits for) owns the state
machine, the backoff, pacing and statistics, and is the only one that talks to the sink.
Each connection attempt gets a disposable *reader* thread that opens, demuxes and
decodes. PyAV offers no way to interrupt a blocked libavformat call on demand (its
interrupt callback only knows deadlines), so instead of waiting for a blocked read the
supervisor abandons the reader: the reader notices when its call returns, within its
open/read deadlines, closes its container and never reports again. That is what keeps
``stop()`` and stale detection prompt while a dead peer holds a socket.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import queue
import random
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import av
import av.error
from av.codec.context import Flags, ThreadType
from av.codec.hwaccel import HWAccel, hwdevices_available
from av.video.reformatter import Interpolation, VideoReformatter

from app.logmask import mask_text, mask_url
from app.streams.engine import (
    DecoderKind,
    EngineKind,
    StreamEngine,
    StreamError,
    StreamOptions,
    StreamSink,
    StreamState,
    StreamStats,
    VideoFrame,
)

_log = logging.getLogger(__name__)

_POLL_S = 0.1  # how often the supervisor looks at stop, staleness and stats
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
_FIRST_PICTURE_LIMIT_S = 10.0
_LIVE_BACKLOG = 4  # decoded frames waiting for the supervisor; beyond that live frames drop
_PLAYBACK_BACKLOG = 8  # decoded ahead of the pacing clock
_PACE_RESYNC_S = 1.0  # a timestamp jump or lag larger than this re-anchors the clock
_RTSP_PROBESIZE = "32768"  # the SDP already carries the codec parameters
_RTSP_ANALYZE_US = "500000"


# Hardware decoders worth asking for, best first (those the loaded FFmpeg knows).
_HW_PREFERENCE = ("cuda", "vaapi", "d3d11va", "videotoolbox", "qsv")
_hw_broken: set[str] = set()  # device types that failed here: never asked for again
_hw_proven: set[str] = set()  # device types that decoded a picture here
# One connection at a time tries an unproven device; the others decode in software
# meanwhile, so a wall of 64 tiles does not open every camera twice at start-up.
_hw_probing: set[str] = set()
_hw_lock = threading.Lock()


def _hw_candidate() -> str | None:
    """The hardware device type to ask for on a new connection, or None: software."""
    try:
        available = set(hwdevices_available())
    except Exception:  # an FFmpeg without hwcontext support
        return None
    with _hw_lock:
        for name in _HW_PREFERENCE:
            if name not in available or name in _hw_broken:
                continue
            if name in _hw_proven:
                return name
            if name in _hw_probing:
                return None
            _hw_probing.add(name)
            return name
    return None


def _hw_failed(name: str, why: str) -> None:
    with _hw_lock:
        _hw_probing.discard(name)
        if name in _hw_broken:
            return
        _hw_broken.add(name)
    _log.warning("hardware decoding through %s is not usable here (%s): "
                 "decoding in software", name, why)


def _hw_worked(name: str) -> None:
    with _hw_lock:
        _hw_probing.discard(name)
        if name in _hw_proven:
            return
        _hw_proven.add(name)
    _log.info("hardware decoding through %s", name)


def _hw_undecided(name: str) -> None:
    """A probing connection ended before its first picture: let another one try."""
    with _hw_lock:
        if name not in _hw_proven and name not in _hw_broken:
            _hw_probing.discard(name)


class _Event:
    """What a reader hands to the supervisor."""


@dataclass
class _Opened(_Event):
    codec: str


@dataclass
class _Decoded(_Event):
    frame: VideoFrame


@dataclass
class _Failed(_Event):
    error: StreamError
    detail: str


@dataclass
class _Ended(_Event):
    pass


@dataclass
class _Outcome:
    """How one connection attempt finished."""

    error: StreamError  # NONE: the finite stream ended, or we were stopped
    detail: str
    was_live: bool
    duration_s: float
    stale: bool = False


class PyAvEngine(StreamEngine):
    kind = EngineKind.PYAV

    def __init__(self, url: str, sink: StreamSink, options: StreamOptions) -> None:
        super().__init__(url, sink, options)
        self._masked = mask_url(url)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reported: tuple[StreamState, StreamError] | None = None
        self._decoded_before = 0  # totals of finished connections
        self._dropped_before = 0
        self._last_frame_at: float | None = None
        self._size = (0, 0)
        self._codec = ""

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=f"pyav {self._masked}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- supervisor --------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._supervise()
        except Exception:  # a sink bug must not kill the thread silently
            _log.exception("stream engine for %s failed", self._masked)
            self._stop.set()
        if self._stop.is_set():
            self._report(StreamState.STOPPED, StreamError.NONE, "")

    def _supervise(self) -> None:
        opts = self.options
        failures = 0
        state = StreamState.CONNECTING
        self._report(state, StreamError.NONE, f"Connecting to {self._masked}.")
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
        opts = self.options
        paced = opts.realtime and not opts.loop_forever and not _is_rtsp(self.url)
        reader = _Reader(self.url, opts)
        started = time.monotonic()
        opened_at: float | None = None
        last_frame_at: float | None = None
        next_stats = started + _STATS_PERIOD_S
        clock: _PaceClock | None = _PaceClock() if paced else None
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                if opened_at is not None and now >= next_stats:
                    self._emit_stats(reader, now - (next_stats - _STATS_PERIOD_S))
                    next_stats = now + _STATS_PERIOD_S
                try:
                    event = reader.events.get(timeout=_POLL_S)
                except queue.Empty:
                    event = None
                now = time.monotonic()
                if event is None:
                    silent = self._silence(reader, started, opened_at, last_frame_at, now)
                    if silent is not None:
                        return silent
                    continue
                live = last_frame_at is not None
                if isinstance(event, _Opened):
                    opened_at = now
                    self._codec = event.codec
                elif isinstance(event, _Decoded):
                    if clock is not None and clock.wait_for(event.frame.pts_s, self._stop):
                        break
                    self.sink.on_frame(event.frame)
                    last_frame_at = self._last_frame_at = time.monotonic()
                    self._size = (event.frame.width, event.frame.height)
                    if not live:
                        self._report(StreamState.LIVE, StreamError.NONE, "")
                elif isinstance(event, _Failed):
                    return _Outcome(event.error, event.detail, live, now - started)
                elif isinstance(event, _Ended):
                    if not self.options.loop_forever:
                        return _Outcome(StreamError.NONE, "", live, now - started)
                    detail = "The camera closed the stream"
                    return _Outcome(StreamError.UNREACHABLE, detail, live, now - started)
            return _Outcome(StreamError.NONE, "", False, time.monotonic() - started)
        finally:
            reader.cancel()
            self._decoded_before += reader.frames_decoded
            self._dropped_before += reader.frames_dropped

    def _silence(
        self,
        reader: _Reader,
        started: float,
        opened_at: float | None,
        last_frame_at: float | None,
        now: float,
    ) -> _Outcome | None:
        """The outcome when the peer has been quiet for too long, else None."""
        stale_s = self.options.stale_after_s
        if last_frame_at is not None:
            if now - last_frame_at <= stale_s:
                return None
            detail = f"No picture for {stale_s:g} s"
            return _Outcome(StreamError.NO_FRAMES, detail, True, now - started, stale=True)
        if opened_at is not None:
            quiet_s = now - max(opened_at, reader.last_packet_at)
            if quiet_s <= stale_s and now - opened_at <= max(stale_s, _FIRST_PICTURE_LIMIT_S):
                return None
            return _Outcome(StreamError.NO_FRAMES, "No picture arrived", False, now - started)
        # The reader's own open deadlines normally fire first; this is the safety net.
        if now - started <= 2 * self.options.connect_timeout_s + 1.0:
            return None
        return _Outcome(StreamError.UNREACHABLE, "No answer in time", False, now - started)

    def _emit_stats(self, reader: _Reader, window_s: float) -> None:
        bytes_, frames = reader.take_window()
        window_s = max(window_s, 1e-3)
        self.sink.on_stats(
            StreamStats(
                width=self._size[0],
                height=self._size[1],
                fps=frames / window_s,
                bitrate_kbps=bytes_ * 8 / 1000 / window_s,
                codec=self._codec,
                decoder=reader.decoder,
                frames_decoded=self._decoded_before + reader.frames_decoded,
                frames_dropped=self._dropped_before + reader.frames_dropped,
                last_frame_monotonic=self._last_frame_at,
            )
        )

    def _report(self, state: StreamState, error: StreamError, message: str) -> None:
        # A new error under the same state is news too (the tile shows why).
        if self._reported == (state, error):
            return
        self._reported = (state, error)
        message = mask_text(message)
        if error is StreamError.NONE:
            _log.info("%s: %s", self._masked, state.value)
        else:
            _log.warning("%s (%s): %s", state.value, error.value, message)
        self.sink.on_state(state, error, message)


class _PaceClock:
    """Maps presentation timestamps onto the wall clock so playback runs at 1x."""

    def __init__(self) -> None:
        self._anchor: tuple[float, float] | None = None  # (pts_s, monotonic)

    def wait_for(self, pts_s: float | None, stop: threading.Event) -> bool:
        """Sleep until the frame is due; True when stopped meanwhile."""
        now = time.monotonic()
        if pts_s is None:
            return False
        if self._anchor is None:
            self._anchor = (pts_s, now)
            return False
        due = self._anchor[1] + (pts_s - self._anchor[0])
        if abs(due - now) > _PACE_RESYNC_S:
            # A gap in the recording or a decoder that fell behind: start over from
            # here rather than freezing or racing to catch up.
            self._anchor = (pts_s, now)
            return False
        return due > now and stop.wait(due - now)


# -- reader ------------------------------------------------------------------------------


class _Reader:
    """One connection attempt on its own daemon thread. Abandon it with ``cancel()``."""

    def __init__(self, url: str, options: StreamOptions) -> None:
        self.url = url
        self.options = options
        # A finite stream waits for the supervisor (pacing, or a slow consumer) and loses
        # nothing; a live one never waits for it, so latency cannot pile up.
        self.finite = not options.loop_forever
        backlog = _PLAYBACK_BACKLOG if self.finite else _LIVE_BACKLOG
        self.events: queue.Queue[_Event] = queue.Queue(maxsize=backlog)
        self.frames_decoded = 0
        self.frames_dropped = 0
        self.last_packet_at = 0.0  # monotonic
        self.decoder = DecoderKind.SOFTWARE
        self.hw_device: str | None = None  # the device type asked for on this connection
        self._cancelled = threading.Event()
        self._window_bytes = 0
        self._window_frames = 0
        self._lock = threading.Lock()
        self._reformatter = VideoReformatter()
        threading.Thread(target=self._run, name=f"pyav-reader {mask_url(url)}", daemon=True).start()

    def cancel(self) -> None:
        self._cancelled.set()

    def take_window(self) -> tuple[int, int]:
        """Bytes received and frames decoded since the previous call."""
        with self._lock:
            result = (self._window_bytes, self._window_frames)
            self._window_bytes = self._window_frames = 0
        return result

    def _post(self, event: _Event) -> None:
        while not self._cancelled.is_set():
            try:
                self.events.put(event, timeout=_POLL_S)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            self._connect_and_decode()
        finally:
            if self.hw_device is not None:
                _hw_undecided(self.hw_device)

    def _connect_and_decode(self) -> None:
        try:
            resolve_error = _resolve_host(self.url)
            if resolve_error is not None:
                self._post(_Failed(StreamError.UNREACHABLE, resolve_error))
                return
            container = self._open()
        except Exception as exc:
            self._post(_Failed(*_classify(exc, opened=False)))
            return
        try:
            self._decode(container)
        except Exception as exc:
            self._post(_Failed(*_classify(exc, opened=True)))
        finally:
            try:
                container.close()
            except Exception:  # closing a broken connection may fail again; nothing to do
                _log.debug("closing %s failed", mask_url(self.url), exc_info=True)

    def _open(self) -> av.container.InputContainer:
        opts = self.options
        timeout_us = str(int(opts.connect_timeout_s * 1_000_000))
        container_options = {"timeout": timeout_us}
        if _is_rtsp(self.url):
            container_options.update(
                rtsp_transport="tcp",  # no UDP port juggling through NAT and firewalls
                allowed_media_types="video",  # audio would cost bandwidth nobody hears
                fflags="nobuffer",
                probesize=_RTSP_PROBESIZE,
                analyzeduration=_RTSP_ANALYZE_US,
            )
        elif opts.http_headers:
            container_options["headers"] = "".join(
                f"{name}: {value}\r\n" for name, value in opts.http_headers.items()
            )
        # Deadlines for PyAV's interrupt callback: the open as a whole, then each read.
        read_timeout = max(opts.stale_after_s, 1.0) + 1.0
        device = _hw_candidate() if opts.hwaccel else None
        if device is not None:
            self.hw_device = device  # from here on, _run settles the probe whatever happens
            try:
                return av.open(self.url, container_options=container_options,
                               timeout=(opts.connect_timeout_s, read_timeout),
                               hwaccel=HWAccel(device, allow_software_fallback=True))
            except Exception as exc:
                error, _ = _classify(exc, opened=False)
                if error in (StreamError.UNREACHABLE, StreamError.NOT_FOUND,
                             StreamError.UNAUTHORIZED):
                    raise  # the peer's fault: a software open would fail the same way
                _hw_failed(device, f"{type(exc).__name__}: {exc}")
                self.hw_device = None
        return av.open(
            self.url,
            container_options=container_options,
            timeout=(opts.connect_timeout_s, read_timeout),
        )

    def _decode(self, container: av.container.InputContainer) -> None:
        if not container.streams.video:
            self._post(_Failed(StreamError.BAD_STREAM, "The stream carries no video"))
            return
        stream = container.streams.video[0]
        codec = stream.codec_context
        if codec is None:
            self._post(_Failed(StreamError.BAD_STREAM, "The video codec is not supported"))
            return
        self.decoder = self._configure_decoder(codec)
        start_s = (container.start_time or 0) / 1_000_000
        self._post(_Opened(codec.name))
        for packet in container.demux(stream):
            if self._cancelled.is_set():
                return
            self.last_packet_at = time.monotonic()
            with self._lock:
                self._window_bytes += packet.size
            for frame in codec.decode(packet):
                if self.frames_decoded == 0 and self.hw_device is not None:
                    self._check_hardware(codec)
                self._deliver(frame, start_s)
        self._post(_Ended())

    def _configure_decoder(self, codec: av.codec.context.CodecContext) -> DecoderKind:
        if self.finite:
            codec.thread_type = ThreadType.AUTO  # playback can trade latency for speed
        else:
            # Frame threading holds back one frame per thread; slices do not.
            codec.thread_type = ThreadType.SLICE
            codec.thread_count = 2
            codec.flags |= Flags.low_delay
        return DecoderKind.HARDWARE if _is_hwaccel(codec) else DecoderKind.SOFTWARE

    def _check_hardware(self, codec: av.codec.context.CodecContext) -> None:
        """After the first picture: did the device really decode it?"""
        if _is_hwaccel(codec):
            self.decoder = DecoderKind.HARDWARE
            _hw_worked(self.hw_device or "?")
        else:
            # FFmpeg fell back to software by itself (no such device, or it cannot
            # decode this stream); stop asking for it on later connections.
            self.decoder = DecoderKind.SOFTWARE
            _hw_failed(self.hw_device or "?", "the decoder fell back to software")

    def _deliver(self, frame: av.VideoFrame, start_s: float) -> None:
        self.frames_decoded += 1
        with self._lock:
            self._window_frames += 1
        if not self.finite and self.events.full():
            self.frames_dropped += 1  # the supervisor fell behind; never add latency
            return
        width, height = _fit(frame.width, frame.height, self.options.max_width)
        rgb_frame = self._reformatter.reformat(
            frame,
            width=width,
            height=height,
            format="rgb24",
            interpolation=Interpolation.BILINEAR,
            threads=1,  # dozens of tiles each decode on their own thread already
        )
        pts_s = None if frame.time is None else frame.time - start_s
        decoded = _Decoded(VideoFrame(rgb=rgb_frame.to_ndarray(), pts_s=pts_s))
        if self.finite:
            self._post(decoded)
            return
        try:
            self.events.put_nowait(decoded)
        except queue.Full:
            self.frames_dropped += 1


# -- helpers -----------------------------------------------------------------------------


def _is_hwaccel(codec: av.codec.context.CodecContext) -> bool:
    return bool(getattr(codec, "is_hwaccel", False))


def _is_rtsp(url: str) -> bool:
    return url.lower().startswith(("rtsp://", "rtsps://"))


def _fit(width: int, height: int, max_width: int | None) -> tuple[int, int]:
    if not max_width or width <= max_width:
        return width, height
    return max_width, max(1, round(height * max_width / width))


def _resolve_host(url: str) -> str | None:
    """FFmpeg reports an unknown host as a bare I/O error; tell it apart up front."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return "The address is not a valid URL"
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    try:
        socket.getaddrinfo(host, None)
    except OSError:
        return f"Cannot resolve the host name {host}"
    return None


_UNREACHABLE_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ETIMEDOUT,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.EHOSTDOWN,
    errno.ENETDOWN,
    errno.EPIPE,
}


def _classify(exc: Exception, opened: bool) -> tuple[StreamError, str]:
    """Turn what PyAV raised into an error kind and a short human reason."""
    if isinstance(exc, av.error.HTTPNotFoundError):
        return StreamError.NOT_FOUND, "The server has no such stream (404)"
    if isinstance(exc, av.error.HTTPUnauthorizedError | av.error.HTTPForbiddenError):
        return StreamError.UNAUTHORIZED, "Access denied (401/403)"
    if isinstance(exc, av.error.HTTPServerError):
        return StreamError.UNREACHABLE, "The server reported an error (5xx)"
    if isinstance(exc, ConnectionRefusedError):
        return StreamError.UNREACHABLE, "Connection refused"
    if isinstance(exc, av.error.ExitError | TimeoutError):
        if opened:
            return StreamError.NO_FRAMES, "No data arrived in time"
        return StreamError.UNREACHABLE, "No answer in time"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE_ERRNOS:
        return StreamError.UNREACHABLE, "The connection failed"
    if isinstance(exc, av.error.FFmpegError):
        # Invalid data, an early end of file, an unknown codec: the peer answered, but
        # not with video we can decode.
        return StreamError.BAD_STREAM, "The answer is not a playable video stream"
    _log.error("unexpected error from PyAV", exc_info=exc)
    return StreamError.INTERNAL, "Internal error in the PyAV engine"
