"""The receiver's RTSP session against a camera written here from RFC 2326, for what
GStreamer and camsim never do: a redirect, Basic authentication, media control URLs
relative to a Content-Base without the query, audio listed first, interleaved channels
2-3 instead of 0-1, a session timeout of two seconds (so keep-alives are due within the
test), ``$`` frames between a keep-alive and its answer, answers with bodies, a request
from the server to the client, and a server that offers no TCP interleaving."""

from __future__ import annotations

import base64
import socket
import subprocess
import threading
import time

import numpy as np
import pytest

from app.streams.rtsp import RtspReceiver, Unauthorized, Unsupported
from tests.app.test_rtsp_depacketize import IDR, PPS, SC, SLICE, SPS, fu_a, rtp
from tests.support.net import LOOPBACK

pytestmark = pytest.mark.timeout(60)

USER, PASSWORD = "op@rator", "p:ss/w"


def _sdp(sps: bytes, pps: bytes) -> str:
    return ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\na=control:*\r\n"
            "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/16000/1\r\n"
            "a=control:trackID=1\r\n"
            "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            "a=fmtp:96 packetization-mode=1;sprop-parameter-sets="
            + base64.b64encode(sps).decode() + "," + base64.b64encode(pps).decode() + "\r\n"
            "a=control:trackID=2\r\n")


class ScriptedCamera:
    """A loopback RTSP server speaking as the module docstring says."""

    def __init__(self, offer_tcp: bool = True,
                 pictures: list[list[bytes]] | None = None,
                 parameter_sets: tuple[bytes, bytes] = (SPS, PPS)) -> None:
        """``pictures``: access units (lists of NAL units) to send over and over,
        15 a second; by default made-up ones, 25 a second."""
        self.sock = socket.create_server((LOOPBACK, 0))
        self.port = self.sock.getsockname()[1]
        self.offer_tcp = offer_tcp
        self.pictures = pictures
        self.sdp = _sdp(*parameter_sets)
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # method, url, headers
        self.answers_from_client: list[str] = []
        self.stop = threading.Event()
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def base(self) -> str:
        return f"rtsp://{LOOPBACK}:{self.port}"

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        for conn in self._conns:
            conn.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        lock = threading.Lock()
        stream = _Stream(conn, lock, self.pictures)
        pending = b""
        try:
            while not self.stop.is_set():
                data = conn.recv(65536)
                if not data:
                    return
                pending += data
                while b"\r\n\r\n" in pending:
                    head, _, pending = pending.partition(b"\r\n\r\n")
                    lines = head.decode().split("\r\n")
                    if lines[0].startswith("RTSP/1.0"):
                        self.answers_from_client.append(lines[0])
                        continue
                    method, url, _ = lines[0].split(" ")
                    headers = {k.strip().lower(): v.strip() for k, _, v in
                               (line.partition(":") for line in lines[1:])}
                    self.requests.append((method, url, headers))
                    self._answer(conn, lock, stream, method, url, headers)
        except OSError:
            return
        finally:
            stream.halt.set()

    def _answer(self, conn, lock, stream, method, url, headers) -> None:
        cseq = headers["cseq"]
        status, extra, body = "200 OK", "", ""
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if "/redirect" in url:
            status, extra = "302 Moved", f"Location: {self.base()}/cam?ticket=abc\r\n"
        elif headers.get("authorization") != expected:
            status, extra = "401 Unauthorized", 'WWW-Authenticate: Basic realm="cam"\r\n'
        elif method == "OPTIONS":
            extra = "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n"
        elif method == "DESCRIBE":
            extra = (f"Content-Type: application/sdp\r\nContent-Base: {self.base()}/cam/\r\n")
            body = self.sdp
        elif method == "SETUP":
            if not self.offer_tcp:
                status = "461 Unsupported Transport"
            else:
                extra = ("Transport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n"
                         "Session: 12345678;timeout=2\r\n")
        elif method == "PLAY":
            extra = "Session: 12345678\r\nRTP-Info: url=trackID=2;seq=1;rtptime=0\r\n"
        elif method == "GET_PARAMETER":
            # A picture's packet gets in before the answer, as on a busy camera.
            stream.send_next()
            body = "position: 0\r\n"
        reply = f"RTSP/1.0 {status}\r\nCSeq: {cseq}\r\n{extra}"
        if body:
            reply += f"Content-Length: {len(body)}\r\n"
        with lock:
            conn.sendall((reply + "\r\n" + body).encode())
        if method == "PLAY":
            threading.Thread(target=stream.run, daemon=True).start()


