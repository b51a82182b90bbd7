"""Several volumes on one node (issue 15, server/node/volumes.py): each keeps its own
line free, a full or failing one is left for the next, the rolling buffer deletes a
volume's oldest footage of this node but never held footage, recording pauses with the
alarm only when no volume is left and resumes when space returns, and afterwards every
indexed segment's file is there and plays.

The volumes are small tmpfs mounts (root, as tests/faults/test_full_disk.py); the
footage is real H.264 (PyAV), recorded by the real CameraRecorder from a file."""

from __future__ import annotations

import contextlib
import errno
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import av
import pytest
from sqlalchemy import select

from server.bookmarks import set_protected
from server.clock import utc_now
from server.footage import Footage
from server.node.recorder.camera import CameraRecorder
from server.node.volumes import Volumes, VolumeSpec, VolumeState, parse_volume
from server.recordings import Segment, add_segment, checked
from server.schema import bookmarks, segments
from server.segment_check import SegmentHealth
from server.settings import Settings
from server.storage_guard import StorageGuard, StorageState
from tests.faults.test_full_disk import fill
from tests.server.conftest import make_api
from tests.support.footage import write_segment

NODE = "rak-1"


@contextlib.contextmanager
def tmpfs(path: Path, size: str, *options: str):
    path.mkdir(parents=True)
    opts = ",".join((f"size={size}", "mode=0700", *options))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"these tests mount a tmpfs (root or CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "--lazy", str(path)], check=False)


def test_parse_volume():
    assert parse_volume("/mnt/disk2") == VolumeSpec(Path("/mnt/disk2"), 5.0)
    assert parse_volume("/mnt/disk2:10%") == VolumeSpec(Path("/mnt/disk2"), 10.0)
    assert parse_volume("/mnt/disk2:7.5") == VolumeSpec(Path("/mnt/disk2"), 7.5)
    assert parse_volume("/srv/a:b/c") == VolumeSpec(Path("/srv/a:b/c"), 5.0)
    for garbage, says in (("/mnt/x:lots", "not a percentage"), ("/mnt/x:", "not a percentage"),
                          (":10%", "no path"), ("/mnt/x:150%", "between 0 and 99")):
        with pytest.raises(ValueError, match=says):
            parse_volume(garbage)


def _footage(engine, volume: Path, camera: str, start, count: int, node: str | None = NODE,
             seconds: float = 2.0) -> list[Segment]:  # fmt: skip
    """``count`` real segments on ``volume``, indexed as ``node``'s."""
    made = []
    at = start
    for i in range(count):
        rel = f"recordings/{camera}/{at.strftime('%Y%m%dT%H%M%S%f')}.mp4"
        write_segment(volume / rel, i * 20, round(seconds * 10), 10, 10)
        end = at + timedelta(seconds=seconds)
        seg = Segment(camera, at, end, rel, (volume / rel).stat().st_size, round(seconds * 10),
                      node=node, volume=str(volume))  # fmt: skip
        with engine.begin() as conn:
            add_segment(conn, seg)
        made.append(seg)
        at = end
    return made


def _rows(engine) -> list:
    with engine.connect() as conn:
        return list(conn.execute(select(segments).order_by(segments.c.start_utc)))


def _consistent(engine, data_dir: Path) -> None:
    """Every indexed segment's file is there (every volume of every node is on this
    machine here), and an intact one plays."""
    for row in _rows(engine):
        seg = Segment(row.camera_id, row.start_utc, row.end_utc, row.path, row.bytes,
                      row.frames, node=row.node, volume=row.volume)  # fmt: skip
        path = Footage(data_dir, row.node).local_path(seg)
        assert path is not None and path.is_file(), f"{row.path} indexed but gone"
        if row.health == SegmentHealth.OK.value:
            with av.open(str(path)) as c:
                assert sum(1 for p in c.demux(video=0) if p.size) > 0


