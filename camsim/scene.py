"""The large scene a PTZ camera looks at, as I420 planes.

Chroma runs smoothly with position (U with x, V with y), a grid every ``CELL`` pixels
carries its cell coordinates ("X03 Y07"), and deterministic landmarks (discs and
blocks of distinct brightness) give every region its own texture, so a viewer or a
test can tell where in the scene the camera looks and how far the picture moved.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from camsim.glyphs import render_text

WIDTH, HEIGHT = 5760, 3240
CELL = 360


@dataclass(frozen=True)
class Scene:
    y: np.ndarray  # HEIGHT x WIDTH
    u: np.ndarray  # HEIGHT/2 x WIDTH/2
    v: np.ndarray

    @property
    def width(self) -> int:
        return self.y.shape[1]

    @property
    def height(self) -> int:
        return self.y.shape[0]


def build_scene(seed: int = 7, width: int = WIDTH, height: int = HEIGHT) -> Scene:
    rng = random.Random(seed)
    luma = np.full((height, width), 150, dtype=np.uint8)
    _landmarks(luma, rng)
    _grid(luma)
    _labels(luma)
    cw, ch = width // 2, height // 2
    u = np.broadcast_to(np.linspace(60, 196, cw, dtype=np.float32)[None, :], (ch, cw))
    v = np.broadcast_to(np.linspace(196, 60, ch, dtype=np.float32)[:, None], (ch, cw))
    return Scene(luma, u.astype(np.uint8), v.astype(np.uint8))


def _landmarks(luma: np.ndarray, rng: random.Random) -> None:
    height, width = luma.shape
    yy, xx = np.ogrid[:height, :width]
    for _ in range(420):
        size = rng.randint(30, 160)
        cx, cy = rng.randrange(width), rng.randrange(height)
        shade = rng.choice((20, 50, 90, 200, 235))
        x0, x1 = max(0, cx - size), min(width, cx + size)
        y0, y1 = max(0, cy - size), min(height, cy + size)
        if rng.random() < 0.5:
            luma[y0:y1, x0:x1] = shade
        else:
            disc = (yy[y0:y1] - cy) ** 2 + (xx[:, x0:x1] - cx) ** 2 <= size * size
            luma[y0:y1, x0:x1][disc] = shade


def _grid(luma: np.ndarray) -> None:
    for offset in range(0, luma.shape[1], CELL):
        luma[:, offset : offset + 6] = 10
    for offset in range(0, luma.shape[0], CELL):
        luma[offset : offset + 6, :] = 10


def _labels(luma: np.ndarray) -> None:
    for row in range(luma.shape[0] // CELL):
        for col in range(luma.shape[1] // CELL):
            mask = render_text(f"X{col:02d} Y{row:02d}", 5)
            y0, x0 = row * CELL + 20, col * CELL + 20
            h, w = mask.shape
            box = luma[y0 - 8 : y0 + h + 8, x0 - 8 : x0 + w + 8]
            box[...] = 255
            luma[y0 : y0 + h, x0 : x0 + w][mask] = 0
