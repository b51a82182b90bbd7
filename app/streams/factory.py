"""Which engine plays a URL. Engines are imported only when a stream starts, so the
client still opens (and shows the error on the tile) where one of them is missing.

AUTO prefers libVLC where it can open the URL and falls back to PyAV: Debian's and
Ubuntu's libVLC have no RTSP (no live555), so there live cameras go to PyAV while the
server's HTTP playback goes to libVLC. A stream may name its engine itself
(StreamOptions.engine, from the per-tile setting), else the factory's choice holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from app.settings import EngineChoice
from app.streams.decoder_pool import DecoderPool
from app.streams.engine import StreamEngine, StreamOptions, StreamSink

EngineFactory = Callable[[str, StreamSink, StreamOptions], StreamEngine]

log = logging.getLogger(__name__)


class EngineUnavailable(RuntimeError):
    """No engine on this machine can play the URL."""


def _pyav(url: str, sink: StreamSink, options: StreamOptions) -> StreamEngine:
    try:
        from app.streams.pyav_engine import PyAvEngine
    except ImportError as exc:
        raise EngineUnavailable(f"the PyAV engine cannot be loaded: {exc}") from exc
    return PyAvEngine(url, sink, options)


def _vlc_module():
    """The libVLC engine module, or None where python-vlc or libVLC is missing."""
    try:
        from app.streams import vlc_engine
    except (ImportError, OSError) as exc:  # OSError: python-vlc found no libvlc.so
        log.warning("the libVLC engine cannot be loaded: %s", exc)
        return None
    return vlc_engine


def choose(choice: EngineChoice, url: str) -> EngineChoice:
    """The engine that will really play ``url`` (PYAV or VLC) for a wanted ``choice``."""
    if choice is EngineChoice.PYAV:
        return EngineChoice.PYAV
    module = _vlc_module()
    if module is not None and module.can_open(url):
        return EngineChoice.VLC
    # VLC asked for but unable (no live555 for rtsp://): PyAV serves the tile rather
    # than leaving it dead; vlc_engine logged why, once.
    return EngineChoice.PYAV


def _wanted(default: EngineChoice, engine: str) -> EngineChoice:
    """The engine a stream names (StreamOptions.engine), else the default."""
    if not engine:
        return default
    try:
        return EngineChoice(engine)
    except ValueError:
        log.warning("unknown engine %r, using %s", engine, default.value)
        return default


def window_policy(default: EngineChoice = EngineChoice.AUTO) -> Callable[[str], bool]:
    """Whether a tile's live stream will be played by libVLC, which then draws into the
    tile's own native window: (the engine the tile names, "" = the default). Only
    live streams: playback keeps its frames (zoom, and the timeline's needs)."""

    def draws(engine: str) -> bool:
        return choose(_wanted(default, engine), "rtsp://camera/stream") is EngineChoice.VLC

    return draws


def default_engine_factory(choice: EngineChoice = EngineChoice.PYAV,
                           pool: DecoderPool | None = None) -> EngineFactory:
    """With a pool, PyAV streams decode in its processes (a wall's live and synchronised
    playback streams); without, on threads of this process (tools, tests)."""

    def create(url: str, sink: StreamSink, options: StreamOptions) -> StreamEngine:
        if choose(_wanted(choice, options.engine), url) is EngineChoice.VLC:
            module = _vlc_module()
            assert module is not None
            return module.VlcEngine(url, sink, options)
        options = replace(options, window_id=None)  # PyAV hands its frames over
        # Synchronised playback too: its clock is shared with the pool's processes.
        if pool is not None:
            return pool.engine(url, sink, options)
        return _pyav(url, sink, options)

    return create
