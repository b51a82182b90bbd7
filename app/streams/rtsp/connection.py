"""One RTSP/1.0 TCP connection (RFC 2326): requests out; responses, requests from the
server and interleaved binary frames (section 10.12: ``$``, channel, 16-bit length)
in, in whatever order they arrive. A ``$`` frame may come between a request and its
response (a keep-alive answered mid-stream), so reading is one loop for both."""

from __future__ import annotations

import contextlib
import socket
import time
from dataclasses import dataclass, field

from app.streams.rtsp.errors import BadData, ConnectionClosed

USER_AGENT = "Pantau"
_MAX_HEAD = 64 * 1024  # an RTSP head longer than this is not one
_MAX_BODY = 1024 * 1024
_CHUNK = 256 * 1024


@dataclass
class Response:
    status: int
    reason: str
    headers: list[tuple[str, str]] = field(default_factory=list)  # names lower-case
    body: bytes = b""

    def header(self, name: str, default: str = "") -> str:
        return next((v for n, v in self.headers if n == name), default)

    def all(self, name: str) -> list[str]:
        return [v for n, v in self.headers if n == name]

    @property
    def cseq(self) -> int | None:
        value = self.header("cseq").strip()
        return int(value) if value.isdigit() else None


@dataclass(frozen=True, slots=True)
class Interleaved:
    channel: int
    data: bytes


class RtspConnection:
    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.deadline: float | None = None  # monotonic: the whole open's limit
        self._sock = socket.create_connection((host, port), timeout=timeout_s)
        # Requests are tiny and the answers to them awaited: Nagle would only delay.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buf = bytearray()
        self._pos = 0
        self._cseq = 0

    def send(self, method: str, url: str, headers: dict[str, str]) -> int:
        """Send a request; its CSeq."""
        self._cseq += 1
        lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self._cseq}",
                 f"User-Agent: {USER_AGENT}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self._send(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))
        return self._cseq

    def read(self) -> Response | Interleaved:
        """The next thing the server sent. Requests from the server are answered here
        (200 to a keep-alive of its own, 501 to anything else) and skipped."""
        while True:
            self._fill(1)
            if self._buf[self._pos] == 0x24:  # "$"
                self._fill(4)
                pos = self._pos
                channel = self._buf[pos + 1]
                size = int.from_bytes(self._buf[pos + 2:pos + 4], "big")
                self._fill(4 + size)
                data = bytes(self._buf[pos + 4:pos + 4 + size])
                self._consume(4 + size)
                return Interleaved(channel, data)
            start, headers, body = self._read_message()
            if start.startswith("RTSP/"):
                parts = start.split(" ", 2)
                if len(parts) < 2 or not parts[1].isdigit():
                    raise BadData("malformed RTSP status line")
                return Response(int(parts[1]), parts[2] if len(parts) > 2 else "",
                                headers, body)
            self._answer_server(start, headers)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()

    def abort(self) -> None:
        """From another thread: a blocked read returns (as a closed connection)."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)

    # -- internals ---------------------------------------------------------------------

    def _read_message(self) -> tuple[str, list[tuple[str, str]], bytes]:
        end = -1
        while end < 0:
            end = self._buf.find(b"\r\n\r\n", self._pos)
            if end < 0:
                if len(self._buf) - self._pos > _MAX_HEAD or not self._looks_textual():
                    raise BadData("the answer is not RTSP")
                self._fill(len(self._buf) - self._pos + 1)
        head = bytes(self._buf[self._pos:end]).decode("utf-8", "replace")
        self._consume(end + 4 - self._pos)
        lines = head.split("\r\n")
        start = lines[0].strip()
        if not start.startswith("RTSP/") and not start.endswith("RTSP/1.0"):
            raise BadData("the answer is not RTSP")
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and headers:  # a folded header goes on
                name, value = headers[-1]
                headers[-1] = (name, value + " " + line.strip())
                continue
            name, sep, value = line.partition(":")
            if sep:
                headers.append((name.strip().lower(), value.strip()))
        length_text = next((v for n, v in headers if n == "content-length"), "0")
        if not length_text.isdigit() or int(length_text) > _MAX_BODY:
            raise BadData("bad Content-Length")
        length = int(length_text)
        self._fill(length)
        body = bytes(self._buf[self._pos:self._pos + length])
        self._consume(length)
        return start, headers, body

    def _looks_textual(self) -> bool:
        """Whether what has come so far may be the start of an RTSP message."""
        sample = self._buf[self._pos:self._pos + 16]
        return all(32 <= b < 127 or b in (9, 10, 13) for b in sample)

    def _answer_server(self, start: str, headers: list[tuple[str, str]]) -> None:
        method = start.split(" ", 1)[0]
        cseq = next((v for n, v in headers if n == "cseq"), "0")
        status = "200 OK" if method in ("OPTIONS", "GET_PARAMETER", "SET_PARAMETER") \
            else "501 Not Implemented"
        self._send(f"RTSP/1.0 {status}\r\nCSeq: {cseq}\r\n\r\n".encode())

    def _send(self, data: bytes) -> None:
        self._sock.settimeout(self._timeout())
        self._sock.sendall(data)

    def _fill(self, count: int) -> None:
        """Make sure ``count`` bytes from the read position are in the buffer."""
        while len(self._buf) - self._pos < count:
            self._sock.settimeout(self._timeout())
            chunk = self._sock.recv(_CHUNK)
            if not chunk:
                raise ConnectionClosed("the server closed the connection")
            self._buf += chunk

    def _consume(self, count: int) -> None:
        self._pos += count
        if self._pos >= len(self._buf):
            self._buf.clear()
            self._pos = 0
        elif self._pos > _CHUNK:
            del self._buf[:self._pos]
            self._pos = 0

    def _timeout(self) -> float:
        if self.deadline is None:
            return self.timeout_s
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        return min(left, self.timeout_s)
