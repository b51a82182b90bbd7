"""Privacy masks: rectangles a supervisor draws over a camera's picture so an export that
leaves the building shows black there. Kept as fractions of the picture (0..1 from the
top left), so they fit whatever size the server encodes."""

from __future__ import annotations

from dataclasses import dataclass

MAX_MASKS = 16  # the server's limit
MIN_FRACTION = 0.01  # a click without a drag is not a mask


@dataclass(frozen=True)
class Mask:
    x: float
    y: float
    w: float
    h: float

    def to_json(self) -> dict[str, float]:
        return {"x": round(self.x, 4), "y": round(self.y, 4), "w": round(self.w, 4),
                "h": round(self.h, 4)}

    def contains(self, fx: float, fy: float) -> bool:
        return self.x <= fx <= self.x + self.w and self.y <= fy <= self.y + self.h


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def mask_between(x0: float, y0: float, x1: float, y1: float) -> Mask | None:
    """The rectangle between two corners (fractions, in any order, clamped to the
    picture); None when it is too small to mean anything."""
    left, right = sorted((_clamp(x0), _clamp(x1)))
    top, bottom = sorted((_clamp(y0), _clamp(y1)))
    if right - left < MIN_FRACTION or bottom - top < MIN_FRACTION:
        return None
    return Mask(left, top, right - left, bottom - top)
