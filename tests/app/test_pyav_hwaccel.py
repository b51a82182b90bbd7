"""PyAV hardware decoding: asked for where FFmpeg knows a device, with a clean fallback
to software that is reported in the stats (this machine has no GPU)."""

from __future__ import annotations

import logging
import subprocess

import pytest

from app.streams import pyav_engine
from app.streams.engine import DecoderKind, StreamOptions, StreamState
from app.streams.pyav_engine import PyAvEngine
from tests.app.local_http import serve
from tests.app.sinks import RecordingSink


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("hw") / "clip.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=s=320x180:r=15", "-t", "2", "-c:v", "libx264", "-g", "15",
                    "-pix_fmt", "yuv420p", "-movflags", "frag_keyframe+empty_moov", str(path)],
                   check=True, timeout=60)
    return path.read_bytes()


def _play(url: str) -> RecordingSink:
    sink = RecordingSink()
    engine = PyAvEngine(url, sink, StreamOptions(loop_forever=False, realtime=True))
    engine.start()
    assert sink.finished.wait(20)
    engine.stop()
    assert engine.join(5)
    return sink


def test_hardware_device_that_fails_falls_back_to_software_once(clip, monkeypatch, caplog):
    if "cuda" not in pyav_engine.hwdevices_available():
        pytest.skip("this FFmpeg has no CUDA device type to ask for")
    monkeypatch.setattr(pyav_engine, "_HW_PREFERENCE", ("cuda",))
    monkeypatch.setattr(pyav_engine, "_hw_broken", set())
    monkeypatch.setattr(pyav_engine, "_hw_proven", set())
    monkeypatch.setattr(pyav_engine, "_hw_probing", set())
    with serve({("GET", "/clip.mp4"): (200, clip)}) as (url, _), \
            caplog.at_level(logging.WARNING, logger="app.streams.pyav_engine"):
        first = _play(url + "/clip.mp4")
        second = _play(url + "/clip.mp4")
    for sink in (first, second):
        assert sink.state_names()[-1] is StreamState.ENDED and len(sink.frames) >= 25
        assert sink.stats
    decoders = {s.decoder for s in first.stats + second.stats}
    if "cuda" in pyav_engine._hw_broken:  # no usable GPU (this development machine)
        assert decoders == {DecoderKind.SOFTWARE}
        warnings = [r.message for r in caplog.records if "cuda" in r.message]
        assert len(warnings) == 1 and "decoding in software" in warnings[0]
    else:  # a machine with an NVIDIA GPU and driver
        assert decoders == {DecoderKind.HARDWARE}
    assert not pyav_engine._hw_probing  # the probe was settled either way


def test_hwaccel_off_decodes_in_software(clip, monkeypatch):
    monkeypatch.setattr(pyav_engine, "_hw_candidate", lambda: pytest.fail("asked for hw"))
    with serve({("GET", "/clip.mp4"): (200, clip)}) as (url, _):
        sink = RecordingSink()
        engine = PyAvEngine(url + "/clip.mp4", sink,
                            StreamOptions(loop_forever=False, hwaccel=False))
        engine.start()
        assert sink.finished.wait(20)
        assert engine.join(5)
    assert sink.state_names()[-1] is StreamState.ENDED and sink.frames
    assert {s.decoder for s in sink.stats} == {DecoderKind.SOFTWARE}
