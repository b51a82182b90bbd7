"""How a camera's picture looks: a colour per camera so cameras differ by pixels."""

from __future__ import annotations

import colorsys

GOLDEN = 0.618033988749895


def argb(r: float, g: float, b: float) -> int:
    return 0xFF000000 | (round(r * 255) << 16) | (round(g * 255) << 8) | round(b * 255)


def background_argb(index: int) -> int:
    """A dark, saturated colour; the golden-ratio hue walk keeps neighbours far apart."""
    hue = (index * GOLDEN) % 1.0
    value = 0.35 + 0.2 * ((index * 3) % 4) / 3
    return argb(*colorsys.hsv_to_rgb(hue, 0.75, value))


def ball_argb(index: int) -> int:
    hue = (index * GOLDEN + 0.5) % 1.0
    return argb(*colorsys.hsv_to_rgb(hue, 0.6, 1.0))


# videotestsrc "motion" values give each camera a different movement as well.
BALL_MOTIONS = ("wavy", "sweep", "hsweep")


def ball_motion(index: int) -> str:
    return BALL_MOTIONS[index % len(BALL_MOTIONS)]
