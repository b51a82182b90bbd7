"""The recording worker of one camera: pull the main stream over RTSP/TCP, cut it into
segments at keyframes, hand each finished segment to the index, reconnect on loss."""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import av

from server.clock import utc_now
from server.logmask import mask_text, mask_url
from server.recorder.segment_writer import SegmentWriter
from server.recorder.states import RecorderState
from server.recordings import Segment

log = logging.getLogger(__name__)

OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 5.0  # a frozen camera (connected, no frames) counts as lost after this
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 5.0  # every second away from a camera is footage lost
FAILURES_BEFORE_OFFLINE = 3
# If the camera's clock and ours drift apart by more than this, the next segment is
# re-anchored to our clock (recordings are indexed by server time).
MAX_DRIFT = timedelta(seconds=1)

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]")


def segment_relpath(camera_id: str, start: datetime) -> Path:
    stamp = start.strftime("%Y%m%dT%H%M%S.") + f"{start.microsecond // 1000:03d}Z"
    return (
        Path("recordings")
        / _SAFE_NAME.sub("_", camera_id)
        / start.strftime("%Y-%m-%d")
        / f"{stamp}.mp4"
    )


@dataclass
class _Open:
    writer: SegmentWriter
    start: datetime
    relpath: Path


class CameraRecorder(threading.Thread):
    def __init__(
        self,
        camera_id: str,
        source: Callable[[], str | None],
        data_dir: Path,
        segment_seconds: float,
        on_segment: Callable[[Segment], None],
        stop: threading.Event,
    ) -> None:
        super().__init__(name=f"rec-{camera_id}", daemon=True)
        self.camera_id = camera_id
        # Asked again for every connection: a relay URL carries a ticket that only
        # opens sessions for a little while.
        self._source = source
        self._data_dir = data_dir
        self._segment_s = segment_seconds
        self._on_segment = on_segment
        self._halt = stop
        self.state = RecorderState.RECONNECTING
        # False until the first connection attempt has succeeded or failed: until then
        # nothing is known about the camera.
        self.settled = False
        self._failures = 0

    # -- thread ---------------------------------------------------------------------

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self._record_once()
            except Exception as exc:  # noqa: BLE001 — any failure means reconnect
                self._failures += 1
                self.settled = True
                self.state = (
                    RecorderState.OFFLINE
                    if self._failures >= FAILURES_BEFORE_OFFLINE
                    else RecorderState.RECONNECTING
                )
                log.warning("%s: %s (%s)", self.camera_id, self.state.value, mask_text(str(exc)))
            if self._halt.is_set():
                break
            delay = min(BACKOFF_FIRST_S * 2 ** max(self._failures - 1, 0), BACKOFF_MAX_S)
            # Jitter keeps a fleet that dropped together from reconnecting in lockstep.
            self._halt.wait(delay * random.uniform(0.7, 1.3))
        log.info("%s: recorder stopped", self.camera_id)

    # -- one connection -------------------------------------------------------------

    def _record_once(self) -> None:
        url = self._source()
        if url is None:
            raise ConnectionError("the camera has no main stream now")
        log.info("%s: connecting to %s", self.camera_id, mask_url(url))
        container = av.open(
            url,
            options={
                "rtsp_transport": "tcp",
                "timeout": str(int(READ_TIMEOUT_S * 1_000_000)),  # socket I/O, microseconds
                "allowed_media_types": "video",
            },
            timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S),
        )
        current: _Open | None = None
        try:
            stream = container.streams.video[0]
            tb: Fraction = stream.time_base
            anchor: tuple[int, datetime] | None = None  # (dts, wall time) of this connection
            held: av.Packet | None = None  # one packet back: its duration is the next dts gap
            held_dts = 0
            rate = stream.average_rate or stream.guessed_rate or 15
            last_gap = max(1, round(1 / (float(tb) * float(rate))))  # until a real gap is seen

            def wall(dts: int) -> datetime:
                return anchor[1] + timedelta(seconds=float((dts - anchor[0]) * tb))

            for packet in container.demux(stream):
                if self._halt.is_set():
                    break
                dts = packet.dts if packet.dts is not None else packet.pts
                if dts is None or packet.size == 0:
                    continue
                if held is None and current is None and not packet.is_keyframe:
                    continue  # a segment must start with a keyframe
                if anchor is None:
                    anchor = (dts, utc_now())
                    self.state = RecorderState.RECORDING
                    self.settled = True
                    self._failures = 0
                    log.info("%s: recording", self.camera_id)
                if held is not None:
                    gap = dts - held_dts
                    if gap <= 0:
                        continue  # non-monotonic: drop rather than corrupt the file
                    last_gap = gap
                    current.writer.write(held, held_dts, gap)
                if packet.is_keyframe and (
                    current is None or current.writer.duration_s() >= self._segment_s
                ):
                    if current is not None:
                        finished, current = current, None
                        end = wall(dts)
                        self._finish(finished, end)
                        if abs(end - utc_now()) > MAX_DRIFT:
                            # Never earlier than the end just indexed: segments of one
                            # camera must not overlap.
                            anchor = (dts, max(utc_now(), end))
                    current = self._begin(wall(dts), stream)
                held, held_dts = packet, dts
            if held is not None and current is not None:
                current.writer.write(held, held_dts, last_gap)
                finished, current = current, None
                self._finish(finished, wall(held_dts + last_gap))
            if not self._halt.is_set():
                raise ConnectionError("stream ended")
        finally:
            if current is not None:
                # Lost mid-segment: keep what was written, it is playable.
                self._finish(
                    current, current.start + timedelta(seconds=current.writer.duration_s())
                )
            container.close()

    def _begin(self, start: datetime, stream) -> _Open:
        relpath = segment_relpath(self.camera_id, start)
        return _Open(SegmentWriter(self._data_dir / relpath, stream), start, relpath)

    def _finish(self, seg: _Open, end: datetime) -> None:
        try:
            size = seg.writer.close()
        except Exception as exc:  # noqa: BLE001
            log.error("%s: closing %s failed: %s", self.camera_id, seg.relpath, exc)
            return
        if seg.writer.frames == 0 or end <= seg.start:
            (self._data_dir / seg.relpath).unlink(missing_ok=True)
            return
        self._on_segment(
            Segment(
                camera_id=self.camera_id,
                start=seg.start,
                end=end,
                path=seg.relpath.as_posix(),
                bytes=size,
                frames=seg.writer.frames,
            )
        )
