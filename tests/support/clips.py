"""Test clips made by ffmpeg: the left half blue, the right half red, so a test can
tell where the picture went (cropped, mirrored, letterboxed)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def blue_red_clip(path: Path, seconds: float) -> bytes:
    """A fragmented MP4 (playable while it downloads), 320x180 at 15 fps."""
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
         "color=c=red:s=320x180:r=15,drawbox=x=0:y=0:w=160:h=180:color=blue:t=fill",
         "-t", str(seconds), "-c:v", "libx264", "-g", "15", "-pix_fmt", "yuv420p",
         "-movflags", "frag_keyframe+empty_moov", str(path)],
        check=True, timeout=60)
    return path.read_bytes()
