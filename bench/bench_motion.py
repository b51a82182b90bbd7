"""Issue 17's motion grid, beside peers in the same run:

1. CPU per camera of the node's analysis (server/node/analytics: decode the smallest
   stream, sample 4 pictures a second, shrink, diff into the grid, and the zone, tamper
   and crowd analysers the node runs beside it) against the plainest
   peer that gets the same samples: one ``ffmpeg -vf fps=4,scale=128:72,format=gray``
   per camera, reading the same camsim sub streams for the same time. CPU is read from
   /proc (the samplers' threads; the ffmpeg processes) and given in % of one core per
   camera, and as ours / peer.
2. Bytes per camera per day the grid takes (the stored columns of motion_blocks), from
   what part 1 stored, scaled to a day: camsim's looped streams move somewhere in almost
   every second, the heavy case.
3. Searching 30 days of one camera for motion in a corner: 30 days of blocks written
   into SQLite (a street that moves in a third of its seconds somewhere, and someone
   crossing the corner about six times a day), searched 20 times, p50/p95 wall time;
   against the peer a tool without stored grids is: decode the recorded footage
   (camsim's main stream, as the recorder keeps it) and diff its frames at the same 4
   per second. The peer is timed on 20 s of footage in this run and its rate scaled to
   30 days (running it over 30 days would take days).

    .venv/bin/python -m bench.bench_motion [--cameras 8] [--seconds 30]
        [--out var/bench/motion.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import av  # noqa: E402
import numpy as np  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

from server.motion.blocks import MotionBlock, add_block, encode_windows  # noqa: E402
from server.motion.grid import COLUMNS, ROWS, Region, pack  # noqa: E402
from server.motion.search import search_motion  # noqa: E402
from server.node.analytics.motion import (  # noqa: E402
    SAMPLE_HEIGHT,
    SAMPLE_WIDTH,
    moved_cells,
)
from server.node.analytics.sampler import SAMPLE_FPS, CameraSampler  # noqa: E402
from server.node.analytics.watch import camera_analysers  # noqa: E402
from server.schema import metadata  # noqa: E402
from tests.support.camsim_fleet import run_camsim  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
CORNER = Region(0.75, 0.0, 0.25, 0.25)
DAYS = 30


def _thread_cpu_s(tid: int) -> float:
    fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _process_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICKS


def _ours(urls: dict[str, str], seconds: float) -> tuple[float, list[MotionBlock], float]:
    """(CPU s of the sampler threads over ``seconds`` after warm-up, blocks, analysed s)."""
    blocks: list[MotionBlock] = []
    halt = threading.Event()
    # The node's whole set of analysers per camera: motion grid, zones, tampering, crowd.
    samplers = [CameraSampler(cam, lambda u=url: u,
                              camera_analysers(cam, lambda: (), lambda _d: None,
                                               blocks.append, lambda _s: None), halt)
                for cam, url in urls.items()]
    for sampler in samplers:
        sampler.start()
    time.sleep(3.0)  # connected, decoding
    before = sum(_thread_cpu_s(s.native_id) for s in samplers)
    start = time.monotonic()
    time.sleep(seconds)
    used = sum(_thread_cpu_s(s.native_id) for s in samplers) - before
    wall = time.monotonic() - start
    halt.set()
    for sampler in samplers:
        sampler.join(10)
    analysed = sum((b.end - b.start).total_seconds() for b in blocks)
    return used / wall * seconds, blocks, analysed


def _peer(urls: dict[str, str], seconds: float) -> float:
    procs = [subprocess.Popen(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", url,
         "-vf", f"fps={SAMPLE_FPS:g},scale={SAMPLE_WIDTH}:{SAMPLE_HEIGHT}:flags=area,"
         "format=gray", "-f", "rawvideo", "-y", "/dev/null"])
        for url in urls.values()]
    try:
        time.sleep(3.0)
        before = sum(_process_cpu_s(p.pid) for p in procs)
        start = time.monotonic()
        time.sleep(seconds)
        used = sum(_process_cpu_s(p.pid) for p in procs) - before
        wall = time.monotonic() - start
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
    return used / wall * seconds


def _row_bytes(block: MotionBlock) -> int:
    return 48 + len(block.mask) + len(encode_windows(block.moving))


def _month(engine, camera: str, end: datetime) -> None:
    """30 days of blocks: motion somewhere in a third of the seconds (a street), in the
    top-right corner a few minutes a day."""
    rng = random.Random(17)
    street = np.zeros((ROWS, COLUMNS), dtype=bool)
    street[8:, :] = True  # the road: the lower half
    corner = np.zeros((ROWS, COLUMNS), dtype=bool)
    corner[0:3, 28:] = True
    start = end - timedelta(days=DAYS)
    rows = []
    minute = start
    while minute < end:
        moving = []
        # about six times a day someone crosses the corner for 10-30 s
        crossing = range(0)
        if rng.random() < 6 / 1440:
            first = rng.randrange(30)
            crossing = range(first, first + rng.randrange(10, 31))
        for second in range(60):
            cells = np.zeros((ROWS, COLUMNS), dtype=bool)
            if rng.random() < 1 / 3:
                cells |= street & (np.random.default_rng(rng.randrange(1 << 30)).random(
                    (ROWS, COLUMNS)) < 0.1)
            if second in crossing:
                cells |= corner
            if cells.any():
                moving.append((second, pack(cells)))
        rows.append(MotionBlock(camera, minute, minute + timedelta(minutes=1), moving))
        minute += timedelta(minutes=1)
    with engine.begin() as conn:
        for block in rows:
            add_block(conn, block, "bench")


def _search_times(engine, camera: str, end: datetime, region: Region, runs: int
                  ) -> tuple[list[float], int]:
    times, hits = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        with engine.connect() as conn:
            found = search_motion(conn, [camera], end - timedelta(days=DAYS), end,
                                  region.mask(), 2000)
        times.append(time.perf_counter() - t)
        hits = len(found.hits)
    return times, hits


def _peer_rate(footage: Path, seconds: float) -> float:
    """Seconds of footage the decode-and-diff peer gets through per second of wall time."""
    with av.open(str(footage)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        fps = float(stream.average_rate or 15)
        period, next_t, previous, done = 1 / SAMPLE_FPS, 0.0, None, 0
        t = time.perf_counter()
        for index, frame in enumerate(container.decode(stream)):
            at = index / fps
            if at >= seconds:
                break
            done = index + 1
            if at < next_t:
                continue
            next_t += period
            grey = frame.reformat(width=SAMPLE_WIDTH, height=SAMPLE_HEIGHT, format="gray",
                                  interpolation="AREA").to_ndarray()
            if previous is not None:
                moved_cells(previous, grey)
            previous = grey
        wall = time.perf_counter() - t
    return (done / fps) / wall


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_motion")
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=REPO / "var/bench/motion.json")
    args = parser.parse_args(argv)
    report: dict = {"cameras": args.cameras, "seconds": args.seconds}
    with tempfile.TemporaryDirectory() as tmp, \
            run_camsim(Path(tmp), cameras=args.cameras, ptz=0) as fleet:
        cams = [c for c in fleet.camera_ids if c.startswith("cam")][:args.cameras]
        for profile in ("sub", "third"):
            urls = {c: fleet.rtsp_url(c, profile) for c in cams
                    if profile in _profiles(fleet, c)}
            ours_cpu, got, analysed_s = _ours(urls, args.seconds)
            peer_cpu = _peer(urls, args.seconds)
            if profile == "sub":
                blocks, analysed = got, analysed_s
            n = len(urls)
            report[f"cpu_percent_per_camera_{profile}"] = {
                "streams": n,
                "ours": round(100 * ours_cpu / args.seconds / n, 3),
                "peer_ffmpeg_fps4_scale_gray": round(100 * peer_cpu / args.seconds / n, 3),
                "ours_over_peer": round(ours_cpu / peer_cpu, 2) if peer_cpu else None,
            }
        main_loop = _main_loop_file(fleet)
    stored = sum(_row_bytes(b) for b in blocks)
    report["bytes_per_camera_per_day"] = round(stored / max(analysed, 1) * 86400)
    report["windows_with_motion_share"] = round(
        sum(len(b.moving) for b in blocks) / max(analysed, 1), 3)

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/motion.db")
        metadata.create_all(engine)
        end = datetime.now(UTC).replace(second=0, microsecond=0)
        t = time.perf_counter()
        _month(engine, "cam001", end)
        report["month_written_s"] = round(time.perf_counter() - t, 1)
        report["month_db_bytes"] = Path(f"{tmp}/motion.db").stat().st_size
        corner_t, corner_hits = _search_times(engine, "cam001", end, CORNER, args.runs)
        whole_t, whole_hits = _search_times(engine, "cam001", end, Region.whole(), 3)
        engine.dispose()
    rate = _peer_rate(main_loop, 20.0) if main_loop else None
    peer_month_s = DAYS * 86400 / rate if rate else None
    p95 = statistics.quantiles(corner_t, n=20)[-1]
    report["search_30_days"] = {
        "corner_p50_s": round(statistics.median(corner_t), 3),
        "corner_p95_s": round(p95, 3),
        "corner_hits": corner_hits,
        "whole_picture_p50_s": round(statistics.median(whole_t), 3),
        "whole_picture_hits": whole_hits,
        "peer_footage_s_per_wall_s": round(rate, 1) if rate else None,
        "peer_30_days_s": round(peer_month_s) if peer_month_s else None,
        "peer_over_ours_p95": round(peer_month_s / p95) if peer_month_s else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


def _profiles(fleet, camera_id: str) -> set[str]:
    return set(next(c for c in fleet.cameras if c["id"] == camera_id)["rtsp"])


def _main_loop_file(fleet) -> Path | None:
    """camsim's encoded main stream of cam001 (the footage the recorder keeps)."""
    cache = Path(os.environ.get("PANTAU_CAMSIM_CACHE", Path.home() / ".cache/pantau-camsim"))
    mains = sorted(cache.glob("loops/*/main.h264"), key=lambda p: p.stat().st_mtime)
    return mains[-1] if mains else None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
