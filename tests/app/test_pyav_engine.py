"""The PyAV engine against real peers: GStreamer's RTSP server, Python's HTTP server,
and raw TCP sockets that misbehave. No Qt: the sink is a plain recorder."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.streams.engine import (
    DecoderKind,
    EngineKind,
    StreamError,
    StreamState,
)
from tests.app.sinks import WAIT_S
from tests.support.net import LOOPBACK, free_port
from tests.support.rtsp_peer import RtspPeer
from tests.support.silent_rtsp import Peer, mute

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def vga_peer(tmp_path_factory) -> Iterator[RtspPeer]:
    peer = RtspPeer(tmp_path_factory.mktemp("vga"), free_port(), 640, 480)
    yield peer
    peer.close()


def _is_picture(rgb: np.ndarray) -> bool:
    """The test pattern's colour bars, not a black or uniform frame."""
    return len(np.unique(rgb.reshape(-1, 3), axis=0)) >= 6


# -- live RTSP -----------------------------------------------------------------------


def test_live_rtsp_shows_the_camera_picture_at_its_size(engines, vga_peer):
    engine, sink = engines(vga_peer.url())
    assert engine.kind is EngineKind.PYAV
    sink.wait("ten frames", lambda: len(sink.frames) >= 10)
    # A window in which a starved machine decoded nothing reports 0 fps; one with frames
    # reports their rate.
    sink.wait("stats with a picture and its rate",
              lambda: any(s.frames_decoded and s.fps > 0 for s in sink.stats))

    assert sink.state_names()[:2] == [StreamState.CONNECTING, StreamState.LIVE]
    frame = sink.frames[-1]
    assert frame.rgb.shape == (480, 640, 3) and frame.rgb.dtype == np.uint8
    assert _is_picture(frame.rgb)
    # The opening picture, read while the stream was probed, may come before the RTP
    # clock is known: no timestamp. Every later one has a rising one.
    pts = [f.pts_s for f in sink.frames[1:]]
    assert all(b > a for a, b in zip(pts, pts[1:], strict=False))
    stats = [s for s in sink.stats if s.frames_decoded and s.fps > 0][-1]
    assert (stats.width, stats.height, stats.codec) == (640, 480, "h264")
    assert stats.decoder is DecoderKind.SOFTWARE
    assert stats.bitrate_kbps > 0
    assert stats.last_frame_monotonic is not None

    engine.stop()
    assert engine.join(WAIT_S)
    assert sink.states[-1][0] is StreamState.STOPPED


def test_max_width_scales_frames_keeping_aspect(engines, vga_peer):
    _, sink = engines(vga_peer.url(), max_width=320)
    sink.wait("frames", lambda: len(sink.frames) >= 3)
    assert sink.frames[-1].rgb.shape == (240, 320, 3)
    assert _is_picture(sink.frames[-1].rgb)


def test_max_width_follows_the_tiles_while_playing(engines, vga_peer):
    engine, sink = engines(vga_peer.url(), max_width=150)
    sink.wait("small frames", lambda: len(sink.frames) >= 2)
    assert sink.frames[-1].rgb.shape == (112, 150, 3)
    assert sink.frames[-1].bgrx.flags.c_contiguous  # 600-byte rows: the scaler pads them
    engine.set_max_width(None)  # the tile was maximised or zoomed: native pixels
    sink.wait("native frames", lambda: sink.frames[-1].rgb.shape == (480, 640, 3))
    assert _is_picture(sink.frames[-1].rgb)
    assert sink.state_names().count(StreamState.CONNECTING) == 1  # no reconnection


def test_unknown_rtsp_path_is_not_found(engines, vga_peer):
    _, sink = engines(vga_peer.url("/no-such-camera"), offline_after_attempts=2)
    sink.wait_state(StreamState.OFFLINE, StreamError.NOT_FOUND)
    assert not sink.frames


