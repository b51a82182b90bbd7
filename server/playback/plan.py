"""Which recorded segments a playback range needs, and the keyframe it starts at."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import av
from sqlalchemy import Engine

from server.recordings import Segment, segments_in

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlaybackPlan:
    camera_id: str
    segments: list[Segment]
    first_dts: int  # in the first segment: the keyframe playback starts at
    start: datetime  # wall time of that keyframe (what X-Pantau-Start says)
    end: datetime  # requested end; packets at or after it are not sent
    keyframes_only: bool = False  # fast and reverse play: keyframes only, at their times
    # Synchronised playback: a gap between recorded spans stays a gap in the timestamps,
    # so every frame's time is its offset from ``start``. False: footage back to back.
    real_time: bool = False


def _keyframe_at_or_before(path: Path, seg_start: datetime, wanted: datetime):
    """(dts, wall time) of the last keyframe at or before ``wanted`` in a segment.

    Demuxes only (no decoding); a segment is seconds long, so this is cheap.
    """
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        tb = stream.time_base
        best = None
        for packet in container.demux(stream):
            if packet.dts is None or not packet.is_keyframe:
                continue
            at = seg_start + timedelta(seconds=float(packet.dts * tb))
            if at > wanted and best is not None:
                break
            best = (packet.dts, at)
            if at > wanted:
                break
        return best


def plan_playback(
    engine: Engine,
    data_dir: Path,
    camera_id: str,
    start: datetime,
    end: datetime,
    keyframes_only: bool = False,
    real_time: bool = False,
) -> PlaybackPlan | None:
    """None when nothing recorded (and still on disk) overlaps [start, end)."""
    with engine.connect() as conn:
        segs = [
            s for s in segments_in(conn, camera_id, start, end) if (data_dir / s.path).is_file()
        ]
    while segs:
        first = segs[0]
        try:
            found = _keyframe_at_or_before(
                data_dir / first.path, first.start, max(start, first.start)
            )
        except (av.FFmpegError, IndexError, OSError) as exc:
            log.warning("segment %s unreadable, skipped: %s", first.path, exc)
            found = None
        if found is None:
            segs = segs[1:]
            continue
        dts, at = found
        if at >= end:
            return None
        return PlaybackPlan(camera_id, segs, dts, at, end, keyframes_only, real_time)
    return None
