"""One recording node's capacity on this machine, beside a peer in the same run: how
many camsim main streams it records before falling behind, what each costs it in CPU
and memory, with and without a viewer per camera on its relay.

One camsim fleet, one PostgreSQL, one API (``--no-node``). For each camera count N:

- node: ``python -m server node --capacity N`` records N cameras (through its own
  relay, as it always does); measured alone, then with a viewer per camera pulling
  the live URL the API hands out (``ffmpeg -c copy -f null``: one relay client each);
- peer: one ``ffmpeg -c copy -f segment`` per camera, the same N cameras, reading
  camsim directly: the plainest recorder there is.

They take turns against the same camsim, so camsim's own CPU (it shares the two cores)
weighs on both alike: the figures are ratios node / peer. Reported per phase: CPU % of
one core of the recorder process(es) per camera, memory per camera (RSS and PSS: PSS
shares each library page among the processes mapping it, so N ffmpeg processes are not
charged N copies of libavcodec), and written/sent: frames in the segments closed
during the measured window over camsim's fps times the time those segments (and any
holes between them) cover; below 1 is a recorder falling behind. The node's memory per
camera is also given as the slope between counts (what one more camera adds). The
node's CPU is split by thread name (GStreamer's threads are the relay; ``python`` is
the recorders, the API and the fleet work).

    .venv/bin/python -m bench.bench_node_capacity [--cameras 8,16] [--seconds 30]
        [--segment-seconds 5] [--out var/bench/node_capacity.json]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, select  # noqa: E402

from server.schema import segments  # noqa: E402
from tests.support.camsim_fleet import run_camsim  # noqa: E402
from tests.support.net import http_json  # noqa: E402
from tests.support.node_proc import run_node  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402
from tests.support.server_proc import run_server  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
FPS = 15
LEASE_S = 6.0
WARMUP_S = 6.0  # viewers connected / the peer's first segment under way
READY_TIMEOUT_S = 90.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def thread_cpu(pid: int) -> dict[tuple[int, str], float]:
    """(thread id, name) -> CPU seconds, for every thread of ``pid``."""
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            head, rest = task.joinpath("stat").read_text().rsplit(")", 1)
            fields = rest.split()
            name = head.split("(", 1)[1]
            out[(int(task.name), name)] = (int(fields[11]) + int(fields[12])) / TICKS
    return out


def by_thread_name(before: dict, after: dict, elapsed: float) -> dict[str, float]:
    """CPU % of one core per thread name, digits folded (``rtpjitterbuffer3`` and
    ``rtpjitterbuffer12`` are one kind)."""
    groups: dict[str, float] = defaultdict(float)
    for key, seconds in after.items():
        groups[re.sub(r"\d+", "#", key[1])] += seconds - before.get(key, 0.0)
    top = sorted(groups.items(), key=lambda kv: -kv[1])
    return {name: round(100 * s / elapsed, 1) for name, s in top if s > 0.005 * elapsed}


def memory_kb(pid: int) -> dict[str, int]:
    """Rss and Pss of ``pid`` in kB (/proc/<pid>/smaps_rollup)."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Rss", "Pss"):
            found[key.lower()] = int(value.split()[0])
    return found


def busy_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class Window:
    """CPU of a set of processes (and of the machine) over one measured stretch."""

    def __init__(self, pids: dict[str, list[int]]) -> None:
        self.pids = pids

    def __enter__(self) -> Window:
        self.wall0, self.mono0 = datetime.now(UTC), time.monotonic()
        self.cpu0 = {k: sum(cpu_seconds(p) for p in v) for k, v in self.pids.items()}
        self.box0 = busy_jiffies()
        return self

    def __exit__(self, *exc) -> None:
        self.elapsed = time.monotonic() - self.mono0
        self.wall1 = datetime.now(UTC)
        cpu1 = {k: sum(cpu_seconds(p) for p in v) for k, v in self.pids.items()}
        self.cpu_pct = {k: 100 * (cpu1[k] - self.cpu0[k]) / self.elapsed for k in cpu1}
        box1 = busy_jiffies()
        self.box_pct = 100 * (box1[0] - self.box0[0]) / max(box1[1] - self.box0[1], 1)


