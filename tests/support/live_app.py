"""A real server application served by uvicorn on 127.0.0.1 in a thread, for tests that
need a real streaming HTTP connection (server-sent events), which TestClient buffers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn

from server.app import build_context, create_app
from server.camsim_import import import_fleet
from server.settings import Settings


@contextmanager
def serve_app(data_dir: Path, fleet: list[dict],
              prepare: Callable[[object], None] | None = None) -> Iterator[tuple[str, object]]:
    """Yields (base URL, FastAPI app) of a demo server holding ``fleet``; ``prepare(ctx)``
    runs before it serves (to write footage, say). No recorder, no camsim import; the
    app's lifespan runs (export workers)."""
    ctx = build_context(Settings(data_dir=data_dir, demo=True, record=False))
    import_fleet(ctx, fleet)
    if prepare is not None:
        prepare(ctx)
    app = create_app(ctx, start_services=False)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        app.state.stopping.set()  # ends open event streams
        server.should_exit = True
        thread.join(10)
        ctx.engine.dispose()


class SteppedClock:
    """The sign-in throttle's clock for a test that moves it forward by the delay the
    server asked for instead of waiting it out: it starts at the real time."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@contextmanager
def stepped_throttle(app) -> Iterator[SteppedClock]:
    """``app``'s sign-in throttle on a SteppedClock while the block runs."""
    throttle = app.state.sign_in_throttle
    clock, before = SteppedClock(), throttle.clock
    throttle.clock = clock
    try:
        yield clock
    finally:
        throttle.clock = before
