"""A stream engine that plays nothing: tests drive its reports by hand."""

from __future__ import annotations

import numpy as np

from app.streams.engine import (
    EngineKind,
    StreamEngine,
    StreamError,
    StreamOptions,
    StreamSink,
    StreamState,
    VideoFrame,
)


class FakeEngine(StreamEngine):
    kind = EngineKind.PYAV

    def __init__(self, url: str, sink: StreamSink, options: StreamOptions) -> None:
        super().__init__(url, sink, options)
        self.started = False
        self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True
        self.sink.on_state(StreamState.STOPPED, StreamError.NONE, "")

    def join(self, timeout: float | None = None) -> bool:
        return True

    # What a real engine's thread would report.
    def report(self, state: StreamState, error: StreamError = StreamError.NONE,
               message: str = "") -> None:
        self.sink.on_state(state, error, message)

    def report_frame(self, colour: tuple[int, int, int], width: int = 64,
                     height: int = 36, pts: float | None = 0.0) -> VideoFrame:
        rgb = np.empty((height, width, 3), dtype=np.uint8)
        rgb[:, :] = colour
        frame = VideoFrame.from_rgb(rgb, pts)
        self.sink.on_frame(frame)
        return frame


class FakeEngineFactory:
    def __init__(self) -> None:
        self.engines: list[FakeEngine] = []

    def __call__(self, url: str, sink: StreamSink, options: StreamOptions) -> FakeEngine:
        engine = FakeEngine(url, sink, options)
        self.engines.append(engine)
        return engine

    def running(self) -> list[FakeEngine]:
        return [e for e in self.engines if e.started and not e.stopped]

    def for_url(self, url: str) -> FakeEngine:
        found = [e for e in self.engines if e.url == url and not e.stopped]
        assert found, f"no running engine for {url}; have {[e.url for e in self.engines]}"
        return found[-1]


def fake_live_url(camera_id: str, profile: str) -> str:
    return f"rtsp://fake/{camera_id}/{profile}"
