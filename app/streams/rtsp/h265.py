"""H.265 RTP payloads (RFC 7798) into NAL units: single NAL unit packets, aggregation
packets (AP) and fragmentation units (FU), with the decoding-order fields that
``sprop-max-don-diff`` > 0 adds. PACI packets are ignored."""

from __future__ import annotations

from app.streams.rtsp.h264 import _aggregated

_AP, _FU = 48, 49
VPS, SPS, PPS = 32, 33, 34


def nal_type(nal: bytes) -> int:
    return (nal[0] >> 1) & 0x3F


def is_keyframe(nal: bytes) -> bool:
    """An IRAP picture (BLA, IDR, CRA): decoding can start there."""
    return 16 <= nal_type(nal) <= 23


def is_parameter_set(nal: bytes) -> bool:
    return nal_type(nal) in (VPS, SPS, PPS)


class H265Depacketizer:
    def __init__(self, with_don: bool = False) -> None:
        self._don = with_don
        self._fragment: bytearray | None = None

    def reset(self) -> None:
        self._fragment = None

    def push(self, payload: bytes) -> list[bytes]:
        if len(payload) < 3:
            return []
        kind = nal_type(payload)
        if kind < _AP:
            self._fragment = None
            return [payload[:2] + payload[4:]] if self._don else [payload]
        if kind == _AP:
            self._fragment = None
            return _aggregated(payload, 2, 2 if self._don else 0, 1 if self._don else 0)
        if kind == _FU:
            return self._fu(payload)
        return []

    def _fu(self, payload: bytes) -> list[bytes]:
        header = payload[2]
        start, end = header & 0x80, header & 0x40
        body = 3 + (2 if self._don and start else 0)
        if start:
            first = (payload[0] & 0x81) | ((header & 0x3F) << 1)
            self._fragment = bytearray((first, payload[1]))
        elif self._fragment is None:
            return []
        self._fragment += payload[body:]
        if not end:
            return []
        nal, self._fragment = bytes(self._fragment), None
        return [nal]
