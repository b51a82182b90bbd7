"""Camera peers that fail by saying nothing: a TCP listener on loopback that runs a
``talk(conn)`` for each connection, with one that never answers, one that speaks RTSP
(OPTIONS, DESCRIBE, SETUP, PLAY) as a camera does and then sends no video, and one that
answers garbage at once. For the client's engine and the server's onboarding probe."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

from tests.support.net import LOOPBACK

_SDP = ("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=cam\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
        "a=control:track1\r\n")


class Peer:
    """Accepts on loopback and runs ``talk(conn)`` for each connection."""

    def __init__(self, talk: Callable[[socket.socket], None]) -> None:
        self.sock = socket.create_server((LOOPBACK, 0))
        self.port = self.sock.getsockname()[1]
        self._talk = talk
        self.accepted = threading.Event()  # set at the first connection
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._conns.append(conn)
            self.accepted.set()
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def close(self) -> None:
        self.sock.close()
        for conn in self._conns:
            conn.close()


def mute(conn: socket.socket) -> None:
    """A camera that accepts the connection and never says a word."""


def answers_then_silent(conn: socket.socket) -> None:
    """RTSP as a camera speaks it (OPTIONS, DESCRIBE, SETUP, PLAY), then no video."""
    port = conn.getsockname()[1]
    pending = b""
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                return
            pending += data
            while b"\r\n\r\n" in pending:
                head, _, pending = pending.partition(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                method = lines[0].split()[0]
                cseq = next(x.split(":", 1)[1].strip() for x in lines
                            if x.lower().startswith("cseq"))
                reply, body = f"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n", ""
                if method == "DESCRIBE":
                    body = _SDP
                    reply += (f"Content-Type: application/sdp\r\nContent-Base: "
                              f"rtsp://{LOOPBACK}:{port}/cam/\r\nContent-Length: {len(body)}\r\n")
                elif method == "SETUP":
                    reply += "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 7\r\n"
                elif method == "PLAY":
                    reply += "Session: 7\r\n"
                conn.sendall((reply + "\r\n" + body).encode())
    except OSError:
        return


def garbage(conn: socket.socket) -> None:
    try:
        conn.recv(4096)
        conn.sendall(b"\x00\xffnot rtsp at all\r\n\r\n" * 64)
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        pass
