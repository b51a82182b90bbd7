"""A recording node as its own process (``python -m server node``) beside an API with
``--no-node``, on the test's database (SQLite shared on this machine, or PostgreSQL):
it refuses to start without the API's keys, serves its segments only with the fleet's
footage token, and cuts off a viewer the API disabled."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, timedelta

import av
import pytest
from sqlalchemy import create_engine, select

from server.clock import to_wire
from server.db import sqlite_url
from server.node.relay.tickets import load_or_create_key
from server.nodes import FOOTAGE_TOKEN_HEADER, footage_token
from server.schema import segments
from tests.server.test_relay import _first_frame, _live, _open, _read_until_the_end
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.node_proc import node_command, run_node
from tests.support.server_proc import run_server
from tools.peers import REPO

pytestmark = pytest.mark.slow


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def test_a_node_without_the_api_s_keys_refuses_to_start(tmp_path):
    cmd = node_command("rec-01", tmp_path / "node", f"sqlite:///{tmp_path / 'x.db'}",
                       tmp_path / "no-keys", lease_s=6, segment_s=4)
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "credentials.key" in done.stderr and "--key-dir" in done.stderr
    assert not (tmp_path / "x.db").exists()  # nothing made before the check


def test_a_node_serves_its_footage_to_the_api_only_and_drops_a_disabled_viewer(
        tmp_path, database_url):
    with run_camsim(tmp_path, cameras=2, ptz=0) as fleet, run_server(
            tmp_path, camsim_url=fleet.control_url, segment_seconds=2,
            extra_args=["--no-node", "--lease-seconds", "6"]) as api:
        url = database_url or sqlite_url(api.data_dir)
        engine = create_engine(url)
        with run_node(tmp_path, "rec-01", url, api.data_dir, lease_s=6, segment_s=2) as node:
            query = select(segments.c.id).where(segments.c.node == "rec-01").limit(1)

            def first_segment() -> int | None:
                with engine.connect() as conn:
                    return conn.execute(query).scalar()

            seg_id = _wait_for(first_segment)
            path = f"{node.url}/node/v1/segments/{seg_id}"
            token = footage_token(load_or_create_key(api.data_dir))
            assert _get(path)[0] == 403
            assert _get(path, {FOOTAGE_TOKEN_HEADER: "x" * len(token)})[0] == 403
            status, body, headers = _get(path, {FOOTAGE_TOKEN_HEADER: token})
            assert status == 200 and headers["content-type"] == "video/mp4"
            (tmp_path / "seg.mp4").write_bytes(body)
            with av.open(str(tmp_path / "seg.mp4")) as container:
                assert sum(1 for _ in container.decode(video=0)) > 0
            # Byte ranges: PyAV seeks a remote segment with them.
            status, part, _ = _get(path, {FOOTAGE_TOKEN_HEADER: token, "Range": "bytes=0-99"})
            assert status == 206 and part == body[:100]
            for hostile in ("999999999", str(2**70), "-1"):
                assert _get(f"{node.url}/node/v1/segments/{hostile}",
                            {FOOTAGE_TOKEN_HEADER: token})[0] == 404

            # Playback and thumbnails of footage on one node are that node's work; the
            # API passes them through.
            with engine.connect() as conn:
                first = conn.execute(select(segments).where(segments.c.id == seg_id)).one()
            start = first.start_utc.replace(tzinfo=UTC)
            admin = api.login("admin")
            bearer = {"Authorization": f"Bearer {admin}"}
            status, mp4, headers = _get(
                f"{api.api}/cameras/{first.camera_id}/playback?start={to_wire(start)}"
                f"&end={to_wire(start + timedelta(seconds=1.5))}", bearer)
            assert status == 200 and "x-pantau-start" in {h.lower() for h in headers}
            (tmp_path / "played.mp4").write_bytes(mp4)
            with av.open(str(tmp_path / "played.mp4")) as container:
                assert sum(1 for _ in container.decode(video=0)) > 0
            status, jpeg, _ = _get(f"{api.api}/cameras/{first.camera_id}/thumbnail?at="
                                   f"{to_wire(start + timedelta(seconds=0.5))}", bearer)
            assert status == 200 and jpeg[:2] == b"\xff\xd8"
            assert "playback from" in node.log_text()  # cut on the node

            # The API records nothing itself: what it says of a camera is the node's.
            states = {}

            def online() -> bool | None:
                states.update(api.get("/cameras/cam001", admin)[1])
                return True if states.get("status") == "online" else None

            _wait_for(online, timeout_s=30)
            health = api.get("/health", admin)[1]
            assert health["recorder"]["cameras"].get("cam001") == "recording", health

            # A viewer the API disables is cut off by the node's relay, which hears of
            # it from the database (no call reaches it from the API).
            live = _live(api, api.login("operator"), "cam001", "main")
            assert f":{node_relay_port(api, admin)}/" in live["url"]
            watching = _open(live["url"])
            try:
                _first_frame(watching)
                done = http_json("PUT", api.api + "/admin/users/operator",
                                 {"disabled": True}, token=admin)
                assert done[0] == 200, done
                _read_until_the_end(watching)  # the end event: the relay closed it
            finally:
                watching.close()
        engine.dispose()


def node_relay_port(api, admin: str) -> str:
    status, body = http_json("GET", api.api + "/nodes", token=admin)
    assert status == 200, body
    (node,) = body["nodes"]
    return node["relay"].rpartition(":")[2]


def _wait_for(fn, timeout_s: float = 60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = fn()
        if value is not None:
            return value
        time.sleep(0.2)
    raise AssertionError(f"nothing after {timeout_s} s")

