"""The motion grid: which parts of a camera's picture moved in one window of time.

The picture is cut into ``COLUMNS`` x ``ROWS`` cells of equal size, whatever its
resolution or aspect: cell (c, r) covers the fractions ``[c/COLUMNS, (c+1)/COLUMNS)`` of
the picture's width and ``[r/ROWS, (r+1)/ROWS)`` of its height, from the top left.
A grid is one bit per cell, cell (c, r) at bit ``r * COLUMNS + c``, packed into
``GRID_BYTES`` bytes with the first cell in the most significant bit of the first byte
(numpy's ``packbits`` order). docs/motion.md describes the stored form in full.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COLUMNS = 32
ROWS = 18
CELLS = COLUMNS * ROWS
GRID_BYTES = CELLS // 8
WINDOW_S = 1.0  # one grid per this much time


@dataclass(frozen=True)
class Region:
    """A rectangle on the picture, in fractions of its width and height (0..1)."""

    x: float
    y: float
    w: float
    h: float

    @classmethod
    def whole(cls) -> Region:
        return cls(0.0, 0.0, 1.0, 1.0)

    def to_json(self) -> dict:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}

    def cells(self) -> np.ndarray:
        """ROWS x COLUMNS booleans: the cells the rectangle overlaps (at least one, the
        one under its centre, however small it is)."""
        x0, x1 = sorted((_clamp(self.x), _clamp(self.x + self.w)))
        y0, y1 = sorted((_clamp(self.y), _clamp(self.y + self.h)))
        c0, c1 = _span(x0, x1, COLUMNS)
        r0, r1 = _span(y0, y1, ROWS)
        chosen = np.zeros((ROWS, COLUMNS), dtype=bool)
        chosen[r0:r1, c0:c1] = True
        return chosen

    def mask(self) -> bytes:
        return pack(self.cells())


def _clamp(v: float) -> float:
    return min(1.0, max(0.0, v))


def _span(lo: float, hi: float, count: int) -> tuple[int, int]:
    """Indices [first, last) of the cells the interval [lo, hi] overlaps."""
    first = min(count - 1, int(lo * count))
    last = max(first + 1, min(count, int(np.ceil(hi * count - 1e-9))))
    return first, last


def pack(cells: np.ndarray) -> bytes:
    """ROWS x COLUMNS booleans -> GRID_BYTES bytes."""
    return np.packbits(cells.reshape(-1).astype(bool)).tobytes()


def unpack(grid: bytes) -> np.ndarray:
    return np.unpackbits(np.frombuffer(grid, dtype=np.uint8))[:CELLS].astype(bool).reshape(
        ROWS, COLUMNS)


def as_rows(grids: list[bytes] | bytes) -> np.ndarray:
    """Grids (a list, or one buffer of whole grids) as an N x GRID_BYTES uint8 array."""
    data = grids if isinstance(grids, bytes | bytearray) else b"".join(grids)
    return np.frombuffer(data, dtype=np.uint8).reshape(-1, GRID_BYTES)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def overlap_counts(rows: np.ndarray, mask: bytes) -> np.ndarray:
    """Per grid (row), how many of ``mask``'s cells moved in it."""
    anded = rows & np.frombuffer(mask, dtype=np.uint8)
    return _POPCOUNT[anded].sum(axis=1, dtype=np.int32)
