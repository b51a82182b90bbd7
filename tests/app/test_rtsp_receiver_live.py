"""The PyAV engine's own RTSP receiver against real peers: a GStreamer camera that
numbers its pictures (tests/support/gst_camera.py), camsim (digest accounts, H.265
main streams) and a GStreamer server with VP8 video only (the fallback to libavformat).

The point of the receiver: a picture is handed over when its last RTP packet arrives,
not when the next picture begins. A camera that sends one more picture and then
nothing for ten seconds shows exactly that picture, at once; libavformat shows the one
before it until the next arrives.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import numpy as np
import pytest

from app.streams import pyav_engine
from app.streams.engine import StreamError, StreamState, VideoFrame
from tests.support.camsim_fleet import run_camsim
from tests.support.gst_camera import BITS, BLOCK_H, GstCamera
from tests.support.net import LOOPBACK, free_port

pytestmark = pytest.mark.timeout(120)


def shown_number(frame: VideoFrame) -> int:
    """The frame number a GstCamera drew into its top row, read from a BGRX picture."""
    row = frame.bgrx[BLOCK_H // 2, :, 1]  # green follows luma for white and black
    width = row.shape[0] // BITS
    value = 0
    for bit in range(BITS):
        level = float(np.mean(row[bit * width + 2:(bit + 1) * width - 2]))
        value = (value << 1) | (1 if level > 128 else 0)
    return value


def wall_clock_of(frame: VideoFrame) -> float:
    """When the sink got the frame, on the camera's clock (time.time)."""
    return time.time() - (time.monotonic() - frame.received_monotonic)


def _freeze_after_one_more(cam: GstCamera, sink, window_s: float) -> tuple[int, int | None]:
    """Slow the camera to one picture per ten seconds: at most one more comes at the old
    rate, then nothing. Returns (the last picture captured, the newest one the tile
    showed within ``window_s``, or None when it never showed that one)."""
    cam.set_rate(0.1)
    deadline = time.monotonic() + window_s
    while True:
        last = cam.frames_sent() - 1
        shown = shown_number(sink.frames[-1])
        if shown == last or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    # The next picture is ten seconds away: what was captured last is still the last.
    assert cam.frames_sent() - 1 == last
    return last, (shown if shown == last else None)


def test_a_frozen_camera_shows_its_last_picture_at_once(engines, tmp_path):
    with GstCamera(tmp_path, fps=15, gop=15) as cam:
        # Stale detection would reconnect in the quiet ten seconds: not what is tested.
        _, sink = engines(cam.url, stale_after_s=30.0)
        sink.wait("pictures", lambda: len(sink.frames) >= 10)
        # The receiver starts at a keyframe: every picture is one the camera took.
        numbers = [shown_number(f) for f in sink.frames]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        assert numbers[-1] < cam.frames_sent()

        last, shown = _freeze_after_one_more(cam, sink, window_s=3.0)
        assert shown == last, (
            f"the tile shows {shown_number(sink.frames[-1])}, the camera's last is {last}")
        frame = next(f for f in reversed(sink.frames) if shown_number(f) == last)
        captured = cam.wall_of(last)
        assert captured is not None
        # Capture to decoded picture: milliseconds here; far below a frame interval
        # (66 ms) is what counts, with slack for a machine shared by several runs.
        assert wall_clock_of(frame) - captured < 0.5


def test_libavformat_holds_the_last_picture_until_the_next(engines, tmp_path, monkeypatch):
    """The control: the same camera read through av.open (as before this receiver)."""
    monkeypatch.setattr(pyav_engine, "OWN_RTSP_RECEIVER", False)
    with GstCamera(tmp_path, fps=15, gop=15) as cam:
        _, sink = engines(cam.url, stale_after_s=30.0)
        sink.wait("pictures", lambda: len(sink.frames) >= 20)
        # Not even the pictures before are whole here: libavformat's parser cuts this
        # camera's multi-slice pictures apart, and its P-frames decode as noise. What
        # counts: the last picture does not come.
        _, shown = _freeze_after_one_more(cam, sink, window_s=3.0)
        assert shown is None


