"""The decoder process: PyAV engines whose pictures go to shared memory.

Started by app.streams.decoder_pool. It runs ordinary PyAvEngines (threads of this
process); their sinks write each picture into the stream's FrameSlotWriter and send
states and statistics back over the pipe. The GUI process never shares a GIL with these
threads, which is the point: dozens of decoder threads in the GUI's process would make
every Python step of the GUI thread wait for the lock.

Commands (tuples over the pipe): ("start", id, url, StreamOptions), ("width", id,
width|None), ("stop", id). Reports: ("state", id, StreamState, StreamError, message),
("stats", id, StreamStats), ("slot", id, shared memory name), and log records as
("log", 0, level, logger name, text).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from multiprocessing.connection import Connection

from app.streams.engine import (
    StreamEngine,
    StreamError,
    StreamOptions,
    StreamState,
    StreamStats,
    VideoFrame,
)
from app.streams.frame_slot import FrameSlotWriter, capacity_for

_log = logging.getLogger(__name__)

# Decoding yields to the GUI when the CPU is short: an overloaded wall loses pictures,
# never the operator's clicks.
WORKER_NICE = 10


class _SlotSink:
    """A stream's sink inside the decoder process (called on its engine's threads)."""

    def __init__(self, stream_id: int, send) -> None:
        self._id = stream_id
        self._send = send
        self._slot: FrameSlotWriter | None = None
        self._lock = threading.Lock()
        self.closed = False

    def on_state(self, state: StreamState, error: StreamError, message: str) -> None:
        self._send(("state", self._id, state, error, message))

    def on_stats(self, stats: StreamStats) -> None:
        self._send(("stats", self._id, stats))

    def on_frame(self, frame: VideoFrame) -> None:
        with self._lock:
            if self.closed:
                return
            if self._slot is None or not self._slot.fits(frame.width, frame.height):
                old = self._slot
                self._slot = FrameSlotWriter(capacity_for(frame.width, frame.height))
                self._send(("slot", self._id, self._slot.name))
                if old is not None:
                    old.close()  # the GUI keeps its mapping until it switches
            self._slot.write(frame)

    def close(self) -> None:
        """Free the picture memory; later pictures of a stopping engine are dropped."""
        with self._lock:
            self.closed = True
            if self._slot is not None:
                self._slot.close()
                self._slot = None


class _PipeLogHandler(logging.Handler):
    def __init__(self, send) -> None:
        super().__init__()
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            self._send(("log", 0, record.levelno, record.name, text))
        except Exception:  # a log line must never take the decoder down
            self.handleError(record)


def worker_main(conn: Connection, log_level: int = logging.WARNING) -> None:
    """The decoder process's main loop; returns when the GUI process goes away."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICE)
    from app.streams.pyav_engine import PyAvEngine  # PyAV is loaded here, not in the GUI

    send_lock = threading.Lock()

    def send(message: tuple) -> None:
        # OSError/EOFError: the GUI process is gone; the recv() below ends the loop.
        with send_lock, contextlib.suppress(OSError, EOFError):
            conn.send(message)

    # One logging funnel: records go to the GUI process, which writes the client's log.
    root = logging.getLogger()
    root.handlers[:] = [_PipeLogHandler(send)]
    root.setLevel(log_level)

    engines: dict[int, tuple[StreamEngine, _SlotSink]] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        command, stream_id = message[0], message[1]
        if command == "start":
            url, options = message[2], message[3]
            sink = _SlotSink(stream_id, send)
            engine = PyAvEngine(url, sink, options if isinstance(options, StreamOptions)
                                else StreamOptions())
            engines[stream_id] = (engine, sink)
            engine.start()
        elif command == "width" and stream_id in engines:
            engines[stream_id][0].set_max_width(message[2])
        elif command == "stop" and stream_id in engines:
            engine, sink = engines.pop(stream_id)
            engine.stop()
            sink.close()  # the picture memory goes now; the engine's threads wind down
    for engine, sink in engines.values():
        engine.stop()
        sink.close()
    for engine, _sink in engines.values():
        engine.join(2.0)
