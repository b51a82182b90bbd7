"""A tiny 5x7 bitmap font, so the PTZ scene can carry coordinates without a font stack."""

from __future__ import annotations

import numpy as np

_GLYPHS = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11110", "00001", "00001", "01110", "00001", "00001", "11110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    "X": ("10001", "10001", "01010", "00100", "01010", "10001", "10001"),
    "Y": ("10001", "10001", "01010", "00100", "00100", "00100", "00100"),
    " ": ("00000",) * 7,
}


def render_text(text: str, scale: int) -> np.ndarray:
    """A boolean mask of ``text``, each font pixel ``scale`` pixels wide."""
    columns = []
    for char in text:
        rows = _GLYPHS[char]
        glyph = np.array([[c == "1" for c in row] for row in rows], dtype=bool)
        columns.append(glyph)
        columns.append(np.zeros((7, 1), dtype=bool))  # one column of spacing
    mask = np.hstack(columns)
    return np.kron(mask, np.ones((scale, scale), dtype=bool))
