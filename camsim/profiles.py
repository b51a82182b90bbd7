"""The stream profiles a camera can offer and the codecs they come in."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Stream(enum.StrEnum):
    """A camera's stream; the value is its RTSP path segment and ONVIF profile token."""

    MAIN = "main"  # full resolution, for recording and a maximised tile
    SUB = "sub"  # small, for wall tiles
    THIRD = "third"  # tiny, for thin links and mobile (only some cameras have it)


class Codec(enum.StrEnum):
    H264 = "h264"
    H265 = "h265"

    @property
    def label(self) -> str:
        return {Codec.H264: "H.264", Codec.H265: "H.265"}[self]

    @property
    def onvif_encoding(self) -> str:
        """tt:Encoding as real devices write it in media ver10 (H265 is outside the
        ver10 enumeration, but that is what cameras answer)."""
        return {Codec.H264: "H264", Codec.H265: "H265"}[self]


@dataclass(frozen=True)
class Profile:
    stream: Stream
    width: int
    height: int
    kbps: int

    @property
    def name(self) -> str:
        return self.stream.value


PROFILES: dict[Stream, Profile] = {
    Stream.MAIN: Profile(Stream.MAIN, 1920, 1080, 4000),
    Stream.SUB: Profile(Stream.SUB, 640, 360, 600),
    Stream.THIRD: Profile(Stream.THIRD, 320, 180, 200),
}
