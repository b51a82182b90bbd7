"""The PyAV engine: Pantau's own RTSP receiver (live tiles) or libavformat (everything
else) pulls the URL, libavcodec decodes, frames go out as BGRX.

Live ``rtsp://`` streams go through :mod:`app.streams.rtsp`, which releases a picture
on its last RTP packet (the marker bit); libavformat's demuxer holds every H.264/H.265
picture until the next one begins, one frame interval (66 ms at 15 fps) and a frozen
camera's last picture for good. Where that receiver cannot serve a stream (rtsps, a
server without TCP interleaving, video other than H.264/H.265) it says so before PLAY
and the reader opens the URL with libavformat as before.

The supervisor (app.streams.supervisor) runs the states, reconnection and staleness;
this module is what touches PyAV. Each connection attempt is a :class:`_Reader` on its
own daemon thread: it opens, demuxes, decodes, scales the picture to what the tiles
show and hands it to the sink itself. PyAV offers no way to interrupt a blocked
libavformat call on demand (its interrupt callback only knows deadlines), so an
abandoned reader notices when its call returns, within the open deadline or the
socket's I/O timeout, closes its container and never reports again.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from fractions import Fraction
from urllib.parse import urlsplit

import av
import av.error
import numpy as np
from av.codec.context import Flags, ThreadType
from av.codec.hwaccel import HWAccel, hwdevices_available
from av.video.reformatter import Interpolation, VideoReformatter

from app.logmask import mask_url
from app.streams import rtsp
from app.streams.engine import (
    DecoderKind,
    EngineKind,
    StreamError,
    StreamOptions,
    StreamSink,
    VideoFrame,
)
from app.streams.pacing import PaceClock
from app.streams.supervisor import (
    Connection,
    Ended,
    Failed,
    FirstPicture,
    Opened,
    SupervisedEngine,
)

_log = logging.getLogger(__name__)

# The SDP already carries the codec's parameters; probing more of the stream only
# delays the first picture (32 KB is about half a second of a sub stream). What the
# probe read is kept and decoded (no "nobuffer"): it holds the keyframe a camera sends
# its first viewer, and dropping it meant waiting a whole GOP for the next one.
_RTSP_PROBESIZE = "4096"
_RTSP_ANALYZE_US = "100000"
_SMALL_PICTURE = 1280 * 720  # pixels: decoded on one thread
_PLAYBACK_PROBESIZE = "32768"
_RTP_TIME_BASE = Fraction(1, 90000)
# Decoding errors in a row after which the own receiver's stream counts as broken (one
# damaged picture is skipped; a stream the decoder never reads is reconnected).
_MAX_DECODE_ERRORS = 30
# Live rtsp:// through Pantau's own receiver; False reads every stream through
# libavformat (a comparison in tests and benches, or a camera the receiver mishandles).
OWN_RTSP_RECEIVER = True
_START_TAG = "pantau-start="  # the server's playback: its MP4 comment names its start


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


class PyAvEngine(SupervisedEngine):
    kind = EngineKind.PYAV

    def _connect(self) -> Connection:
        return _Reader(self.url, self.options, self.sink, lambda: self.max_width)


# -- reader ------------------------------------------------------------------------------


class _Reader(Connection):
    """One connection attempt on its own daemon thread. Abandon it with ``cancel()``."""

    def __init__(self, url: str, options: StreamOptions, sink: StreamSink,
                 max_width: Callable[[], int | None]) -> None:
        super().__init__()
        self.url = url
        self.options = options
        self._sink = sink
        self._max_width = max_width
        self.finite = not options.loop_forever
        # A finite stream (playback) is paced here, to its timestamps: nothing is lost
        # and the network waits. A live one is never held back, so no latency builds up.
        paced = options.realtime and self.finite and not _is_rtsp(url)
        self._clock = PaceClock() if paced else None
        self._synced = _SyncedShow(self, options) if options.clock is not None else None
        self.hw_device: str | None = None  # the device type asked for on this connection
        self._reformatter = VideoReformatter()
        self._receiver: rtsp.RtspReceiver | None = None
        threading.Thread(target=self._run, name=f"pyav-reader {mask_url(url)}", daemon=True).start()

    def cancel(self) -> None:
        super().cancel()
        receiver = self._receiver
        if receiver is not None:
            receiver.abort()  # a read blocked on a silent camera returns now

    def _run(self) -> None:
        try:
            self._connect_and_decode()
        finally:
            if self.hw_device is not None:
                _hw_undecided(self.hw_device)

    def _connect_and_decode(self) -> None:
        started = time.monotonic()
        try:
            resolve_error = _resolve_host(self.url)
            if resolve_error is not None:
                self.post(Failed(StreamError.UNREACHABLE, resolve_error))
                return
            if self._wants_own_receiver() and self._receive_live():
                return
            started = time.monotonic()
            container = self._open()
        except Exception as exc:
            waited = time.monotonic() - started  # the open's own time (reset above)
            self.post(Failed(*_classify(exc, opened=False, waited_s=waited,
                                        timeout_s=self.options.connect_timeout_s)))
            return
        try:
            self._decode(container)
        except Exception as exc:
            self.post(Failed(*_classify(exc, opened=True)))
        finally:
            try:
                container.close()
            except Exception:  # closing a broken connection may fail again; nothing to do
                _log.debug("closing %s failed", mask_url(self.url), exc_info=True)

    # -- live RTSP through Pantau's own receiver ----------------------------------------

    def _wants_own_receiver(self) -> bool:
        return (OWN_RTSP_RECEIVER and not self.finite and self._synced is None
                and self.url.lower().startswith("rtsp://"))

    def _receive_live(self) -> bool:
        """Play the stream through app.streams.rtsp; False when that receiver cannot
        (nothing was posted then: libavformat takes over)."""
        timeout_s = self.options.connect_timeout_s
        try:
            receiver = rtsp.RtspReceiver(self.url, timeout_s, on_data=self._on_rtp_data)
        except rtsp.Unsupported:
            return False
        self._receiver = receiver
        if self.cancelled.is_set():
            return True
        started = time.monotonic()
        try:
            receiver.open()
        except rtsp.Unsupported as exc:
            receiver.close()
            _log.info("%s: %s; reading it through libavformat", mask_url(self.url), exc)
            return False
        except Exception as exc:
            receiver.close()
            self.post(Failed(*_classify(exc, opened=False,
                                        waited_s=time.monotonic() - started,
                                        timeout_s=timeout_s)))
            return True
        try:
            self._decode_units(receiver)
        except Exception as exc:
            self.post(Failed(*_classify(exc, opened=True)))
        finally:
            receiver.close()
        return True

    def _on_rtp_data(self, size: int) -> None:
        self.last_packet_at = time.monotonic()
        self.count(data_bytes=size)

    def _decode_units(self, receiver: rtsp.RtspReceiver) -> None:
        codec = self._live_decoder(receiver.codec)
        self.post(Opened(codec.name))
        first_timestamp: int | None = None
        errors = 0  # in a row
        undecodable = 0
        while not self.cancelled.is_set():
            try:
                unit = receiver.read()
            except rtsp.ConnectionClosed:
                self.post(Ended())  # the camera ended the session (or cancel() did)
                return
            if first_timestamp is None:
                first_timestamp = unit.timestamp
            packet = av.Packet(unit.data)
            packet.pts = unit.timestamp  # presentation order; decoders need no dts
            packet.time_base = _RTP_TIME_BASE
            try:
                frames = codec.decode(packet)
            except av.error.InvalidDataError:
                errors += 1
                undecodable += 1
                if errors >= _MAX_DECODE_ERRORS:
                    raise
                continue
            finally:
                # Pictures lost on the way (and those up to the next keyframe) count as
                # dropped, as do those the decoder could not read.
                self.frames_dropped = receiver.dropped + undecodable
            errors = 0
            for frame in frames:
                if self.frames_decoded == 0:
                    codec = self._settle_decoder(codec, frame, packet, receiver.codec)
                self.frames_decoded += 1
                self.count(frames=1)
                self.size = (frame.width, frame.height)
                pts = unit.timestamp if frame.pts is None else frame.pts
                if self.cancelled.is_set():
                    return
                self.show(self.picture(frame), (pts - first_timestamp) / 90000)

    def _live_decoder(self, name: str) -> av.codec.context.CodecContext:
        device = _hw_candidate() if self.options.hwaccel else None
        codec = None
        if device is not None:
            self.hw_device = device  # from here on, _run settles the probe whatever happens
            try:
                codec = av.CodecContext.create(
                    name, "r", hwaccel=HWAccel(device, allow_software_fallback=True))
            except Exception as exc:
                _hw_failed(device, f"{type(exc).__name__}: {exc}")
                self.hw_device = None
        if codec is None:
            codec = av.CodecContext.create(name, "r")
        # The picture's size is known only once decoded: one thread until then.
        self.decoder = self._configure_decoder(codec, pixels=0)
        return codec

    def _settle_decoder(self, codec: av.codec.context.CodecContext, frame: av.VideoFrame,
                        keyframe: av.Packet, name: str) -> av.codec.context.CodecContext:
        """After the first picture: check the hardware, and give a large software-decoded
        picture its second slice thread (a fresh decoder, started on the same keyframe;
        its copy of the picture already shown is not shown again)."""
        if self.hw_device is not None:
            self._check_hardware(codec)
            if self.decoder is DecoderKind.HARDWARE:
                return codec
        if frame.width * frame.height <= _SMALL_PICTURE:
            return codec
        larger = av.CodecContext.create(name, "r")
        self._configure_decoder(larger, pixels=frame.width * frame.height)
        larger.decode(keyframe)
        return larger

    # -- everything else through libavformat ---------------------------------------------

    def _open(self) -> av.container.InputContainer:
        opts = self.options
        timeout_us = str(int(opts.connect_timeout_s * 1_000_000))
        container_options = {"timeout": timeout_us}
        if _is_rtsp(self.url):
            container_options.update(
                rtsp_transport="tcp",  # no UDP port juggling through NAT and firewalls
                allowed_media_types="video",  # audio would cost bandwidth nobody hears
                probesize=_RTSP_PROBESIZE,
                analyzeduration=_RTSP_ANALYZE_US,
            )
        elif self._synced is not None:
            # Pantau's own playback (fragmented MP4): the header says what the stream
            # is; probing frames would only delay a wall's seek.
            container_options.update(probesize=_PLAYBACK_PROBESIZE,
                                     analyzeduration=_RTSP_ANALYZE_US)
        if not _is_rtsp(self.url) and opts.http_headers:
            container_options["headers"] = "".join(
                f"{name}: {value}\r\n" for name, value in opts.http_headers.items()
            )
        # PyAV's deadline covers the open as a whole. Reads get none from PyAV: its
        # interrupt callback takes the GIL each time FFmpeg calls it, many times per
        # frame, which on a wall of streams costs more than the decoding. The socket's
        # own I/O timeout (above) ends a read from a dead peer instead.
        deadlines = (opts.connect_timeout_s, None)
        device = _hw_candidate() if opts.hwaccel else None
        if device is not None:
            self.hw_device = device  # from here on, _run settles the probe whatever happens
            tried = time.monotonic()
            try:
                return av.open(self.url, container_options=container_options,
                               timeout=deadlines,
                               hwaccel=HWAccel(device, allow_software_fallback=True))
            except Exception as exc:
                # A silent camera is no fault of the decoder either.
                error, _ = _classify(exc, opened=False, waited_s=time.monotonic() - tried,
                                     timeout_s=opts.connect_timeout_s)
                if error in (StreamError.UNREACHABLE, StreamError.NOT_FOUND,
                             StreamError.UNAUTHORIZED):
                    raise  # the peer's fault: a software open would fail the same way
                _hw_failed(device, f"{type(exc).__name__}: {exc}")
                self.hw_device = None
        return av.open(
            self.url,
            container_options=container_options,
            timeout=deadlines,
        )

    def _decode(self, container: av.container.InputContainer) -> None:
        if not container.streams.video:
            self.post(Failed(StreamError.BAD_STREAM, "The stream carries no video"))
            return
        stream = container.streams.video[0]
        codec = stream.codec_context
        if codec is None:
            self.post(Failed(StreamError.BAD_STREAM, "The video codec is not supported"))
            return
        self.decoder = self._configure_decoder(codec)
        start_s = (container.start_time or 0) / 1_000_000
        synced = self._synced
        if synced is not None and not synced.begin(container.metadata.get("comment", "")):
            self.post(Failed(StreamError.BAD_STREAM, "The playback stream has no start time"))
            return
        self.post(Opened(codec.name))
        for packet in container.demux(stream):
            if self.cancelled.is_set():
                return
            self.last_packet_at = time.monotonic()
            self.count(data_bytes=packet.size)
            if synced is not None and synced.skips(packet):
                continue
            for frame in codec.decode(packet):
                if self.frames_decoded == 0 and self.hw_device is not None:
                    self._check_hardware(codec)
                self.frames_decoded += 1
                self.count(frames=1)
                self.size = (frame.width, frame.height)  # what the camera sends (overlay)
                if synced is None:
                    self._deliver(frame, start_s)
                elif not synced.take(frame):
                    # The clock moved where this stream cannot follow: it ends here (and
                    # is not reconnected); its owner opens one from the clock's moment.
                    self.post(Ended())
                    return
        if synced is not None:
            synced.finish()
        self.post(Ended())

    def _configure_decoder(self, codec: av.codec.context.CodecContext,
                           pixels: int | None = None) -> DecoderKind:
        """``pixels``: the picture's size where the codec context does not know it yet."""
        if pixels is None:
            pixels = codec.width * codec.height
        if self.finite and self._synced is None:
            codec.thread_type = ThreadType.AUTO  # one playback can trade latency for speed
        else:
            # Frame threading holds back one frame per thread; slices do not. A sub
            # stream decodes in a fraction of a frame's time on one thread, and a wall
            # runs dozens of them: more threads would only add switching. The same for
            # a wall in synchronised playback, whose first pictures after a seek wait
            # on every frame held back.
            codec.thread_type = ThreadType.SLICE
            codec.thread_count = 1 if pixels <= _SMALL_PICTURE else 2
            if not self.finite:
                # Live only: recordings keep their B-frames in order through the
                # decoder's reorder delay.
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
        pts_s = None if frame.time is None else frame.time - start_s
        if self._clock is not None and self._clock.wait_for(pts_s, self.cancelled):
            return
        self.show(self.picture(frame), pts_s)

    def picture(self, frame: av.VideoFrame) -> np.ndarray:
        """The frame as BGRX, scaled down to what the tiles show."""
        width, height = _fit(frame.width, frame.height, self._max_width())
        shrink = width * 2 <= frame.width
        picture = self._reformatter.reformat(
            frame,
            width=width,
            height=height,
            format="bgra",  # Qt's RGB32: painted with no further conversion
            # Averaging keeps small tiles free of aliasing at about bilinear's cost.
            interpolation=Interpolation.AREA if shrink else Interpolation.BILINEAR,
            threads=1,  # dozens of tiles each decode on their own thread already
        )
        # Rows of a scaled picture may be padded; the GUI wants one plain block.
        return np.ascontiguousarray(picture.to_ndarray())

    def show(self, bgrx: np.ndarray, pts_s: float | None, at_s: float | None = None) -> None:
        if self.cancelled.is_set():
            return  # abandoned meanwhile: the supervisor has moved on
        self._sink.on_frame(VideoFrame(bgrx=bgrx, pts_s=pts_s, at_s=at_s))
        first = self.last_frame_at is None
        self.last_frame_at = time.monotonic()
        if first:
            self.post(FirstPicture())


