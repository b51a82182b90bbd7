"""Split an H.264 Annex B byte stream into access units.

The RTSP payloader wants one buffer per picture, and a joining client needs SPS/PPS in
front of every IDR picture, so each loaded loop is cut into access units here once.
"""

from __future__ import annotations

from dataclasses import dataclass

NAL_SLICE = 1
NAL_IDR = 5
NAL_SEI = 6
NAL_SPS = 7
NAL_PPS = 8
NAL_AUD = 9

_VCL = (NAL_SLICE, NAL_IDR)
# NAL types that may only come before the first slice of a new picture.
_AU_PREFIX = (NAL_SEI, NAL_SPS, NAL_PPS, NAL_AUD)
_START = b"\x00\x00\x00\x01"


@dataclass(frozen=True)
class AccessUnit:
    data: bytes
    keyframe: bool


def split_nals(stream: bytes) -> list[bytes]:
    """NAL units (without start codes) of an Annex B stream."""
    nals: list[bytes] = []
    pos = stream.find(b"\x00\x00\x01")
    while pos >= 0:
        start = pos + 3
        nxt = stream.find(b"\x00\x00\x01", start)
        end = len(stream) if nxt < 0 else nxt
        # A 4-byte start code leaves a zero byte at the end of the previous unit.
        nal = stream[start:end].rstrip(b"\x00") if nxt >= 0 else stream[start:end]
        if nal:
            nals.append(nal)
        pos = nxt
    return nals


def _first_mb_is_zero(nal: bytes) -> bool:
    # first_mb_in_slice is ue(v); the value 0 is coded as a single '1' bit.
    return len(nal) > 1 and bool(nal[1] & 0x80)


def split_access_units(stream: bytes) -> list[AccessUnit]:
    """Group NAL units into pictures; every IDR picture carries SPS and PPS in-band."""
    units: list[list[bytes]] = []
    current: list[bytes] = []
    has_vcl = False
    sps = pps = None
    for nal in split_nals(stream):
        kind = nal[0] & 0x1F
        starts_new = has_vcl and (
            kind in _AU_PREFIX or (kind in _VCL and _first_mb_is_zero(nal))
        )
        if starts_new:
            units.append(current)
            current, has_vcl = [], False
        if kind == NAL_SPS:
            sps = nal
        elif kind == NAL_PPS:
            pps = nal
        current.append(nal)
        has_vcl = has_vcl or kind in _VCL
    if current and has_vcl:
        units.append(current)
    return [_finish(unit, sps, pps) for unit in units]


def _finish(nals: list[bytes], sps: bytes | None, pps: bytes | None) -> AccessUnit:
    kinds = [nal[0] & 0x1F for nal in nals]
    keyframe = NAL_IDR in kinds
    if keyframe:
        prefix = [n for n in (sps, pps) if n is not None and (n[0] & 0x1F) not in kinds]
        first_vcl = next(i for i, k in enumerate(kinds) if k in _VCL)
        nals = nals[:first_vcl] + prefix + nals[first_vcl:]
    return AccessUnit(b"".join(_START + nal for nal in nals), keyframe)
