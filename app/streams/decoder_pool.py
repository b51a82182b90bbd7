"""Live streams decoded in separate processes, pictures shared through memory.

Why processes: a PyAV engine spends most of a frame in FFmpeg with the GIL released,
but takes the GIL back several times per frame. Sixty-four such threads in the GUI's
process make every step of the GUI thread wait its turn for the GIL (measured: a GUI
thread got the lock back about 15 times a second instead of hundreds), so the wall
painted one picture in a hundred. In their own processes the decoders share nothing
with the GUI thread but memory.

The pool starts a few decoder processes (app.streams.decoder_worker) and spreads the
streams over them. At each display tick on the GUI thread the stream service calls
the pool's ``pump()`` (the pipes' news: states, statistics, logs) and then each
:class:`ProcessEngine`'s ``poll()`` (the newest picture, from shared memory), so no
extra thread of the GUI process ever wakes up per frame. A decoder process that
dies (a crashing codec on a garbage stream) is started again and its streams
reconnect; the other processes' tiles never notice.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from dataclasses import replace

from app.streams.engine import (
    EngineKind,
    StreamEngine,
    StreamError,
    StreamOptions,
    StreamSink,
    StreamState,
)
from app.streams.frame_slot import FrameSlotReader

_log = logging.getLogger(__name__)


def default_worker_count() -> int:
    """One decoder process per core, at most four: each one's threads fill a core."""
    return max(1, min(4, os.cpu_count() or 1))


class _Worker:
    def __init__(self, context, log_level: int) -> None:
        from app.streams.decoder_worker import worker_main

        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, log_level),
                                       name="pantau-decoder", daemon=True)
        self.process.start()
        child.close()
        self.streams: set[int] = set()

    def send(self, message: tuple) -> bool:
        try:
            self.conn.send(message)
            return True
        except (OSError, EOFError, ValueError):
            return False

    def stop(self) -> None:
        self.conn.close()  # the worker's recv() ends: it stops its engines and exits
        self.process.join(3.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)


class DecoderPool:
    """Decoder processes for the live streams of one client. GUI thread only."""

    def __init__(self, workers: int | None = None, log_level: int | None = None) -> None:
        self._size = workers or default_worker_count()
        # The decoders log at this process's level, through this process's funnel.
        self._log_level = logging.getLogger().getEffectiveLevel() if log_level is None \
            else log_level
        self._context = multiprocessing.get_context("spawn")  # the same on every OS
        self._workers: list[_Worker] = []
        self._engines: dict[int, ProcessEngine] = {}
        self._ids = itertools.count(1)
        self._closed = False

    def start(self) -> None:
        """Start the processes now (they take a moment to load PyAV); optional."""
        while len(self._workers) < self._size:
            self._workers.append(_Worker(self._context, self._log_level))

    def engine(self, url: str, sink: StreamSink, options: StreamOptions) -> ProcessEngine:
        return ProcessEngine(self, url, sink, options)

    def shutdown(self) -> None:
        self._closed = True
        for engine in list(self._engines.values()):
            engine.close_slot()
        self._engines.clear()
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    # -- what ProcessEngine calls ----------------------------------------------------------
    def _open(self, engine: ProcessEngine) -> int:
        if self._closed:
            raise RuntimeError("the decoder pool is shut down")
        self.start()
        stream_id = next(self._ids)
        self._engines[stream_id] = engine
        worker = min(self._workers, key=lambda w: len(w.streams))
        worker.streams.add(stream_id)
        worker.send(("start", stream_id, engine.url, engine.options))
        return stream_id

    def _send(self, stream_id: int, message: tuple) -> None:
        for worker in self._workers:
            if stream_id in worker.streams:
                worker.send(message)
                return

    def _close(self, stream_id: int) -> None:
        self._engines.pop(stream_id, None)
        for worker in self._workers:
            if stream_id in worker.streams:
                worker.streams.discard(stream_id)
                worker.send(("stop", stream_id))

    def pump(self) -> None:
        """Deliver what the decoder processes said (states, statistics, logs, new
        picture slots); restart any that died. The owner calls it once per display
        tick, before polling the engines."""
        for index, worker in enumerate(self._workers):
            try:
                while worker.conn.poll():
                    self._dispatch(worker.conn.recv())
            except (EOFError, OSError):
                self._restart(index)

    def _dispatch(self, message: tuple) -> None:
        kind, stream_id = message[0], message[1]
        if kind == "log":
            logging.getLogger(message[3]).log(message[2], "%s", message[4])
            return
        engine = self._engines.get(stream_id)
        if engine is None:
            return  # a stream stopped meanwhile
        if kind == "state":
            engine.sink.on_state(message[2], message[3], message[4])
        elif kind == "stats":
            engine.sink.on_stats(message[2])
        elif kind == "slot":
            engine.attach_slot(message[2])

    def _restart(self, index: int) -> None:
        dead = self._workers[index]
        code = dead.process.exitcode
        _log.error("a decoder process ended unexpectedly (exit %s): restarting its %d streams",
                   code, len(dead.streams))
        dead.conn.close()
        worker = self._workers[index] = _Worker(self._context, self._log_level)
        for stream_id in sorted(dead.streams):
            engine = self._engines.get(stream_id)
            if engine is None:
                continue
            engine.close_slot()
            engine.sink.on_state(StreamState.RECONNECTING, StreamError.INTERNAL,
                                 "The decoder process ended; reconnecting")
            worker.streams.add(stream_id)
            worker.send(("start", stream_id, engine.url,
                         _with_width(engine.options, engine.max_width)))

    def worker_pids(self) -> list[int]:
        """The decoder processes' ids (tests, benchmarks)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]


def _with_width(options: StreamOptions, width: int | None) -> StreamOptions:
    return replace(options, max_width=width)


class ProcessEngine(StreamEngine):
    """The GUI-side stand-in for a PyAV engine running in a decoder process."""

    kind = EngineKind.PYAV

    def __init__(self, pool: DecoderPool, url: str, sink: StreamSink,
                 options: StreamOptions) -> None:
        super().__init__(url, sink, options)
        self._pool = pool
        self._id: int | None = None
        self._slot: FrameSlotReader | None = None
        self._stopped = False

    def start(self) -> None:
        if self._id is None and not self._stopped:
            self._id = self._pool._open(self)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self._id is not None:
            self._pool._close(self._id)
        self.close_slot()
        self.sink.on_state(StreamState.STOPPED, StreamError.NONE, "")

    def join(self, timeout: float | None = None) -> bool:
        return True  # the decoder process winds the stream down by itself

    def set_max_width(self, width: int | None) -> None:
        super().set_max_width(width)
        if self._id is not None and not self._stopped:
            self._pool._send(self._id, ("width", self._id, width))

    def poll(self) -> None:
        if self._slot is not None and not self._stopped:
            frame = self._slot.read()
            if frame is not None:
                self.sink.on_frame(frame)

    def attach_slot(self, name: str) -> None:
        self.close_slot()
        try:
            self._slot = FrameSlotReader(name)
        except FileNotFoundError:  # replaced again before we looked: the next one comes
            self._slot = None

    def close_slot(self) -> None:
        if self._slot is not None:
            self._slot.close()
            self._slot = None
