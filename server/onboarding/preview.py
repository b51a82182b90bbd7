"""One decoded picture as a JPEG no wider than 640 pixels (the add dialog's preview)."""

from __future__ import annotations

from fractions import Fraction

import av

MAX_WIDTH = 640


def jpeg(frame: av.VideoFrame, max_width: int = MAX_WIDTH) -> bytes:
    width = min(max_width, frame.width) // 2 * 2  # even sizes, for 4:2:0
    height = max(2, round(frame.height * width / frame.width / 2) * 2)
    small = frame.reformat(width=width, height=height, format="yuvj420p")
    encoder = av.CodecContext.create("mjpeg", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuvj420p"
    encoder.time_base = Fraction(1, 25)
    return b"".join(bytes(p) for p in encoder.encode(small) + encoder.encode(None))
