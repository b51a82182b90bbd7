"""One picture in shared memory: written by a decoder process, read by the GUI's tick.

Layout: a 64-byte header, then the pixels (BGRX, rows packed). The header's first
field is a sequence number used as a seqlock: the writer makes it odd, writes, and
makes it even again; a reader copies the picture and keeps it only if the number was
even and unchanged across the copy. Nothing waits on anything: a torn read is simply
retried at the next display tick, and a picture that was overwritten before anybody
looked at it is the newest-frame-only rule at work.
"""

from __future__ import annotations

import contextlib
import math
import time
from multiprocessing import shared_memory

import numpy as np

from app.streams.engine import VideoFrame

HEADER_BYTES = 64
# Header words (8 bytes each); _PTS and _AT (the recorded moment, playback) are floats.
_SEQ, _WIDTH, _HEIGHT, _PTS, _AT = 0, 1, 2, 3, 4
_GROWTH = 1.25  # room for a slightly larger picture without a new segment


def capacity_for(width: int, height: int) -> int:
    return HEADER_BYTES + int(width * height * 4 * _GROWTH)


class FrameSlotWriter:
    """The decoder process's end. Owns the segment: it creates and removes it."""

    def __init__(self, capacity: int) -> None:
        self._shm = shared_memory.SharedMemory(create=True, size=capacity)
        self.name = self._shm.name
        self.capacity = capacity
        self._words = np.ndarray((3,), dtype=np.uint64, buffer=self._shm.buf)
        self._pts = np.ndarray((2,), dtype=np.float64, buffer=self._shm.buf,
                               offset=_PTS * 8)
        self._words[_SEQ] = 0

    def fits(self, width: int, height: int) -> bool:
        return HEADER_BYTES + width * height * 4 <= self.capacity

    def write(self, frame: VideoFrame) -> None:
        height, width = frame.height, frame.width
        size = width * height * 4
        pixels = np.ndarray((size,), dtype=np.uint8, buffer=self._shm.buf,
                            offset=HEADER_BYTES)
        seq = int(self._words[_SEQ])
        self._words[_SEQ] = seq + 1  # odd: being written
        self._words[_WIDTH] = width
        self._words[_HEIGHT] = height
        self._pts[0] = math.nan if frame.pts_s is None else frame.pts_s
        self._pts[1] = math.nan if frame.at_s is None else frame.at_s
        pixels[:] = frame.bgrx.reshape(-1)
        self._words[_SEQ] = seq + 2

    def close(self) -> None:
        del self._words, self._pts  # views pin the buffer; close() refuses while they live
        self._shm.close()
        with contextlib.suppress(FileNotFoundError):
            self._shm.unlink()


class FrameSlotReader:
    """The GUI's end: attaches by name, never removes the segment."""

    def __init__(self, name: str) -> None:
        # Python < 3.13 registers an attached segment with the resource tracker too;
        # decoder processes share the GUI process's tracker, so that is the same entry
        # the decoder registered, and its unlink() removes it.
        self._shm = shared_memory.SharedMemory(name=name)
        self._words = np.ndarray((3,), dtype=np.uint64, buffer=self._shm.buf)
        self._pts = np.ndarray((2,), dtype=np.float64, buffer=self._shm.buf,
                               offset=_PTS * 8)
        self._last_seq = 0

    def read(self) -> VideoFrame | None:
        """The picture written since the previous call, or None (none new, or torn)."""
        seq = int(self._words[_SEQ])
        if seq == self._last_seq or seq % 2:
            return None
        width, height = int(self._words[_WIDTH]), int(self._words[_HEIGHT])
        pts, at = float(self._pts[0]), float(self._pts[1])
        size = width * height * 4
        if HEADER_BYTES + size > self._shm.size:
            return None
        pixels = np.ndarray((size,), dtype=np.uint8, buffer=self._shm.buf,
                            offset=HEADER_BYTES).copy()
        if int(self._words[_SEQ]) != seq:
            return None  # overwritten while we copied: the next tick gets the newer one
        self._last_seq = seq
        return VideoFrame(bgrx=pixels.reshape(height, width, 4),
                          pts_s=None if math.isnan(pts) else pts,
                          at_s=None if math.isnan(at) else at,
                          received_monotonic=time.monotonic())

    def close(self) -> None:
        del self._words, self._pts
        self._shm.close()
