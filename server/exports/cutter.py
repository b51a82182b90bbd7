"""Cut a recorded range into one MP4 by remuxing: the same packets, no quality lost.

The cut starts at the keyframe at or before the asked start (a picture needs its
keyframe) and ends before the asked end; the moov atom goes in front (faststart) so
players and ffprobe read it at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import av

from server.playback.plan import PlaybackPlan
from server.playback.remux import remux_plan


class NothingToCut(Exception):
    pass


@dataclass(frozen=True)
class CutResult:
    first_at: datetime
    end_at: datetime
    frames: int
    codec: str
    width: int
    height: int
    sha256: str
    bytes: int


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def cut(
    plan: PlaybackPlan,
    data_dir: Path,
    dest: Path,
    on_progress: Callable[[float], None] | None = None,
) -> CutResult:
    """Write ``dest`` (through ``dest``.part, renamed when complete)."""
    part = dest.with_name(dest.name + ".part")
    span = max((plan.end - plan.start).total_seconds(), 1e-3)

    def progress(at: datetime) -> None:
        if on_progress is not None:
            on_progress(min(1.0, max(0.0, (at - plan.start).total_seconds() / span)))

    out = av.open(str(part), "w", format="mp4", options={"movflags": "+faststart"})
    try:
        result = remux_plan(plan, data_dir, out, progress)
        codec = out.streams.video[0].codec_context if out.streams.video else None
        name, width, height = (codec.name, codec.width, codec.height) if codec else ("", 0, 0)
    finally:
        out.close()
    if result.packets == 0 or result.first_at is None or result.end_at is None:
        part.unlink(missing_ok=True)
        raise NothingToCut("no recorded frame in the range")
    part.replace(dest)
    sha, size = file_digest(dest)
    return CutResult(result.first_at, result.end_at, result.packets, name, width, height, sha, size)
