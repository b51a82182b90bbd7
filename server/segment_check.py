"""Is a recorded segment file what the index says it is? A structural check of an MP4
(ISO BMFF, ISO/IEC 14496-12), cheap enough for every finished segment and at start-up.

What it checks, in file order, stopping at the first fault:
- the top-level boxes chain exactly to the end of the file (a box that runs past the
  end is a cut; a size or type that cannot be a box, e.g. zeros, is corruption);
- ``moov`` comes before any fragment, with each track's timescale and, for H.264/H.265,
  the NAL length size from ``avcC``/``hvcC``;
- each fragment (``moof`` then ``mdat``): every ``trun``'s samples lie inside the file,
  and every video sample is a chain of length-prefixed NAL units that ends exactly at
  the sample's end, none empty, none with the forbidden bit set, none holding a byte
  sequence an encoder never writes inside a NAL unit (zero-filled or overwritten data
  fails here);
- the number of video samples in the intact fragments against the frames indexed;
- the first keyframe decodes (PyAV).

The verdict keeps what is intact: a file cut or damaged in its fifth fragment still
plays its first four, and ``intact_s`` says up to when. A file that is not fragmented
(moov at the end) is checked for its box chain and first keyframe only.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import av


class SegmentHealth(StrEnum):
    """What the index knows of a segment's file; the wire value is the gap's reason."""

    OK = "ok"
    MISSING = "missing"  # the file is gone (deleted, disk replaced, never written)
    TRUNCATED = "truncated"  # the file ends early: cut mid-fragment, or fewer frames than indexed
    CORRUPT = "corrupt"  # the bytes are not a valid MP4/H.264 there (zeros, overwritten)


@dataclass(frozen=True)
class Verdict:
    health: SegmentHealth
    # Seconds from the segment's start up to which every frame is intact (None: all of it).
    intact_s: float | None = None
    frames: int = 0  # video samples in the intact part
    detail: str = ""  # for the log: where and what

    @property
    def whole(self) -> bool:
        return self.health is SegmentHealth.OK


_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"moof", b"traf", b"edts"}
_NAL_CODECS = {b"avc1": "h264", b"avc3": "h264", b"hvc1": "hevc", b"hev1": "hevc"}


class _Fault(Exception):
    def __init__(self, health: SegmentHealth, detail: str) -> None:
        super().__init__(detail)
        self.health = health


@dataclass
class _Track:
    timescale: int = 0
    nal_length: int = 0  # 0: not a NAL-unit video track (audio, other)
    codec: str = ""  # "h264" / "hevc" for NAL-unit tracks
    extradata: bytes = b""  # the avcC / hvcC record: what a decoder needs first
    video: bool = False
    default_duration: int = 0
    default_size: int = 0


def _boxes(data: bytes | memoryview, start: int, end: int):
    """(type, payload start, box end) of each box in [start, end); a cut or impossible
    header raises _Fault."""
    at = start
    while at < end:
        if end - at < 8:
            raise _Fault(SegmentHealth.TRUNCATED, f"box header cut at byte {at}")
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            if end - at < 16:
                raise _Fault(SegmentHealth.TRUNCATED, f"box header cut at byte {at}")
            (size,) = struct.unpack_from(">Q", data, at + 8)
            header = 16
        elif size == 0:
            size = end - at  # "to the end of the file"
        if size < header or not all(0x20 <= c <= 0x7E or c == 0xA9 for c in kind):
            raise _Fault(SegmentHealth.CORRUPT, f"no box at byte {at} (size {size}, type {kind!r})")
        if at + size > end:
            raise _Fault(SegmentHealth.TRUNCATED, f"{kind.decode()} at byte {at} runs past the end")
        yield kind, at + header, at + size
        at += size


def _full(data, at: int) -> tuple[int, int]:
    word = struct.unpack_from(">I", data, at)[0]
    return word >> 24, word & 0xFFFFFF


def _read_moov(data, start: int, end: int) -> dict[int, _Track]:
    tracks: dict[int, _Track] = {}
    defaults: dict[int, tuple[int, int]] = {}
    for kind, p, e in _boxes(data, start, end):
        if kind == b"trak":
            track_id, track = _read_trak(data, p, e)
            tracks[track_id] = track
        elif kind == b"mvex":
            for k, q, _ in _boxes(data, p, e):
                if k == b"trex":
                    tid, _desc, dur, size = struct.unpack_from(">IIII", data, q + 4)
                    defaults[tid] = (dur, size)
    for tid, (dur, size) in defaults.items():
        if tid in tracks:
            tracks[tid].default_duration, tracks[tid].default_size = dur, size
    return tracks


def _read_trak(data, start: int, end: int) -> tuple[int, _Track]:
    track, track_id = _Track(), 0
    stack = [(start, end)]
    while stack:
        s, e = stack.pop()
        for kind, p, box_end in _boxes(data, s, e):
            if kind in _CONTAINERS:
                stack.append((p, box_end))
            elif kind == b"tkhd":
                version, _ = _full(data, p)
                track_id = struct.unpack_from(">I", data, p + (20 if version == 1 else 12))[0]
            elif kind == b"mdhd":
                version, _ = _full(data, p)
                at = p + (20 if version == 1 else 12)
                track.timescale = struct.unpack_from(">I", data, at)[0]
            elif kind == b"hdlr":
                track.video = bytes(data[p + 8 : p + 12]) == b"vide"
            elif kind == b"stsd":
                _read_stsd(data, p, box_end, track)
    return track_id, track


def _read_stsd(data, start: int, end: int, track: _Track) -> None:
    # A sample entry: 8-byte box header, then (for video) 78 bytes before its child boxes.
    for kind, p, e in _boxes(data, start + 8, end):
        if kind in _NAL_CODECS:
            track.codec = _NAL_CODECS[kind]
            for child, q, child_end in _boxes(data, p + 78, e):
                if child == b"avcC":
                    track.nal_length = (data[q + 4] & 3) + 1
                elif child == b"hvcC":
                    track.nal_length = (data[q + 21] & 3) + 1
                if child in (b"avcC", b"hvcC"):
                    track.extradata = bytes(data[q:child_end])


# Inside a NAL unit the bytes 00 00 00, 00 00 01 and 00 00 02 never occur (H.264 and
# H.265 section 7.4.1 / 7.4.2: the encoder escapes them with emulation prevention), so
# zeros written over a picture's data show even where the NAL lengths are intact (a
# power cut zeroing the tail of the last, large keyframe). A few zero bytes at a NAL's
# very end are tolerated: some encoders pad, and muxers keep that padding.
_FORBIDDEN = re.compile(rb"\x00\x00[\x00-\x02]")
_PADDING = 16


def _check_nals(data: bytes, at: int, size: int, nal_length: int, where: str) -> None:
    end = at + size
    while at < end:
        if end - at < nal_length:
            raise _Fault(SegmentHealth.CORRUPT, f"{where}: NAL length cut")
        n = int.from_bytes(data[at : at + nal_length], "big")
        at += nal_length
        if n == 0 or at + n > end:
            raise _Fault(SegmentHealth.CORRUPT, f"{where}: NAL unit of {n} bytes does not fit")
        if data[at] & 0x80:
            raise _Fault(SegmentHealth.CORRUPT, f"{where}: NAL unit with the forbidden bit set")
        hit = _FORBIDDEN.search(data, at, at + n)
        if hit is not None and not (
            at + n - hit.start() <= _PADDING and not any(data[hit.start() : at + n])
        ):
            raise _Fault(SegmentHealth.CORRUPT, f"{where}: zeros inside a NAL unit's data")
        at += n


def _read_fragment(data, moof: int, start: int, end: int, tracks: dict[int, _Track],
                   file_end: int, index: int, first: list) -> tuple[int, float | None]:
    """Checks one moof's samples; returns (video samples, video end in seconds). The
    first video sample seen is put in ``first`` as (track, offset, size)."""
    frames, video_end = 0, None
    next_base = moof
    for kind, p, e in _boxes(data, start, end):
        if kind != b"traf":
            continue
        track = None
        base, decode_time, dur_default, size_default = moof, 0, 0, 0
        for k, q, _ in _boxes(data, p, e):
            if k == b"tfhd":
                _, flags = _full(data, q)
                tid = struct.unpack_from(">I", data, q + 4)[0]
                track = tracks.get(tid)
                if track is None:
                    raise _Fault(SegmentHealth.CORRUPT, f"fragment {index}: unknown track {tid}")
                dur_default, size_default = track.default_duration, track.default_size
                at = q + 8
                if flags & 0x1:
                    base = struct.unpack_from(">Q", data, at)[0]
                    at += 8
                elif not flags & 0x20000:
                    base = next_base  # no default-base-is-moof: after the previous traf's data
                if flags & 0x2:
                    at += 4
                if flags & 0x8:
                    dur_default = struct.unpack_from(">I", data, at)[0]
                    at += 4
                if flags & 0x10:
                    size_default = struct.unpack_from(">I", data, at)[0]
            elif k == b"tfdt":
                version, _ = _full(data, q)
                decode_time = struct.unpack_from(">Q" if version == 1 else ">I", data, q + 4)[0]
            elif k == b"trun":
                if track is None:
                    raise _Fault(SegmentHealth.CORRUPT, f"fragment {index}: trun before tfhd")
                _, flags = _full(data, q)
                count = struct.unpack_from(">I", data, q + 4)[0]
                at = q + 8
                offset = 0
                if flags & 0x1:
                    offset = struct.unpack_from(">i", data, at)[0]
                    at += 4
                if flags & 0x4:
                    at += 4
                per = 4 * bin(flags & 0xF00).count("1")
                if at + per * count > e:
                    raise _Fault(SegmentHealth.CORRUPT, f"fragment {index}: trun overruns its box")
                sample_at = base + offset
                for _ in range(count):
                    duration, size = dur_default, size_default
                    if flags & 0x100:
                        duration = struct.unpack_from(">I", data, at)[0]
                        at += 4
                    if flags & 0x200:
                        size = struct.unpack_from(">I", data, at)[0]
                        at += 4
                    at += per - 4 * bool(flags & 0x100) - 4 * bool(flags & 0x200)
                    if sample_at + size > file_end:
                        raise _Fault(SegmentHealth.TRUNCATED, f"fragment {index}: samples cut")
                    if track.nal_length:
                        _check_nals(data, sample_at, size, track.nal_length, f"fragment {index}")
                    if track.video:
                        frames += 1
                        if not first:
                            first.append((track, sample_at, size))
                    sample_at += size
                    decode_time += duration
                next_base = sample_at
                if track.video and track.timescale:
                    video_end = decode_time / track.timescale
    return frames, video_end


def _sample_decodes(track: _Track, sample: bytes) -> bool:
    """Decode one sample with the track's own parameters: no container to open (opening a
    fragmented MP4 probes it, ten times the cost of the decode)."""
    if not track.codec or not track.extradata:
        return True  # not a codec we know how to feed: the structure is what we checked
    try:
        decoder = av.CodecContext.create(track.codec, "r")
        decoder.extradata = track.extradata
        decoder.thread_count = 1  # one picture: a thread pool costs more than it saves
        frames = decoder.decode(av.Packet(sample)) + decoder.decode(None)
    except (av.FFmpegError, ValueError):
        return False
    return bool(frames)


def _first_keyframe_decodes(path: Path) -> bool:
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return False
            stream = container.streams.video[0]
            for packet in container.demux(stream):
                if packet.dts is None or not packet.is_keyframe:
                    continue
                frames = stream.codec_context.decode(packet) + stream.codec_context.decode(None)
                return bool(frames)
    except (av.FFmpegError, IndexError, OSError, ValueError):
        return False
    return False


def check_segment(path: Path, frames_indexed: int | None = None, decode: bool = True) -> Verdict:
    """The verdict on one segment file; ``frames_indexed`` is what the recorder counted.
    ``decode=False`` skips decoding the first keyframe (when reading a range: the check
    must cost next to nothing beside the remux that reads the file anyway)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Verdict(SegmentHealth.MISSING, 0.0, 0, "no such file")
    except OSError as exc:
        return Verdict(SegmentHealth.CORRUPT, 0.0, 0, f"unreadable: {exc.strerror}")
    tracks: dict[int, _Track] | None = None
    fragmented = False  # the moov announces fragments (mvex)
    frames, intact_s, fragments = 0, 0.0, 0
    first: list = []  # the first video sample: (track, offset, size)
    fault: _Fault | None = None
    try:
        for kind, p, e in _boxes(data, 0, len(data)):
            if kind == b"moov":
                tracks = _read_moov(data, p, e)
                fragmented = any(k == b"mvex" for k, _, _ in _boxes(data, p, e))
            elif kind == b"moof":
                if tracks is None:
                    raise _Fault(SegmentHealth.CORRUPT, "a fragment before the moov")
                n, end_s = _read_fragment(data, p - 8, p, e, tracks, len(data), fragments,
                                          first)
                fragments += 1
                frames += n
                if end_s is not None:
                    intact_s = end_s
        if tracks is None:
            raise _Fault(SegmentHealth.CORRUPT, "no moov")
    except _Fault as exc:
        fault = exc
    except (struct.error, IndexError) as exc:
        fault = _Fault(SegmentHealth.CORRUPT, f"box contents do not parse: {exc}")
    if fragments == 0 and fragmented and fault is None:
        # Its moov promises fragments and none was written: cut (a crash, a kill) before
        # its first fragment was complete. No picture in it, whatever the index says.
        return Verdict(SegmentHealth.TRUNCATED, 0.0, 0, "cut before its first fragment")
    if fragments == 0:
        # Not fragmented (or nothing intact): either wholly good or nothing kept.
        if fault is None and (not decode or _first_keyframe_decodes(path)):
            return Verdict(SegmentHealth.OK, None, frames_indexed or 0)
        detail = fault.args[0] if fault else "the first keyframe does not decode"
        return Verdict(fault.health if fault else SegmentHealth.CORRUPT, 0.0, 0, detail)
    if decode and first and frames:
        track, at, size = first[0]
        if not _sample_decodes(track, data[at : at + size]):
            return Verdict(SegmentHealth.CORRUPT, 0.0, 0, "the first keyframe does not decode")
    if fault is not None:
        return Verdict(fault.health, intact_s, frames, fault.args[0])
    if frames_indexed is not None and frames < frames_indexed:
        return Verdict(SegmentHealth.TRUNCATED, intact_s, frames,
                       f"{frames} frames in the file, {frames_indexed} indexed")
    return Verdict(SegmentHealth.OK, None, frames)
