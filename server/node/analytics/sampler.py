"""The sampling worker of one camera: pull its smallest stream, decode every picture
(a P-frame needs the ones before it) and hand ``SAMPLE_FPS`` of them a second, shrunk
to the analysis size in grey, to the camera's analysers. Reconnects on loss; each loss
is a break for the analysers (nothing is compared across it).

Decoding is single-threaded and skips non-reference pictures (B-frames): the samples
need a few pictures a second, and a node decodes one stream per recorded camera.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from typing import Protocol

import av
import numpy as np

from server.clock import utc_now
from server.logmask import mask_text, mask_url
from server.node.analytics.motion import (
    DETAIL_HEIGHT,
    DETAIL_WIDTH,
    SAMPLE_HEIGHT,
    SAMPLE_WIDTH,
    Sample,
)

log = logging.getLogger(__name__)

SAMPLE_FPS = 4.0
OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 5.0
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0  # analysis is not footage: a dead camera is retried calmly
DETAIL_EVERY_S = 1.0  # how often a sample carries the larger picture


def detail_of(frame: av.VideoFrame) -> np.ndarray:
    """The picture's Y plane at DETAIL_WIDTH x DETAIL_HEIGHT, levels untouched: scaling in
    the frame's own format, since swscale's "gray" stretched video range at 640x360 but
    not at 1280x720 (camsim/README.md), and focus is compared across reconnects."""
    small = frame.reformat(width=DETAIL_WIDTH, height=DETAIL_HEIGHT, interpolation="AREA")
    plane = small.planes[0]
    rows = np.frombuffer(plane, dtype=np.uint8).reshape(-1, plane.line_size)
    return rows[:DETAIL_HEIGHT, :DETAIL_WIDTH].copy()


class Analyser(Protocol):
    def feed(self, sample: Sample) -> None: ...
    def close(self) -> None: ...


class CameraSampler(threading.Thread):
    def __init__(self, camera_id: str, source: Callable[[], str | None],
                 analysers: list[Analyser], halt: threading.Event) -> None:
        super().__init__(name=f"analytics-{camera_id}", daemon=True)
        self.camera_id = camera_id
        self._source = source
        self._analysers = analysers
        self._halt = halt
        self._failures = 0
        self.samples = 0  # handed to the analysers so far

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self._sample_once()
            except Exception as exc:  # noqa: BLE001 — any failure means reconnect
                self._failures += 1
                log.warning("%s: analytics stream lost (%s)", self.camera_id,
                            mask_text(str(exc)))
            finally:
                self._close_all()
            delay = min(BACKOFF_FIRST_S * 2 ** max(self._failures - 1, 0), BACKOFF_MAX_S)
            self._halt.wait(delay * random.uniform(0.7, 1.3))

    def _close_all(self) -> None:
        for analyser in self._analysers:
            try:
                analyser.close()
            except Exception:  # one analyser's trouble must not stop the others
                log.exception("%s: an analyser failed to close", self.camera_id)

    def _sample_once(self) -> None:
        url = self._source()
        if url is None:
            raise ConnectionError("the camera has no stream to analyse now")
        log.info("%s: analysing %s", self.camera_id, mask_url(url))
        container = av.open(url, options={
            "rtsp_transport": "tcp",
            "timeout": str(int(READ_TIMEOUT_S * 1_000_000)),
            "allowed_media_types": "video",
            "analyzeduration": "200000",
        }, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S))
        try:
            stream = container.streams.video[0]
            stream.codec_context.thread_count = 1
            stream.codec_context.skip_frame = "NONREF"
            period = 1.0 / SAMPLE_FPS
            next_at = 0.0
            next_detail_at = 0.0
            for packet in container.demux(stream):
                if self._halt.is_set():
                    return
                for frame in packet.decode():
                    now = utc_now()
                    stamp = now.timestamp()
                    if stamp < next_at:
                        continue
                    # Keep to the rate on average, without drifting after a late picture.
                    next_at = max(next_at + period, stamp - period / 2)
                    grey = frame.reformat(width=SAMPLE_WIDTH, height=SAMPLE_HEIGHT,
                                          format="gray", interpolation="AREA").to_ndarray()
                    detail = None
                    if stamp >= next_detail_at:
                        next_detail_at = stamp + DETAIL_EVERY_S - period / 2
                        detail = detail_of(frame)
                    self._failures = 0
                    self.samples += 1
                    sample = Sample(now, grey, detail)
                    for analyser in self._analysers:
                        analyser.feed(sample)
        finally:
            container.close()
