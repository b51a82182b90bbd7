"""Snapshots: a decoded frame written as a PNG named after its camera and the time (WIB,
as every time on screen; exports are named the same way by the server).

The PNG is written here with zlib rather than through QImage, so saving runs on a
worker thread inside app/ (which never imports QtGui) and is testable without a GUI.
"""

from __future__ import annotations

import re
import struct
import zlib
from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QStandardPaths

from app.timefmt import WIB


def default_snapshot_dir() -> Path:
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(pictures or Path.home() / "Pictures") / "Pantau"


def snapshot_name(camera_name: str, when: datetime) -> str:
    """``Pantau_Taman-Suropati_20261122-134507WIB.png``: the time in WIB as the tile showed
    it (``when`` naive: the machine's local time); sorts by camera, then time, and is a
    valid file name on Windows too."""
    safe = re.sub(r"\W+", "-", camera_name).strip("-") or "camera"
    return f"Pantau_{safe}_{when.astimezone(WIB):%Y%m%d-%H%M%S}WIB.png"


def free_snapshot_path(directory: Path, camera_name: str, when: datetime) -> Path:
    """A path that does not exist yet (a second snapshot in one second gets ~2)."""
    path = directory / snapshot_name(camera_name, when)
    stem, counter = path.stem, 2
    while path.exists():
        path = path.with_name(f"{stem}~{counter}.png")
        counter += 1
    return path


def write_png(path: Path, rgb: np.ndarray) -> None:
    """Write an (height, width, 3) uint8 RGB array as an 8-bit RGB PNG (blocking)."""
    height, width, channels = rgb.shape
    if channels != 3 or rgb.dtype != np.uint8:
        raise ValueError("write_png expects uint8 RGB")
    rows = np.empty((height, 1 + width * 3), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" on every row
    rows[:, 1:] = rgb.reshape(height, width * 3)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(body)
    tmp.replace(path)  # never a half-written PNG under the final name
