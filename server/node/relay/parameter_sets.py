"""A video track's parameter sets as one access unit: what a client is given at once
when it must wait for the camera's next keyframe.

GstRtspServer prepares a client's media only when every stream has sent a packet, and
the relay's clients share one thread: a media waiting for a keyframe would hold every
other client's request for up to a GOP. The parameter sets (from the caps' avcC / hvcC
record) make a packet that prepares the media and that any decoder or recorder takes
harmlessly: no picture, nothing to decode wrongly.
"""

from __future__ import annotations

import struct


def parameter_sets(codec_data: bytes, hevc: bool) -> bytes | None:
    """The SPS/PPS (and VPS) of an avcC (``hevc=False``) or hvcC record as one access
    unit in the same length-prefixed form; None when the record is not one."""
    try:
        if hevc:
            size, nals = _hvcc(codec_data)
        else:
            size, nals = _avcc(codec_data)
    except (IndexError, struct.error):
        return None
    if not nals or size not in (1, 2, 4):
        return None
    return b"".join(len(nal).to_bytes(size, "big") + nal for nal in nals)


def _avcc(data: bytes) -> tuple[int, list[bytes]]:
    size = (data[4] & 3) + 1
    at, nals = 5, []
    for count_mask in (0x1F, 0xFF):  # the SPS, then the PPS
        count = data[at] & count_mask
        at += 1
        for _ in range(count):
            (n,) = struct.unpack_from(">H", data, at)
            nals.append(data[at + 2 : at + 2 + n])
            at += 2 + n
    return size, nals


def _hvcc(data: bytes) -> tuple[int, list[bytes]]:
    size = (data[21] & 3) + 1
    at, nals = 23, []
    for _ in range(data[22]):  # arrays: VPS, SPS, PPS, SEI ...
        (count,) = struct.unpack_from(">H", data, at + 1)
        at += 3
        for _ in range(count):
            (n,) = struct.unpack_from(">H", data, at)
            nals.append(data[at + 2 : at + 2 + n])
            at += 2 + n
    return size, nals
