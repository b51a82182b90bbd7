"""After a real server session (camsim recorded, an export made and signed), nothing in
the data directory is readable by another user: folders 0700, files 0600, the data
directory itself 0700 even when an older installation left it 0755."""

from __future__ import annotations

import os
import stat
import time
import urllib.request
from datetime import timedelta

from server.clock import parse_wire, to_wire, utc_now
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server


def _first_span(srv, token, since):
    query = f"start={to_wire(since - timedelta(seconds=5))}&end={to_wire(utc_now())}"
    status, body = http_json("GET", srv.api + f"/cameras/cam001/recordings?{query}",
                             token=token)
    assert status == 200, body
    spans = [(parse_wire(s["start"]), parse_wire(s["end"])) for s in body["spans"]]
    return spans[0] if spans else None


def test_the_data_directory_is_private_after_a_session(tmp_path):
    data = tmp_path / "server" / "data"
    data.mkdir(parents=True, mode=0o755)
    os.chmod(data, 0o755)  # as an older installation left it
    old = data / "left-by-an-older-version.txt"
    old.write_text("x")
    os.chmod(old, 0o644)
    started = utc_now()
    with run_camsim(tmp_path, cameras=1, ptz=0, fps=15) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, segment_seconds=2,
                       data_dir=data) as srv:
        supervisor = srv.login("supervisor")
        deadline = time.monotonic() + 90
        span = None
        while time.monotonic() < deadline:
            span = _first_span(srv, supervisor, started)
            if span and span[1] - span[0] > timedelta(seconds=3):
                break
            time.sleep(0.5)
        assert span, "nothing recorded"
        status, job = http_json("POST", srv.api + "/exports", {
            "camera_id": "cam001", "start": to_wire(span[0]),
            "end": to_wire(span[0] + timedelta(seconds=2)), "reason": "uji berkas",
            "case_number": "LP/1"}, token=supervisor)
        assert status == 202, job
        while job["state"] not in ("done", "failed"):
            time.sleep(0.2)
            _, job = srv.get(f"/exports/{job['id']}", token=supervisor)
        assert job["state"] == "done", job
        at = to_wire(span[0] + timedelta(seconds=1))
        thumb = urllib.request.Request(srv.api + f"/cameras/cam001/thumbnail?at={at}",
                                       headers={"Authorization": f"Bearer {supervisor}"})
        with urllib.request.urlopen(thumb, timeout=30) as resp:
            assert resp.read(2) == b"\xff\xd8"  # a JPEG

    seen = {"dirs": 0, "files": 0}
    kinds = set()
    open_to_others = []
    for folder, dirs, files in os.walk(data):
        for name in dirs + files:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                continue
            seen["dirs" if stat.S_ISDIR(mode) else "files"] += 1
            kinds.add(os.path.splitext(name)[1])
            if mode & 0o077:
                open_to_others.append(f"{oct(mode & 0o777)} {os.path.relpath(path, data)}")
    assert not open_to_others, open_to_others
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
    # What the session wrote was there to check: the database, segments, the export.
    assert {".db", ".mp4", ".json"} <= kinds, kinds
    assert seen["files"] > 5, seen
