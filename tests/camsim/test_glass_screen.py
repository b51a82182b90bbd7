"""bench_glass's reading of a screen: finding the latency picture, and the delays."""

from __future__ import annotations

import numpy as np

from bench.glass_screen import delays, locate
from camsim import timecode
from camsim.latency import PROFILES, TimecodeFrames

NOW_MS = 1_796_486_400_000


def rgb_picture(ms: int, width: int, height: int) -> np.ndarray:
    """The latency camera's picture as a player shows it: BT.601 limited range to RGB,
    scaled to ``width`` x ``height`` (nearest pixel, the crudest scaler)."""
    luma = TimecodeFrames(PROFILES[1]).picture(ms)
    ys = np.arange(height) * luma.shape[0] // height
    xs = np.arange(width) * luma.shape[1] // width
    scaled = luma[ys][:, xs].astype(np.float32)
    grey = np.clip((scaled - 16) * 255 / 219, 0, 255).round().astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)


def test_locate_finds_the_picture_in_a_window():
    screen = np.full((720, 1280, 3), 24, dtype=np.uint8)  # a dark UI around it
    screen[100:130, 0:1280] = 200  # a toolbar
    screen[90 + 20:90 + 20 + 300, 309:309 + 533] = rgb_picture(NOW_MS, 533, 300)
    assert locate(screen) == (309, 110, 533, 300)
    x, y, w, h = locate(screen)
    assert timecode.read(screen[y:y + h, x:x + w]) == NOW_MS


def test_locate_without_the_picture_is_none():
    assert locate(np.full((720, 1280, 3), 24, dtype=np.uint8)) is None


def test_delays_from_grabs():
    """Grabs every 4 ms; pictures made every 66 ms, each painted 30 ms later."""
    starts, ends, codes = [], [], []
    made = [NOW_MS + 66 * i for i in range(10)]
    for k in range(200):
        t = NOW_MS + 4 * k + 1.0
        shown = [m for m in made if m + 30 <= t]
        starts.append(t - 0.1)
        ends.append(t + 0.1)
        codes.append(shown[-1] if shown else None)
    result = delays({"starts": starts, "ends": ends, "codes": codes}, fps=1000 / 66)
    assert result["pictures_read"] == 10 and result["pictures_made"] == 10
    # Painted at +30 ms, seen by the first grab after: estimated within ±2 ms (half
    # the grab interval) of the truth.
    assert result["delay_ms"]["min"] >= 28 and result["delay_ms"]["max"] <= 32
    assert result["sampling_error_ms"]["p50"] == 2.0
    assert result["grabs_unreadable"] > 0  # before the first picture


def test_picture_on_screen_before_the_grabs_is_not_counted():
    codes = [NOW_MS] * 5 + [NOW_MS + 66] * 5
    starts = [NOW_MS + 500 + 4 * k for k in range(10)]
    result = delays({"starts": starts, "ends": starts, "codes": codes}, fps=15)
    assert result["pictures_read"] == 1
    assert result["delay_ms"]["p50"] == 500 + 18 - 66
