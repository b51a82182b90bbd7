"""Probe camsim's RTSP streams with ffprobe, and speak raw RTSP for the auth tests.

The raw client computes the digest answer from RFC 2617 itself (MD5, no qop), apart
from camsim's and GStreamer's code, so the tests check the wire protocol.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit

PROBE_TIMEOUT_S = 60  # only stops a hung probe; never decides a result


def ffprobe(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-of", "json", *args, url],
        capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=check,
    )  # fmt: skip


def video_stream(url: str) -> dict:
    """codec_name, width and height of the stream at ``url``."""
    out = ffprobe(url, "-show_entries", "stream=codec_name,width,height")
    (stream,) = json.loads(out.stdout)["streams"]
    return stream


@dataclass
class RtspReply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: str


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def digest_authorization(challenge: str, method: str, uri: str, user: str, password: str) -> str:
    params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
    ha1 = _md5(f"{user}:{params['realm']}:{password}")
    ha2 = _md5(f"{method}:{uri}")
    response = _md5(f"{ha1}:{params['nonce']}:{ha2}")
    return (
        f'Digest username="{user}", realm="{params["realm"]}", nonce="{params["nonce"]}", '
        f'uri="{uri}", response="{response}"'
    )


class RawRtsp:
    """One RTSP connection; requests are sent one at a time."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self._sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        self._file = self._sock.makefile("rb")
        self._cseq = 0

    def request(self, method: str, headers: dict[str, str] | None = None) -> RtspReply:
        self._cseq += 1
        lines = [f"{method} {self.url} RTSP/1.0", f"CSeq: {self._cseq}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self._sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = int(self._file.readline().decode().split()[1])
        reply_headers: dict[str, str] = {}
        while line := self._file.readline().decode().strip():
            name, _, value = line.partition(":")
            reply_headers[name.strip().lower()] = value.strip()
        length = int(reply_headers.get("content-length", 0))
        body = self._file.read(length).decode(errors="replace") if length else ""
        return RtspReply(status, reply_headers, body)

    def close(self) -> None:
        self._file.close()
        self._sock.close()
