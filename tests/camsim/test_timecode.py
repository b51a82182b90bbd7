"""The latency camera's time code: drawn, scaled, blurred, torn and read back."""

from __future__ import annotations

import numpy as np
import pytest

from camsim import timecode

NOW_MS = 1_796_486_400_123  # December 2026


def picture(ms: int, width: int = 640, height: int = 360) -> np.ndarray:
    luma = np.full((height, width), 128, dtype=np.uint8)
    timecode.draw(luma, ms)
    return luma


def scaled(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Area-averaged downscale (what a painter's smooth scaling approximates), then
    bilinear-ish rounding to the target grid."""
    h, w = image.shape
    ys = (np.arange(height + 1) * h / height).astype(int)
    xs = (np.arange(width + 1) * w / width).astype(int)
    out = np.empty((height, width), dtype=np.float32)
    for i in range(height):
        band = image[ys[i]:max(ys[i + 1], ys[i] + 1)].astype(np.float32).mean(axis=0)
        cums = np.concatenate([[0.0], np.cumsum(band)])
        lo, hi = xs[:-1], np.maximum(xs[1:], xs[:-1] + 1)
        out[i] = (cums[hi] - cums[lo]) / (hi - lo)
    return out.round().astype(np.uint8)


def test_crc12_known_values():
    assert timecode.crc12(0) == 0
    assert timecode.crc12(1, bits=1) == timecode.CRC_POLY
    # Any single flipped bit changes the CRC.
    base = timecode.crc12(NOW_MS)
    assert all(timecode.crc12(NOW_MS ^ (1 << i)) != base for i in range(timecode.TIME_BITS))


@pytest.mark.parametrize("ms", [0, 1, NOW_MS, (1 << 48) - 1])
def test_round_trip(ms):
    assert timecode.read(picture(ms)) == ms


def test_markers_and_layout():
    cells = timecode.cells_of(NOW_MS)
    assert cells.shape == (2, 32)
    assert tuple(cells[0, :2]) == (1, 0) and tuple(cells[1, :2]) == (0, 1)


def test_too_large_is_refused():
    with pytest.raises(ValueError):
        timecode.cells_of(1 << 48)


@pytest.mark.parametrize("size", [(240, 135), (320, 180), (1920, 1080), (257, 143)])
def test_survives_scaling(size):
    assert timecode.read(scaled(picture(NOW_MS, 1280, 720), *size)) == NOW_MS


def test_survives_noise_and_rgb():
    rng = np.random.default_rng(7)
    noisy = picture(NOW_MS).astype(np.int16) + rng.integers(-25, 26, size=(360, 640))
    gray = np.clip(noisy, 0, 255).astype(np.uint8)
    rgb = np.stack([gray, gray, gray], axis=2)
    assert timecode.read(rgb) == NOW_MS


def test_band_alone_reads_like_the_picture():
    image = picture(NOW_MS)
    x, y, w, h = timecode.band_box(640, 360)
    assert timecode.read_band(image[y:y + h, x:x + w]) == NOW_MS


def test_no_code_is_none():
    assert timecode.read(np.full((360, 640), 128, dtype=np.uint8)) is None
    assert timecode.read(np.zeros((360, 640), dtype=np.uint8)) is None


def test_torn_picture_is_rejected():
    """The top of one frame over the bottom of the next: the rows disagree."""
    old, new = picture(NOW_MS), picture(NOW_MS + 66_667 * 5 + 12345)
    x, y, w, h = timecode.band_box(640, 360)
    torn = old.copy()
    torn[y + h // 2:] = new[y + h // 2:]
    assert timecode.read(torn) is None


def test_half_blended_picture_is_rejected():
    """A picture caught mid-fade between two codes has cells between the levels."""
    a, b = picture(NOW_MS), picture(NOW_MS + 1)
    mixed = ((a.astype(np.uint16) + b) // 2).astype(np.uint8)
    assert timecode.read(mixed) is None


def test_misplaced_read_is_rejected():
    """Reading a band shifted by half a cell sideways or half a row down fails."""
    image = picture(NOW_MS)
    assert timecode.read(np.roll(image, 640 // 34 // 2 + 4, axis=1)) is None
    assert timecode.read(np.roll(image, 360 // 8 // 2 + 8, axis=0)) is None


def test_small_shift_is_tolerated():
    image = picture(NOW_MS)
    assert timecode.read(np.roll(image, 3, axis=1)) == NOW_MS
    assert timecode.read(np.roll(image, 4, axis=0)) == NOW_MS
