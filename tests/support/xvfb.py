"""A private Xvfb for GUI end-to-end tests, screenshots of it, and pixel checks."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np


@dataclass
class Xvfb:
    display: str
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_xvfb(screens: list[tuple[int, int]] | None = None, xinerama: bool = False) -> Xvfb:
    """Start Xvfb on a free display number (Xvfb picks it and tells us via -displayfd)."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed (make test installs the xvfb package)")
    screens = screens or [(1920, 1080)]
    args = ["Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-noreset"]
    for index, (width, height) in enumerate(screens):
        args += ["-screen", str(index), f"{width}x{height}x24"]
    if xinerama:
        args.append("+xinerama")
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    number = process.stdout.readline().strip()
    if not number:
        process.kill()
        raise RuntimeError("Xvfb did not report a display number")
    return Xvfb(f":{int(number)}", process)


def screenshot(display: str, path: str | os.PathLike) -> np.ndarray:
    """Grab the X server's root window (what is really on screen) as RGB uint8."""
    subprocess.run(["import", "-display", display, "-window", "root", str(path)],
                   check=True, timeout=30, capture_output=True)
    return read_png(path)


def read_png(path: str | os.PathLike) -> np.ndarray:
    # ImageMagick writes binary PPM that numpy reads without an image library.
    ppm = subprocess.run(["convert", str(path), "ppm:-"], check=True, capture_output=True,
                         timeout=30).stdout
    header, offset = _ppm_header(ppm)
    width, height = header
    return np.frombuffer(ppm, dtype=np.uint8, count=width * height * 3,
                         offset=offset).reshape(height, width, 3)


def _ppm_header(data: bytes) -> tuple[tuple[int, int], int]:
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6", fields[0]
    return (int(fields[1]), int(fields[2])), pos + 1


def region(image: np.ndarray, x: int, y: int, w: int, h: int) -> np.ndarray:
    return image[y:y + h, x:x + w].astype(np.int16)


def mean_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())
