"""H.264 RTP payloads (RFC 6184) into NAL units: single NAL unit packets, STAP-A
aggregates and FU-A fragments (packetization modes 0 and 1, which every camera uses).
STAP-B, MTAP and FU-B belong to the interleaved mode no camera sends: ignored."""

from __future__ import annotations

_STAP_A, _FU_A = 24, 28
IDR, SEI = 5, 6
SPS, PPS = 7, 8
_RECOVERY_POINT = 6  # SEI payload type (H.264 D.1.8)


def nal_type(nal: bytes) -> int:
    return nal[0] & 0x1F


def is_keyframe(nal: bytes) -> bool:
    """An IDR picture, or a recovery point (the SEI that cameras with intra refresh or
    open GOPs send instead of IDRs; FFmpeg's decoder starts there too). Only an SEI
    whose first message is the recovery point is seen: cameras put it first."""
    kind = nal_type(nal)
    return kind == IDR or (kind == SEI and len(nal) > 1 and nal[1] == _RECOVERY_POINT)


def is_parameter_set(nal: bytes) -> bool:
    return nal_type(nal) in (SPS, PPS)


class H264Depacketizer:
    def __init__(self) -> None:
        self._fragment: bytearray | None = None  # a FU-A NAL unit being put together

    def reset(self) -> None:
        """Forget a fragment in progress (a packet of it was lost)."""
        self._fragment = None

    def push(self, payload: bytes) -> list[bytes]:
        """The NAL units a payload completes (possibly none)."""
        if not payload:
            return []
        kind = payload[0] & 0x1F
        if 1 <= kind <= 23:
            self._fragment = None
            return [payload]
        if kind == _STAP_A:
            self._fragment = None
            return _aggregated(payload, 1)
        if kind == _FU_A:
            return self._fu_a(payload)
        return []

    def _fu_a(self, payload: bytes) -> list[bytes]:
        if len(payload) < 3:
            return []
        header = payload[1]
        start, end = header & 0x80, header & 0x40
        if start:
            nal_header = (payload[0] & 0xE0) | (header & 0x1F)
            self._fragment = bytearray((nal_header,))
        elif self._fragment is None:
            return []  # the start was lost: nothing to add to
        self._fragment += payload[2:]
        if not end:
            return []
        nal, self._fragment = bytes(self._fragment), None
        return [nal]


def _aggregated(payload: bytes, offset: int, don_first: int = 0, don_next: int = 0
                ) -> list[bytes]:
    """Units of an aggregation packet: each a 16-bit size, then the NAL unit; before
    each an optional decoding-order field (H.265 with DONL: 2 bytes first, then 1)."""
    units = []
    skip = don_first
    while offset + skip + 2 <= len(payload):
        offset += skip
        size = int.from_bytes(payload[offset:offset + 2], "big")
        offset += 2
        if size == 0 or offset + size > len(payload):
            break  # a broken aggregate: keep what was whole
        units.append(payload[offset:offset + size])
        offset += size
        skip = don_next
    return units
