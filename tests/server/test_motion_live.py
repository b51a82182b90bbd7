"""Motion recorded and searched end to end (issue 17): camsim's staged camera moves in
one corner at known times; the server records it, its node analyses the camera's sub
stream through the relay, and the search over that corner finds exactly those moments,
a search elsewhere none."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from server.clock import parse_wire, to_wire
from tests.support.camsim_fleet import run_camsim
from tests.support.footage_truth import wait_for
from tests.support.net import http_json
from tests.support.server_proc import run_server

CORNER = [0.75, 0.0, 1.0, 0.25]  # where the staged camera moves: its top right
MOVE_S = 5.0
LATE_S = 2.0  # stream, decode and window rounding, at most


def _region(x0: float, y0: float, x1: float, y1: float) -> dict:
    return {"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0}


def _search(srv, token: str, start: datetime, end: datetime, region: dict | None) -> dict:
    status, body = http_json("POST", srv.api + "/motion/search", {
        "camera_ids": ["stg001"], "start": to_wire(start), "end": to_wire(end),
        "region": region}, token=token)
    assert status == 200, body
    return body



@pytest.mark.slow
def test_a_corner_that_moves_at_known_times_is_found_there_and_only_there(tmp_path):
    with run_camsim(tmp_path, cameras=1, ptz=0, staged=1) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, analytics=True) as srv:
        # The node analyses stg001 through its relay: one session on its sub stream.
        wait_for(lambda: fleet.sessions("stg001")["sub"]["active"] >= 1,
              "the analysis to pull stg001's sub stream", 60)
        time.sleep(3)  # its first pictures decoded, calm
        bursts = []
        for _ in range(2):
            on = parse_wire(fleet.stage("stg001", {"act": "motion", "region": CORNER})["began"])
            time.sleep(MOVE_S)
            off = parse_wire(fleet.stage("stg001", {"act": "calm"})["began"])
            bursts.append((on, off))
            time.sleep(MOVE_S)
        token = srv.token("operator")
        # From the calm seconds before the first burst (the analysis ran 3 s by then).
        start, end = bursts[0][0] - timedelta(seconds=2), bursts[-1][1] + timedelta(seconds=3)

        def analysed_through() -> dict | None:
            found = _search(srv, token, start, end, _region(*CORNER))
            spans = found["analysed"]
            covered = spans and parse_wire(spans[0]["start"]) <= start \
                and parse_wire(spans[-1]["end"]) >= end and len(spans) == 1
            return found if covered else None

        # Blocks are stored as each minute ends, and when the stream is lost: the camera
        # going offline stores what was analysed up to then.
        fleet.offline("stg001")
        corner = wait_for(analysed_through, "the analysis of the whole range to be stored", 100)
        hits = [(parse_wire(h["start"]), parse_wire(h["end"])) for h in corner["hits"]]
        assert len(hits) == 2, corner
        for (hit_start, hit_end), (on, off) in zip(hits, bursts, strict=True):
            assert on - timedelta(seconds=1) <= hit_start <= on + timedelta(seconds=LATE_S)
            assert off <= hit_end <= off + timedelta(seconds=LATE_S + 1)
        assert all(h["cells"] >= 4 for h in corner["hits"])

        # Elsewhere: nothing moved, and the whole range was analysed (a real "none").
        for elsewhere in ([0.0, 0.75, 0.25, 1.0], [0.5, 0.0, 0.7, 0.25], [0.0, 0.3, 1.0, 1.0]):
            found = _search(srv, token, start, end, _region(*elsewhere))
            assert found["hits"] == [], (elsewhere, found)
        whole = _search(srv, token, start, end, None)
        assert [(h["start"], h["end"]) for h in whole["hits"]] == \
            [(h["start"], h["end"]) for h in corner["hits"]]