def test_refused_camera_goes_offline_then_live_when_it_comes_up(engines, tmp_path):
    port = free_port()
    url = f"rtsp://admin:secret@{LOOPBACK}:{port}/test"
    # Backoff settings that would wait 30 s and more between attempts: a refused
    # connection is cheap, so it is retried quickly anyway.
    opts = dict(offline_after_attempts=2, reconnect_initial_s=30.0, reconnect_max_s=60.0)
    _, sink = engines(url, **opts)
    sink.wait_state(StreamState.OFFLINE, StreamError.UNREACHABLE)
    assert sink.state_names()[:3] == [
        StreamState.CONNECTING,
        StreamState.RECONNECTING,
        StreamState.OFFLINE,
    ]
    assert all("secret" not in message for _, _, message in sink.states)
    assert str(port) in sink.states[-1][2]

    peer = RtspPeer(tmp_path, port, 320, 240)
    try:
        sink.wait_state(StreamState.LIVE)
        sink.wait("a frame", lambda: len(sink.frames) >= 1)
        assert sink.frames[0].rgb.shape == (240, 320, 3)
    finally:
        peer.close()


def test_frozen_camera_goes_stale_then_live_again(engines, tmp_path):
    peer = RtspPeer(tmp_path, free_port(), 320, 240)
    try:
        _, sink = engines(peer.url(), stale_after_s=1.0, connect_timeout_s=2.0)
        sink.wait_state(StreamState.LIVE)
        peer.proc.send_signal(signal.SIGSTOP)  # the socket stays open, nothing arrives
        sink.wait_state(StreamState.STALE, StreamError.NO_FRAMES)
        frames_when_stale = len(sink.frames)
        peer.proc.send_signal(signal.SIGCONT)
        sink.wait("live again", lambda: sink.state_names()[-1] is StreamState.LIVE)
        sink.wait("new frames", lambda: len(sink.frames) > frames_when_stale + 3)
    finally:
        peer.close()


# -- misbehaving TCP peers -------------------------------------------------------------


def _answer_garbage(conn: socket.socket) -> None:
    try:
        conn.recv(4096)
        conn.sendall(os.urandom(2048) + b"\r\n\r\n")
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        pass


@pytest.mark.parametrize("scheme", ["rtsp", "http"])
def test_peer_answering_garbage_is_a_bad_stream(engines, scheme):
    peer = Peer(_answer_garbage)
    try:
        engine, sink = engines(f"{scheme}://{LOOPBACK}:{peer.port}/cam")
        sink.wait_state(StreamState.RECONNECTING, StreamError.BAD_STREAM)
        assert not sink.frames
        engine.stop()
        assert engine.join(WAIT_S)
        assert sink.states[-1][0] is StreamState.STOPPED
    finally:
        peer.close()


def test_stop_while_blocked_connecting_ends_the_thread(engines):
    peer = Peer(mute)
    try:
        # Far longer than the join below: only an abandonable open can pass this.
        engine, sink = engines(f"rtsp://{LOOPBACK}:{peer.port}/cam", connect_timeout_s=120.0)
        assert peer.accepted.wait(WAIT_S)
        assert sink.state_names() == [StreamState.CONNECTING]
        engine.stop()
        assert engine.join(10.0)
        assert sink.state_names() == [StreamState.CONNECTING, StreamState.STOPPED]
    finally:
        peer.close()


# -- HTTP playback ---------------------------------------------------------------------

PLAYBACK_FRAMES = 20  # 2 s at 10 fps


@pytest.fixture(scope="module")
def playback_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("playback") / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10",
         "-frames:v", str(PLAYBACK_FRAMES), "-c:v", "libx264", "-g", "10", "-pix_fmt", "yuv420p",
         "-movflags", "frag_keyframe+empty_moov", str(path)],
        check=True,
    )  # fmt: skip
    return path


