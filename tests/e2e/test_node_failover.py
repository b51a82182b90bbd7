"""Recording beyond one machine (issue 15): an API process and two recording nodes, each
its own process, share one PostgreSQL started by the test; camsim's four cameras are
pinned two to each node; the real client under Xvfb watches all four live.

node-a is killed with SIGKILL. Within the lease time its cameras are recorded by node-b,
their tiles come back to a moving picture with nobody touching the client, and the
footage node-a holds is shown as unavailable (not missing) while it is down. node-a comes
back and takes its pinned cameras back. Then the footage across both moves plays as one
stream (ffprobe reads it), with a gap no longer than one segment plus the lease time at
the failover and no longer than one segment at the return."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.config import ClientConfig
from app.streams.engine import StreamState
from app.wall import Layout
from server.clock import parse_wire, to_wire
from tests.e2e.test_faults_tiles_return import _all_live_and_moving
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.node_proc import run_node
from tests.support.postgres import PostgresCluster
from tests.support.server_proc import DEMO_PASSWORD, run_server
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e

LEASE_S = 6.0
SEGMENT_S = 4.0
PINS = {"cam001": "node-a", "cam002": "node-a", "cam003": "node-b", "cam004": "node-b"}
TIMEOUT_MS = 60_000


def _nodes(api, token: str) -> dict[str, dict]:
    status, body = http_json("GET", f"{api.url}/api/v1/nodes", token=token)
    assert status == 200, body
    return {n["name"]: n for n in body["nodes"]}


def _wait_recorded_by(qtbot, api, token: str, cameras: set[str], node: str) -> float:
    """Waits until ``node`` records every one of ``cameras``; returns when (monotonic)."""
    def done() -> bool:
        info = _nodes(api, token).get(node)
        return bool(info and info["state"] == "up" and cameras <= set(info["cameras"])
                    and info["recording"] >= len(cameras))
    qtbot.waitUntil(done, timeout=TIMEOUT_MS)
    return time.monotonic()


def _recordings(api, token: str, camera: str, start: datetime, end: datetime) -> dict:
    status, body = http_json(
        "GET", f"{api.url}/api/v1/cameras/{camera}/recordings?start={to_wire(start)}"
        f"&end={to_wire(end)}", token=token)
    assert status == 200, body
    return body


def _holes(spans: list[dict]) -> list[float]:
    """Seconds between consecutive recorded spans."""
    times = [(parse_wire(s["start"]), parse_wire(s["end"])) for s in spans]
    return [(b[0] - a[1]).total_seconds() for a, b in zip(times, times[1:], strict=False)]


def _thumbnail(api, token: str, camera: str, at: str) -> tuple[int, bytes]:
    req = urllib.request.Request(
        f"{api.url}/api/v1/cameras/{camera}/thumbnail?at={at}&width=160",
        headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _packet_times(path: Path) -> list[float]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts_time", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, f"the playback does not play: {done.stderr.strip()}"
    return sorted(float(p["pts_time"]) for p in json.loads(done.stdout)["packets"]
                  if "pts_time" in p)


def test_a_killed_node_s_cameras_move_and_come_back(qtbot, display, tmp_path):  # noqa: PLR0915
    with (PostgresCluster.started() as pg, pg.database() as url,
          run_camsim(tmp_path, cameras=4, ptz=0) as fleet,
          run_server(tmp_path, camsim_url=fleet.control_url, database_url=url,
                     segment_seconds=SEGMENT_S,
                     extra_args=["--no-node", "--lease-seconds", str(LEASE_S)]) as api):
        admin = api.token("admin")
        for camera, node in PINS.items():
            status, body = http_json("PUT", f"{api.url}/api/v1/admin/cameras/{camera}/node",
                                     token=admin, body={"node": node})
            assert status == 200, body
        start = datetime.now(UTC)
        node_b = run_node(tmp_path, "node-b", url, api.data_dir, LEASE_S, SEGMENT_S)
        node_a_ctx = run_node(tmp_path, "node-a", url, api.data_dir, LEASE_S, SEGMENT_S)
        with node_b:
            node_a = node_a_ctx.__enter__()
            try:
                _wait_recorded_by(qtbot, api, admin, {"cam001", "cam002"}, "node-a")
                _wait_recorded_by(qtbot, api, admin, {"cam003", "cam004"}, "node-b")
                relays = {name: info["relay"] for name, info in _nodes(api, admin).items()}
                # Live goes to the relay of the node that records the camera.
                status, live = http_json("GET", f"{api.url}/api/v1/cameras/cam001/live",
                                         token=admin)
                assert status == 200 and f":{relays['node-a'].rpartition(':')[2]}/" in live["url"]

                config = ClientConfig(server_url=api.url, username="operator",
                                      password=DEMO_PASSWORD, layout=Layout.L2X2,
                                      cameras=tuple(PINS), language="en")
                shell = ClientShell(config)
                with qtbot.waitSignal(shell.started, timeout=30_000):
                    shell.start()
                shell.main_window.showMaximized()
                qtbot.waitExposed(shell.main_window)
                try:
                    tiles = shell.main_window.wall_widget.tiles()
                    _all_live_and_moving(qtbot, tiles, display, "nodes-1-live")
                    qtbot.wait(int((SEGMENT_S + 1) * 1000))  # footage on node-a to fail over from

                    # kill -9: no clean stop, no lease let go.
                    killed_at = datetime.now(UTC)
                    killed = time.monotonic()
                    node_a.process.kill()
                    node_a.process.wait(timeout=30)
                    node_a_ctx.__exit__(None, None, None)
                    node_a_ctx = None
                    taken = _wait_recorded_by(qtbot, api, admin, {"cam001", "cam002"}, "node-b")
                    # Its leases end at most LEASE_S after the kill; node-b looks every
                    # LEASE_S / 5 and its recorder connects within a couple of seconds.
                    assert taken - killed <= LEASE_S + LEASE_S / 5 + 4.0, taken - killed
                    assert _nodes(api, admin)["node-a"]["state"] == "down"
                    # The client's tiles of node-a's cameras came back by themselves.
                    qtbot.waitUntil(lambda: all(t.stream_state is StreamState.LIVE
                                                for t in tiles), timeout=TIMEOUT_MS)
                    _all_live_and_moving(qtbot, tiles, display, "nodes-2-failed-over")

                    # node-a's footage is unavailable while it is down, never missing.
                    now = datetime.now(UTC)
                    down = _recordings(api, admin, "cam001", start, now)
                    reasons = {g["reason"] for g in down["gaps"]}
                    assert reasons == {"unavailable"}, down
                    # Up to node-a's last indexed segment, a segment at most before the
                    # kill (the one it was writing is on its disk, not yet indexed).
                    last = parse_wire(down["gaps"][-1]["end"])
                    slack = timedelta(seconds=SEGMENT_S + 1)
                    assert killed_at - slack <= last <= killed_at, (killed_at, down)
                    for gap in down["gaps"]:  # and no span claims what is unavailable
                        g0, g1 = parse_wire(gap["start"]), parse_wire(gap["end"])
                        assert all(parse_wire(sp["end"]) <= g0 or parse_wire(sp["start"]) >= g1
                                   for sp in down["spans"]), down

                    # Nor is there a picture of it to show, and nothing is marked damaged.
                    before_kill = to_wire(killed_at - timedelta(seconds=SEGMENT_S + 2))
                    assert _thumbnail(api, admin, "cam001", before_kill)[0] == 404

                    # node-a comes back on its own data; its pinned cameras go home.
                    qtbot.wait(int((SEGMENT_S + 1) * 1000))  # footage on node-b
                    returned_at = datetime.now(UTC)
                    node_a_ctx = run_node(tmp_path, "node-a", url, api.data_dir, LEASE_S,
                                          SEGMENT_S)
                    node_a = node_a_ctx.__enter__()
                    _wait_recorded_by(qtbot, api, admin, {"cam001", "cam002"}, "node-a")
                    assert not {"cam001", "cam002"} & set(
                        _nodes(api, admin)["node-b"]["cameras"])
                    _all_live_and_moving(qtbot, tiles, display, "nodes-3-back")
                    qtbot.wait(int((SEGMENT_S + 1) * 1000))
                finally:
                    shell.main_window.close()
                    shell.shutdown()

                # The moves as the timeline sees them: footage from several recordings on
                # two nodes, nothing unavailable, each hole within its bound.
                end = datetime.now(UTC)
                for camera in ("cam001", "cam002"):
                    seen = _recordings(api, admin, camera, start, end)
                    # The segment node-a was writing when killed is recovered when it
                    # is back, cut where its last whole fragment ends: that tail, if
                    # any, is the only gap with a reason, at the kill.
                    for gap in seen["gaps"]:
                        assert gap["reason"] == "truncated", seen
                        assert abs((parse_wire(gap["end"]) - killed_at).total_seconds()
                                   ) <= SEGMENT_S, seen
                    holes = _holes(seen["spans"])
                    failover = [h for h in holes if h > SEGMENT_S]
                    assert all(h <= SEGMENT_S + LEASE_S for h in holes), (camera, holes)
                    # Each handover (node-b held node-a's pins until node-a first came
                    # up; the return) within a segment; the failover the one longer hole.
                    assert len(holes) <= 3 and len(failover) <= 1, (camera, holes)
                    first = parse_wire(seen["spans"][0]["start"])
                    assert first < killed_at < returned_at

                # Playback across the failover, stitched from both nodes' segments.
                play_start = killed_at - timedelta(seconds=2 * SEGMENT_S)
                play_end = killed_at + timedelta(seconds=LEASE_S + 3 * SEGMENT_S)
                out = tmp_path / "across-failover.mp4"
                req = urllib.request.Request(
                    f"{api.url}/api/v1/cameras/cam001/playback?start={to_wire(play_start)}"
                    f"&end={to_wire(play_end)}&real_time=true",
                    headers={"Authorization": f"Bearer {admin}"})
                with urllib.request.urlopen(req, timeout=60) as resp:
                    out.write_bytes(resp.read())
                    began = parse_wire(resp.headers["X-Pantau-Start"])
                times = _packet_times(out)
                assert times, "nothing played"
                kill_offset = (killed_at - began).total_seconds()
                before = [t for t in times if t < kill_offset]
                after = [t for t in times if t > kill_offset]
                assert before and after, (kill_offset, times[0], times[-1])
                widest = max(b - a for a, b in zip(times, times[1:], strict=False))
                assert widest <= SEGMENT_S + LEASE_S, widest

                # A picture from node-a's footage, read from node-a.
                status, jpeg = _thumbnail(api, admin, "cam001", before_kill)
                assert status == 200 and jpeg[:2] == b"\xff\xd8"

                # An evidence export of the same range: one file from both nodes.
                status, job = http_json("POST", f"{api.url}/api/v1/exports", token=admin, body={
                    "camera_id": "cam001", "start": to_wire(play_start),
                    "end": to_wire(play_end), "reason": "failover test",
                    "case_number": "LP/15/XII/2026", "requester": "Polsek Tebet"})
                assert status == 202, job

                def exported() -> bool:
                    job.update(http_json("GET", f"{api.url}/api/v1/exports/{job['id']}",
                                         token=admin)[1])
                    assert job["state"] != "failed", job
                    return job["state"] == "done"

                qtbot.waitUntil(exported, timeout=TIMEOUT_MS)
                assert parse_wire(job["actual_start"]) < killed_at < parse_wire(job["actual_end"])
                req = urllib.request.Request(f"{api.url}/api/v1/exports/{job['id']}/file",
                                             headers={"Authorization": f"Bearer {admin}"})
                exported_file = tmp_path / "export.mp4"
                with urllib.request.urlopen(req, timeout=60) as resp:
                    exported_file.write_bytes(resp.read())
                exported_times = _packet_times(exported_file)
                assert exported_times[-1] - exported_times[0] >= 2 * SEGMENT_S
            finally:
                if node_a_ctx is not None:
                    node_a_ctx.__exit__(None, None, None)
