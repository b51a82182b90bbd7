"""keyframes_only playback, read by ffprobe: only keyframes come out, each at its true
time (one per GOP), across segment boundaries, and each is the picture recorded then."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

import av
import pytest

from server.clock import parse_wire, to_wire
from tests.server.conftest import FOOTAGE_T0
from tests.support.footage import WIDTH, picture


def _play(api, tmp_path, name, start_s, end_s, **params):
    resp = api.client.get(
        "/api/v1/cameras/cam001/playback",
        headers={"Authorization": f"Bearer {api.token('operator')}"},
        params={"start": to_wire(FOOTAGE_T0 + timedelta(seconds=start_s)),
                "end": to_wire(FOOTAGE_T0 + timedelta(seconds=end_s)), **params},
    )
    assert resp.status_code == 200, resp.text
    path = tmp_path / f"{name}.mp4"
    path.write_bytes(resp.content)
    return resp, path


def _packets(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts_time,flags", "-of", "json", str(path)],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)["packets"]


def _duration(path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=duration", "-of", "json", str(path)],
        check=True, capture_output=True, text=True).stdout
    return float(json.loads(out)["streams"][0]["duration"])


def test_keyframes_only_sends_one_keyframe_per_gop_at_its_true_time(footage_api, tmp_path):
    api = footage_api
    # 10 fps, a keyframe every second, 4 s segments: 2.5 s..9.5 s starts at the keyframe
    # at 2 s and crosses the segment boundaries at 4 s and 8 s.
    resp, path = _play(api, tmp_path, "fast", 2.5, 9.5, keyframes_only="true")
    assert parse_wire(resp.headers["X-Pantau-Start"]) == FOOTAGE_T0 + timedelta(seconds=2)
    packets = _packets(path)
    assert all("K" in p["flags"] for p in packets)
    assert [float(p["pts_time"]) for p in packets] == pytest.approx([0, 1, 2, 3, 4, 5, 6, 7])
    # The last keyframe lasts until the range's end (9.5 s): 7.5 s in all.
    assert _duration(path) == pytest.approx(7.5)

    # The pictures are those recorded at 2 s, 3 s, ... 9 s (pictures 20, 30, ... 90).
    with av.open(str(path)) as container:
        greens = [int(f.to_ndarray(format="rgb24")[90, WIDTH - 5, 1])
                  for f in container.decode(video=0)]
    wanted = [int(picture(10 * s)[0, WIDTH - 1, 1]) for s in range(2, 10)]
    assert len(greens) == len(wanted)
    assert all(abs(g - w) <= 6 for g, w in zip(greens, wanted, strict=True)), (greens, wanted)

    # The same range played normally: every frame, and its keyframes at the same times.
    _, full_path = _play(api, tmp_path, "full", 2.5, 9.5)
    full = _packets(full_path)
    assert len(full) == 75  # 2.0 s .. 9.4 s at 10 fps
    assert [float(p["pts_time"]) for p in full if "K" in p["flags"]] == pytest.approx(
        [float(p["pts_time"]) for p in packets])


def test_keyframes_only_within_one_gop(footage_api, tmp_path):
    """A range shorter than a GOP still answers the keyframe it starts from."""
    resp, path = _play(footage_api, tmp_path, "short", 6.3, 6.6, keyframes_only="true")
    assert parse_wire(resp.headers["X-Pantau-Start"]) == FOOTAGE_T0 + timedelta(seconds=6)
    packets = _packets(path)
    assert len(packets) == 1 and "K" in packets[0]["flags"]
    assert _duration(path) == pytest.approx(0.6)  # 6.0 s .. 6.6 s
