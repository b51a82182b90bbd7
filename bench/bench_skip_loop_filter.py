"""What skipping the loop filter saves on a small tile, and what it costs to the eye.

A tile much smaller than its stream (an 8x8 tile of 240x135 showing a camera's 640x360
sub stream, where the camera has no third stream) shows a picture scaled down by 2.7x.
FFmpeg's ``skip_loop_filter`` leaves out H.264's deblocking (and H.265's deblocking and
SAO): less work per frame, blockier edges, but the blocks are 8x8 or 16x16 pixels of
the stream and the scaling averages them away. This bench decodes the same clip both
ways, scales every picture to the tile's size as the client does (area averaging), and
reports the decode CPU and the PSNR of the scaled pictures against the fully decoded
ones, at several tile widths.

The clip is encoded as cameras encode: x264/x265 "veryfast" with deblocking on, a
moving test pattern with noise, 15 fps, a 4 s GOP (an unfiltered reference's error
adds up along it), the bitrate of a sub stream. A stream encoded without deblocking
(x264 "ultrafast", which camsim uses) would show no difference at all.

    .venv/bin/python -m bench.bench_skip_loop_filter [--seconds 20] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import Interpolation

REPO = Path(__file__).resolve().parent.parent
WIDTHS = (160, 240, 320, 480)  # tile widths in device pixels (the stream is 640 wide)
ENCODERS = {"h264": ("libx264", "-x264-params", "keyint=60:min-keyint=60"),
            "hevc": ("libx265", "-x265-params", "keyint=60:min-keyint=60:log-level=error")}


def make_clip(folder: Path, codec: str, seconds: float) -> Path:
    encoder, params_flag, params = ENCODERS[codec]
    out = folder / f"clip-{codec}.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"testsrc2=size=640x360:rate=15:duration={seconds}",
         "-vf", "noise=alls=12:allf=t", "-c:v", encoder, "-preset", "veryfast",
         "-b:v", "600k", params_flag, params, "-pix_fmt", "yuv420p", str(out)],
        check=True)
    return out


def decode(path: Path, skip: bool, widths: tuple[int, ...]) -> tuple[float, dict]:
    """CPU seconds of decoding alone, and each width's scaled pictures."""
    scaled: dict[int, list[np.ndarray]] = {w: [] for w in widths}
    decode_cpu = 0.0
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if skip:
            stream.codec_context.options = {"skip_loop_filter": "all"}
        stream.codec_context.thread_count = 1  # as a wall's tile decodes
        packets = list(container.demux(stream))
        for packet in packets:
            t0 = time.process_time()
            frames = stream.codec_context.decode(packet)
            decode_cpu += time.process_time() - t0
            for frame in frames:
                for width in widths:
                    height = round(frame.height * width / frame.width)
                    picture = frame.reformat(width=width, height=height, format="rgb24",
                                             interpolation=Interpolation.AREA)
                    scaled[width].append(picture.to_ndarray())
    return decode_cpu, scaled


def worst_psnr(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    """The frame that drifted most (the loop filter's absence adds up along a GOP)."""
    return min(psnr([x], [y]) for x, y in zip(a, b, strict=True))


def psnr(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    mse = np.mean([np.mean((x.astype(np.float64) - y.astype(np.float64)) ** 2)
                   for x, y in zip(a, b, strict=True)])
    return float("inf") if mse == 0 else round(float(10 * np.log10(255 ** 2 / mse)), 2)


def run(seconds: float) -> dict:
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-skip-") as tmp:
        for codec in ENCODERS:
            clip = make_clip(Path(tmp), codec, seconds)
            # Alternate the two ways a few times: CPU time on a shared machine drifts.
            full_cpu, skip_cpu = [], []
            for _ in range(3):
                cpu, full = decode(clip, False, WIDTHS)
                full_cpu.append(cpu)
                cpu, skipped = decode(clip, True, WIDTHS)
                skip_cpu.append(cpu)
            results[codec] = {
                "frames": len(full[WIDTHS[0]]),
                "decode_cpu_s_full": round(min(full_cpu), 3),
                "decode_cpu_s_skip_loop_filter": round(min(skip_cpu), 3),
                "saving_pct": round(100 * (1 - min(skip_cpu) / min(full_cpu)), 1),
                "psnr_db_by_tile_width": {w: psnr(full[w], skipped[w]) for w in WIDTHS},
                "worst_frame_psnr_db_by_tile_width": {w: worst_psnr(full[w], skipped[w])
                                                      for w in WIDTHS},
                "psnr_db_at_stream_size": psnr(*_native(clip)),
            }
    return results


def _native(clip: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Both ways at the stream's own size: what skipping costs unscaled."""
    _, full = decode(clip, False, (640,))
    _, skipped = decode(clip, True, (640,))
    return full[640], skipped[640]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--out", type=Path,
                        default=REPO / "var" / "bench" / "skip_loop_filter.json")
    args = parser.parse_args(argv)
    result = run(args.seconds)
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
