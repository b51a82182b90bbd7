"""A full disk (issue 13): the server records camsim onto a 64 MiB tmpfs the test
mounts, then another process (this test) fills it to the last byte. Recording pauses
with the reason, retention deletes the oldest unprotected footage and keeps the
protected, an alarm reaches every event stream and /health, sign-in and playback keep
working, and the server restarts on the full disk. When the space comes back, recording
resumes by itself."""

from __future__ import annotations

import errno
import hashlib
import http.client
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.parse
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.server.test_recording import ffprobe, indexed_segments, wait_for
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server

DISK = "64m"
RESERVE_MB = 12  # recording pauses below 12 MiB free, resumes above 24 MiB
SEGMENT_S = 1
WORKSTATION = "full-disk-wall"


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK},mode=0700", "tmpfs",
                           str(mount)], capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.fail("the full-disk test needs to mount a tmpfs (root or CAP_SYS_ADMIN): "
                    f"mount said {done.stderr.strip()!r}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=False)


def fill(path: Path) -> int:
    """Append to ``path`` until the disk says it is full, as another program would;
    returns the bytes written."""
    chunk = b"\xa5" * (256 * 1024)
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        while True:
            try:
                written += os.write(fd, chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    return written
                chunk = chunk[: len(chunk) // 4]  # the last crumbs too
    finally:
        os.close(fd)


class EventStream:
    """GET /events for one workstation, read on a thread; events land in a queue."""

    def __init__(self, url: str, token: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self._conn.request("GET", f"{parts.path}/events?workstation={WORKSTATION}",
                           headers={"Authorization": f"Bearer {token}",
                                    "Accept": "text/event-stream"})  # fmt: skip
        self._resp = self._conn.getresponse()
        assert self._resp.status == 200, self._resp.read()
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self._resp:
                line = raw.decode().strip()
                if line.startswith("data: "):
                    self.events.put(json.loads(line[6:]))
        except (OSError, ValueError, AttributeError):  # AttributeError: closed under us
            pass

    def next(self, event_type: str, timeout_s: float = 30.0) -> dict:
        while True:
            event = self.events.get(timeout=timeout_s)
            if event.get("type") == event_type:
                return event

    def close(self) -> None:
        self._conn.close()


def health(srv, token: str | None = None) -> dict:
    status, body = srv.get("/health", token)
    assert status == 200, body
    return body


def test_full_disk_pauses_recording_keeps_protected_footage_and_restarts(
    tmp_path, small_disk
):
    data_dir = small_disk / "data"
    args = {"camsim_url": None, "segment_seconds": SEGMENT_S, "data_dir": data_dir,
            "extra_args": ["--storage-reserve", f"{RESERVE_MB}M"]}  # fmt: skip
    with run_camsim(tmp_path, cameras=2, ptz=0, fps=15, gop=15) as fleet:
        args["camsim_url"] = fleet.control_url
        with run_server(tmp_path, **args) as srv:
            admin, police = srv.token("admin"), srv.token("police")
            # cam002 moves out of the police's kota: /health must not show it to them.
            status, body = http_json("PUT", srv.api + "/admin/cameras/cam002",
                                     {"area_id": "jakarta-pusat.gambir"}, token=admin)
            assert status == 200, body
            wait_for(lambda: srv.recorder_states() == {"cam001": "recording",
                                                       "cam002": "recording"}, "recording")
            assert (data_dir / "storage.ballast").is_file()
            assert (data_dir / "storage.ballast.start").is_file()

            # Doors: without sign-in, only what monitoring needs; the police see their
            # own cameras and no folder; the administrator all of it.
            assert set(health(srv)) == {"status", "version"}
            seen_by_police = health(srv, police)
            assert seen_by_police["recorder"]["cameras"] == {"cam001": "recording"}
            assert "path" not in seen_by_police["storage"]
            assert health(srv, admin)["storage"]["path"] == str(data_dir / "recordings")

            wait_for(lambda: len(segments_of(data_dir, "cam001")) >= 6, "six segments",
                     timeout_s=30)  # fmt: skip
            first = segments_of(data_dir, "cam001")
            # A protected bookmark over cam001's fourth segment.
            kept_seg = first[3]
            at = kept_seg[0] + (kept_seg[1] - kept_seg[0]) / 2
            status, mark = http_json("POST", srv.api + "/bookmarks", {
                "camera_id": "cam001", "at": wire_naive(at), "pre_roll_s": 0.1, "post_roll_s": 0.1,
                "title": "Kejadian"}, token=admin)  # fmt: skip
            assert status == 201, mark
            status, mark = http_json("POST", srv.api + f"/bookmarks/{mark['id']}/protect",
                                     token=admin)  # fmt: skip
            assert status == 200 and mark["protected"], mark
            operator = srv.token("operator")
            status, body = http_json("PUT", srv.api + f"/walls/{WORKSTATION}",
                                     {"monitors": []}, token=operator)
            assert status == 200, body
            stream = EventStream(srv.url + "/api/v1", operator)
            assert stream.next("hello")["workstation"] == WORKSTATION

            # Another program fills the disk. What was recorded by then must fit under the
            # high-water mark with the ballast, or retention would keep making room by
            # deleting footage (as it should) and never need to raise the alarm.
            recorded = sum(f.stat().st_size for f in (data_dir / "recordings").rglob("*.mp4"))
            assert recorded < (2 * RESERVE_MB - 4) * 2**20, f"{recorded} bytes recorded already"
            filler = small_disk / "filler.bin"
            assert fill(filler) > 0
            alarm = stream.next("storage_alarm")
            assert alarm["raised"] is True and alarm["recording_paused"] is True
            assert "protected" in alarm["message"]
            # A wall that connects later hears it at once, after its hello.
            late = EventStream(srv.url + "/api/v1", operator)
            assert [late.next("hello")["type"], late.next("storage_alarm")["raised"]] == [
                "hello", True]
            late.close()

            storage = health(srv, admin)["storage"]
            assert storage["recording_paused"] and storage["alarm"]
            assert storage["state"] == "recording_paused"
            assert "reserve" in storage["reason"] and "protected" in storage["reason"]
            assert storage["free_bytes"] < storage["reserve_bytes"]
            assert health(srv)["status"] == "critical"
            assert srv.recorder_states() == {"cam001": "paused_for_space",
                                             "cam002": "paused_for_space"}

            # Retention deleted the oldest unprotected footage, kept the protected one.
            left = segments_of(data_dir, "cam001")
            covering = [s for s in first if s[0] < mark_end(mark) and s[1] > mark_start(mark)]
            assert covering and all(s in left for s in covering)
            assert all((data_dir / s[2]).is_file() for s in covering)
            assert not any(s in left for s in first[:3]), "older unprotected footage kept"
            assert not any((data_dir / s[2]).exists() for s in first[:3])
            status, entries = srv.get("/audit?action=retention.run", admin)
            assert status == 200
            made_room = [e for e in entries if e["details"].get("trigger") == "low_space"]
            assert made_room and made_room[0]["details"]["deleted_segments"] >= 3

            # Sign-in, the catalog and playback of what is kept still work.
            assert srv.login("supervisor")
            status, listed = srv.get("/cameras", srv.token("supervisor"))
            assert status == 200 and {c["id"] for c in listed} == {"cam001", "cam002"}
            clip = tmp_path / "kept.mp4"
            play(srv, admin, kept_seg, clip)
            assert ffprobe(str(clip))["streams"][0]["codec_name"] == "h264"

            # The disk fills again (the ballast's room taken too): a write that cannot
            # happen is a 503 in the error shape, never a 500.
            fill(filler)
            status, body = http_json("POST", srv.api + "/auth/login",
                                     {"username": "viewer", "password": srv.demo_password})
            assert status == 200 or (status == 503 and body["detail"]["code"] == "storage_full"
                                     ), (status, body)  # fmt: skip
            stream.close()

        # A restart on the full disk.
        with run_server(tmp_path, **args) as again:
            assert again.login("admin")
            body = health(again, again.token("admin"))
            assert body["status"] == "critical" and body["storage"]["recording_paused"]
            assert again.recorder_states() == {"cam001": "paused_for_space",
                                               "cam002": "paused_for_space"}
            assert not (data_dir / "storage.ballast.start").exists()  # spent to start

            # Space comes back: recording resumes by itself, the ballast is back.
            filler.unlink()
            wait_for(lambda: again.recorder_states() == {"cam001": "recording",
                                                         "cam002": "recording"}, "resumed")
            assert health(again)["status"] == "ok"
            assert (data_dir / "storage.ballast.start").is_file()
    assert "Traceback" not in srv.log_text()


def segments_of(data_dir: Path, camera: str) -> list[tuple[datetime, datetime, str]]:
    return [(datetime.fromisoformat(start), datetime.fromisoformat(end), path)
            for cam, start, end, path, _size, _frames in indexed_segments(data_dir)
            if cam == camera]  # fmt: skip


def mark_start(mark: dict) -> datetime:
    return datetime.fromisoformat(mark["start"].replace("Z", "+00:00")).replace(tzinfo=None)


def mark_end(mark: dict) -> datetime:
    return datetime.fromisoformat(mark["end"].replace("Z", "+00:00")).replace(tzinfo=None)


def play(srv, token: str, seg: tuple[datetime, datetime, str], dest: Path) -> None:
    start, end = (t.replace(tzinfo=None) for t in seg[:2])
    query = urllib.parse.urlencode({"start": wire_naive(start),
                                    "end": wire_naive(end - timedelta(milliseconds=1))})
    parts = urllib.parse.urlsplit(srv.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", f"/api/v1/cameras/cam001/playback?{query}",
                     headers={"Authorization": f"Bearer {token}"})
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200, body[:300]
        assert resp.getheader("Content-Type") == "video/mp4"
        dest.write_bytes(body)
    finally:
        conn.close()


def wire_naive(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_a_start_with_no_room_at_all_says_so_and_loses_nothing(tmp_path, small_disk):
    """Both ballasts spent and the disk filled to the last byte by someone else: the
    server cannot open its database. It says why and what to do (no traceback), exits
    with 75 (EX_TEMPFAIL), changes nothing, and starts once there is room again."""
    data_dir = small_disk / "data"
    with run_server(tmp_path, record=False, data_dir=data_dir) as srv:
        assert srv.login("admin")
    database = data_dir / "pantau.db"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    for ballast in data_dir.glob("storage.ballast*"):
        ballast.unlink()
    filler = small_disk / "filler"
    fill(filler)
    done = subprocess.run(
        [sys.executable, "-m", "server", "--host", "127.0.0.1", "--port", "0",
         "--relay-port", "0", "--data-dir", str(data_dir), "--no-record",
         "--storage-reserve-percent", "0", "--demo"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 75, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert f"cannot start: the disk holding {data_dir} has 0 bytes free" in done.stderr
    assert "Free space on that disk" in done.stderr
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before

    filler.unlink()
    with run_server(tmp_path, record=False, data_dir=data_dir) as again:
        assert again.login("admin")
