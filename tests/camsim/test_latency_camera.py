"""The latency camera: listed like any camera, and its RTSP pictures carry their capture
time (camsim.timecode), monotonic, close to now, 1/fps apart, readable in a tile."""

from __future__ import annotations

import statistics
import time

import pytest

from camsim import timecode
from tests.camsim.pictures import open_rtsp
from tests.support.camsim_fleet import run_camsim

FPS = 15
FRAMES = 60


@pytest.fixture(scope="module")
def latency_fleet(tmp_path_factory):
    with run_camsim(tmp_path_factory.mktemp("latency"), cameras=1, ptz=0, fps=FPS,
                    latency=1) as running:  # fmt: skip
        yield running


def decode_codes(url: str, count: int, tile: bool = False) -> list[tuple]:
    """(decoded at, wall ms; gray picture; the picture scaled to a 240x135 tile)."""
    out = []
    with open_rtsp(url) as container:
        for frame in container.decode(video=0):
            arrived = time.time() * 1000
            small = frame.reformat(width=240, height=135, format="gray") if tile else None
            out.append((arrived, frame.to_ndarray(format="gray"),
                        small.to_ndarray() if small else None))  # fmt: skip
            if len(out) == count:
                break
    return out


def test_listed_like_a_camera(latency_fleet):
    cam = latency_fleet.camera("lat001")
    assert cam["model"] == "camsim latency H.264 2-stream"
    assert cam["ptz"] is False and cam["state"] == "online"
    assert cam["streams"]["main"] == {"codec": "h264", "width": 1280, "height": 720, "fps": FPS}
    assert cam["streams"]["sub"] == {"codec": "h264", "width": 640, "height": 360, "fps": FPS}
    assert cam["rtsp"]["sub"].endswith("/lat001/sub")
    assert cam["credentials"]["username"] == "admin"
    assert latency_fleet.camera_ids == ["cam001", "lat001"]


@pytest.mark.parametrize("profile", ["sub", "main"])
def test_pictures_carry_their_capture_time(latency_fleet, profile):
    frames = decode_codes(latency_fleet.rtsp_url("lat001", profile), FRAMES)
    codes = [timecode.read(gray) for _arrived, gray, _tile in frames]
    assert None not in codes, codes
    # Monotonic, one picture every 1/fps.
    steps = [b - a for a, b in zip(codes, codes[1:], strict=False)]
    assert all(step > 0 for step in steps), steps
    assert abs(statistics.median(steps) - 1000 / FPS) < 10, steps
    # Close to now: captured before it arrived, and not long before (loopback). The
    # first pictures are old: PyAV's open reads a second or two to probe the stream,
    # and the reader drains that backlog faster than 1/fps.
    ages = [arrived - code for (arrived, _g, _t), code in zip(frames, codes, strict=True)]
    assert min(ages) > 0, ages
    assert ages[-1] < 300, ages


@pytest.mark.parametrize("profile", ["sub", "main"])
def test_code_survives_a_tile(latency_fleet, profile):
    """Scaled to 240x135 by swscale, as a small wall tile shows it."""
    frames = decode_codes(latency_fleet.rtsp_url("lat001", profile), 10, tile=True)
    for _arrived, gray, tile in frames:
        assert tile.shape == (135, 240)
        assert timecode.read(tile) == timecode.read(gray) is not None
