"""A full 8x8 wall of sub streams, the real client, against camsim; beside a peer.

Under a private Xvfb, camsim serves 64 cameras (sub 640x360 at --fps), the server
lists them, and Pantau's ClientShell runs in this process (QT_QPA_PLATFORM=xcb, the
real PyAV engine in its decoder processes) with an 8x8 wall. The 64 cameras are
assigned one by one; the time from each assignment to its first frame reaching the
GUI is recorded. Then, for --seconds: frames displayed (distinct frames the tiles
fetched to paint) against frames sent (camsim's fps x seconds x streams), and the
client's CPU (% of one core) and memory, summed over the GUI process and its decoder
processes. The peer decodes the same 64 sub streams with one `ffmpeg -i URL -f null -`
per stream (decode only, no display), its summed CPU measured over --peer-seconds.

    .venv/bin/python -m bench.bench_wall [--seconds 60] [--peer-seconds 20] [--out FILE]
                                         [--profile FILE] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAMERAS = 64
FPS = 15
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds(pid: int | str = "self") -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int | str = "self") -> float:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def run_client(server_url: str, camera_ids: list[str], seconds: float,
               profile: Path | None = None, screenshot: Path | None = None) -> dict:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.config import ClientConfig
    from app.wall import Layout
    from ui.shell.shell import ClientShell

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def pump(s: float) -> None:
        end = time.monotonic() + s
        while time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)

    config = ClientConfig(server_url=server_url, username="operator",
                          password="pantau-demo", layout=Layout.L8X8, cameras=[],
                          language="en")
    shell = ClientShell(config)
    shell.start()
    deadline = time.monotonic() + 60
    while shell.main_window is None or not shell.services.cameras.cameras():
        pump(0.2)
        if time.monotonic() > deadline:
            raise RuntimeError("the client did not log in and load the catalog")
    window = shell.main_window
    window.showMaximized()
    streams, wall = shell.services.streams, shell.services.wall
    wall.set_layout(Layout.L8X8)
    pump(1)

    # Count what the tiles take to paint: each distinct frame fetched is one shown.
    shown: dict[str, int] = {}
    last: dict[object, object] = {}  # the frame itself: an id() could be reused
    real_latest = streams.latest_frame

    def latest_frame(key):
        frame = real_latest(key)
        if frame is not None and last.get(key) is not frame:
            last[key] = frame
            shown[key.camera_id] = shown.get(key.camera_id, 0) + 1
        return frame

    streams.latest_frame = latest_frame
    assigned: dict[str, float] = {}
    first: dict[str, float] = {}

    def on_frames(keys) -> None:
        now = time.monotonic()
        for key in keys:
            if key.camera_id in assigned and key.camera_id not in first:
                first[key.camera_id] = now - assigned[key.camera_id]

    streams.frames_ready.connect(on_frames)
    for index, camera_id in enumerate(camera_ids):
        assigned[camera_id] = time.monotonic()
        wall.assign(index, camera_id)
        pump(0.05)
    pump(10)  # every stream up and past its first keyframe
    shown_before = sum(shown.values())
    profiler = cProfile.Profile() if profile else None  # the GUI thread only
    # The client is its GUI process and its decoder processes.
    pool = shell.decoder_pool
    decoders = pool.worker_pids() if pool is not None else []

    def client_cpu() -> float:
        return cpu_seconds() + sum(cpu_seconds(pid) for pid in decoders)

    def decoded() -> int:
        return sum(streams.stats(key).frames_decoded
                   for key in streams.keys())  # noqa: SIM118 - a service, not a dict

    decoded_before = decoded()
    gui_before = cpu_seconds()
    cpu_before, t0 = client_cpu(), time.monotonic()
    if profiler:
        profiler.enable()
    rss: list[float] = []
    while time.monotonic() - t0 < seconds:
        pump(1)
        rss.append(rss_mb() + sum(rss_mb(pid) for pid in decoders))
    elapsed = time.monotonic() - t0
    decoded_in_window = decoded() - decoded_before
    cpu = 100 * (client_cpu() - cpu_before) / elapsed
    gui_cpu = 100 * (cpu_seconds() - gui_before) / elapsed
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    displayed = sum(shown.values()) - shown_before
    sent = FPS * elapsed * len(camera_ids)
    latencies = [first[c] for c in camera_ids if c in first]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(screenshot))  # what the operator saw at the end
    window.close()
    pump(2)
    return {"seconds": round(elapsed, 1), "streams": len(camera_ids),
            "frames_sent": round(sent), "frames_displayed": displayed,
            "displayed_pct": round(100 * displayed / sent, 1),
            # Decoded but replaced before a display tick took it: the GUI's share of
            # the loss; sent but never decoded: the decoders'.
            "frames_decoded": decoded_in_window,
            "displayed_fps": round(displayed / elapsed, 1),
            "cpu_pct_of_one_core": round(cpu, 1),
            "gui_process_cpu_pct": round(gui_cpu, 1),
            "decoder_processes": len(decoders),
            "rss_mb_max": round(max(rss), 1),
            "first_frame_s": {"p50": round(statistics.median(latencies), 3),
                              "p95": round(_pct(latencies, 0.95), 3),
                              "got": len(latencies)} if latencies else None}


def run_peer(urls: list[str], seconds: float) -> dict:
    procs = [subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp",
                               "-i", url, "-an", "-f", "null", "-"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for url in urls]
    try:
        time.sleep(5)  # connected and decoding
        before = sum(cpu_seconds(p.pid) for p in procs)
        t0 = time.monotonic()
        time.sleep(seconds)
        used = sum(cpu_seconds(p.pid) for p in procs) - before
        elapsed = time.monotonic() - t0
        alive = sum(p.poll() is None for p in procs)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=10)
    return {"seconds": round(elapsed, 1), "streams": len(urls), "decoding": alive,
            "cpu_pct_of_one_core": round(100 * used / elapsed, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--peer-seconds", type=float, default=20)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "wall.json")
    parser.add_argument("--profile", type=Path, help="cProfile the GUI thread into FILE")
    parser.add_argument("--screenshot", type=Path, help="save the wall as a PNG at the end")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from tests.support.camsim_fleet import run_camsim
    from tests.support.server_proc import run_server
    from tests.support.xvfb import start_xvfb

    xvfb = start_xvfb([(1920, 1080)])
    os.environ["DISPLAY"] = xvfb.display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    tmp = Path(tempfile.mkdtemp(prefix="bench-wall-"))
    os.environ["PANTAU_CONFIG_DIR"] = str(tmp / "config")
    os.environ["PANTAU_LOG_DIR"] = str(tmp / "log")
    try:
        with run_camsim(tmp, cameras=CAMERAS, ptz=0, fps=FPS) as fleet, \
                run_server(tmp, camsim_url=fleet.control_url, record=False) as server:
            ids = fleet.camera_ids[:CAMERAS]
            client = run_client(server.url, ids, args.seconds, args.profile, args.screenshot)
            peer = run_peer([fleet.rtsp_url(c, "sub") for c in ids], args.peer_seconds)
    finally:
        xvfb.stop()
    result = {"pantau": client, "peer_ffmpeg_decode": peer}
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
