"""The libVLC engine (python-vlc), with two ways to show a picture.

Into the tile's own native window (StreamOptions.window_id, the default for tiles
libVLC plays): libVLC decodes (with hardware decoding asked for) and draws itself, and
no picture passes through Python. That is the cheap way, at a price: one decode per
tile, since a window belongs to one tile; nothing painted by Qt over the picture (the
tile keeps its header and info box beside it); snapshots grabbed from the screen. A
tile zoomed in asks for frames instead: libVLC 3's crop (video_set_crop_geometry)
crashes the player when it stops. The supervisor learns that pictures arrive from libVLC's
"displayed pictures" counter.

Into our memory through libVLC's video callbacks (vmem), as BGRX frames: they then
take the same path as PyAV's, so one decode feeds every tile showing the camera and
the GUI zooms, crops and overlays the picture itself. The price is a copy of each
picture to system memory.

Threads: libVLC's callbacks (its decoder and event threads) only copy pixels or put a
note in a queue; they never call back into libVLC. A supervisor thread owns the player:
it starts, stops and restarts it (reconnect with backoff and jitter), watches for a
stale picture and reports to the sink, like the PyAV engine's supervisor.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os
import queue
import random
import re
import sys
import threading
import time
from functools import cache
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import vlc

from app.logmask import mask_text, mask_url
from app.streams.engine import (
    DecoderKind,
    EngineKind,
    StreamError,
    StreamOptions,
    StreamSink,
    StreamState,
    StreamStats,
    VideoFrame,
)
from app.streams.supervisor import ThreadedEngine

_log = logging.getLogger(__name__)

_POLL_S = 0.1
_STATS_PERIOD_S = 1.0
_FIRST_PICTURE_LIMIT_S = 10.0

# Our own ctypes prototypes: python-vlc declares the chroma argument of the format
# callback as c_char_p, which arrives as a copy that cannot be written to.
_SETUP = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p),
                          ctypes.POINTER(ctypes.c_char), ctypes.POINTER(ctypes.c_uint),
                          ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint),
                          ctypes.POINTER(ctypes.c_uint))
_CLEANUP = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_LOCK = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p))
_UNLOCK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p,
                           ctypes.POINTER(ctypes.c_void_p))
_DISPLAY = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


def _raw(name: str, *argtypes) -> ctypes._CFuncPtr:
    function = getattr(vlc.dll, name)
    function.argtypes = list(argtypes)
    function.restype = None
    return function


_set_callbacks = _raw("libvlc_video_set_callbacks", ctypes.c_void_p, _LOCK, _UNLOCK,
                      _DISPLAY, ctypes.c_void_p)
_set_format_callbacks = _raw("libvlc_video_set_format_callbacks", ctypes.c_void_p, _SETUP,
                             _CLEANUP)


def _is_rtsp(url: str) -> bool:
    return url.lower().startswith(("rtsp://", "rtsps://"))


@cache
def rtsp_supported() -> bool:
    """Whether this libVLC has the live555 RTSP access module. Debian and Ubuntu build
    it without live555: then rtsp:// fails after a useless open; we look once."""
    dirs = [os.environ.get("VLC_PLUGIN_PATH", "")]
    if getattr(vlc, "plugin_path", None):
        dirs.append(vlc.plugin_path)
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            libs = {line.split()[-1] for line in maps if "libvlccore" in line}
        dirs += [os.path.join(os.path.dirname(lib), "vlc", "plugins") for lib in libs]
    except OSError:
        pass
    dirs += ["/usr/lib/x86_64-linux-gnu/vlc/plugins", "/usr/lib/vlc/plugins"]
    for directory in filter(None, dirs):
        if glob.glob(os.path.join(directory, "**", "*live555*"), recursive=True):
            return True
    _log.warning("this libVLC cannot open RTSP (no live555 module): "
                 "the PyAV engine plays live cameras")
    return False


