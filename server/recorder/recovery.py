"""After a crash the open segment is on disk (its finished fragments are playable) but
not in the index; find such files at start-up and index what they hold, checked
(server/segment_check.py): the fragment cut by the crash is a TRUNCATED gap, not footage.
Indexed segments whose file is gone are marked MISSING at the same time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av
from sqlalchemy import Engine, select, update

from server.recordings import Segment, add_segment
from server.schema import segments
from server.segment_check import SegmentHealth, check_segment

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


# A leftover whose intact part is shorter than what it was being written for: the crash
# time (the file's last write) ends its gap, if it is plausible for one segment.
_LONGEST_SEGMENT = timedelta(hours=1)


def _orphan(path: Path, rel: str, start: datetime) -> Segment | None:
    probed = _probe(path)
    verdict = check_segment(path)
    frames, seconds = probed if probed is not None else (0, 0.0)
    end = start + timedelta(seconds=seconds)
    if verdict.whole:
        if probed is None:
            return None
        return Segment(path.parent.parent.name, start, end, rel, path.stat().st_size, frames)
    intact = start + timedelta(seconds=verdict.intact_s or 0.0)
    written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    if start < written <= start + _LONGEST_SEGMENT:
        end = max(end, written)
    end = max(end, intact)
    if end <= start:
        return None
    log.warning("leftover %s is %s (%s): intact up to %s, indexed with the rest as a gap",
                rel, verdict.health.value, verdict.detail, intact.isoformat())
    return Segment(path.parent.parent.name, start, end, rel, path.stat().st_size,
                   verdict.frames, verdict.health, min(intact, end))


def _mark_missing(engine: Engine, data_dir: Path, known: set[str]) -> int:
    gone = [rel for rel in sorted(known) if not (data_dir / rel).is_file()]
    for at in range(0, len(gone), 500):  # a lost disk may be a month of files
        with engine.begin() as conn:
            conn.execute(
                update(segments)
                .where(segments.c.path.in_(gone[at : at + 500]),
                       segments.c.health != SegmentHealth.MISSING.value)
                .values(health=SegmentHealth.MISSING.value, intact_end_utc=segments.c.start_utc)
            )
    if gone:
        log.warning("%d indexed segments have no file: marked missing (first: %s)",
                    len(gone), gone[0])
    return len(gone)


def index_orphans(engine: Engine, data_dir: Path) -> int:
    root = data_dir / "recordings"
    with engine.connect() as conn:
        known = {p for (p,) in conn.execute(select(segments.c.path))}
    _mark_missing(engine, data_dir, known)
    if not root.is_dir():
        return 0
    count = 0
    for path in sorted(root.glob("*/*/*.mp4")):
        rel = path.relative_to(data_dir).as_posix()
        start = _start_from_name(path)
        if rel in known or start is None:
            continue
        seg = _orphan(path, rel, start)
        if seg is None:
            log.warning("unplayable leftover %s kept but not indexed", rel)
            continue
        with engine.begin() as conn:
            add_segment(conn, seg)
        count += 1
    return count