def ffmpeg(args: list[str], cwd: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp",
                             *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def stop_all(procs: list[subprocess.Popen]) -> int:
    """Stops them (SIGINT: ffmpeg finishes its file); returns how many were still alive."""
    alive = sum(1 for p in procs if p.poll() is None)
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return alive


def written_sent(spans: dict[str, list[tuple[float, float, int]]]) -> dict:
    """Per camera (start s, end s, frames) of the segments closed in the window: frames
    written over FPS x (last end - first start), holes between segments included."""
    written = sent = 0.0
    worst = None
    for rows in spans.values():
        if not rows:
            continue
        rows.sort()
        w = sum(r[2] for r in rows)
        s = FPS * (rows[-1][1] - rows[0][0])
        written, sent = written + w, sent + s
        ratio = w / s if s else None
        if ratio is not None and (worst is None or ratio < worst):
            worst = ratio
    return {
        "cameras_with_segments": sum(1 for r in spans.values() if r),
        "frames_written": int(written),
        "frames_sent": round(sent),
        "written_per_sent": round(written / sent, 4) if sent else None,
        "worst_camera_written_per_sent": round(worst, 4) if worst is not None else None,
    }


# -- the node ------------------------------------------------------------------------


def wait_recording(api, token: str, node: str, count: int) -> list[str]:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        status, body = http_json("GET", f"{api.url}/api/v1/nodes", token=token)
        info = next((n for n in body.get("nodes", []) if n["name"] == node), None) \
            if status == 200 else None
        if info and info["state"] == "up" and len(info["cameras"]) >= count \
                and (info["recording"] or 0) >= count:
            return sorted(info["cameras"])
        time.sleep(1.0)
    raise RuntimeError(f"node {node} did not record {count} cameras in {READY_TIMEOUT_S} s")


def node_phase(api, db, node, cams: list[str], camsim_pid: int, seconds: float,
               viewers: bool) -> dict:
    procs: list[subprocess.Popen] = []
    if viewers:
        operator = api.token("operator")
        for cam in cams:
            status, live = http_json("GET", f"{api.url}/api/v1/cameras/{cam}/live"
                                     "?profile=main", token=operator)
            if status != 200:
                raise RuntimeError(f"live {cam}: {status} {live}")
            procs.append(ffmpeg(["-i", live["url"], "-c", "copy", "-f", "null", "-"]))
    time.sleep(WARMUP_S)
    pid = node.process.pid
    threads0 = thread_cpu(pid)
    with Window({"node": [pid], "camsim": [camsim_pid]}) as win:
        time.sleep(seconds)
    threads = by_thread_name(threads0, thread_cpu(pid), win.elapsed)
    mem = memory_kb(pid)
    alive = stop_all(procs) if viewers else None
    spans: dict[str, list] = {cam: [] for cam in cams}
    query = select(segments.c.camera_id, segments.c.start_utc, segments.c.end_utc,
                   segments.c.frames).where(
        segments.c.node == node.name, segments.c.end_utc > win.wall0,
        segments.c.end_utc <= win.wall1)  # fmt: skip
    with db.connect() as conn:
        for cam, start, end, frames in conn.execute(query):
            if cam in spans:
                spans[cam].append((start.timestamp(), end.timestamp(), frames))
    n = len(cams)
    return {
        "recorder": "node + viewers" if viewers else "node",
        "cameras": n,
        "viewers_alive": alive,
        "cpu_pct": round(win.cpu_pct["node"], 1),
        "cpu_pct_per_camera": round(win.cpu_pct["node"] / n, 2),
        "rss_mb_per_camera": round(mem["rss"] / 1024 / n, 2),
        "pss_mb_per_camera": round(mem["pss"] / 1024 / n, 2),
        "rss_mb": round(mem["rss"] / 1024, 1),
        "pss_mb": round(mem["pss"] / 1024, 1),
        "camsim_cpu_pct": round(win.cpu_pct["camsim"], 1),
        "machine_busy_pct": round(win.box_pct, 1),
        "node_threads_cpu_pct": threads,
        **written_sent(spans),
    }


# -- the peer ------------------------------------------------------------------------


def _segment_list(path: Path) -> list[list[str]]:
    try:
        with path.open(newline="") as f:
            return [row for row in csv.reader(f) if len(row) >= 3]
    except OSError:
        return []


def _video_frames(path: Path) -> int:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
         "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, timeout=60)  # fmt: skip
    return int(done.stdout.strip() or 0)


def peer_phase(fleet, cams: list[str], tmp: Path, seconds: float, segment_s: float) -> dict:
    dirs = []
    procs = []
    for cam in cams:
        d = tmp / f"peer-{len(cams)}" / cam
        d.mkdir(parents=True)
        dirs.append(d)
        procs.append(ffmpeg(["-i", fleet.rtsp_url(cam, "main"), "-c", "copy", "-f", "segment",
                             "-segment_time", str(segment_s), "-reset_timestamps", "1",
                             "-segment_list", "list.csv", "-segment_list_type", "csv",
                             "out%05d.mp4"], cwd=d))  # fmt: skip
    time.sleep(WARMUP_S)
    pids = [p.pid for p in procs]
    done0 = [len(_segment_list(d / "list.csv")) for d in dirs]
    with Window({"peer": pids, "camsim": [fleet.process.pid]}) as win:
        time.sleep(seconds)
    done1 = [len(_segment_list(d / "list.csv")) for d in dirs]
    mem = [memory_kb(p) for p in pids if Path(f"/proc/{p}").exists()]
    alive = stop_all(procs)
    spans: dict[str, list] = {}
    for cam, d, a, b in zip(cams, dirs, done0, done1, strict=True):
        # The segment list's times are the stream's (before -reset_timestamps); its end
        # is the last picture's time, not where that picture ends: one interval more.
        spans[cam] = [(float(row[1]), float(row[2]) + 1 / FPS, _video_frames(d / row[0]))
                      for row in _segment_list(d / "list.csv")[a:b]]
    n = len(cams)
    rss, pss = sum(m["rss"] for m in mem), sum(m["pss"] for m in mem)
    return {
        "recorder": "peer (ffmpeg per camera)",
        "cameras": n,
        "viewers_alive": None,
        "peer_alive": alive,
        "cpu_pct": round(win.cpu_pct["peer"], 1),
        "cpu_pct_per_camera": round(win.cpu_pct["peer"] / n, 2),
        "rss_mb_per_camera": round(rss / 1024 / n, 2),
        "pss_mb_per_camera": round(pss / 1024 / n, 2),
        "rss_mb": round(rss / 1024, 1),
        "pss_mb": round(pss / 1024, 1),
        "camsim_cpu_pct": round(win.cpu_pct["camsim"], 1),
        "machine_busy_pct": round(win.box_pct, 1),
        **written_sent(spans),
    }


# -- the run -------------------------------------------------------------------------


def ratios(rows: list[dict]) -> list[dict]:
    out = []
    for n in sorted({r["cameras"] for r in rows}):
        at = {r["recorder"]: r for r in rows if r["cameras"] == n}
        peer = at.get("peer (ffmpeg per camera)")
        if not peer:
            continue
        for name in ("node", "node + viewers"):
            node = at.get(name)
            if not node:
                continue
            out.append({
                "cameras": n, "recorder": name,
                "cpu_per_camera_vs_peer": round(node["cpu_pct_per_camera"]
                                                / peer["cpu_pct_per_camera"], 2)
                if peer["cpu_pct_per_camera"] else None,
                "pss_per_camera_vs_peer": round(node["pss_mb_per_camera"]
                                                / peer["pss_mb_per_camera"], 2),
                "written_per_sent_vs_peer": round(node["written_per_sent"]
                                                  / peer["written_per_sent"], 4)
                if node["written_per_sent"] and peer["written_per_sent"] else None,
            })  # fmt: skip
    return out


def slopes(rows: list[dict]) -> dict:
    """Memory one more camera adds (MB, between the smallest and largest count)."""
    out = {}
    for name in ("node", "node + viewers", "peer (ffmpeg per camera)"):
        pts = sorted((r["cameras"], r) for r in rows if r["recorder"] == name)
        if len(pts) >= 2 and pts[-1][0] > pts[0][0]:
            (n0, a), (n1, b) = pts[0], pts[-1]
            out[name] = {k: round((b[k] - a[k]) / (n1 - n0), 2) for k in ("rss_mb", "pss_mb")}
    return out


def print_table(rows: list[dict], rel: list[dict]) -> None:
    print(f"{'recorder':25} {'cams':>4} {'CPU %':>6} {'%/cam':>6} {'RSS MB/cam':>10} "
          f"{'PSS MB/cam':>10} {'written/sent':>12} {'worst cam':>9} {'camsim %':>8} "
          f"{'box %':>6}")  # fmt: skip
    for r in rows:
        wps = r["written_per_sent"]
        worst = r["worst_camera_written_per_sent"]
        print(f"{r['recorder']:25} {r['cameras']:>4} {r['cpu_pct']:>6.1f} "
              f"{r['cpu_pct_per_camera']:>6.2f} {r['rss_mb_per_camera']:>10.2f} "
              f"{r['pss_mb_per_camera']:>10.2f} {wps if wps is not None else '-':>12} "
              f"{worst if worst is not None else '-':>9} {r['camsim_cpu_pct']:>8.1f} "
              f"{r['machine_busy_pct']:>6.1f}")  # fmt: skip
    print()
    print(f"{'vs peer':25} {'cams':>4} {'CPU/cam':>8} {'PSS/cam':>8} {'written/sent':>12}")
    for r in rel:
        print(f"{r['recorder']:25} {r['cameras']:>4} {r['cpu_per_camera_vs_peer'] or '-':>8} "
              f"{r['pss_per_camera_vs_peer']:>8} {r['written_per_sent_vs_peer'] or '-':>12}")
    for r in rows:
        if r.get("node_threads_cpu_pct"):
            top = ", ".join(f"{k} {v}" for k, v in list(r["node_threads_cpu_pct"].items())[:6])
            print(f"node threads, {r['recorder']}, {r['cameras']} cams (% of a core): {top}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", default="8,16", help="camera counts, comma-separated")
    p.add_argument("--seconds", type=float, default=30.0, help="measured window per phase")
    p.add_argument("--segment-seconds", type=float, default=5.0)
    p.add_argument("--no-peer", action="store_true", help="the node's phases only")
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "node_capacity.json")
    args = p.parse_args(argv)
    counts = sorted({int(c) for c in args.cameras.split(",") if c.strip()})
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="pantau-bench-node-") as tmp_name:
        tmp = Path(tmp_name)
        with (PostgresCluster.started() as pg, pg.database() as url,
              run_camsim(tmp, cameras=max(counts), ptz=0, fps=FPS) as fleet,
              run_server(tmp, camsim_url=fleet.control_url, database_url=url,
                         segment_seconds=args.segment_seconds,
                         extra_args=["--no-node", "--lease-seconds", str(LEASE_S)]) as api):
            db = create_engine(url)
            admin = api.token("admin")
            for n in counts:
                name = f"bench-{n}"
                with run_node(tmp, name, url, api.data_dir, LEASE_S, args.segment_seconds,
                              extra=["--capacity", str(n)]) as node:
                    cams = wait_recording(api, admin, name, n)
                    time.sleep(args.segment_seconds)  # past the first, partial segments
                    for viewers in (False, True):
                        rows.append(node_phase(api, db, node, cams, fleet.process.pid,
                                               args.seconds, viewers))
                        print(json.dumps(rows[-1]), flush=True)
                if not args.no_peer:
                    rows.append(peer_phase(fleet, cams, tmp, args.seconds,
                                           args.segment_seconds))
                    print(json.dumps(rows[-1]), flush=True)
            db.dispose()
    rel = ratios(rows)
    result = {
        "benchmark": "node_capacity",
        "machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg()},
        "seconds": args.seconds,
        "segment_seconds": args.segment_seconds,
        "fps": FPS,
        "stream": "camsim main (1920x1080, 4 Mbit/s; every 4th camera H.265)",
        "unit": "CPU: percent of one core; memory: MB",
        "rows": rows,
        "vs_peer": rel,
        "memory_slope_mb_per_camera": slopes(rows),
    }
    print_table(rows, rel)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
