"""The latest group of pictures of one live stream: what a new viewer is started on.

A picture is decodable only from the keyframe before it, so a viewer who joins a
running stream either waits for the camera's next keyframe (up to a whole GOP: 4 s on
a 4 s-GOP camera) or is first given everything since the last one. This holds that
"everything": the pictures from the latest keyframe on, in order, dropped at the next
keyframe.

Capped by bytes: a GOP longer than ``max_bytes`` (a camera with a huge GOP or bitrate)
is not kept at all until the next keyframe; its viewers wait for that keyframe, as
without a cache, and the server's memory stays bounded per stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

# 4 s of a 4 Mbit/s main stream is 2 MB; twice that leaves room for busy scenes.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024


class GopCache(Generic[T]):
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._max_bytes = max_bytes
        self._items: list[T] = []
        self._bytes = 0
        self._overflowed = False  # this GOP outgrew the cap: nothing kept until the next

    def add(self, item: T, size: int, keyframe: bool) -> None:
        if keyframe:
            self._items, self._bytes, self._overflowed = [], 0, False
        elif self._overflowed or not self._items:
            return  # no keyframe to decode this from
        if self._bytes + size > self._max_bytes:
            self._items, self._bytes, self._overflowed = [], 0, True
            return
        self._items.append(item)
        self._bytes += size

    def items(self) -> Sequence[T]:
        """The GOP so far, keyframe first; empty while there is none to start on."""
        return tuple(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        self._items, self._bytes, self._overflowed = [], 0, False
