"""Playback for synchronised tiles (``real_time``): every frame's timestamp is its
offset from the first frame's wall time, so a client maps it back to the moment it was
recorded, and a gap in the recording stays a gap instead of being jumped over."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

import av
import pytest

from server.clock import parse_wire, to_wire
from tests.server.conftest import FOOTAGE_T0
from tests.support.footage import record


def _play(api, tmp_path, start_s, end_s, **params):
    resp = api.client.get(
        "/api/v1/cameras/cam001/playback",
        headers={"Authorization": f"Bearer {api.token('operator')}"},
        params={"start": to_wire(FOOTAGE_T0 + timedelta(seconds=start_s)),
                "end": to_wire(FOOTAGE_T0 + timedelta(seconds=end_s)), **params},
    )
    path = tmp_path / "play.mp4"
    path.write_bytes(resp.content)
    return resp, path


def _keyframe_times(path) -> list[float]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts_time,flags", "-of", "json", str(path)],
        check=True, capture_output=True, text=True).stdout
    return [float(p["pts_time"]) for p in json.loads(out)["packets"] if "K" in p["flags"]]


def test_real_time_keeps_true_times_and_gaps(footage_api, tmp_path):
    api = footage_api
    # 20 s from T0, then nothing until 30 s, then 4 s more.
    data = api.ctx.settings.data_dir
    record(api.ctx.engine, data, "cam001", FOOTAGE_T0 + timedelta(seconds=30), seconds=4,
           segment_s=4, fps=10, gop=10)
    resp, path = _play(api, tmp_path, 16.5, 34, real_time="true")
    assert resp.status_code == 200, resp.text
    start = parse_wire(resp.headers["X-Pantau-Start"])
    assert start == FOOTAGE_T0 + timedelta(seconds=16)
    # Keyframes each second: 16..19 s, then (after the gap) 30..33 s, counted from 16 s.
    assert _keyframe_times(path) == pytest.approx([0, 1, 2, 3, 14, 15, 16, 17], abs=0.01)
    # A player that cannot see the HTTP headers reads the start from the MP4 itself.
    with av.open(str(path)) as container:
        assert container.metadata["comment"] == f"pantau-start={to_wire(start)}"

    # Without real_time the same range plays back to back from zero.
    _, path = _play(api, tmp_path, 16.5, 34)
    assert _keyframe_times(path) == pytest.approx([0, 1, 2, 3, 4, 5, 6, 7], abs=0.01)
