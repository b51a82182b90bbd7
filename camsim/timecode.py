"""The latency camera's time code: a capture time drawn as black and white blocks.

Pure numpy, so camsim draws it and the glass-to-glass bench reads it back from the
screen with the same geometry. Everything is relative to the picture's size, so the
code survives any scaling that keeps the picture whole (a 1280x720 stream shown in a
240x135 tile still has cells of 7 by 16 pixels).

Geometry: a band across the middle of the picture (rows 3/8..5/8 of its height, away
from the title and clock overlays at the top and any tile header) split into two rows
of 34 slots of width/34; slots 1..32 are cells (slot 0 and 33 stay as the background,
a margin for a picture cropped by a pixel or two). A cell is white (luma 235) for 1 and
black (luma 16) for 0.

Content, 64 cells: each row starts with two marker cells, row 0 white-black and row 1
black-white, which give the reader the black and white levels as this picture arrived
(after compression, scaling and colour conversion) and reject a band read upside down
or from the wrong place. Then 60 payload bits, 30 per row, most significant first:
the 48-bit capture time in milliseconds since the Unix epoch followed by its 12-bit
CRC (polynomial 0x80F, initial value 0). A picture torn between two frames, a half
painted one or a misplaced read fails the markers, a cell between the two levels, or
the CRC, and is rejected rather than misread.
"""

from __future__ import annotations

import numpy as np

SLOTS = 34  # per row: a margin slot, 32 cells, a margin slot
CELLS = 32
ROWS = 2
TIME_BITS = 48
CRC_BITS = 12
CRC_POLY = 0x80F
WHITE = 235
BLACK = 16
# Band rows as fractions of the picture height.
BAND_TOP = 3 / 8
BAND_BOTTOM = 5 / 8
_MARKERS = ((1, 0), (0, 1))
# A cell nearer than this (as a share of the white-black gap) to the middle is neither.
_AMBIGUOUS = 0.2
_MIN_CONTRAST = 60.0


def crc12(value: int, bits: int = TIME_BITS) -> int:
    """CRC-12 (poly 0x80F, init 0, no reflection) of ``value``'s ``bits`` bits, MSB first."""
    crc = 0
    for i in range(bits - 1, -1, -1):
        top = ((crc >> (CRC_BITS - 1)) & 1) ^ ((value >> i) & 1)
        crc = (crc << 1) & ((1 << CRC_BITS) - 1)
        if top:
            crc ^= CRC_POLY
    return crc


def cells_of(ms: int) -> np.ndarray:
    """The 2x32 cell values (0/1) that carry ``ms``."""
    if not 0 <= ms < 1 << TIME_BITS:
        raise ValueError(f"{ms} does not fit in {TIME_BITS} bits")
    word = (ms << CRC_BITS) | crc12(ms)
    payload = [(word >> (TIME_BITS + CRC_BITS - 1 - i)) & 1 for i in range(TIME_BITS + CRC_BITS)]
    half = len(payload) // ROWS
    rows = [list(_MARKERS[r]) + payload[r * half:(r + 1) * half] for r in range(ROWS)]
    return np.array(rows, dtype=np.uint8)


def band_box(width: int, height: int) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the band in a ``width`` x ``height`` picture: the part of the
    picture a reader needs (the bench grabs only this from the screen)."""
    top = int(height * BAND_TOP)
    return 0, top, width, int(height * BAND_BOTTOM) - top


def _edges(length: int, parts: int) -> np.ndarray:
    return np.round(np.arange(parts + 1) * (length / parts)).astype(int)


def draw(luma: np.ndarray, ms: int) -> None:
    """Draw the code of ``ms`` into a picture's luma plane (H x W uint8), in place."""
    height, width = luma.shape
    _x, top, _w, band_h = band_box(width, height)
    ys = top + _edges(band_h, ROWS)
    xs = _edges(width, SLOTS)
    for r, row in enumerate(cells_of(ms)):
        for c, bit in enumerate(row):
            luma[ys[r]:ys[r + 1], xs[c + 1]:xs[c + 2]] = WHITE if bit else BLACK


def read_band(band: np.ndarray) -> int | None:
    """The time (ms) carried by a band as ``band_box`` cuts it from a picture, gray
    (H x W) or RGB (H x W x 3), any size; None when it is not a clean code."""
    band = np.asarray(band, dtype=np.float32)
    if band.ndim == 3:
        band = band.mean(axis=2)
    height, width = band.shape
    if height < ROWS * 2 or width < SLOTS * 2:
        return None
    ys = _edges(height, ROWS)
    xs = _edges(width, SLOTS)
    levels = np.empty((ROWS, CELLS), dtype=np.float32)
    for r in range(ROWS):
        # The middle half of each cell: its edges blur with scaling and compression.
        y0, y1 = ys[r], ys[r + 1]
        qy = (y1 - y0) // 4
        rows = band[y0 + qy:y1 - qy]
        for c in range(CELLS):
            x0, x1 = xs[c + 1], xs[c + 2]
            qx = (x1 - x0) // 4
            levels[r, c] = rows[:, x0 + qx:x1 - qx].mean()
    white = (levels[0, 0] + levels[1, 1]) / 2
    black = (levels[0, 1] + levels[1, 0]) / 2
    if white - black < _MIN_CONTRAST:
        return None
    share = (levels - black) / (white - black)
    if np.any(np.abs(share - 0.5) < 0.5 - _AMBIGUOUS):
        return None
    bits = (share > 0.5).astype(np.uint8)
    if any(tuple(bits[r, :2]) != _MARKERS[r] for r in range(ROWS)):
        return None
    word = 0
    for bit in np.concatenate([bits[r, 2:] for r in range(ROWS)]):
        word = (word << 1) | int(bit)
    ms, crc = word >> CRC_BITS, word & ((1 << CRC_BITS) - 1)
    return ms if crc12(ms) == crc else None


def read(picture: np.ndarray) -> int | None:
    """The time (ms) drawn into a whole picture (gray or RGB), any size; None if none."""
    height, width = picture.shape[:2]
    x, y, w, h = band_box(width, height)
    return read_band(picture[y:y + h, x:x + w])