def can_open(url: str) -> bool:
    return not _is_rtsp(url) or rtsp_supported()


@cache
def _instance() -> vlc.Instance:
    # One libVLC instance for the process: each costs a plugin scan.
    return vlc.Instance(["--quiet", "--no-audio", "--no-xlib", "--no-video-title-show",
                         "--avcodec-hw=any"])


def _with_token(url: str, headers: dict[str, str]) -> str:
    """libVLC cannot send an Authorization header: the server takes ?access_token=."""
    auth = headers.get("Authorization", "")
    if not auth.lower().startswith("bearer "):
        return url
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode({"access_token": auth[7:]})]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _masked(url: str) -> str:
    return re.sub(r"(access_token=)[^&#\s]*", r"\1***", mask_url(url))


def _codec_name(media) -> str:
    """The video codec as a short lower-case name ("h264"), from the track's fourcc."""
    try:
        for track in media.tracks_get() or ():
            if track.type == vlc.TrackType.video:
                fourcc = int(track.codec).to_bytes(4, "little").decode("ascii", "replace")
                return fourcc.strip().lower()
    except Exception:  # informational only
        _log.debug("no track information", exc_info=True)
    return ""


def _attach_window(player, window_id: int) -> None:
    """Let libVLC draw into a native window; mouse and keys stay with the tile (an X11
    window that does not take them passes them to its parent)."""
    if sys.platform.startswith("win"):
        player.set_hwnd(window_id)
    elif sys.platform == "darwin":
        player.set_nsobject(window_id)
    else:
        player.set_xwindow(window_id)
    player.video_set_mouse_input(False)
    player.video_set_key_input(False)


class _Picture:
    """The decode target libVLC writes into; set up by its format callback."""

    def __init__(self) -> None:
        self.buffer: np.ndarray | None = None
        self.width = self.height = 0
        self.native = (0, 0)
        # libVLC's decoded size may carry padding rows; the supervisor learns the visible
        # size from the player (not allowed inside the callback) and frames are cropped.
        self.visible: tuple[int, int] | None = None


