"""After a crash the open segment is on disk (its finished fragments are playable) but
not in the index; find such files at start-up and index what they hold."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av
from sqlalchemy import Engine, select

from server.recordings import Segment, add_segment
from server.schema import segments

log = logging.getLogger(__name__)


def _start_from_name(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.stem, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _probe(path: Path) -> tuple[int, float] | None:
    """(frames, seconds) by demuxing only; None if nothing playable is in it."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            frames, end = 0, 0
            for packet in container.demux(stream):
                if packet.dts is None:
                    continue
                frames += 1
                end = max(end, packet.dts + (packet.duration or 0))
            return (frames, float(end * stream.time_base)) if frames else None
    except (av.FFmpegError, IndexError, OSError):
        return None


def index_orphans(engine: Engine, data_dir: Path) -> int:
    root = data_dir / "recordings"
    if not root.is_dir():
        return 0
    with engine.connect() as conn:
        known = {p for (p,) in conn.execute(select(segments.c.path))}
    count = 0
    for path in sorted(root.glob("*/*/*.mp4")):
        rel = path.relative_to(data_dir).as_posix()
        start = _start_from_name(path)
        if rel in known or start is None:
            continue
        probed = _probe(path)
        if probed is None:
            log.warning("unplayable leftover %s kept but not indexed", rel)
            continue
        frames, seconds = probed
        seg = Segment(
            path.parent.parent.name,
            start,
            start + timedelta(seconds=seconds),
            rel,
            path.stat().st_size,
            frames,
        )
        with engine.begin() as conn:
            add_segment(conn, seg)
        count += 1
    return count
