"""Live tiles through the server's relay (a GStreamer RTSP server that checks tickets):
the PyAV engine's own receiver plays the URL the API hands out, its ``?ticket=`` kept on
DESCRIBE and SETUP, H.264 and H.265, with no fallback to libavformat."""

from __future__ import annotations

import logging

import pytest

from app.streams.engine import StreamState
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import run_server

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


@pytest.fixture(scope="module")
def relay(tmp_path_factory):
    base = tmp_path_factory.mktemp("rtsp-relay")
    with run_camsim(base, cameras=4, ptz=0, fps=15) as fleet, \
            run_server(base, camsim_url=fleet.control_url, record=False) as srv:
        yield srv


@pytest.mark.parametrize("camera, profile, codec", [
    ("cam001", "sub", "h264"),
    ("cam004", "main", "hevc"),
])
def test_the_relay_url_plays_through_the_own_receiver(engines, relay, caplog, camera,
                                                      profile, codec):
    caplog.set_level(logging.INFO, logger="app.streams.pyav_engine")
    status, answer = relay.get(f"/cameras/{camera}/live?profile={profile}",
                               relay.token("operator"))
    assert status == 200, answer
    assert "?ticket=" in answer["url"]
    _, sink = engines(answer["url"], max_width=320)
    sink.wait("pictures", lambda: len(sink.frames) >= 10)
    sink.wait("stats", lambda: any(s.codec == codec and s.fps > 0 for s in sink.stats))
    assert sink.state_names()[:2] == [StreamState.CONNECTING, StreamState.LIVE]
    assert not any("libavformat" in r.getMessage() for r in caplog.records)


def test_a_forged_ticket_is_unauthorized(engines, relay):
    from app.streams.engine import StreamError

    _, answer = relay.get("/cameras/cam001/live?profile=sub", relay.token("operator"))
    url = answer["url"].split("?ticket=")[0] + "?ticket=forged"
    _, sink = engines(url, offline_after_attempts=1)
    sink.wait_state(StreamState.OFFLINE, StreamError.UNAUTHORIZED)