class _SyncedShow:
    """Synchronised playback on a reader's thread: each frame waits until the shared
    clock reaches the moment it was recorded. Frames already behind the clock (a seek
    into a GOP, a tile catching up) are decoded but only the newest is shown, at most one
    per ``_CATCH_UP_S``, so a paused clock ends on exactly its frame. Backwards, the
    stream (keyframes only) is read whole and shown last frame first."""

    _CATCH_UP_S = 0.03
    _BEHIND_S = 1.0

    def __init__(self, reader: _Reader, options: StreamOptions) -> None:
        self._reader = reader
        self._clock = options.clock
        self._serial = options.clock_serial
        self._reverse = options.reverse
        self._origin_s = 0.0
        self._pending: tuple[av.VideoFrame, float, float] | None = None  # frame, pts, at
        self._held: list[tuple[np.ndarray, float, float]] = []  # backwards: picture, pts, at
        self._shown_at = 0.0  # monotonic
        self._last_at: float | None = None  # the previous frame decoded (forward)
        self._skipping = False  # behind the running clock: up to the next keyframe

    def begin(self, comment: str) -> bool:
        """Read the stream's start from its comment (the server's pantau-start tag)."""
        if not comment.startswith(_START_TAG):
            return False
        try:
            start = datetime.fromisoformat(comment[len(_START_TAG):].replace("Z", "+00:00"))
        except ValueError:
            return False
        self._origin_s = start.timestamp()
        return True

    def skips(self, packet: av.Packet) -> bool:
        """Whether to leave a packet undecoded: forward, while the clock runs more than
        _BEHIND_S ahead of the stream (the machine cannot decode every picture of the
        wall in time), the rest of the group of pictures goes, up to the next keyframe.
        The tile stays at the clock's moment and shows fewer pictures, rather than all
        of them ever later. Paused, every frame up to the clock's is decoded: a seek or
        a frame step lands on its frame."""
        if packet.is_keyframe:
            self._skipping = False
            return False
        if self._skipping:
            return True
        if self._reverse or self._last_at is None or packet.pts is None \
                or packet.time_base is None:
            return False
        state = self._clock.state()
        at_s = self._origin_s + float(packet.pts * packet.time_base)
        if not state.paused and state.position_s - at_s > self._BEHIND_S:
            self._skipping = True
        return self._skipping

    def take(self, frame: av.VideoFrame) -> bool:
        """One decoded frame; False once the clock has moved on from this stream."""
        reader = self._reader
        pts_s = frame.time or 0.0
        at_s = self._origin_s + pts_s
        if self._reverse:
            self._held.append((reader.picture(frame), pts_s, at_s))
            return True
        if self._last_at is not None:
            self._clock.note_frame_spacing(at_s - self._last_at)  # for frame steps
        self._last_at = at_s
        if not self._clock.is_due(at_s):
            self._flush()
            if not self._clock.wait_due(at_s, self._serial, reader.cancelled, self._alive):
                return False
        if time.monotonic() - self._shown_at < self._CATCH_UP_S:
            self._pending = (frame, pts_s, at_s)
            return True
        self._pending = None
        self._show(reader.picture(frame), pts_s, at_s)
        return True

    def finish(self) -> None:
        """The stream is read: show what waits (backwards: everything), unless the clock
        moves on meanwhile."""
        self._flush()
        stood = False  # the newest picture before the clock is shown
        for picture, pts_s, at_s in reversed(self._held):
            if not stood and not self._clock.is_due(at_s):
                # Backwards, the newest picture before the clock is what it stands on
                # now: shown at once (a paused clock would otherwise show nothing); each
                # earlier one when the clock comes back to it.
                stood = True
                if self._clock.state().serial != self._serial:
                    break
            elif not self._clock.wait_due(at_s, self._serial, self._reader.cancelled,
                                          self._alive):
                break
            self._show(picture, pts_s, at_s)
        self._held.clear()

    def _flush(self) -> None:
        if self._pending is not None:
            frame, pts_s, at_s = self._pending
            self._pending = None
            self._show(self._reader.picture(frame), pts_s, at_s)

    def _show(self, picture: np.ndarray, pts_s: float, at_s: float) -> None:
        self._shown_at = time.monotonic()
        self._reader.show(picture, pts_s, at_s)

    def _alive(self) -> None:
        # Waiting on a paused clock, or for the far side of a gap: alive, not stale.
        self._reader.held_until = time.monotonic() + 1.0


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


