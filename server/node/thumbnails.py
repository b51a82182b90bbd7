"""Timeline hover thumbnails: the keyframe at or before a moment, scaled and JPEG-encoded.

Only that keyframe is decoded (a keyframe needs no other picture), so a thumbnail costs a
demux of one segment plus one decode. Pictures are cached by (segment, keyframe, width):
hovering back and forth over a timeline asks for the same few keyframes again and again.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

import av
from sqlalchemy import Engine

from server.footage import Footage, FootageUnavailable
from server.recordings import mark_damaged, segments_in
from server.segment_check import SegmentHealth

log = logging.getLogger(__name__)

MAX_WIDTH = 640
DEFAULT_WIDTH = 160


@dataclass(frozen=True)
class Thumbnail:
    jpeg: bytes
    at: datetime  # wall time of the keyframe shown


class ThumbnailCache:
    """A small thread-safe LRU of encoded thumbnails."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[tuple, Thumbnail] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple) -> Thumbnail | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple, thumb: Thumbnail) -> None:
        with self._lock:
            self._items[key] = thumb
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


def _last_keyframe(container, seg_start: datetime, wanted: datetime):
    """(packet, wall time) of the last keyframe at or before ``wanted``; demux only."""
    stream = container.streams.video[0]
    tb = stream.time_base
    best = None
    for packet in container.demux(stream):
        if packet.dts is None:
            continue
        at = seg_start + timedelta(seconds=float(packet.dts * tb))
        if at > wanted:
            break
        if packet.is_keyframe:
            best = (packet, at)
    return best


def _encode_jpeg(frame: av.VideoFrame, width: int) -> bytes:
    height = max(2, round(frame.height * width / frame.width / 2) * 2)  # even, for 4:2:0
    small = frame.reformat(width=width, height=height, format="yuvj420p")
    encoder = av.CodecContext.create("mjpeg", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuvj420p"
    encoder.time_base = Fraction(1, 25)
    packets = encoder.encode(small) + encoder.encode(None)
    return b"".join(bytes(p) for p in packets)


def thumbnail_at(
    engine: Engine,
    footage: Footage,
    camera_id: str,
    at: datetime,
    width: int,
    cache: ThumbnailCache,
) -> Thumbnail | None:
    """The keyframe at or before ``at`` in the segment recorded at ``at``; None when no
    segment covers ``at`` (a gap, or not recorded yet) or it is unreadable. Blocking:
    call it from a worker thread."""
    with engine.connect() as conn:
        covering = segments_in(conn, camera_id, at, at + timedelta(microseconds=1))
    # Only intact footage: a picture from a damaged stretch would be one of bytes lost.
    covering = [s for s in covering if at < s.playable_end and (
        footage.local_path(s) is None or footage.local_path(s).is_file())]
    if not covering:
        return None
    seg = covering[-1]
    try:
        with footage.open(seg) as container:
            found = _last_keyframe(container, seg.start, at)
            if found is None:
                return None
            packet, key_at = found
            key = (seg.path, packet.dts, width)
            cached = cache.get(key)
            if cached is not None:
                return cached
            decoder = container.streams.video[0].codec_context
            frames = decoder.decode(packet) + decoder.decode(None)
    except FootageUnavailable:
        return None  # its node is down: nothing to show, nothing damaged
    except (av.FFmpegError, IndexError, OSError) as exc:
        if not footage.is_local(seg):
            return None  # the node stopped answering mid-read
        # Found damaged here, as playback would: the index says so from now on.
        mark_damaged(engine, seg, SegmentHealth.CORRUPT, None, f"thumbnail: {exc}")
        return None
    if not frames:
        return None
    thumb = Thumbnail(_encode_jpeg(frames[0], width), key_at)
    cache.put(key, thumb)
    return thumb
