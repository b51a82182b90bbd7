"""Read the latency camera's time code off an X server's pixels (for bench_glass).

XGetImage through ctypes (libX11, no extra package): one call returns the pixels the
server holds now, so a read's time is known to within the call itself (a fraction of
a millisecond for the code's band), unlike a screen recorder whose frames are stamped
when they leave it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time

import numpy as np

from camsim import timecode

_ZPIXMAP = 2
_ALL_PLANES = 0xFFFFFFFF
# The latency camera's background (luma 96) as RGB after BT.601 limited-range
# conversion; a picture is found as the box of the largest region of that grey.
_BACKGROUND_RGB = round((96 - 16) * 255 / 219)


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
        ("red_mask", ctypes.c_ulong), ("green_mask", ctypes.c_ulong),
        ("blue_mask", ctypes.c_ulong), ("obdata", ctypes.c_void_p),
        ("create_image", ctypes.c_void_p), ("destroy_image", ctypes.c_void_p),
    ]  # fmt: skip


_DESTROY = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_XImage))


class Screen:
    """One connection to an X display, reading rectangles of its root window."""

    def __init__(self, display: str) -> None:
        path = ctypes.util.find_library("X11")
        if path is None:
            raise RuntimeError("libX11 not found")
        x = ctypes.CDLL(path)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XGetImage.restype = ctypes.POINTER(_XImage)
        x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._x = x
        self._display = x.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open display {display}")
        self._root = x.XDefaultRootWindow(self._display)

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None

    def rgb(self, x: int, y: int, w: int, h: int) -> np.ndarray:
        """The pixels of the rectangle now, H x W x 3 (24-bit TrueColor assumed, as Xvfb)."""
        image = self._x.XGetImage(self._display, self._root, x, y, w, h, _ALL_PLANES, _ZPIXMAP)
        if not image:
            raise RuntimeError("XGetImage failed (rectangle off the screen?)")
        try:
            img = image.contents
            size = img.bytes_per_line * img.height
            raw = np.frombuffer(ctypes.string_at(img.data, size), dtype=np.uint8)
            pixels = raw.reshape(img.height, img.bytes_per_line // 4, 4)[:, :w, :3]
            return pixels[:, :, ::-1]  # BGRX in memory -> RGB
        finally:
            _DESTROY(image.contents.destroy_image)(image)


def locate(image: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the latency camera's picture in a screenshot: the box of its grey
    background, nudged by a pixel or two until the code reads. None: not shown (yet)."""
    grey = np.all(np.abs(image.astype(np.int16) - _BACKGROUND_RGB) <= 6, axis=2)
    rows, cols = grey.sum(axis=1), grey.sum(axis=0)
    if rows.max(initial=0) < 40:
        return None
    ys = np.flatnonzero(rows > rows.max() * 0.2)
    xs = np.flatnonzero(cols > cols.max() * 0.2)
    y0, y1, x0, x1 = int(ys[0]), int(ys[-1]) + 1, int(xs[0]), int(xs[-1]) + 1
    for dx0, dy0, dx1, dy1 in ((0, 0, 0, 0), (1, 1, -1, -1), (-1, -1, 1, 1), (2, 2, -2, -2)):
        rect = (x0 + dx0, y0 + dy0, x1 + dx1 - x0 - dx0, y1 + dy1 - y0 - dy0)
        x, y, w, h = rect
        if x < 0 or y < 0 or w < 64 or h < 36:
            continue
        if timecode.read(image[y:y + h, x:x + w]) is not None:
            return rect
    return None


def find_picture(screen: Screen, size: tuple[int, int], timeout_s: float,
                 alive=lambda: True) -> tuple[int, int, int, int] | None:  # fmt: skip
    """Wait until the picture shows on the screen and return its rectangle."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and alive():
        rect = locate(screen.rgb(0, 0, *size))
        if rect is not None:
            return rect
        time.sleep(0.25)
    return None


def sample(screen: Screen, rect: tuple[int, int, int, int], seconds: float,
           period_s: float = 0.004) -> dict:  # fmt: skip
    """Read the code in ``rect`` every ``period_s`` for ``seconds``.

    Returns every grab as (start, end) wall times in ms and the code seen (or None),
    in order. Only the band is grabbed, which keeps a grab short."""
    x, y, w, h = rect
    bx, by, bw, bh = timecode.band_box(w, h)
    starts, ends, codes = [], [], []
    stop = time.monotonic() + seconds
    next_at = time.monotonic()
    while time.monotonic() < stop:
        t0 = time.time()
        band = screen.rgb(x + bx, y + by, bw, bh)
        t1 = time.time()
        starts.append(t0 * 1000)
        ends.append(t1 * 1000)
        codes.append(timecode.read_band(band))
        next_at += period_s
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        else:
            next_at = time.monotonic()
    return {"starts": starts, "ends": ends, "codes": codes}


def delays(grabs: dict, fps: float) -> dict:
    """Camera-to-screen delay of each distinct picture, from the grabs that saw it.

    A picture first seen by grab k was painted after grab k-1 looked and before grab k
    did: its paint time is taken as the middle of the two grabs' mid-points, with a
    sampling error of at most half their distance either way."""
    mids = [(a + b) / 2 for a, b in zip(grabs["starts"], grabs["ends"], strict=True)]
    seen: dict[int, float] = {}
    errors: list[float] = []
    unreadable = 0
    previous_mid = None
    already = {grabs["codes"][0]} if grabs["codes"] else set()  # on screen before we looked
    for mid, code in zip(mids, grabs["codes"], strict=True):
        if code is None:
            unreadable += 1
        elif code not in seen and code not in already and previous_mid is not None:
            seen[code] = (previous_mid + mid) / 2 - code
            errors.append((mid - previous_mid) / 2)
        previous_mid = mid
    codes = sorted(seen)
    # Pictures the camera made in the span that never reached the screen.
    expected = round((codes[-1] - codes[0]) * fps / 1000) + 1 if codes else 0
    values = [seen[c] for c in codes]
    durations = [b - a for a, b in zip(grabs["starts"], grabs["ends"], strict=True)]
    intervals = [b - a for a, b in zip(mids, mids[1:], strict=False)]
    return {
        "pictures_read": len(values),
        "pictures_made": expected,
        "grabs": len(mids),
        "grabs_unreadable": unreadable,
        "delay_ms": summary(values),
        "grab_interval_ms": summary(intervals),
        "grab_call_ms": summary(durations),
        "sampling_error_ms": summary(errors),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def summary(values: list[float]) -> dict | None:
    if not values:
        return None
    return {"p50": round(pct(values, 0.5), 1), "p95": round(pct(values, 0.95), 1),
            "max": round(max(values), 1), "min": round(min(values), 1)}
