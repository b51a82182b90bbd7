"""Recorded footage without a camera: H.264 segments written with PyAV and indexed the
way the recorder indexes its own, for server tests of exports and retention.

Every picture shows its frame number as a grey level band, so a test can tell which
frames a cut kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from sqlalchemy import Engine

from server.recordings import Segment, add_segment

WIDTH, HEIGHT = 320, 180


def picture(index: int) -> np.ndarray:
    frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    frame[:, :, 1] = 40 + (index * 7) % 180
    frame[:, (index * 4) % WIDTH, :] = 255  # a moving line
    return frame


def write_segment(path: Path, first_index: int, frames: int, fps: int, gop: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.time_base = Fraction(1, fps * 1000)
        stream.options = {"g": str(gop), "keyint_min": str(gop), "bf": "0", "preset": "ultrafast"}
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(picture(first_index + i), format="rgb24")
            frame.pts = i * 1000
            frame.time_base = stream.time_base
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def record(engine: Engine, data_dir: Path, camera_id: str, start: datetime, seconds: float,
           segment_s: float = 2.0, fps: int = 10, gop: int = 10) -> list[Segment]:
    """Segments covering [start, start + seconds), indexed; returns them."""
    made = []
    index = 0
    at = start
    per_segment = round(segment_s * fps)
    total = round(seconds * fps)
    while index < total:
        count = min(per_segment, total - index)
        rel = f"recordings/{camera_id}/{at.strftime('%Y%m%dT%H%M%S%f')}.mp4"
        write_segment(data_dir / rel, index, count, fps, gop)
        end = at + timedelta(seconds=count / fps)
        seg = Segment(camera_id, at, end, rel, (data_dir / rel).stat().st_size, count)
        with engine.begin() as conn:
            add_segment(conn, seg)
        made.append(seg)
        index += count
        at = end
    return made
