"""Fixtures of the client-core tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.streams.engine import StreamOptions
from app.streams.pyav_engine import PyAvEngine
from tests.app.sinks import WAIT_S, RecordingSink


@pytest.fixture
def engines() -> Iterator[Callable[..., tuple[PyAvEngine, RecordingSink]]]:
    """Starts engines and makes sure every one is stopped and its thread gone."""
    started: list[PyAvEngine] = []

    def start(url: str, **options) -> tuple[PyAvEngine, RecordingSink]:
        sink = RecordingSink()
        engine = PyAvEngine(url, sink, StreamOptions(**options))
        engine.start()
        started.append(engine)
        return engine, sink

    yield start
    for engine in started:
        engine.stop()
    for engine in started:
        assert engine.join(WAIT_S), "engine thread did not end after stop()"
