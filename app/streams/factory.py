"""Which engine plays a URL. The PyAV engine is imported only when a stream starts, so
the client still opens (and shows the error on the tile) where PyAV is missing."""

from __future__ import annotations

from collections.abc import Callable

from app.settings import EngineChoice
from app.streams.engine import StreamEngine, StreamOptions, StreamSink

EngineFactory = Callable[[str, StreamSink, StreamOptions], StreamEngine]


class EngineUnavailable(RuntimeError):
    """No engine on this machine can play the URL."""


def default_engine_factory(choice: EngineChoice = EngineChoice.AUTO) -> EngineFactory:
    # AUTO and PYAV are the same today; AUTO picks libVLC when its engine lands.
    def create(url: str, sink: StreamSink, options: StreamOptions) -> StreamEngine:
        try:
            from app.streams.pyav_engine import PyAvEngine
        except ImportError as exc:
            raise EngineUnavailable(f"the PyAV engine cannot be loaded: {exc}") from exc
        return PyAvEngine(url, sink, options)

    return create
