"""Serving the application with uvicorn: a clean stop on SIGINT/SIGTERM and the one
readiness line on stdout."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import socket

import uvicorn
from fastapi import FastAPI

from server.private_files import make_private, private_umask

log = logging.getLogger("server")


class _Server(uvicorn.Server):
    """uvicorn re-raises the signal it caught after shutting down, which turns a clean
    stop into a death by signal; this one just stops."""

    def install_signal_handlers(self) -> None:  # older uvicorn
        pass

    def capture_signals(self):
        @contextlib.contextmanager
        def _capture():
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self._on_signal, sig)
            try:
                yield
            finally:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(sig)

        return _capture()

    def _on_signal(self, sig: int) -> None:
        log.info("signal %s: stopping", signal.Signals(sig).name)
        self.config.app.state.stopping.set()
        if self.should_exit:
            self.force_exit = True
        self.should_exit = True


async def _announce_when_listening(server: _Server) -> None:
    while not server.started:
        if server.should_exit:
            return
        await asyncio.sleep(0.05)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(json.dumps({"event": "ready", "url": f"http://{shown}:{port}"}), flush=True)


async def _serve(server: _Server, sock: socket.socket | None = None) -> None:
    announce = asyncio.create_task(_announce_when_listening(server))
    try:
        await server.serve(sockets=[sock] if sock is not None else None)
    finally:
        announce.cancel()


def serve(app: FastAPI, host: str, port: int, sock: socket.socket | None = None) -> int:
    """Serve until SIGINT/SIGTERM; ``sock``: a socket already bound (a node's, whose
    port must be known before it registers)."""
    # Before any segment, export or thumbnail is written: all of them the service user's.
    private_umask()
    make_private(app.state.ctx.settings.data_dir)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    server = _Server(config)
    asyncio.run(_serve(server, sock))
    log.info("stopped")
    return 0 if server.started else 1