def test_pick_keeps_each_volume_s_line_and_reports(tmp_path):
    api, _client = make_api(tmp_path / "data")
    engine = api.ctx.engine
    with tmpfs(tmp_path / "v1", "4m") as v1, tmpfs(tmp_path / "v2", "4m") as v2:
        volumes = Volumes([VolumeSpec(v1, 25), VolumeSpec(v2, 25)], engine, NODE)
        assert volumes.pick().path == v1
        segs = _footage(engine, v1, "cam001", utc_now() - timedelta(hours=1), 2)
        _footage(engine, v1, "cam001", utc_now(), 1, node="other-node")

        # Someone fills v1 below its quarter: the next segment goes to v2.
        fill(v1 / "filler")
        assert volumes.pick().path == v2
        report = volumes.report()
        assert [(r["path"], r["state"]) for r in report] == [(str(v1), VolumeState.FULL),
                                                            (str(v2), VolumeState.OK)]
        assert report[0]["footage_bytes"] == sum(s.bytes for s in segs)  # its node's only
        assert report[0]["keep_free_percent"] == 25 and report[0]["free_bytes"] == 0
        assert report[1]["total_bytes"] == 4 * 2**20 and report[1]["footage_bytes"] == 0

        # Out: back only above twice its line (no flapping at the line).
        (v1 / "filler").unlink()
        fill(v1 / "filler")
        with open(v1 / "filler", "r+b") as f:
            f.truncate(f.seek(0, 2) - 1_300_000)  # 1.3 MB free: above 25 %, below 50 %
        volumes.refresh()
        assert volumes.pick().path == v2
        (v1 / "filler").unlink()
        volumes.refresh()
        assert volumes.pick().path == v1

        # A write that failed: out at once; ENOSPC is FULL, anything else FAILED until
        # a test write succeeds.
        volumes.mark_failed(volumes.volumes[0], OSError(errno.EIO, "Input/output error"))
        assert volumes.volumes[0].state is VolumeState.FAILED
        assert volumes.pick().path == v2
        volumes.refresh()  # the test write works: back
        assert volumes.pick().path == v1
        volumes.mark_failed(volumes.volumes[1], OSError(errno.ENOSPC, "No space left"))
        assert volumes.volumes[1].state is VolumeState.FULL


