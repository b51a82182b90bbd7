"""What an auditor checks after a fault: the segment index against the files (every
indexed segment plays and holds as much video as its index claims), /recordings spans,
and the recorder's states in /health. Used by tests/faults and bench/soak.py."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select

from server.db import default_url
from server.schema import segments as segments_table

# What /health may say of a camera whose pictures are not being written.
LOST = ("stalled", "reconnecting", "offline")


@dataclass(frozen=True)
class IndexedSegment:
    camera_id: str
    start: datetime
    end: datetime
    path: str
    bytes: int
    frames: int
    health: str = "ok"
    intact_end: datetime | None = None  # set when only part of it is footage (a gap after)

    @property
    def seconds(self) -> float:
        """Seconds of footage it claims: up to its intact end when it is damaged."""
        return ((self.intact_end or self.end) - self.start).total_seconds()


def wire(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def wait_for(predicate, what: str, timeout_s: float = 60.0, every_s: float = 0.25):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every_s)
    raise AssertionError(f"gave up after {timeout_s:.0f} s waiting for {what}")


def recorder_states(srv, token: str) -> dict[str, str]:
    """/health's recorder states of the cameras the token's user may see."""
    status, body = srv.get("/health", token)
    assert status == 200, body
    return body["recorder"]["cameras"]


def indexed(data_dir: Path, camera_id: str | None = None) -> list[IndexedSegment]:
    """The segment index (the server's own database, SQLite or PostgreSQL)."""
    t = segments_table.c
    engine = create_engine(default_url(data_dir))
    query = select(t.camera_id, t.start_utc, t.end_utc, t.path, t.bytes, t.frames, t.health,
                   t.intact_end_utc)
    if camera_id:
        query = query.where(t.camera_id == camera_id)
    try:
        with engine.connect() as conn:
            rows = conn.execute(query.order_by(t.camera_id, t.start_utc)).all()
    finally:
        engine.dispose()
    return [IndexedSegment(cam, _utc(s), _utc(e), p, b, f, h, i and _utc(i))
            for cam, s, e, p, b, f, h, i in rows]


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def probe(path: Path) -> tuple[str, int, float]:
    """(codec, packets, seconds from first to last packet's end) as ffprobe reads the file;
    raises AssertionError with ffprobe's words if it cannot."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name:packet=dts_time,duration_time", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, f"{path.name} does not play: {done.stderr.strip()}"
    info = json.loads(done.stdout)
    packets = [p for p in info.get("packets", []) if "dts_time" in p]
    assert info.get("streams") and packets, f"{path.name} holds no video"
    first = float(packets[0]["dts_time"])
    last = packets[-1]
    seconds = float(last["dts_time"]) + float(last.get("duration_time") or 0) - first
    return info["streams"][0]["codec_name"], len(packets), seconds


def check_index_against_files(data_dir: Path, segments: list[IndexedSegment], fps: float
                              ) -> None:
    """Each segment plays, has the frames the index says, and the footage time it claims
    (to its intact end where it is damaged) is the time its file holds (one and a half
    frames of slack); segments of a camera never overlap. Nothing is claimed that is not
    in a file."""
    frame = 1 / fps
    for seg in segments:
        if seg.health == "missing":
            assert seg.seconds <= 0, f"{seg.path}: no file, yet {seg.seconds:.2f} s claimed"
            continue
        codec, packets, seconds = probe(Path(data_dir) / seg.path)
        assert codec in ("h264", "hevc"), (seg.path, codec)
        said = f"{seg.path} ({seg.health}): the file holds {packets} frames, {seconds:.3f} s; " \
               f"the index claims {seg.frames} frames, {seg.seconds:.3f} s"
        if seg.health == "ok":
            assert packets == seg.frames and abs(seconds - seg.seconds) <= 1.5 * frame, said
        else:  # damaged: what it claims as footage must be in the file, no more
            assert seg.frames <= packets and seg.seconds <= seconds + 1.5 * frame, said
    by_camera: dict[str, list[IndexedSegment]] = {}
    for seg in segments:
        by_camera.setdefault(seg.camera_id, []).append(seg)
    for cam, segs in by_camera.items():
        for a, b in zip(segs, segs[1:], strict=False):
            assert b.start >= a.end - timedelta(milliseconds=1), (
                f"{cam}: {b.path} starts before {a.path} ends")


def spans(srv, token: str, camera_id: str, start: datetime, end: datetime
          ) -> list[tuple[datetime, datetime]]:
    """GET /cameras/<id>/recordings as (start, end) pairs."""
    query = urllib.parse.urlencode({"start": wire(start), "end": wire(end)})
    status, body = srv.get(f"/cameras/{camera_id}/recordings?{query}", token)
    assert status == 200, body
    return [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
            for s in body["spans"]]


def covered(span_list: list[tuple[datetime, datetime]], start: datetime, end: datetime
            ) -> float:
    """Seconds of [start, end) that the spans claim."""
    total = 0.0
    for s, e in span_list:
        lo, hi = max(s, start), min(e, end)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return total