class PlaybackServer:
    """Serves one file like the backend's playback endpoint, checking the bearer token."""

    def __init__(self, body: bytes, token: str, status: int = 200, hang: bool = False) -> None:
        self.authorizations: list[str | None] = []
        self.release = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.authorizations.append(self.headers.get("Authorization"))
                authorized = self.headers.get("Authorization") == f"Bearer {token}"
                code = status if authorized else 401
                self.send_response(code)
                self.send_header("Content-Type", "video/mp4")
                payload = body if code == 200 else b""
                if not hang:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                if hang:  # keep the connection open, say nothing more
                    self.wfile.flush()
                    outer.release.wait(WAIT_S)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/api/v1/recordings/cam-1/play?start=0"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _playback(**extra) -> dict:
    return dict(loop_forever=False, offline_after_attempts=1, **extra)


def test_http_playback_plays_every_frame_at_1x_then_ends(engines, playback_file):
    server = PlaybackServer(playback_file.read_bytes(), token="tok-123")
    try:
        headers = {"Authorization": "Bearer tok-123"}
        engine, sink = engines(server.url(), **_playback(http_headers=headers))
        sink.wait_state(StreamState.ENDED)
        assert engine.join(WAIT_S)  # a finished playback ends its thread by itself
    finally:
        server.close()

    assert server.authorizations[0] == "Bearer tok-123"
    assert [s for s, _, _ in sink.states] == [
        StreamState.CONNECTING,
        StreamState.LIVE,
        StreamState.ENDED,
    ]
    assert len(sink.frames) == PLAYBACK_FRAMES
    assert all(f.rgb.shape == (240, 320, 3) for f in sink.frames)
    pts = [f.pts_s for f in sink.frames]
    assert pts[0] == pytest.approx(0.0, abs=0.01)
    assert pts[-1] == pytest.approx((PLAYBACK_FRAMES - 1) / 10, abs=0.01)
    # Paced to the timestamps: not shown faster than it was recorded. The first frame's
    # slot is its own arrival, which a loaded machine can delay by a millisecond or two
    # after the pacing clock started; one frame period of slack keeps the check about
    # pacing (unpaced, 20 frames arrive in a few milliseconds), not about scheduling.
    assert sink.frame_times[-1] - sink.frame_times[0] >= pts[-1] - pts[0] - 0.1


def test_http_playback_without_pacing_scales_and_ends(engines, playback_file):
    server = PlaybackServer(playback_file.read_bytes(), token="t")
    try:
        opts = _playback(http_headers={"Authorization": "Bearer t"}, realtime=False, max_width=160)
        engine, sink = engines(server.url(), **opts)
        sink.wait_state(StreamState.ENDED)
        assert engine.join(WAIT_S)
    finally:
        server.close()
    assert len(sink.frames) == PLAYBACK_FRAMES
    assert sink.frames[0].rgb.shape == (120, 160, 3)


@pytest.mark.parametrize(
    ("token", "status", "error"),
    [
        ("wrong", 200, StreamError.UNAUTHORIZED),
        ("right", 403, StreamError.UNAUTHORIZED),
        ("right", 404, StreamError.NOT_FOUND),
    ],
)
def test_http_playback_refusals_are_reported(engines, token, status, error):
    server = PlaybackServer(b"", token="right", status=status)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        engine, sink = engines(server.url(), **_playback(http_headers=headers))
        sink.wait_state(StreamState.OFFLINE, error)
        assert engine.join(WAIT_S)  # playback does not retry forever
        assert not sink.frames
    finally:
        server.close()


def test_http_peer_that_sends_only_the_header_gives_no_frames(engines, playback_file):
    data = playback_file.read_bytes()
    header = data[: data.index(b"moof") - 4]  # ftyp + moov: a stream that never starts
    server = PlaybackServer(header, token="t", hang=True)
    try:
        opts = _playback(http_headers={"Authorization": "Bearer t"}, connect_timeout_s=2.0)
        engine, sink = engines(server.url(), stale_after_s=1.0, **opts)
        sink.wait_state(StreamState.OFFLINE, StreamError.NO_FRAMES)
        assert engine.join(WAIT_S)
        assert not sink.frames
    finally:
        server.close()
