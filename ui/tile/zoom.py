"""Digital zoom and pan of a tile: pure maths on normalised picture coordinates.

Coordinates are fractions of the picture (0..1 both ways), so a zoom survives the
switch from the sub stream to the main stream, whose pictures differ only in size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_FACTOR = 1.0
MAX_FACTOR = 8.0
WHEEL_STEP = 1.25  # zoom per wheel notch (120 eighths of a degree)
# Past this much zoom the sub stream's pixels show: the tile switches to the main stream.
MAIN_STREAM_FACTOR = 1.5


@dataclass(frozen=True)
class ZoomState:
    factor: float = 1.0
    cx: float = 0.5  # centre of the visible part, as a fraction of the picture
    cy: float = 0.5

    @property
    def zoomed(self) -> bool:
        return self.factor > MIN_FACTOR + 1e-6

    def source(self) -> tuple[float, float, float, float]:
        """The visible part of the picture: (x, y, width, height) as fractions."""
        size = 1.0 / self.factor
        return self.cx - size / 2, self.cy - size / 2, size, size

    def zoom_at(self, fx: float, fy: float, factor: float) -> ZoomState:
        """Zoom to ``factor`` keeping the picture point under (fx, fy) where it is;
        fx, fy: the cursor as a fraction of the shown picture rectangle."""
        factor = min(MAX_FACTOR, max(MIN_FACTOR, factor))
        x, y, size, _ = self.source()
        px, py = x + fx * size, y + fy * size  # the picture point under the cursor
        new_size = 1.0 / factor
        return _clamped(ZoomState(factor, px - fx * new_size + new_size / 2,
                                  py - fy * new_size + new_size / 2))

    def wheel(self, fx: float, fy: float, angle_delta: int) -> ZoomState:
        return self.zoom_at(fx, fy, self.factor * WHEEL_STEP ** (angle_delta / 120))

    def pan(self, dfx: float, dfy: float) -> ZoomState:
        """Drag by (dfx, dfy) fractions of the shown rectangle: the picture follows."""
        size = 1.0 / self.factor
        return _clamped(replace(self, cx=self.cx - dfx * size, cy=self.cy - dfy * size))


def _clamped(state: ZoomState) -> ZoomState:
    half = 0.5 / state.factor
    return replace(state, cx=min(1.0 - half, max(half, state.cx)),
                   cy=min(1.0 - half, max(half, state.cy)))