def _classify(exc: Exception, opened: bool, waited_s: float = 0.0,
              timeout_s: float | None = None) -> tuple[StreamError, str]:
    """Turn what PyAV or the own RTSP receiver raised into an error kind and a short
    human reason."""
    if isinstance(exc, rtsp.RtspError):
        return _classify_rtsp(exc, opened)
    # FFmpeg's RTSP client reports a camera that accepts the connection and then says
    # nothing as "invalid data" once the open's deadline interrupts it; one answering
    # garbage fails at once. A failure that took the whole deadline is the silence, a
    # timeout (it was shown as "video Pantau cannot read").
    if (not opened and timeout_s is not None and waited_s >= 0.9 * timeout_s
            and isinstance(exc, av.error.InvalidDataError | av.error.EOFError)):
        return StreamError.UNREACHABLE, f"No answer within {timeout_s:g} s (timed out)"
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
            return StreamError.NO_FRAMES, "No data arrived in time (timed out)"
        return StreamError.UNREACHABLE, "No answer in time (timed out)"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE_ERRNOS:
        return StreamError.UNREACHABLE, "The connection failed"
    if isinstance(exc, av.error.FFmpegError):
        # Invalid data, an early end of file, an unknown codec: the peer answered, but
        # not with video we can decode.
        return StreamError.BAD_STREAM, "The answer is not a playable video stream"
    _log.error("unexpected error from PyAV", exc_info=exc)
    return StreamError.INTERNAL, "Internal error in the PyAV engine"


def _classify_rtsp(exc: rtsp.RtspError, opened: bool) -> tuple[StreamError, str]:
    """The own receiver's errors, as _classify names libavformat's same failures."""
    if isinstance(exc, rtsp.NotFound):
        return StreamError.NOT_FOUND, "The server has no such stream (404)"
    if isinstance(exc, rtsp.Unauthorized | rtsp.Forbidden):
        return StreamError.UNAUTHORIZED, "Access denied (401/403)"
    if isinstance(exc, rtsp.StatusError) and exc.status >= 500:
        return StreamError.UNREACHABLE, "The server reported an error (5xx)"
    if isinstance(exc, rtsp.ConnectionClosed) and opened:
        return StreamError.UNREACHABLE, "The camera closed the stream"
    # Another refusal, an early close, an answer that is not RTSP/SDP/RTP: the peer
    # answered, but not with video we can read.
    return StreamError.BAD_STREAM, "The answer is not a playable video stream"
