"""Finding the faces of a cut of footage: its pictures decoded, ``SCAN_FPS`` of them a
second looked at by the detector, the faces followed into tracks (server.faces.tracks).
A scan is the proposal a supervisor corrects on the mask editor before the export is
cut; an export asked to blur faces without one scans its own cut."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import av

from server.faces.detector import FaceDetector
from server.faces.tracks import FaceTrack, Tracker

SCAN_FPS = 5.0
# The longest footage faces are looked for in (about 0.1 s of CPU per look: a 15 minute
# clip is some 7 minutes of one core).
MAX_SCAN = timedelta(minutes=15)


def scan_file(path: Path, first_at: datetime, detector: FaceDetector,
              on_progress: Callable[[float], None] | None = None) -> list[FaceTrack]:
    """The face tracks of a cut (server.node.cuts.cutter: timestamps are the recorded
    time minus ``first_at``)."""
    tracker = Tracker()
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        tb = stream.time_base
        duration = float(stream.duration * tb) if stream.duration else 0.0
        next_s = 0.0
        for frame in container.decode(stream):
            if frame.pts is None:
                continue
            offset = float(frame.pts * tb)
            if offset + 1e-6 < next_s:
                continue
            next_s = offset + 1 / SCAN_FPS
            at = first_at + timedelta(seconds=offset)
            tracker.add(at, detector.detect(frame.to_ndarray(format="rgb24")))
            if on_progress is not None and duration:
                on_progress(min(1.0, offset / duration))
    return tracker.finish()
