"""A full wall, the real client, against camsim through the server's relay; beside a
peer, and beside Pantau itself with the stream ladder off.

Under a private Xvfb of --screen, camsim serves one camera per tile (main 1920x1080,
sub 640x360, and on every third camera a third stream of 320x180, at --fps with a
keyframe every --gop frames), the server lists them, and Pantau's ClientShell runs in
this process (QT_QPA_PLATFORM=xcb, the real PyAV engine in its decoder processes) with
a --layout wall. The cameras are assigned one by one; the time from each assignment to
its first frame reaching the GUI is recorded ("cold": the relay had to pull the camera
first). Then, for --seconds: frames displayed (distinct frames the tiles fetched to
paint) against frames sent (camsim's fps x seconds x streams), the client's CPU (% of
one core) and memory, summed over the GUI process and its decoder processes, and which
streams the tiles pulled. Then the wall is emptied and filled again while the relay
still holds the streams, as a page flip or a tour does ("warm" first pictures: the
relay starts each tile on the latest group of pictures it keeps).

With --compare-ladder the same is run a second time with the ladder off (each tile the
sub stream, as before issue 16). The peer decodes the cameras' sub streams with one
`ffmpeg -i URL -f null -` each (decode only, no display), its CPU over --peer-seconds.

    .venv/bin/python -m bench.bench_wall [--layout 8x8] [--screen 1920x1080] [--gop 60]
        [--seconds 30] [--peer-seconds 20] [--compare-ladder] [--out FILE]
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


def _first_pictures(values: list[float]) -> dict | None:
    if not values:
        return None
    return {"p50": round(statistics.median(values), 3), "p95": round(_pct(values, 0.95), 3),
            "got": len(values)}


def run_client(server_url: str, camera_ids: list[str], seconds: float, layout_name: str,
               ladder: bool = True, profile: Path | None = None,
               screenshot: Path | None = None) -> dict:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.config import ClientConfig
    from app.settings import Settings
    from app.wall import Layout
    from ui.shell.shell import ClientShell

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def pump(s: float) -> None:
        end = time.monotonic() + s
        while time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)

    layout = Layout(layout_name)
    config = ClientConfig(server_url=server_url, username="operator",
                          password="pantau-demo", layout=layout, cameras=[],
                          language="en")
    # Settings of their own for each run: nothing of the previous run's wall comes back.
    settings = Settings(Path(tempfile.mkdtemp(prefix="bench-wall-settings-")) / "settings.json")
    settings.set("stream_ladder", ladder)
    shell = ClientShell(config, settings=settings)
    shell.start()
    deadline = time.monotonic() + 60
    while shell.main_window is None or not shell.services.cameras.cameras():
        pump(0.2)
        if time.monotonic() > deadline:
            raise RuntimeError("the client did not log in and load the catalog")
    window = shell.main_window
    window.showMaximized()
    # Xvfb has no window manager to maximise it: the window takes the screen itself, so
    # a 4K screen's tiles are 4K tiles.
    window.setGeometry(app.primaryScreen().geometry())
    streams, wall = shell.services.streams, shell.services.wall
    wall.set_layout(layout)
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

    def fill() -> list[float]:
        assigned.clear()
        first.clear()
        for index, camera_id in enumerate(camera_ids):
            assigned[camera_id] = time.monotonic()
            wall.assign(index, camera_id)
            pump(0.05)
        pump(10)  # every stream up and past its first keyframe
        return [first[c] for c in camera_ids if c in first]

    cold = fill()
    pulled: dict[str, int] = {}
    for key in streams.keys():  # noqa: SIM118 - a service, not a dict
        pulled[key.profile] = pulled.get(key.profile, 0) + 1
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
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(screenshot))  # what the operator saw at the end
    # A page flip: the wall empties and fills again while the relay holds the streams.
    for index in range(len(camera_ids)):
        wall.assign(index, None)
    pump(2)  # the decoders have let go (the relay keeps each stream 30 s)
    warm = fill()
    window.close()
    shell.shutdown()
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
            "rss_mb_per_tile": round(max(rss) / len(camera_ids), 2),
            "streams_pulled": pulled,
            "first_frame_s": _first_pictures(cold),
            "first_frame_warm_s": _first_pictures(warm)}


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
    parser.add_argument("--layout", default="8x8", choices=["4x4", "5x5", "6x6", "7x7", "8x8"])
    parser.add_argument("--screen", default="1920x1080", help="the Xvfb screen, WxH")
    parser.add_argument("--gop", type=int, default=4 * FPS,
                        help="frames between the cameras' keyframes (default: 4 s)")
    parser.add_argument("--compare-ladder", action="store_true",
                        help="run the client again with the stream ladder off")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--peer-seconds", type=float, default=20)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "wall.json")
    parser.add_argument("--profile", type=Path, help="cProfile the GUI thread into FILE")
    parser.add_argument("--screenshot", type=Path, help="save the wall as a PNG at the end")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from server.node.relay.feeds import LINGER_S  # how long the relay keeps a stream
    from tests.support.camsim_fleet import run_camsim
    from tests.support.server_proc import run_server
    from tests.support.xvfb import start_xvfb

    width, height = (int(v) for v in args.screen.split("x"))
    rows, cols = (int(v) for v in args.layout.split("x"))
    cameras = rows * cols
    xvfb = start_xvfb([(width, height)])
    os.environ["DISPLAY"] = xvfb.display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    tmp = Path(tempfile.mkdtemp(prefix="bench-wall-"))
    os.environ["PANTAU_CONFIG_DIR"] = str(tmp / "config")
    os.environ["PANTAU_LOG_DIR"] = str(tmp / "log")
    try:
        with run_camsim(tmp, cameras=cameras, ptz=0, fps=FPS, gop=args.gop) as fleet, \
                run_server(tmp, camsim_url=fleet.control_url, record=False) as server:
            ids = fleet.camera_ids[:cameras]
            client = run_client(server.url, ids, args.seconds, args.layout, True,
                                args.profile, args.screenshot)
            off = None
            if args.compare_ladder:
                # The relay lets go of streams nobody watched for LINGER_S: the second
                # run's first pictures are as cold as the first run's.
                time.sleep(LINGER_S + 5)
                off = run_client(server.url, ids, args.seconds, args.layout, False)
            peer = run_peer([fleet.rtsp_url(c, "sub") for c in ids], args.peer_seconds)
    finally:
        xvfb.stop()
    result = {"layout": args.layout, "screen": args.screen, "gop_frames": args.gop,
              "pantau": client, "peer_ffmpeg_decode": peer}
    if off is not None:
        result["pantau_ladder_off"] = off
    result["cpu_ratio_to_peer"] = round(client["cpu_pct_of_one_core"]
                                        / max(0.1, peer["cpu_pct_of_one_core"]), 2)
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
