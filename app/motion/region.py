"""Where a rectangle drawn on a tile lies in the camera's picture: pure maths.

The tile paints the picture letterboxed into its rectangle and, zoomed in, only a part
of it (ui/tile/zoom.py's source rectangle, in fractions of the picture). A point on the
tile is first made a fraction of the shown rectangle, then mapped through that part.
"""

from __future__ import annotations

from app.motion.types import MotionRegion

Rect = tuple[float, float, float, float]  # x, y, width, height
WHOLE: Rect = (0.0, 0.0, 1.0, 1.0)


def picture_point(px: float, py: float, shown: Rect, source: Rect = WHOLE
                  ) -> tuple[float, float]:
    """A tile point (px, py) as a fraction of the whole camera picture. ``shown``: where
    the picture lies on the tile, in pixels; ``source``: the part of the picture shown
    there (fractions), the digital zoom's. Clamped to the picture."""
    sx, sy, sw, sh = shown
    fx = 0.0 if sw <= 0 else min(1.0, max(0.0, (px - sx) / sw))
    fy = 0.0 if sh <= 0 else min(1.0, max(0.0, (py - sy) / sh))
    ox, oy, ow, oh = source
    return ox + fx * ow, oy + fy * oh


def region_from_drag(a: tuple[float, float], b: tuple[float, float], shown: Rect,
                     source: Rect = WHOLE) -> MotionRegion:
    """The picture region of a rectangle dragged from tile point ``a`` to ``b``."""
    x0, y0 = picture_point(*a, shown, source)
    x1, y1 = picture_point(*b, shown, source)
    return MotionRegion.from_corners(x0, y0, x1, y1)


def tile_rect(region: MotionRegion, shown: Rect, source: Rect = WHOLE) -> Rect | None:
    """Where a picture region lies on the tile now (clipped to the part shown), in
    pixels; None when none of it is in view."""
    ox, oy, ow, oh = source
    if ow <= 0 or oh <= 0:
        return None
    left = max(region.x, ox)
    top = max(region.y, oy)
    right = min(region.x + region.w, ox + ow)
    bottom = min(region.y + region.h, oy + oh)
    if right <= left or bottom <= top:
        return None
    sx, sy, sw, sh = shown
    x0 = sx + (left - ox) / ow * sw
    y0 = sy + (top - oy) / oh * sh
    x1 = sx + (right - ox) / ow * sw
    y1 = sy + (bottom - oy) / oh * sh
    return x0, y0, x1 - x0, y1 - y0
