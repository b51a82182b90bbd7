"""What camsim costs: CPU of the fleet serving many pulled streams, beside a peer.

The peer is the usual way to simulate cameras: a GStreamer RTSP server whose pipelines
render and x264-encode each camera's picture live (same look: colour, moving ball,
name, clock). camsim instead serves loops encoded once. Each is measured alone, one
after the other in the same run, with lightweight clients pulling every stream
(``ffmpeg -rtsp_transport tcp -i URL -c copy -f null -``); the clients' own CPU is not
counted. Results are CPU % of one core, per camera, printed and written as JSON.

    .venv/bin/python -m bench.bench_camsim [--cameras 64] [--seconds 15] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")
WARMUP_S = 5.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


@contextmanager
def process(cmd: list[str], env: dict | None = None):
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=dict(os.environ, **(env or {})),
    )  # fmt: skip
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_ready(proc: subprocess.Popen) -> dict:
    for line in proc.stdout:
        event = json.loads(line)
        if event.get("event") == "ready":
            return event
    raise RuntimeError("server exited before it was ready")


def measure(server_pid: int, urls: list[str], seconds: float) -> dict:
    """CPU % of one core used by the server while every URL is pulled."""
    clients = [
        subprocess.Popen(
            ["ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", url,
             "-c", "copy", "-f", "null", "-"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for url in urls
    ]
    try:
        time.sleep(WARMUP_S)
        cpu0, wall0 = cpu_seconds(server_pid), time.monotonic()
        time.sleep(seconds)
        cpu1, wall1 = cpu_seconds(server_pid), time.monotonic()
        alive = sum(1 for c in clients if c.poll() is None)
    finally:
        for client in clients:
            client.terminate()
        for client in clients:
            client.wait()
    percent = 100.0 * (cpu1 - cpu0) / (wall1 - wall0)
    return {
        "streams": len(urls),
        "clients_alive": alive,
        "cpu_percent": round(percent, 1),
        "cpu_percent_per_camera": round(percent / len(urls), 2),
    }


def camsim_urls(control_port: int, profile: str) -> list[str]:
    """Each camera's ``profile`` URL with its own account in it, from GET /cameras."""
    url = f"http://{LOOPBACK}:{control_port}/cameras"
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (loopback http)
        fleet = json.loads(resp.read())
    urls = []
    for cam in fleet:
        user, password = (quote(cam["credentials"][k], safe="") for k in ("username", "password"))
        urls.append(cam["rtsp"][profile].replace("rtsp://", f"rtsp://{user}:{password}@", 1))
    return urls


def camsim_phase(cameras: int, profile: str, seconds: float, cache_dir: str | None) -> dict:
    cmd = [sys.executable, "-m", "camsim", "--cameras", str(cameras), "--ptz", "0",
           "--rtsp-port", "0", "--control-port", "0", "--onvif-port", "0",
           "--data-dir", tempfile.mkdtemp(prefix="pantau-bench-camsim-")]  # fmt: skip
    if cache_dir:
        cmd += ["--cache-dir", cache_dir]
    with process(cmd) as proc:
        ready = wait_ready(proc)
        idle0 = cpu_seconds(proc.pid)
        time.sleep(3)
        idle = 100.0 * (cpu_seconds(proc.pid) - idle0) / 3
        # Every 4th camera's main stream is H.265: served from its loop like the rest.
        urls = camsim_urls(ready["control_port"], profile)
        result = measure(proc.pid, urls, seconds)
    return {"server": "camsim", "profile": profile, "idle_cpu_percent": round(idle, 1), **result}


def peer_phase(cameras: int, profile: str, seconds: float) -> dict:
    cmd = [sys.executable, "-m", "bench.bench_camsim", "--serve-peer", str(cameras),
           "--profile", profile]  # fmt: skip
    with process(cmd) as proc:
        ready = wait_ready(proc)
        urls = [f"rtsp://{LOOPBACK}:{ready['rtsp_port']}/cam{i + 1:03d}" for i in range(cameras)]
        result = measure(proc.pid, urls, seconds)
    return {"server": "peer (live x264 per camera)", "profile": profile, **result}


def serve_peer(cameras: int, profile_name: str) -> None:
    """The peer server: one live-encoding pipeline per camera, same look as camsim."""
    from camsim import look
    from camsim.catalog import build_fleet
    from camsim.gst import GLib, GstRtspServer
    from camsim.profiles import PROFILES, Stream

    profile = PROFILES[Stream(profile_name)]
    server = GstRtspServer.RTSPServer()
    server.set_address(LOOPBACK)
    server.set_service("0")
    mounts = server.get_mount_points()
    for cam in build_fleet(cameras, 0):
        pt = max(8, profile.height // 32)
        launch = (
            f"( videotestsrc is-live=true pattern=ball motion={look.ball_motion(cam.index)} "
            f"background-color={look.background_argb(cam.index)} "
            f"foreground-color={look.ball_argb(cam.index)} "
            f"! video/x-raw,format=I420,width={profile.width},height={profile.height},"
            "framerate=15/1 "
            f'! textoverlay text="{cam.name}" valignment=center halignment=center '
            f'font-desc="DejaVu Sans Bold {pt}" '
            f'! timeoverlay valignment=top halignment=right font-desc="DejaVu Sans Mono {pt // 2}" '
            "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 "
            f"bitrate={profile.kbps} ! rtph264pay name=pay0 pt=96 config-interval=-1 )"
        )
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_shared(True)
        mounts.add_factory(f"/{cam.id}", factory)
    server.attach(None)
    print(json.dumps({"event": "ready", "rtsp_port": server.get_bound_port()}), flush=True)
    loop = GLib.MainLoop()
    signal.signal(signal.SIGTERM, lambda *_: loop.quit())
    loop.run()


def print_table(rows: list[dict]) -> None:
    print(f"{'server':30} {'profile':7} {'streams':>7} {'alive':>5} {'CPU %':>7} {'per cam':>8}")
    for r in rows:
        print(
            f"{r['server']:30} {r['profile']:7} {r['streams']:>7} {r['clients_alive']:>5} "
            f"{r['cpu_percent']:>7.1f} {r['cpu_percent_per_camera']:>8.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cameras", type=int, default=64, help="camsim cameras, all pulled")
    parser.add_argument("--peer-cameras-sub", type=int, default=4)
    parser.add_argument("--peer-cameras-main", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--no-main", action="store_true", help="skip the main-stream phases")
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--out", type=Path, default=Path("var/bench/camsim.json"))
    parser.add_argument("--serve-peer", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="sub", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_peer:
        serve_peer(args.serve_peer, args.profile)
        return 0

    rows = [
        camsim_phase(args.cameras, "sub", args.seconds, args.cache_dir),
        peer_phase(args.peer_cameras_sub, "sub", args.seconds),
    ]
    if not args.no_main:
        rows.append(camsim_phase(args.cameras, "main", args.seconds, args.cache_dir))
        rows.append(peer_phase(args.peer_cameras_main, "main", args.seconds))
    print_table(rows)
    result = {
        "benchmark": "camsim",
        "machine": {"cpus": os.cpu_count()},
        "seconds": args.seconds,
        "unit": "percent of one CPU core (server process only)",
        "rows": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
