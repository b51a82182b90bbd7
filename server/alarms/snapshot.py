"""The picture an alarm carries: a grey (luma) plane as a small JPEG.

The detectors already hold the decoded Y plane (they analyse luma only), so the snapshot
is grey: encoding it costs one scale and one MJPEG encode with the PyAV that decodes the
stream anyway (as server/node/thumbnails.py does), no image library more.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

MAX_WIDTH = 640  # the alarm list shows a thumbnail; a wider one only costs the database


def snapshot_jpeg(luma: np.ndarray, max_width: int = MAX_WIDTH) -> bytes:
    """JPEG bytes of a uint8 HxW luma plane, scaled down to at most ``max_width`` wide
    (never up). Raises ValueError for anything but a 2-D uint8 array of at least 2x2."""
    if luma.ndim != 2 or luma.dtype != np.uint8 or min(luma.shape) < 2:
        raise ValueError(f"a luma plane is a 2-D uint8 array, not {luma.dtype} {luma.shape}")
    height, width = luma.shape
    # Even sizes: the encoder takes 4:2:0, whose chroma is half the luma each way.
    out_w = max(2, min(width, max_width) // 2 * 2)
    out_h = max(2, round(height * out_w / width / 2) * 2)
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(luma), format="gray")
    small = frame.reformat(width=out_w, height=out_h, format="yuvj420p")
    encoder = av.CodecContext.create("mjpeg", "w")
    encoder.width, encoder.height, encoder.pix_fmt = out_w, out_h, "yuvj420p"
    encoder.time_base = Fraction(1, 25)
    packets = encoder.encode(small) + encoder.encode(None)
    return b"".join(bytes(p) for p in packets)
