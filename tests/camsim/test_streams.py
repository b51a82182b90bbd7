"""RTSP: profiles, distinct and live pictures, continuous timestamps."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.camsim.pictures import grab, mean_abs_diff


def ffprobe(url: str, *args: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-of", "json", *args, url],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("cam_id", "profile", "size"),
    [
        ("cam002", "main", (1920, 1080)),
        ("cam002", "sub", (640, 360)),
        ("cam001", "main", (1920, 1080)),  # PTZ: encoded live
        ("cam001", "sub", (640, 360)),
    ],
)
def test_each_profile_is_h264_at_its_size(fleet, cam_id, profile, size):
    url = fleet.rtsp_url(cam_id, profile)
    info = ffprobe(url, "-show_entries", "stream=codec_name,width,height")
    (stream,) = info["streams"]
    assert stream["codec_name"] == "h264"
    assert (stream["width"], stream["height"]) == size


def test_catalogue_urls_are_the_served_ones(fleet):
    cam = fleet.camera("cam003")
    # Without credentials in them: the account is published beside the URLs.
    assert cam["rtsp"] == {
        profile: fleet.rtsp_url("cam003", profile, with_credentials=False)
        for profile in ("main", "sub")
    }
    assert cam["onvif"] == fleet.onvif_url("cam003")


def test_two_cameras_show_different_pictures(fleet):
    (a,) = grab(fleet.rtsp_url("cam002", "sub"), 1)
    (b,) = grab(fleet.rtsp_url("cam003", "sub"), 1)
    # Different background colours: the mean colours are far apart.
    colour_gap = abs(a.reshape(-1, 3).mean(0) - b.reshape(-1, 3).mean(0)).max()
    assert colour_gap > 20


def test_a_camera_picture_keeps_changing(fleet):
    frames = grab(fleet.rtsp_url("cam004", "sub"), 45)  # three seconds at 15 fps
    assert mean_abs_diff(frames[0], frames[-1]) > 0.05
    # The clock ticks: its corner differs between the first and the last frame.
    assert mean_abs_diff(frames[0][:40, 440:], frames[-1][:40, 440:]) > 1.0


def test_timestamps_keep_rising_across_the_loop_wrap(fleet):
    # 100 packets at 15 fps span more than one 4 s loop (60 frames).
    info = ffprobe(
        fleet.rtsp_url("cam005", "sub"),
        "-read_intervals", "%+#100", "-show_entries", "packet=pts_time,flags",
    )  # fmt: skip
    packets = [p for p in info["packets"] if p.get("pts_time") not in (None, "N/A")]
    pts = [float(p["pts_time"]) for p in packets]
    assert len(pts) >= 90
    assert all(later > earlier for earlier, later in zip(pts, pts[1:], strict=False))
    assert sum(1 for p in packets if "K" in p["flags"]) >= 3  # GOP starts, wrap included
