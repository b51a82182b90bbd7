"""A motion search's hits as a timeline draws them: one camera's, in pixels of the
visible window, with the stretches the analysis did not cover."""

from __future__ import annotations

import bisect
from datetime import datetime

from app.motion.types import MotionHit, MotionSearchResult
from app.timeline import TimelineModel

MIN_WIDTH_PX = 2.0  # a one-second hit on a day's timeline still shows


class MotionMarks:
    def __init__(self) -> None:
        self.result: MotionSearchResult | None = None
        self._camera: str | None = None
        self._hits: list[MotionHit] = []
        self._starts: list[datetime] = []
        self._longest = None

    @property
    def active(self) -> bool:
        return self.result is not None

    def set_result(self, result: MotionSearchResult | None) -> None:
        self.result = result
        self._camera = None  # recomputed for the next camera asked about

    def clear(self) -> None:
        self.set_result(None)

    def hits(self, camera_id: str | None) -> list[MotionHit]:
        if self.result is None or not camera_id:
            return []
        if camera_id != self._camera:
            self._camera = camera_id
            self._hits = sorted(self.result.hits_of(camera_id), key=lambda h: h.start)
            self._starts = [h.start for h in self._hits]
            self._longest = max((h.duration for h in self._hits), default=None)
        return self._hits

    def visible(self, model: TimelineModel, camera_id: str | None
                ) -> list[tuple[float, float, MotionHit]]:
        """Pixel ranges of the camera's hits on screen, each at least MIN_WIDTH_PX."""
        hits = self.hits(camera_id)
        if not hits:
            return []
        first = bisect.bisect_left(self._starts, model.start - self._longest)
        last = bisect.bisect_right(self._starts, model.end)
        out = []
        for hit in hits[first:last]:
            if hit.end < model.start:
                continue
            x0 = max(0.0, model.x_of(hit.start))
            x1 = min(float(model.width_px), model.x_of(hit.end))
            out.append((x0, max(x1, x0 + MIN_WIDTH_PX), hit))
        return out

    def hit_at(self, model: TimelineModel, camera_id: str | None, x: float,
               slack_px: float = 3.0) -> MotionHit | None:
        """The hit under x (the nearest when several are within the slack)."""
        best, distance = None, slack_px + 1
        for x0, x1, hit in self.visible(model, camera_id):
            gap = 0.0 if x0 <= x <= x1 else min(abs(x - x0), abs(x - x1))
            if gap <= slack_px and gap < distance:
                best, distance = hit, gap
        return best

    def not_analysed(self, model: TimelineModel, camera_id: str | None
                     ) -> list[tuple[float, float]]:
        """Pixel ranges of the searched range the analysis did not cover, on screen."""
        if self.result is None or not camera_id:
            return []
        out = []
        for start, end in self.result.not_analysed(camera_id):
            if end < model.start or start > model.end:
                continue
            x0 = max(0.0, model.x_of(start))
            x1 = min(float(model.width_px), model.x_of(end))
            out.append((x0, max(x1, x0 + 1.0)))
        return out
