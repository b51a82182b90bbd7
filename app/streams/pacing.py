"""Playback at 1x: presentation timestamps mapped onto the wall clock."""

from __future__ import annotations

import threading
import time

_RESYNC_S = 1.0  # a timestamp jump or lag larger than this re-anchors the clock


class PaceClock:
    """Sleeps each frame until it is due, so a finite stream plays in real time."""

    def __init__(self) -> None:
        self._anchor: tuple[float, float] | None = None  # (pts_s, monotonic)

    def wait_for(self, pts_s: float | None, stop: threading.Event) -> bool:
        """Sleep until the frame is due; True when stopped meanwhile."""
        now = time.monotonic()
        if pts_s is None:
            return False
        if self._anchor is None:
            self._anchor = (pts_s, now)
            return False
        due = self._anchor[1] + (pts_s - self._anchor[0])
        if abs(due - now) > _RESYNC_S:
            # A gap in the recording or a decoder that fell behind: start over from
            # here rather than freezing or racing to catch up.
            self._anchor = (pts_s, now)
            return False
        return due > now and stop.wait(due - now)