class _Camera:
    """A CameraRecorder on a 30 s file (10 fps, a keyframe a second), read as fast as it
    comes and again each time it ends; finished segments are indexed as the manager does."""

    def __init__(self, tmp_path: Path, engine, volumes: Volumes) -> None:
        self.source = tmp_path / "camera.mp4"
        if not self.source.exists():
            write_segment(self.source, 0, 300, 10, 10)
        self.engine = engine
        self.halt = threading.Event()
        self.indexed: list[Segment] = []
        self.rec = CameraRecorder("cam001", lambda: str(self.source), tmp_path / "unused", 1.0,
                                  self._index, self.halt, volumes=volumes)  # fmt: skip

    def _index(self, seg: Segment) -> None:
        seg = checked(Path(seg.volume), seg)
        with self.engine.begin() as conn:
            add_segment(conn, seg)
        self.indexed.append(seg)

    def wait(self, predicate, what: str, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not predicate():
            assert time.monotonic() < deadline, f"gave up waiting for {what}"
            time.sleep(0.05)

    def on(self, volume: Path) -> list[Segment]:
        return [s for s in self.indexed if s.volume == str(volume)]

    def __enter__(self) -> _Camera:
        self.rec.start()
        return self

    def __exit__(self, *exc) -> None:
        self.halt.set()
        self.rec.join(timeout=15)
        assert not self.rec.is_alive()


def test_a_volume_filled_on_purpose_recording_moves_on_and_nothing_is_lost(tmp_path):
    api, _client = make_api(tmp_path / "data")
    engine = api.ctx.engine
    with tmpfs(tmp_path / "v1", "1m") as v1, tmpfs(tmp_path / "v2", "16m") as v2:
        # Volume 1 keeps nothing free: the recorder writes it to the last byte, the write
        # (or the close) fails there mid-segment, and the next segment goes to volume 2.
        volumes = Volumes([VolumeSpec(v1, 0), VolumeSpec(v2, 10)], engine, NODE)
        fill(v1 / "filler")
        with open(v1 / "filler", "r+b") as f:
            f.truncate(f.seek(0, 2) - 200_000)  # another program left it 200 kB
        with _Camera(tmp_path, engine, volumes) as cam:
            cam.wait(lambda: len(cam.on(v2)) >= 5, "five segments on volume 2")
        assert volumes.volumes[0].state is VolumeState.FULL
        before = [s for s in cam.on(v1) if s.health is SegmentHealth.OK]
        assert len(before) >= 3
        assert all(s.node == NODE for s in cam.indexed)
        rows = _rows(engine)
        assert len(rows) == len(cam.indexed)
        on_v1 = {r.path for r in rows if r.volume == str(v1)}
        assert {s.path for s in before} <= on_v1  # nothing recorded before is lost
        assert all(not r.path.startswith("/") for r in rows)  # relative to the volume
        _consistent(engine, tmp_path / "data")


def test_a_read_only_volume_is_skipped_and_comes_back(tmp_path):
    api, _client = make_api(tmp_path / "data")
    engine = api.ctx.engine
    with tmpfs(tmp_path / "v1", "8m", "ro") as v1, tmpfs(tmp_path / "v2", "8m") as v2:
        volumes = Volumes([VolumeSpec(v1, 5), VolumeSpec(v2, 5)], engine, NODE)
        with _Camera(tmp_path, engine, volumes) as cam:
            cam.wait(lambda: len(cam.on(v2)) >= 2, "segments on volume 2")
            assert volumes.volumes[0].state is VolumeState.FAILED
            assert not cam.on(v1)
            subprocess.run(["mount", "-o", "remount,rw", str(v1)], check=True)
            volumes.refresh()  # the guard's periodic check: a test write now works
            assert volumes.volumes[0].state is VolumeState.OK
            cam.wait(lambda: len(cam.on(v1)) >= 2, "segments on volume 1 again")
        _consistent(engine, tmp_path / "data")


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def pause_for_space(self) -> None:
        self.calls.append("pause")

    def resume_after_space(self) -> None:
        self.calls.append("resume")


def test_rolling_buffer_keeps_held_footage_then_moves_on_pauses_and_resumes(tmp_path):
    data = tmp_path / "data"
    api, _client = make_api(data)
    engine = api.ctx.engine
    settings = Settings(data_dir=data, storage_reserve_bytes=1024 * 1024,
                        storage_reserve_percent=0)  # fmt: skip
    with tmpfs(tmp_path / "v1", "4m") as v1, tmpfs(tmp_path / "v2", "4m") as v2:
        volumes = Volumes([VolumeSpec(v1, 20), VolumeSpec(v2, 20)], engine, NODE)
        recorder = _Recorder()
        guard = StorageGuard(settings, engine, recorder, volumes=volumes)
        events: list[dict] = []
        guard.on_alarm(events.append)
        t0 = (utc_now() - timedelta(hours=3)).replace(microsecond=0)
        mine = _footage(engine, v1, "cam001", t0, 8)
        # Another node's footage on a path of the same name: never this node's to delete.
        theirs = _footage(engine, v1, "cam002", t0 - timedelta(hours=1), 2, node="rak-2")
        with engine.begin() as conn:
            mark = conn.execute(bookmarks.insert().values(
                camera_id="cam001", at_utc=t0 + timedelta(seconds=1),
                start_utc=t0 + timedelta(seconds=0.5), end_utc=t0 + timedelta(seconds=1.5),
                title="Bukti", description="", tags="[]", author="operator",
                author_name="Operator", created_at=utc_now(), updated_at=utc_now(),
                protected=False)).inserted_primary_key[0]  # fmt: skip
            set_protected(conn, mark, "supervisor")
        assert guard.check().state is StorageState.OK

        # Volume 1 below its high-water mark (40 %): the oldest of this node's footage
        # goes, the protected first segment stays, and that is enough.
        filler = v1 / "filler"
        fill(filler)
        high_water = volumes.volumes[0].measure().high_water
        with open(filler, "r+b") as f:  # free 20 kB short of it: two segments make room
            f.truncate(f.seek(0, 2) - (high_water - 20_000))
        free_before = volumes.volumes[0].measure().free
        report = guard.check()
        left = {r.path for r in _rows(engine)}
        assert mine[0].path in left and mine[1].path not in left  # oldest unheld first
        assert {s.path for s in theirs} <= left
        assert volumes.volumes[0].measure().free >= volumes.volumes[0].measure().high_water
        assert volumes.volumes[0].measure().free > free_before
        assert report.state is StorageState.OK and not recorder.calls and not events

        # Filled to the last byte: everything unheld of this node goes, then volume 1
        # is full and recording moves to volume 2, with the alarm (someone must act).
        fill(filler)
        report = guard.check()
        left = {r.path for r in _rows(engine)}
        assert left == {mine[0].path} | {s.path for s in theirs}
        assert volumes.pick().path == v2
        assert report.alarm and not report.recording_paused and recorder.calls == []
        assert events[-1]["raised"] and "protected" in events[-1]["message"]

        # Volume 2 fills too, with nothing of this node's on it: recording pauses.
        fill(v2 / "filler")
        report = guard.check()
        assert report.recording_paused and report.state is StorageState.RECORDING_PAUSED
        assert recorder.calls == ["pause"] and volumes.pick() is None
        assert [v["state"] for v in volumes.report()] == [VolumeState.FULL, VolumeState.FULL]

        # Space comes back on volume 2: recording resumes there, the alarm stays while
        # volume 1 is stuck; back on volume 1 too, it clears.
        (v2 / "filler").unlink()
        report = guard.check()
        assert recorder.calls == ["pause", "resume"] and volumes.pick().path == v2
        assert not report.recording_paused and report.alarm
        filler.unlink()
        report = guard.check()
        assert volumes.pick().path == v1 and not report.alarm
        assert events[-1]["raised"] is False
        _consistent(engine, data)