class VlcEngine(ThreadedEngine):
    kind = EngineKind.VLC

    def __init__(self, url: str, sink: StreamSink, options: StreamOptions) -> None:
        super().__init__(url, sink, options)
        self._events: queue.Queue[str] = queue.Queue()
        self._picture = _Picture()
        self._frames = 0  # under _lock
        self._window_frames = 0
        self._last_frame_at: float | None = None
        self._codec = ""
        self._shown = 0  # libVLC's count of pictures drawn into the window, this attempt
        self._lock = threading.Lock()
        # ctypes callbacks must outlive the player: keep them on the engine.
        self._callbacks = (_SETUP(self._on_setup), _CLEANUP(self._on_cleanup),
                           _LOCK(self._on_lock), _UNLOCK(self._on_unlock),
                           _DISPLAY(self._on_display))

    @property
    def draws_into_window(self) -> bool:
        return self.options.window_id is not None

    def _mask_url(self, url: str) -> str:
        return _masked(url)  # the playback token rides in the query for libVLC

    def _mask_text(self, text: str) -> str:
        return _masked(mask_text(text))

    # -- libVLC's threads: copy or note, never call libVLC --------------------------------
    def _on_setup(self, _opaque, chroma, width, height, pitches, lines) -> int:
        native_w, native_h = width[0], height[0]
        out_w, out_h = native_w, native_h
        max_width = self.max_width  # applies per connection: libVLC sizes its decoder once
        if max_width and native_w > max_width:
            out_w = max_width
            out_h = max(1, round(native_h * out_w / native_w))
        # RV32 is B, G, R, X in memory on little-endian machines: VideoFrame's layout.
        ctypes.memmove(chroma, b"RV32", 4)
        width[0], height[0] = out_w, out_h
        pitches[0], lines[0] = out_w * 4, out_h
        self._picture.buffer = np.zeros((out_h, out_w * 4), dtype=np.uint8)
        self._picture.width, self._picture.height = out_w, out_h
        self._picture.native = (native_w, native_h)
        return 1  # one picture buffer

    def _on_cleanup(self, _opaque) -> None:
        pass

    def _on_lock(self, _opaque, planes) -> int:
        buffer = self._picture.buffer
        planes[0] = buffer.ctypes.data if buffer is not None else None
        return 0

    def _on_unlock(self, _opaque, _picture, _planes) -> None:
        pass

    def _on_display(self, _opaque, _picture) -> None:
        pic = self._picture
        if pic.buffer is None:
            return
        if pic.visible is not None:  # until then, padding rows could show: skip
            width, height = min(pic.visible[0], pic.width), min(pic.visible[1], pic.height)
            bgrx = pic.buffer.reshape(pic.height, pic.width, 4)[:height, :width].copy()
            try:
                self.sink.on_frame(VideoFrame(bgrx=bgrx, pts_s=None))
            except Exception:  # never let an exception unwind into libVLC
                _log.exception("sink failed for %s", self._masked)
        now = time.monotonic()
        with self._lock:
            self._frames += 1
            self._window_frames += 1
            self._last_frame_at = now

    def _on_vlc_event(self, event) -> None:
        self._events.put(event.type.value if hasattr(event.type, "value") else str(event.type))

    # -- supervisor ---------------------------------------------------------------------
    def _supervise(self) -> None:
        opts = self.options
        failures = 0
        self._report(StreamState.CONNECTING, StreamError.NONE, f"Connecting to {self._masked}.")
        while not self._stop.is_set():
            error, detail, was_live = self._attempt()
            if self._stop.is_set():
                return
            if error is StreamError.NONE:
                self._report(StreamState.ENDED, StreamError.NONE, "Playback reached its end.")
                return
            message = f"{detail} ({self._masked})."
            if was_live:
                failures = 0
                self._report(StreamState.RECONNECTING, error, message)
                continue
            failures += 1
            if failures >= opts.offline_after_attempts:
                self._report(StreamState.OFFLINE, error, message)
                if not opts.loop_forever:
                    return
            else:
                self._report(StreamState.RECONNECTING, error, message)
            delay = min(opts.reconnect_max_s, opts.reconnect_initial_s * 2 ** (failures - 1))
            if self._stop.wait(delay * random.uniform(0.75, 1.0)):  # jitter: no lockstep
                return

    def _attempt(self) -> tuple[StreamError, str, bool]:
        """One play of the URL; (NONE, "", _) when a finite stream ended or we stopped."""
        opts = self.options
        instance = _instance()
        media = instance.media_new(_with_token(self.url, opts.http_headers))
        media.add_option(f":network-caching={opts.network_caching_ms}")
        media.add_option(":avcodec-hw=any")
        player = instance.media_player_new()
        player.set_media(media)
        if self.draws_into_window:
            _attach_window(player, opts.window_id)
        else:
            _set_format_callbacks(self._player_pointer(player), self._callbacks[0],
                                  self._callbacks[1])
            _set_callbacks(self._player_pointer(player), self._callbacks[2],
                           self._callbacks[3], self._callbacks[4], None)
        manager = player.event_manager()
        watched = (vlc.EventType.MediaPlayerEncounteredError, vlc.EventType.MediaPlayerEndReached,
                   vlc.EventType.MediaPlayerPlaying)
        for kind in watched:
            manager.event_attach(kind, self._on_vlc_event)
        started = time.monotonic()
        self._picture.visible = None
        self._shown = 0
        with self._lock:
            frames_before = self._frames
        live = False
        next_stats = started + _STATS_PERIOD_S
        bytes_before = 0
        try:
            player.play()
            while not self._stop.is_set():
                try:
                    event = self._events.get(timeout=_POLL_S)
                except queue.Empty:
                    event = None
                now = time.monotonic()
                if self.draws_into_window:
                    self._count_shown(media, now)
                with self._lock:
                    frames, last = self._frames, self._last_frame_at
                if not live and frames > frames_before:
                    live = True
                    self._learn_visible_size(player)
                    self._codec = _codec_name(media)
                    self._report(StreamState.LIVE, StreamError.NONE, "")
                    # The picture's size at once: a tile fits its window's picture by it.
                    bytes_before = self._emit_stats(media, now - started, bytes_before)
                    next_stats = now + _STATS_PERIOD_S
                if event == vlc.EventType.MediaPlayerEncounteredError.value:
                    return StreamError.UNREACHABLE, "libVLC could not play the stream", live
                if event == vlc.EventType.MediaPlayerEndReached.value:
                    if not opts.loop_forever:
                        return StreamError.NONE, "", live
                    return StreamError.UNREACHABLE, "The stream ended", live
                if live and last is not None and now - last > opts.stale_after_s:
                    self._report(StreamState.STALE, StreamError.NO_FRAMES,
                                 f"No picture for {opts.stale_after_s:g} s ({self._masked}).")
                    return StreamError.NO_FRAMES, f"No picture for {opts.stale_after_s:g} s", True
                if not live and now - started > max(_FIRST_PICTURE_LIMIT_S,
                                                     2 * opts.connect_timeout_s):
                    return StreamError.NO_FRAMES, "No picture arrived", False
                if now >= next_stats:
                    bytes_before = self._emit_stats(media, now - next_stats + _STATS_PERIOD_S,
                                                    bytes_before)
                    next_stats = now + _STATS_PERIOD_S
            return StreamError.NONE, "", live
        finally:
            for kind in watched:
                manager.event_detach(kind)
            player.stop()  # on our thread, never in a libVLC callback
            player.release()
            media.release()
            while not self._events.empty():
                self._events.get_nowait()

    def _count_shown(self, media, now: float) -> None:
        """Drawing into a window, libVLC calls nothing of ours per picture: its count
        of displayed pictures tells us they arrive."""
        stats = vlc.MediaStats()
        if not media.get_stats(stats):
            return
        shown = int(stats.displayed_pictures)
        new, self._shown = shown - self._shown, shown
        if new > 0:
            with self._lock:
                self._frames += new
                self._window_frames += new
                self._last_frame_at = now

    def _learn_visible_size(self, player) -> None:
        pic = self._picture
        try:
            width, height = player.video_get_size(0)
        except Exception:  # no video track yet: keep the decoded size
            width = height = 0
        if self.draws_into_window:
            pic.native = (width, height)  # nothing is decoded into our memory
            return
        pic.visible = (pic.width, pic.height)
        if width and height and pic.native[0]:
            scale = pic.width / pic.native[0]
            pic.visible = (max(1, round(width * scale)), max(1, round(height * scale)))
            pic.native = (width, height)

    @staticmethod
    def _player_pointer(player) -> ctypes.c_void_p:
        parameter = player._as_parameter_
        return ctypes.c_void_p(getattr(parameter, "value", parameter))

    def _emit_stats(self, media, window_s: float, bytes_before: int) -> int:
        stats = vlc.MediaStats()
        read = bytes_before
        if media.get_stats(stats):
            read = int(stats.read_bytes)
        with self._lock:
            frames, self._window_frames = self._window_frames, 0
            total, last = self._frames, self._last_frame_at
        width, height = self._picture.native
        self.sink.on_stats(StreamStats(
            width=width, height=height, fps=frames / max(window_s, 1e-3),
            bitrate_kbps=max(0, read - bytes_before) * 8 / 1000 / max(window_s, 1e-3),
            codec=self._codec,
            # libVLC does not tell which decoder it picked (avcodec-hw=any may or may
            # not find a device): claim nothing it cannot prove, count it as software.
            decoder=DecoderKind.SOFTWARE,
            frames_decoded=total, last_frame_monotonic=last))
        return read
