"""Pull decoded pictures from camsim over RTSP (PyAV) and measure how they moved."""

from __future__ import annotations

import threading

import av
import numpy as np

# Generous fail-safe limits: they only stop a hung test, they never decide a result.
OPEN_TIMEOUT_S = 15.0
READ_TIMEOUT_S = 10.0


def open_rtsp(url: str, read_timeout_s: float = READ_TIMEOUT_S):
    return av.open(
        url, options={"rtsp_transport": "tcp"}, timeout=(OPEN_TIMEOUT_S, read_timeout_s)
    )


def grab(url: str, count: int, fmt: str = "rgb24") -> list[np.ndarray]:
    """``count`` consecutive decoded frames from a fresh session."""
    frames = []
    with open_rtsp(url) as container:
        for frame in container.decode(video=0):
            frames.append(frame.to_ndarray(format=fmt))
            if len(frames) == count:
                break
    return frames


class LiveReader:
    """Decodes a stream in a thread; tests wait for a number of new frames."""

    def __init__(self, url: str) -> None:
        self._container = open_rtsp(url)
        self._cond = threading.Condition()
        self._latest: np.ndarray | None = None
        self._count = 0
        self.error: Exception | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for frame in self._container.decode(video=0):
                gray = frame.to_ndarray(format="gray").astype(np.float32)
                with self._cond:
                    self._latest, self._count = gray, self._count + 1
                    self._cond.notify_all()
                if self._closed:
                    break
        except Exception as exc:  # surfaced to the test through .error
            self.error = exc
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def frame_after(self, new_frames: int) -> np.ndarray:
        """The latest frame once ``new_frames`` more frames have arrived."""
        with self._cond:
            target = self._count + new_frames
            ok = self._cond.wait_for(
                lambda: self._count >= target or self._closed, timeout=60
            )
            if not ok or self._count < target:
                raise AssertionError(f"stream stopped before {new_frames} frames: {self.error}")
            return self._latest

    @property
    def count(self) -> int:
        with self._cond:
            return self._count

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        self._thread.join(timeout=READ_TIMEOUT_S + 5)
        self._container.close()


def _centre(img: np.ndarray) -> np.ndarray:
    # Leave out the top rows (name and clock overlays) and the borders.
    h, w = img.shape
    return img[h // 8 : h - h // 16, w // 16 : w - w // 16]


def measure_shift(before: np.ndarray, after: np.ndarray) -> tuple[int, int]:
    """(dx, dy) such that ``after`` is ``before`` moved by dx right and dy down."""
    a, b = _centre(before), _centre(after)
    window = np.outer(np.hanning(a.shape[0]), np.hanning(a.shape[1]))
    fa = np.fft.fft2((a - a.mean()) * window)
    fb = np.fft.fft2((b - b.mean()) * window)
    cross = np.conj(fa) * fb
    corr = np.fft.ifft2(cross / (np.abs(cross) + 1e-9)).real
    dy, dx = np.unravel_index(np.argmax(corr), corr.shape)
    if dy > a.shape[0] // 2:
        dy -= a.shape[0]
    if dx > a.shape[1] // 2:
        dx -= a.shape[1]
    return int(dx), int(dy)


def _zoom_about_centre(img: np.ndarray, factor: float) -> np.ndarray:
    h, w = img.shape
    ys = np.clip(((np.arange(h) + 0.5 - h / 2) / factor + h / 2).astype(int), 0, h - 1)
    xs = np.clip(((np.arange(w) + 0.5 - w / 2) / factor + w / 2).astype(int), 0, w - 1)
    return img[ys][:, xs]


def measure_zoom(before: np.ndarray, after: np.ndarray) -> float:
    """The magnification about the centre that best turns ``before`` into ``after``."""
    target = _centre(after)
    best, best_score = 1.0, -np.inf
    for factor in np.linspace(0.5, 5.0, 91):
        candidate = _centre(_zoom_about_centre(before, factor))
        score = np.corrcoef(candidate.ravel(), target.ravel())[0, 1]
        if score > best_score:
            best, best_score = float(factor), score
    return best


def mean_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a.astype(np.float32) - b.astype(np.float32))))
