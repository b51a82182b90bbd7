"""The few SDP lines (RFC 4566) a live video receiver needs: each media's type, payload
type, control URL, rtpmap and fmtp; the session-level control."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from app.streams.rtsp.errors import BadData

START_CODE = b"\x00\x00\x00\x01"


@dataclass
class Media:
    kind: str  # "video", "audio", ...
    payload_types: list[int]
    control: str = ""
    encoding: str = ""  # from rtpmap of the first payload type: "H264", "H265", ...
    clock_rate: int = 0
    fmtp: dict[str, str] = field(default_factory=dict)

    @property
    def codec(self) -> str | None:
        """"h264" / "hevc" (FFmpeg's decoder names) when this receiver can take it."""
        if self.kind != "video" or self.clock_rate != 90000:
            return None
        return {"H264": "h264", "H265": "hevc"}.get(self.encoding.upper())

    def parameter_sets(self) -> list[bytes]:
        """The out-of-band parameter sets (H.264 SPS/PPS; H.265 VPS/SPS/PPS), as NAL
        units without start codes."""
        if self.codec == "h264":
            names = ["sprop-parameter-sets"]
        elif self.codec == "hevc":
            names = ["sprop-vps", "sprop-sps", "sprop-pps"]
        else:
            return []
        units = []
        for name in names:
            for item in self.fmtp.get(name, "").split(","):
                item = item.strip()
                if not item:
                    continue
                try:
                    units.append(base64.b64decode(item + "=" * (-len(item) % 4)))
                except (binascii.Error, ValueError):
                    continue  # one broken set: the stream may carry them in-band anyway
        return [u for u in units if u]


@dataclass
class SessionDescription:
    control: str = ""  # session-level a=control (often "*")
    media: list[Media] = field(default_factory=list)

    def first_video(self) -> Media | None:
        """The first H.264 or H.265 video media, or None."""
        return next((m for m in self.media if m.codec is not None), None)


def parse_sdp(text: str) -> SessionDescription:
    session = SessionDescription()
    current: Media | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if len(line) < 2 or line[1] != "=":
            continue
        kind, value = line[0], line[2:]
        if kind == "m":
            parts = value.split()
            if len(parts) < 4:
                raise BadData("SDP media line too short")
            types = [int(p) for p in parts[3:] if p.isdigit()]
            current = Media(kind=parts[0].lower(), payload_types=types)
            session.media.append(current)
        elif kind == "a":
            name, _, attr = value.partition(":")
            if name == "control":
                if current is None:
                    session.control = attr.strip()
                else:
                    current.control = attr.strip()
            elif current is not None and name in ("rtpmap", "fmtp"):
                _media_attribute(current, name, attr)
    return session


def _media_attribute(media: Media, name: str, attr: str) -> None:
    pt_text, _, rest = attr.strip().partition(" ")
    if not pt_text.isdigit() or not media.payload_types:
        return
    if int(pt_text) != media.payload_types[0]:
        return  # only the first (preferred) payload type is received
    if name == "rtpmap":
        encoding, _, clock = rest.strip().partition("/")
        media.encoding = encoding
        clock = clock.partition("/")[0]
        media.clock_rate = int(clock) if clock.isdigit() else 0
    else:
        for item in rest.split(";"):
            key, _, val = item.strip().partition("=")
            if key:
                media.fmtp[key.strip().lower()] = val.strip()


def annexb(units: list[bytes]) -> bytes:
    return b"".join(START_CODE + u for u in units)