class _Stream:
    """Pictures every 40 ms on channel 2 (a keyframe, then slices, some in FU-A
    fragments), RTCP on 3, stray audio on 0, and once a request from the server."""

    def __init__(self, conn: socket.socket, lock: threading.Lock,
                 pictures: list[list[bytes]] | None) -> None:
        self.conn, self.lock = conn, lock
        self.halt = threading.Event()
        self.seq = 0
        self._sending = threading.Lock()  # run() and a keep-alive's answer both send
        self.packets = self._made_up() if pictures is None else self._real(pictures)
        self.period_s = 0.02 if pictures is None else 1 / 15

    @staticmethod
    def _real(pictures: list[list[bytes]]):
        """Each picture's NAL units as single packets, those over 1200 bytes in FU-A
        fragments, the marker on the picture's last packet."""
        n = 0
        while True:
            packets = []
            for nal in pictures[n % len(pictures)]:
                if len(nal) <= 1200:
                    packets.append(nal)
                else:
                    packets += fu_a(nal, -(-len(nal) // 1200))
            for i, payload in enumerate(packets):
                yield 2, payload, n * 6000, i == len(packets) - 1
            n += 1

    def _made_up(self):
        n = 0
        while True:
            ts = n * 3600
            nal = IDR if n % 25 == 0 else SLICE
            if n % 2:
                pieces = fu_a(nal, 3)
                for i, piece in enumerate(pieces):
                    yield 2, piece, ts, i == len(pieces) - 1
            else:
                yield 2, nal, ts, True
            n += 1

    def _frame(self, channel: int, data: bytes) -> bytes:
        return b"$" + bytes([channel]) + len(data).to_bytes(2, "big") + data

    def send_next(self) -> None:
        """Send packets up to the end of a picture."""
        with self._sending:
            while True:
                channel, payload, ts, marker = next(self.packets)
                packet = rtp(payload, self.seq, ts, marker=marker)
                self.seq = (self.seq + 1) & 0xFFFF
                with self.lock:
                    self.conn.sendall(self._frame(channel, packet))
                if marker:
                    return

    def run(self) -> None:
        sent = 0
        try:
            while not self.halt.is_set():
                self.send_next()
                sent += 1
                with self.lock:
                    self.conn.sendall(self._frame(3, b"\x80\xc8\x00\x06" + bytes(24)))
                    self.conn.sendall(self._frame(0, rtp(b"aac", sent, sent * 1024)))
                    if sent == 10:
                        self.conn.sendall(b"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")
                time.sleep(self.period_s)
        except OSError:
            return


@pytest.fixture
def camera():
    cam = ScriptedCamera()
    yield cam
    cam.close()


def _credentials() -> str:
    return "op%40rator:p%3Ass%2Fw"


def test_a_session_with_redirect_basic_auth_keepalives_and_stray_channels(camera):
    receiver = RtspReceiver(f"rtsp://{_credentials()}@{LOOPBACK}:{camera.port}/redirect",
                            timeout_s=5.0)
    receiver.open()
    assert receiver.codec == "h264"
    units = []
    started = time.monotonic()
    try:
        while time.monotonic() - started < 2.6:  # keep-alives at 1 s and 2 s
            units.append(receiver.read())
    finally:
        receiver.close()
    # Every picture, whole and in order, the first with the SDP's parameter sets.
    assert units[0].keyframe and units[0].data == SC + SPS + SC + PPS + SC + IDR
    assert [u.timestamp - units[0].timestamp for u in units] == [
        3600 * i for i in range(len(units))]
    assert all(u.data == SC + (IDR if i % 25 == 0 else SLICE)
               for i, u in enumerate(units[1:], 1))
    assert receiver.dropped == 0

    deadline = time.monotonic() + 5
    while not any(m == "TEARDOWN" for m, _, _ in camera.requests) and \
            time.monotonic() < deadline:
        time.sleep(0.01)
    methods = [m for m, _, _ in camera.requests]
    # The first request, to /redirect: 302. Then the new URL: challenged once.
    assert camera.requests[0][:2] == ("OPTIONS", f"{camera.base()}/redirect")
    after = camera.requests[1:]
    assert [m for m, _, _ in after][:6] == ["OPTIONS", "OPTIONS", "DESCRIBE", "SETUP", "PLAY",
                                            "GET_PARAMETER"]
    assert methods.count("GET_PARAMETER") >= 2 and methods[-1] == "TEARDOWN"
    for method, url, _ in after:
        if method in ("PLAY", "GET_PARAMETER", "TEARDOWN"):
            # The session's URL: the Content-Base as the server gave it.
            assert url == f"{camera.base()}/cam/", (method, url)
        else:
            assert url.endswith("?ticket=abc"), (method, url)
    setup = next(r for r in after if r[0] == "SETUP")
    assert setup[1] == f"{camera.base()}/cam/trackID=2?ticket=abc"
    assert setup[2]["transport"].startswith("RTP/AVP/TCP;unicast;interleaved=")
    for method, _, headers in after[1:]:
        assert headers["authorization"].startswith("Basic ")
        if method in ("PLAY", "GET_PARAMETER", "TEARDOWN"):
            assert headers["session"] == "12345678"
    assert camera.answers_from_client == ["RTSP/1.0 200 OK"]


def test_wrong_password_is_unauthorized(camera):
    receiver = RtspReceiver(f"rtsp://{USER.replace('@', '%40')}:nope@{LOOPBACK}:"
                            f"{camera.port}/cam", timeout_s=5.0)
    with pytest.raises(Unauthorized):
        receiver.open()
    receiver.close()
    assert [m for m, _, _ in camera.requests] == ["OPTIONS", "OPTIONS"]


def test_a_server_without_tcp_interleaving_is_left_to_libavformat():
    camera = ScriptedCamera(offer_tcp=False)
    try:
        receiver = RtspReceiver(f"rtsp://{_credentials()}@{LOOPBACK}:{camera.port}/cam",
                                timeout_s=5.0)
        with pytest.raises(Unsupported):
            receiver.open()
        receiver.close()
    finally:
        camera.close()


def test_abort_ends_a_blocked_read(camera):
    receiver = RtspReceiver(f"rtsp://{_credentials()}@{LOOPBACK}:{camera.port}/cam",
                            timeout_s=30.0)
    receiver.open()
    receiver.read()
    camera.stop.set()  # the camera goes quiet; the socket stays open
    timer = threading.Timer(0.3, receiver.abort)
    timer.start()
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        while True:
            receiver.read()
    assert time.monotonic() - started < 5.0
    assert type(caught.value).__name__ == "ConnectionClosed"
    receiver.close()


# -- a real H.264 stream whose parameter sets are only in the SDP ----------------------


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> tuple[list[list[bytes]], bytes, bytes]:
    """Two seconds of x264 (320x240, 15 fps, a keyframe a second) as access units, with
    its SPS and PPS taken out of the stream."""
    path = tmp_path_factory.mktemp("h264") / "clip.h264"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15",
         "-frames:v", "30", "-c:v", "libx264", "-g", "15", "-bf", "0", "-pix_fmt", "yuv420p",
         "-bsf:v", "h264_metadata=aud=insert", "-f", "h264", str(path)],
        check=True, timeout=60)  # fmt: skip
    nals = [n.lstrip(b"\x00") for n in path.read_bytes().split(b"\x00\x00\x01") if n]
    pictures: list[list[bytes]] = []
    sps = pps = b""
    for nal in (n for n in nals if n):
        kind = nal[0] & 0x1F
        if kind == 9:  # an access unit delimiter starts each picture
            pictures.append([])
        if kind == 7:
            sps = nal
        elif kind == 8:
            pps = nal
        else:
            pictures[-1].append(nal)
    assert sps and pps and len(pictures) == 30
    assert any(len(nal) > 1200 for picture in pictures for nal in picture)  # FU-A too
    return pictures, sps, pps


def test_parameter_sets_only_in_the_sdp_decode(engines, encoded):
    pictures, sps, pps = encoded
    camera = ScriptedCamera(pictures=pictures, parameter_sets=(sps, pps))
    try:
        _, sink = engines(f"rtsp://{_credentials()}@{LOOPBACK}:{camera.port}/cam")
        sink.wait("pictures", lambda: len(sink.frames) >= 20)
        sink.wait("stats", lambda: any(s.codec == "h264" and s.fps > 0 for s in sink.stats))
        frame = sink.frames[-1]
        assert (frame.width, frame.height) == (320, 240)
        # testsrc's colour bars and gradients: a picture, not a grey or green field
        assert len(np.unique(frame.rgb.reshape(-1, 3), axis=0)) > 50
        assert not any(s.frames_dropped for s in sink.stats)
    finally:
        camera.close()
