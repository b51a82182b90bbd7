"""After a crash the open segment is on disk (its finished fragments are playable) but
not in the index; find such files at start-up and index what they hold, checked
(server/segment_check.py): the fragment cut by the crash is a TRUNCATED gap, not footage.
Indexed segments whose file is gone are marked MISSING at the same time.

Issue 15: a node looks on each of its volumes (server/node/volumes.py) and at its own
segments only; what it finds is indexed with its node and volume."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av
from sqlalchemy import Engine, select, update

from server.node.volumes import Volumes
from server.recordings import Segment, add_segment
from server.retention import of_node, on_volume
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


def _orphan(path: Path, rel: str, start: datetime, node: str | None,
            volume: str | None) -> Segment | None:  # fmt: skip
    probed = _probe(path)
    verdict = check_segment(path)
    frames, seconds = probed if probed is not None else (0, 0.0)
    end = start + timedelta(seconds=seconds)
    if verdict.whole:
        if probed is None:
            return None
        return Segment(path.parent.parent.name, start, end, rel, path.stat().st_size, frames,
                       node=node, volume=volume)
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
                   verdict.frames, verdict.health, min(intact, end), node, volume)


def _mark_missing(engine: Engine, root: Path, known: set[str], node: str | None,  # noqa: PLR0913
                  unnamed: bool, volume: str | None) -> int:  # fmt: skip
    gone = [rel for rel in sorted(known) if not (root / rel).is_file()]
    for at in range(0, len(gone), 500):  # a lost disk may be a month of files
        with engine.begin() as conn:
            conn.execute(
                update(segments)
                .where(segments.c.path.in_(gone[at : at + 500]),
                       of_node(node, unnamed), on_volume(volume),
                       segments.c.health != SegmentHealth.MISSING.value)
                .values(health=SegmentHealth.MISSING.value, intact_end_utc=segments.c.start_utc,
                        frames=0)
            )
    if gone:
        log.warning("%d indexed segments have no file: marked missing (first: %s)",
                    len(gone), gone[0])
    return len(gone)


# Checked again at start-up: each camera's newest indexed segments. A power cut loses
# what the OS had not yet written, so the files finished last are the ones that come
# back cut short or zero-filled; checking every file would read the whole archive.
RECHECK_NEWEST = 2


def _recheck_newest(engine: Engine, data_dir: Path, node: str | None, unnamed: bool) -> int:
    t = segments.c
    with engine.connect() as conn:
        mine = of_node(node, unnamed)
        cams = list(conn.execute(select(t.camera_id).where(mine).distinct()).scalars())
        newest = [
            row
            for cam in cams
            for row in conn.execute(
                select(t.id, t.path, t.volume, t.start_utc, t.end_utc, t.frames)
                .where(t.camera_id == cam, mine, t.health == SegmentHealth.OK.value)
                .order_by(t.start_utc.desc())
                .limit(RECHECK_NEWEST)
            )
        ]
    damaged = 0
    for row in newest:
        root = Path(row.volume) if row.volume else data_dir
        verdict = check_segment(root / row.path, row.frames)
        if verdict.whole:
            continue
        intact = min(row.start_utc + timedelta(seconds=verdict.intact_s or 0.0), row.end_utc)
        with engine.begin() as conn:
            conn.execute(update(segments).where(t.id == row.id)
                         .values(health=verdict.health.value, intact_end_utc=intact,
                                 frames=min(verdict.frames, row.frames)))
        log.warning("segment %s is %s at start-up (%s): intact up to %s, the rest is a gap",
                    row.path, verdict.health.value, verdict.detail, intact.isoformat())
        damaged += 1
    return damaged


def index_orphans(engine: Engine, data_dir: Path, volumes: Volumes | None = None) -> int:
    """Index the leftovers on each volume (``volumes`` None: the data directory, the
    one-machine server's rows), mark this node's indexed segments whose file is gone
    MISSING, and recheck each camera's newest; returns how many leftovers were indexed."""
    node = volumes.node if volumes is not None else None
    unnamed = volumes.owns_unnamed if volumes is not None else True
    roots: list[tuple[Path, str | None]] = (
        [(v.path, v.column) for v in volumes.volumes] if volumes is not None
        else [(data_dir, None)]
    )  # fmt: skip
    known: dict[str | None, set[str]] = {}
    for root, column in roots:
        with engine.connect() as conn:
            known[column] = set(conn.execute(
                select(segments.c.path).where(of_node(node, unnamed), on_volume(column))).scalars())
        _mark_missing(engine, root, known[column], node, unnamed, column)
    _recheck_newest(engine, data_dir, node, unnamed)
    return sum(_index_leftovers(engine, root, known[column], node, column)
               for root, column in roots)


def _index_leftovers(engine: Engine, root: Path, known: set[str], node: str | None,
                     volume: str | None) -> int:  # fmt: skip
    recordings = root / "recordings"
    if not recordings.is_dir():
        return 0
    count = 0
    for path in sorted(recordings.glob("*/*/*.mp4")):
        rel = path.relative_to(root).as_posix()
        start = _start_from_name(path)
        if rel in known or start is None:
            continue
        seg = _orphan(path, rel, start, node, volume)
        if seg is None:
            log.warning("unplayable leftover %s kept but not indexed", rel)
            continue
        with engine.begin() as conn:
            add_segment(conn, seg)
        count += 1
    return count
