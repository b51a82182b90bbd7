"""Motion search end to end (issue 17): a staged camsim camera moves in its top-right
corner twice at known times; the server records and analyses it; in the real client an
operator plays the camera back, draws a rectangle over that corner, and sees exactly
those two moments on the timeline and in the results list; a double-click plays from
one."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from app.config import ClientConfig
from app.motion.types import MotionRegion
from app.streams.engine import StreamState
from app.wall import Layout
from server.clock import parse_wire, to_wire
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from tests.ui.motion_draw import draw_motion_region
from ui.shell.shell import ClientShell
from ui.tile.widget import TileMode

pytestmark = pytest.mark.e2e

CORNER = [0.75, 0.0, 1.0, 0.25]
MOVE_S = 5.0


def _analysed_through(server, start, end) -> bool:
    status, body = http_json("POST", server.api + "/motion/search", {
        "camera_ids": ["stg001"], "start": to_wire(start), "end": to_wire(end)},
        token=server.token("operator"))
    assert status == 200, body
    spans = body["analysed"]
    return bool(spans) and parse_wire(spans[-1]["end"]) >= end


def test_an_operator_finds_when_a_corner_moved(qtbot, display, tmp_path):
    with run_camsim(tmp_path, cameras=1, ptz=0, staged=1) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, demo=True, record=True,
                       analytics=True,
                       segment_seconds=4) as server:
        deadline = time.monotonic() + 60
        while fleet.sessions("stg001")["sub"]["active"] < 1:  # the node analyses it
            assert time.monotonic() < deadline, "stg001 was never analysed"
            time.sleep(0.5)
        time.sleep(3)
        bursts = []
        for _ in range(2):
            on = parse_wire(fleet.stage("stg001", {"act": "motion", "region": CORNER})["began"])
            time.sleep(MOVE_S)
            off = parse_wire(fleet.stage("stg001", {"act": "calm"})["began"])
            bursts.append((on, off))
            time.sleep(MOVE_S)
        # the minute's block is stored when the minute ends, or when the stream is lost:
        # offline now, the analysis up to here is stored (the footage stays recorded)
        fleet.offline("stg001")
        qtbot.waitUntil(lambda: _analysed_through(server, bursts[0][0], bursts[-1][1]),
                        timeout=100_000)
        fleet.online("stg001")  # live again for the client

        config = ClientConfig(server_url=server.url, username="operator",
                              password=DEMO_PASSWORD, layout=Layout.L1X1,
                              cameras=("stg001",), language="en")
        shell = ClientShell(config)
        with qtbot.waitSignal(shell.started, timeout=30_000):
            shell.start()
        try:
            window = shell.main_window
            window.showMaximized()
            qtbot.waitExposed(window)
            tile = window.wall_widget.tiles()[0]
            qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=45_000)
            tile.start_playback(minutes=3)
            qtbot.waitUntil(lambda: tile.mode is TileMode.PLAYBACK
                            and tile.stream_state is StreamState.LIVE
                            and tile.picture_rect() is not None, timeout=30_000)

            draw_motion_region(qtbot, tile, MotionRegion(0.78, 0.02, 0.2, 0.18))
            binding = window.motion_search
            qtbot.waitUntil(lambda: binding.result is not None, timeout=30_000)
            hits = binding.results.hits()
            assert len(hits) == 2, hits
            # newest first in the list
            for hit, (on, off) in zip(reversed(hits), bursts, strict=True):
                assert on - timedelta(seconds=1) <= hit.start <= on + timedelta(seconds=2)
                assert off <= hit.end <= off + timedelta(seconds=3)
            timeline = window.timeline
            assert timeline.camera_id == "stg001"  # the timeline follows the searched tile
            assert len(timeline.motion.marks.visible(timeline.model, "stg001")) == 2
            assert tile.motion.region is not None
            qtbot.waitUntil(lambda: binding.results.pictures_pending == 0, timeout=20_000)
            shot = screenshot(display, tmp_path / "motion-search.png")
            assert shot.size

            # A double-click on the older hit plays the tile from it.
            older = hits[-1]
            binding.results.activate_row(len(hits) - 1)
            qtbot.waitUntil(lambda: abs((tile.sync.position() - older.start)
                                        .total_seconds()) < 5, timeout=20_000)
        finally:
            shell.main_window.close()
            shell.shutdown()
