"""A 5x7 bitmap font for burning a watermark into exported pictures (PyAV's FFmpeg has
no drawtext). Upper case, digits and the punctuation a name and a time need."""

from __future__ import annotations

import numpy as np

# Each glyph: seven rows of five bits, most significant bit on the left.
_GLYPHS = {
    " ": (0, 0, 0, 0, 0, 0, 0),
    "0": (14, 17, 19, 21, 25, 17, 14), "1": (4, 12, 4, 4, 4, 4, 14),
    "2": (14, 17, 1, 2, 4, 8, 31), "3": (31, 2, 4, 2, 1, 17, 14),
    "4": (2, 6, 10, 18, 31, 2, 2), "5": (31, 16, 30, 1, 1, 17, 14),
    "6": (6, 8, 16, 30, 17, 17, 14), "7": (31, 1, 2, 4, 8, 8, 8),
    "8": (14, 17, 17, 14, 17, 17, 14), "9": (14, 17, 17, 15, 1, 2, 12),
    "A": (14, 17, 17, 31, 17, 17, 17), "B": (30, 17, 17, 30, 17, 17, 30),
    "C": (14, 17, 16, 16, 16, 17, 14), "D": (28, 18, 17, 17, 17, 18, 28),
    "E": (31, 16, 16, 30, 16, 16, 31), "F": (31, 16, 16, 30, 16, 16, 16),
    "G": (14, 17, 16, 23, 17, 17, 15), "H": (17, 17, 17, 31, 17, 17, 17),
    "I": (14, 4, 4, 4, 4, 4, 14), "J": (7, 2, 2, 2, 2, 18, 12),
    "K": (17, 18, 20, 24, 20, 18, 17), "L": (16, 16, 16, 16, 16, 16, 31),
    "M": (17, 27, 21, 21, 17, 17, 17), "N": (17, 17, 25, 21, 19, 17, 17),
    "O": (14, 17, 17, 17, 17, 17, 14), "P": (30, 17, 17, 30, 16, 16, 16),
    "Q": (14, 17, 17, 17, 21, 18, 13), "R": (30, 17, 17, 30, 20, 18, 17),
    "S": (15, 16, 16, 14, 1, 1, 30), "T": (31, 4, 4, 4, 4, 4, 4),
    "U": (17, 17, 17, 17, 17, 17, 14), "V": (17, 17, 17, 17, 17, 10, 4),
    "W": (17, 17, 17, 21, 21, 21, 10), "X": (17, 17, 10, 4, 10, 17, 17),
    "Y": (17, 17, 17, 10, 4, 4, 4), "Z": (31, 1, 2, 4, 8, 16, 31),
    ":": (0, 12, 12, 0, 12, 12, 0), "-": (0, 0, 0, 31, 0, 0, 0),
    ".": (0, 0, 0, 0, 0, 12, 12), "/": (0, 1, 2, 4, 8, 16, 0),
    "(": (2, 4, 8, 8, 8, 4, 2), ")": (8, 4, 2, 2, 2, 4, 8),
    ",": (0, 0, 0, 0, 12, 4, 8), "@": (14, 17, 1, 13, 21, 21, 14),
    "_": (0, 0, 0, 0, 0, 0, 31), "?": (14, 17, 1, 2, 4, 0, 4),
}  # fmt: skip


def text_mask(text: str, scale: int) -> np.ndarray:
    """A boolean picture of ``text`` (unknown characters as '?'), each dot scale x scale."""
    chars = [c if c in _GLYPHS else "?" for c in text.upper()]
    cols = max(len(chars) * 6 - 1, 1)
    bits = np.zeros((7, cols), bool)
    for i, char in enumerate(chars):
        for row, value in enumerate(_GLYPHS[char]):
            for col in range(5):
                bits[row, i * 6 + col] = bool(value >> (4 - col) & 1)
    return np.kron(bits, np.ones((scale, scale), bool)).astype(bool)


def burn_text(picture: np.ndarray, text: str, x: int, y: int, scale: int) -> None:
    """White text on a dark band at (x, y) of an RGB picture, in place, clipped."""
    mask = text_mask(text, scale)
    pad = scale
    h, w = picture.shape[:2]
    top, left = max(0, y - pad), max(0, x - pad)
    bottom, right = min(h, y + mask.shape[0] + pad), min(w, x + mask.shape[1] + pad)
    picture[top:bottom, left:right] = (picture[top:bottom, left:right] // 4).astype(np.uint8)
    mh, mw = min(mask.shape[0], h - y), min(mask.shape[1], w - x)
    if mh > 0 and mw > 0:
        picture[y : y + mh, x : x + mw][mask[:mh, :mw]] = 255
