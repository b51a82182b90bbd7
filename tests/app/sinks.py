"""A stream sink for engine tests: keeps everything an engine reports, lets tests wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from app.streams.engine import StreamError, StreamState, StreamStats, VideoFrame

WAIT_S = 20.0  # generous: these are deadlines for a hang, not performance targets
# After one of these an engine reports nothing more.
FINAL_STATES = (StreamState.ENDED, StreamState.OFFLINE, StreamState.STOPPED)


class RecordingSink:
    """Keeps everything the engine reports; tests wait on it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.states: list[tuple[StreamState, StreamError, str]] = []
        self.frames: list[VideoFrame] = []
        self.frame_times: list[float] = []
        self.stats: list[StreamStats] = []
        self.finished = threading.Event()  # a final state arrived (for finite streams)

    def on_state(self, state: StreamState, error: StreamError, message: str) -> None:
        with self._cond:
            self.states.append((state, error, message))
            self._cond.notify_all()
        if state in FINAL_STATES:
            self.finished.set()

    def on_frame(self, frame: VideoFrame) -> None:
        with self._cond:
            self.frames.append(frame)
            self.frame_times.append(time.monotonic())
            self._cond.notify_all()

    def on_stats(self, stats: StreamStats) -> None:
        with self._cond:
            self.stats.append(stats)
            self._cond.notify_all()

    def wait(self, what: str, predicate: Callable[[], bool], timeout: float = WAIT_S) -> None:
        with self._cond:
            if not self._cond.wait_for(predicate, timeout):
                raise AssertionError(f"timed out waiting for {what}; states: {self.states}")

    def wait_state(self, state: StreamState, error: StreamError | None = None) -> None:
        def seen() -> bool:
            return any(s is state and (error is None or e is error) for s, e, _ in self.states)

        self.wait(f"{state} {error}", seen)

    def state_names(self) -> list[StreamState]:
        with self._cond:
            return [s for s, _, _ in self.states]
