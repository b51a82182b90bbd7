"""What checking a segment costs (server/segment_check.py), beside ffmpeg doing the
nearest things: reading it through (a copy remux, what playback and export do anyway) and
decoding every frame (the thorough check nobody can afford on every segment).

A 10 s 1920x1080 H.264 segment at 15 fps, 2 s GOP, ~4 Mbit/s, fragmented like the
recorder's (frag_keyframe+empty_moov+default_base_moof), made by ffmpeg from testsrc2.
Each side runs --runs times; median wall ms, and each peer's median over the check's.

    .venv/bin/python -m bench.bench_segment_check [--runs 9] [--out var/bench/segment_check.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from server.segment_check import SegmentHealth, check_segment

REPO = Path(__file__).resolve().parent.parent


def _make(path: Path) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=15",
         "-t", "10", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "4M", "-g", "30",
         "-bf", "0", "-pix_fmt", "yuv420p",
         "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)],
        check=True)


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", *args], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_segment_check")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, default=REPO / "var/bench/segment_check.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        seg = Path(tmp) / "segment.mp4"
        _make(seg)
        assert check_segment(seg, 150).health is SegmentHealth.OK
        result = {
            "bytes": seg.stat().st_size,
            "check_no_decode_ms": _median_ms(lambda: check_segment(seg, 150, decode=False),
                                             args.runs),
            "check_ms": _median_ms(lambda: check_segment(seg, 150), args.runs),
            "ffmpeg_copy_ms": _median_ms(
                lambda: _ffmpeg("-i", str(seg), "-c", "copy", "-f", "null", "-"), args.runs),
            "ffmpeg_decode_ms": _median_ms(
                lambda: _ffmpeg("-threads", "1", "-i", str(seg), "-f", "null", "-"), args.runs),
        }
    for peer in ("ffmpeg_copy_ms", "ffmpeg_decode_ms"):
        result[f"{peer[:-3]}_over_check"] = round(result[peer] / result["check_ms"], 2)
    for key, value in result.items():
        print(f"{key:28} {value:.1f}" if isinstance(value, float) else f"{key:28} {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