def test_pictures_go_on_after_the_camera_restarts_its_timeline(engines, tmp_path):
    with GstCamera(tmp_path, fps=15, gop=15) as cam:
        _, sink = engines(cam.url)
        sink.wait("pictures", lambda: len(sink.frames) >= 5)
        cam.restart_timeline()  # new RTP timestamp base and sequence numbers
        restarted_at = cam.frames_sent()
        # A sequence-number jump is a gap: pictures resume at the next keyframe.
        sink.wait("pictures after the restart",
                  lambda: shown_number(sink.frames[-1]) > restarted_at + cam.gop)
        cam.jump(-30.0)  # an NTP step backwards
        jumped_at = cam.frames_sent()
        sink.wait("pictures after the jump",
                  lambda: shown_number(sink.frames[-1]) > jumped_at + 5)
        assert sink.state_names().count(StreamState.CONNECTING) == 1  # no reconnection
        numbers = [shown_number(f) for f in sink.frames]
        assert numbers == sorted(numbers)


def test_a_camera_with_audio_gives_its_video(engines, tmp_path):
    with GstCamera(tmp_path, fps=15, gop=15, audio=True) as cam:
        _, sink = engines(cam.url)
        sink.wait("pictures", lambda: len(sink.frames) >= 10)
        sink.wait("stats", lambda: any(s.codec == "h264" and s.fps > 0 for s in sink.stats))
        assert sink.frames[-1].rgb.shape == (240, 320, 3)


# -- camsim: digest accounts, H.265 ---------------------------------------------------


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> Iterator:
    with run_camsim(tmp_path_factory.mktemp("camsim"), cameras=4, ptz=0, fps=15) as fleet:
        yield fleet


@pytest.mark.parametrize("camera, profile, codec", [
    ("cam001", "sub", "h264"),
    ("cam004", "main", "hevc"),
])
def test_camsim_with_digest_and_h265(engines, fleet, camera, profile, codec):
    _, sink = engines(fleet.rtsp_url(camera, profile), max_width=320)
    sink.wait("pictures", lambda: len(sink.frames) >= 5)
    sink.wait("stats", lambda: any(s.codec == codec and s.fps > 0 for s in sink.stats))
    stats = [s for s in sink.stats if s.fps > 0][-1]
    assert stats.bitrate_kbps > 0 and stats.width > 320
    assert sink.frames[-1].width == 320
    assert sink.state_names()[:2] == [StreamState.CONNECTING, StreamState.LIVE]


def test_a_wrong_password_is_unauthorized(engines, fleet):
    user, password = fleet.credentials("cam001")
    url = fleet.rtsp_url("cam001", "sub").replace(f":{password}@", ":wrong@")
    assert "wrong" in url
    _, sink = engines(url, offline_after_attempts=1)
    sink.wait_state(StreamState.OFFLINE, StreamError.UNAUTHORIZED)
    assert all("wrong" not in message for _, _, message in sink.states)
    assert not sink.frames


def test_an_unknown_stream_is_not_found(engines, fleet):
    _, sink = engines(fleet.rtsp_url("cam001", "nosuch"), offline_after_attempts=1)
    sink.wait_state(StreamState.OFFLINE, StreamError.NOT_FOUND)


def test_a_dead_port_is_unreachable(engines):
    _, sink = engines(f"rtsp://{LOOPBACK}:{free_port()}/cam", offline_after_attempts=1)
    sink.wait_state(StreamState.OFFLINE, StreamError.UNREACHABLE)


# -- the fallback --------------------------------------------------------------------

_VP8_PEER = """
import sys
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(sys.argv[1])
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch("( videotestsrc is-live=true ! video/x-raw,width=320,height=240,"
                   "framerate=15/1 ! vp8enc deadline=1 ! rtpvp8pay name=pay0 pt=96 )")
factory.set_shared(True)
server.get_mount_points().add_factory("/vp8", factory)
if server.attach(None) == 0:
    sys.exit("cannot bind")
print("ready", flush=True)
GLib.MainLoop().run()
"""


def test_a_camera_without_h264_or_h265_is_read_by_libavformat(engines, tmp_path, caplog):
    import subprocess

    from tests.support.rtsp_peer import _gi_python

    script = tmp_path / "vp8_peer.py"
    script.write_text(_VP8_PEER)
    port = free_port()
    proc = subprocess.Popen([_gi_python(), str(script), str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        caplog.set_level(logging.INFO, logger="app.streams.pyav_engine")
        _, sink = engines(f"rtsp://{LOOPBACK}:{port}/vp8")
        sink.wait("pictures", lambda: len(sink.frames) >= 3)
        sink.wait("stats", lambda: any(s.codec == "vp8" for s in sink.stats))
        assert any("reading it through libavformat" in r.getMessage() for r in caplog.records)
    finally:
        proc.terminate()
        proc.wait(10)
