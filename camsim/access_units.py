"""Split an H.264 or H.265 Annex B byte stream into access units.

The RTSP payloader wants one buffer per picture, and a client joining mid-stream needs
the parameter sets (SPS/PPS, and the VPS for H.265) in front of every IDR picture, so
each loaded loop is cut into access units here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from camsim.profiles import Codec

_START = b"\x00\x00\x00\x01"


@dataclass(frozen=True)
class NalSyntax:
    """What the splitter needs to know of a codec's NAL units."""

    header_bytes: int
    type_shift: int
    type_mask: int
    vcl: frozenset[int]
    keyframes: frozenset[int]
    parameter_sets: tuple[int, ...]  # in the order they go in front of a keyframe
    au_prefix: frozenset[int]  # may only come before the first slice of a picture

    def kind(self, nal: bytes) -> int:
        return (nal[0] >> self.type_shift) & self.type_mask

    def starts_picture(self, nal: bytes) -> bool:
        # The first bit after the header: H.264's first_mb_in_slice is ue(v), where 0
        # is a single '1' bit; H.265's first_slice_segment_in_pic_flag is that bit.
        return len(nal) > self.header_bytes and bool(nal[self.header_bytes] & 0x80)


H264 = NalSyntax(
    header_bytes=1, type_shift=0, type_mask=0x1F,
    vcl=frozenset({1, 5}), keyframes=frozenset({5}),
    parameter_sets=(7, 8),  # SPS, PPS
    au_prefix=frozenset({6, 7, 8, 9}),  # SEI, SPS, PPS, AUD
)  # fmt: skip

H265 = NalSyntax(
    header_bytes=2, type_shift=1, type_mask=0x3F,
    vcl=frozenset(range(32)),
    keyframes=frozenset({19, 20, 21}),  # IDR_W_RADL, IDR_N_LP, CRA
    parameter_sets=(32, 33, 34),  # VPS, SPS, PPS
    # VPS, SPS, PPS, AUD, prefix SEI, reserved 41-44, unspecified 48-55
    au_prefix=frozenset({32, 33, 34, 35, 39, *range(41, 45), *range(48, 56)}),
)  # fmt: skip

SYNTAX = {Codec.H264: H264, Codec.H265: H265}


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


def split_access_units(stream: bytes, codec: Codec = Codec.H264) -> list[AccessUnit]:
    """Group NAL units into pictures; every keyframe carries the parameter sets in-band."""
    syntax = SYNTAX[codec]
    units: list[list[bytes]] = []
    current: list[bytes] = []
    has_vcl = False
    latest: dict[int, bytes] = {}
    for nal in split_nals(stream):
        kind = syntax.kind(nal)
        starts_new = has_vcl and (
            kind in syntax.au_prefix or (kind in syntax.vcl and syntax.starts_picture(nal))
        )
        if starts_new:
            units.append(current)
            current, has_vcl = [], False
        if kind in syntax.parameter_sets:
            latest[kind] = nal
        current.append(nal)
        has_vcl = has_vcl or kind in syntax.vcl
    if current and has_vcl:
        units.append(current)
    return [_finish(unit, syntax, latest) for unit in units]


def _finish(nals: list[bytes], syntax: NalSyntax, latest: dict[int, bytes]) -> AccessUnit:
    kinds = [syntax.kind(nal) for nal in nals]
    first_vcl = next(i for i, k in enumerate(kinds) if k in syntax.vcl)
    keyframe = kinds[first_vcl] in syntax.keyframes
    if keyframe:
        prefix = [latest[k] for k in syntax.parameter_sets if k in latest and k not in kinds]
        nals = nals[:first_vcl] + prefix + nals[first_vcl:]
    return AccessUnit(b"".join(_START + nal for nal in nals), keyframe)
