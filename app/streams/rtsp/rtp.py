"""RTP packets (RFC 3550): the fixed header, CSRCs, header extension and padding, and
the 90 kHz timestamp extended past its 32-bit wrap."""

from __future__ import annotations

from dataclasses import dataclass

from app.streams.rtsp.errors import BadData


@dataclass(frozen=True, slots=True)
class RtpPacket:
    marker: bool
    payload_type: int
    sequence: int
    timestamp: int
    ssrc: int
    payload: bytes


def parse_rtp(data: bytes) -> RtpPacket:
    if len(data) < 12:
        raise BadData("RTP packet shorter than its header")
    first, second = data[0], data[1]
    if first >> 6 != 2:
        raise BadData("not RTP version 2")
    start = 12 + 4 * (first & 0x0F)  # CSRC list
    if first & 0x10:  # header extension: 16-bit profile, 16-bit length in words
        if len(data) < start + 4:
            raise BadData("RTP header extension cut short")
        start += 4 + 4 * int.from_bytes(data[start + 2:start + 4], "big")
    end = len(data)
    if first & 0x20:  # padding: its length is the last byte
        end -= data[-1]
    if end < start:
        raise BadData("RTP header or padding longer than the packet")
    return RtpPacket(
        marker=bool(second & 0x80),
        payload_type=second & 0x7F,
        sequence=int.from_bytes(data[2:4], "big"),
        timestamp=int.from_bytes(data[4:8], "big"),
        ssrc=int.from_bytes(data[8:12], "big"),
        payload=bytes(data[start:end]),
    )


class TimestampUnwrapper:
    """32-bit RTP timestamps as one running count: a step of less than half the range
    either way is a step, so 0xFFFFFF00 -> 0x100 moves forward by 0x200, not back."""

    def __init__(self) -> None:
        self._last: int | None = None
        self._extended = 0

    def extend(self, timestamp: int) -> int:
        if self._last is not None:
            delta = (timestamp - self._last) & 0xFFFFFFFF
            if delta >= 0x80000000:
                delta -= 0x100000000
            self._extended += delta
        else:
            self._extended = timestamp
        self._last = timestamp
        return self._extended
