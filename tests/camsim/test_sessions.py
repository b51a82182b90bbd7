"""GET /cameras/<id>/sessions counts RTSP sessions per stream, as a relay test needs."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.camsim.pictures import LiveReader
from tests.camsim.rtsp_probe import ffprobe
from tests.support.net import http_json

# Only stops a hung test: every wait below ends as soon as its condition holds.
DEADLINE_S = 20.0
_POLL_S = 0.05


def wait_for(read: Callable[[], dict], done: Callable[[dict], bool]) -> dict:
    """Read until ``done`` holds or the deadline passes; the caller asserts on the
    returned value, so a failure shows what was last seen."""
    deadline = time.monotonic() + DEADLINE_S
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(_POLL_S)
        value = read()
    return value


def test_two_clients_one_after_the_other_are_two_sessions(fleet):
    cam, path = "cam003", "main"
    before = wait_for(lambda: fleet.sessions(cam), lambda s: s[path]["active"] == 0)
    assert set(before) == {"main", "sub"}
    url = fleet.rtsp_url(cam, path)
    for _ in range(2):
        ffprobe(url, "-show_entries", "stream=codec_name")
    wrong = url.replace(fleet.credentials(cam).password, "wrong")
    assert ffprobe(wrong, "-show_entries", "stream=codec_name", check=False).returncode != 0

    after = wait_for(lambda: fleet.sessions(cam), lambda s: s[path]["active"] == 0)
    assert after[path] == {"active": 0, "total": before[path]["total"] + 2}
    assert after["sub"] == before["sub"]


def test_sessions_open_together_are_active_together_and_close(fleet):
    cam, path = "cam005", "main"
    before = wait_for(lambda: fleet.sessions(cam), lambda s: s[path]["active"] == 0)
    readers = [LiveReader(fleet.rtsp_url(cam, path)) for _ in range(2)]
    try:
        for reader in readers:
            reader.frame_after(1)  # both sessions play
        watching = fleet.sessions(cam)[path]
        assert watching == {"active": 2, "total": before[path]["total"] + 2}
    finally:
        for reader in readers:
            reader.close()
    left = wait_for(lambda: fleet.sessions(cam), lambda s: s[path]["active"] == 0)
    assert left[path] == {"active": 0, "total": before[path]["total"] + 2}


def test_an_unknown_camera_has_no_sessions(fleet):
    status, body = http_json("GET", f"{fleet.control_url}/cameras/cam999/sessions")
    assert status == 404 and body["error"] == "unknown_camera"
