"""Soak: a 4x4 wall for an hour with a fault every few minutes; fails on growth.

The real client (bench/soak_client.py: ClientShell, PyAV engine, under a private Xvfb)
shows 16 camsim cameras through the server's relay while the server records all 16.
camsim runs in a network namespace of its own when the machine allows it (root), so a
pulled cable and tc netem delay/loss are real network faults; otherwise on loopback,
and those two faults are left out (said so in the output). Faults in turn, one every
--fault-every minutes, each lasting --fault-seconds: a camera offline, a camera frozen,
the camera link down, 500 ms delay with 30 % loss (netem), and a kill -9 of the server
(API, relay, recorder), restarted on the same ports. The server restart happens only in
the first half: the second half, on which growth is judged, is one server lifetime.

Every --sample-seconds (default a minute) it samples the client's and the server's RSS,
threads and open descriptors (each with its child processes, from /proc/<pid>/status
and /proc/<pid>/fd), how many tiles are live and how many cameras record. How growth is
judged: bench/soak_growth.py. At the end every tile must be live again and every camera
recording (within 90 s of the last fault's end).

    .venv/bin/python -m bench.soak [--minutes 60] [--fault-every 3] [--out-dir var/bench]

Writes soak.csv (one row per sample), soak.txt (the curves) and soak.json (verdicts)
in --out-dir; exit code 1 on growth or on a tile or camera that did not come back.
Not part of `make bench` (an hour): `python -m bench soak` runs it too.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.soak_growth import Usage, Verdict, curve, judge, usage

REPO = Path(__file__).resolve().parent.parent
CAMERAS = 16  # a 4x4 wall; --cameras fewer only to try the bench out quickly
FPS = 15
SETTLE_S = 90  # how long every tile and camera has to come back after the last fault


@dataclass
class Sample:
    t_s: float
    fault: str
    client: Usage
    server: Usage
    tiles_live: int
    cameras_recording: int


class Site:
    """camsim, the server and the client, with the faults that can be done to them."""

    def __init__(self, tmp: Path, stack: contextlib.ExitStack, api_port: int,
                 relay_port: int) -> None:
        from tests.support.camsim_fleet import run_camsim
        from tests.support.netns import NetnsUnavailable, camera_namespace, require_netns

        self.tmp = tmp
        self.ns = None
        self.netem = False
        try:
            require_netns()
            self.ns = stack.enter_context(camera_namespace())
        except NetnsUnavailable as exc:
            print(f"camsim on loopback, no link faults: {exc}", flush=True)
        if self.ns is not None:
            from tests.support.camsim_netns import run_camsim_in

            self.fleet = stack.enter_context(run_camsim_in(self.ns, tmp, cameras=CAMERAS,
                                                           fps=FPS))
            try:
                self.ns.impair(loss_pct=30, delay_ms=500)
                self.ns.clear()
                self.netem = True
            except NetnsUnavailable as exc:
                print(f"no netem fault: {exc}", flush=True)
        else:
            self.fleet = stack.enter_context(run_camsim(tmp, cameras=CAMERAS, ptz=0, fps=FPS))
        self.camera_ids = self.fleet.camera_ids[:CAMERAS]
        self._server_args = ["--port", str(api_port), "--relay-port", str(relay_port)]
        self._server_cm = None
        self.server = None
        self.token = None
        self.start_server()

    # -- server ---------------------------------------------------------------------

    def start_server(self) -> None:
        from tests.support.server_proc import run_server

        self._server_cm = run_server(self.tmp, camsim_url=self.fleet.control_url,
                                     data_dir=self.tmp / "server-data", segment_seconds=10,
                                     extra_args=self._server_args)
        self.server = self._server_cm.__enter__()
        self.token = self.server.login("operator")

    def stop_server(self, kill: bool) -> None:
        if self._server_cm is None:
            return
        if kill:
            self.server.process.kill()
            self.server.process.wait(timeout=30)
        cm, self._server_cm = self._server_cm, None
        cm.__exit__(None, None, None)

    def recording(self) -> int:
        try:
            status, body = self.server.get("/health", self.token)
        except OSError:
            return 0
        if status != 200:
            return 0
        return sum(1 for s in body["recorder"]["cameras"].values() if s == "recording")

    # -- faults: (begin, end) pairs ---------------------------------------------------

    def faults(self) -> list[str]:
        # The server's kill early in the turn: only the first half has one.
        names = ["camera_offline", "server_kill_9", "camera_freeze"]
        if self.ns is not None:
            names.append("link_down")
        if self.netem:
            names.append("netem_delay_loss")
        return names

    def begin(self, name: str, camera: str) -> None:
        if name == "camera_offline":
            self.fleet.offline(camera)
        elif name == "camera_freeze":
            self.fleet.freeze(camera)
        elif name == "link_down":
            self.ns.link_down()
        elif name == "netem_delay_loss":
            self.ns.impair(loss_pct=30, delay_ms=500)
        elif name == "server_kill_9":
            self.stop_server(kill=True)

    def end(self, name: str, camera: str) -> None:
        if name in ("camera_offline", "camera_freeze"):
            self.fleet.online(camera)
        elif name == "link_down":
            self.ns.link_up()
        elif name == "netem_delay_loss":
            self.ns.clear()
        elif name == "server_kill_9":
            self.start_server()


def start_client(site: Site, status: Path) -> subprocess.Popen:
    from tools.peers import start_peer

    cmd = [sys.executable, "-m", "bench.soak_client", "--server", site.server.url,
           "--status", str(status), "--cameras", ",".join(site.camera_ids)]
    log = open(site.tmp / "client.log", "wb")  # noqa: SIM115 - lives as long as the client
    return start_peer("client", cmd, ready_timeout_s=120, stderr=log, echo=False).process


def tiles_live(status: Path) -> int:
    try:
        tiles = json.loads(status.read_text())["tiles"]
    except (OSError, ValueError, KeyError):
        return 0
    return sum(1 for state in tiles.values() if state == "live")


def run(args: argparse.Namespace) -> tuple[list[Sample], list[Verdict], list[str]]:
    from tests.support.net import free_port
    from tests.support.xvfb import start_xvfb

    xvfb = start_xvfb([(1920, 1080)])
    tmp = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    os.environ.update(DISPLAY=xvfb.display, QT_QPA_PLATFORM="xcb",
                      PANTAU_CONFIG_DIR=str(tmp / "config"), PANTAU_LOG_DIR=str(tmp / "log"))
    samples: list[Sample] = []
    notes: list[str] = []
    client = None
    try:
        with contextlib.ExitStack() as stack:
            site = Site(tmp, stack, free_port(), free_port())
            stack.callback(site.stop_server, False)
            status = tmp / "client-status.json"
            client = start_client(site, status)
            faults = site.faults()
            notes.append(f"faults in turn: {', '.join(faults)}")
            duration = args.minutes * 60
            t0 = time.monotonic()
            next_sample, next_fault = 0.0, args.fault_every * 60
            active: tuple[str, str, float] | None = None
            turn = 0
            while True:
                now = time.monotonic() - t0
                if active and now >= active[2]:
                    site.end(active[0], active[1])
                    active = None
                if now >= duration and active is None:
                    break
                if active is None and now >= next_fault and now + args.fault_seconds < duration:
                    name = faults[turn % len(faults)]
                    if name == "server_kill_9" and now > duration / 2:
                        turn += 1  # the judged half is one server lifetime
                        name = faults[turn % len(faults)]
                    camera = site.camera_ids[turn % len(site.camera_ids)]
                    print(f"{now / 60:5.1f} min  fault {name} ({camera})", flush=True)
                    site.begin(name, camera)
                    active = (name, camera, now + args.fault_seconds)
                    turn += 1
                    next_fault += args.fault_every * 60
                if now >= next_sample:
                    sample = Sample(
                        round(now, 1), active[0] if active else "-", usage(client.pid),
                        usage(site.server.process.pid) if site._server_cm else Usage(0, 0, 0, 0),
                        tiles_live(status), site.recording() if site._server_cm else 0)
                    samples.append(sample)
                    print(f"{now / 60:5.1f} min  client {sample.client.rss_mb:.0f} MB "
                          f"{sample.client.threads} thr {sample.client.fds} fd | server "
                          f"{sample.server.rss_mb:.0f} MB {sample.server.threads} thr "
                          f"{sample.server.fds} fd | live {sample.tiles_live}/{CAMERAS} "
                          f"rec {sample.cameras_recording}/{CAMERAS}", flush=True)
                    next_sample += args.sample_seconds
                time.sleep(1)
            # Every tile and camera must come back by itself.
            deadline = time.monotonic() + SETTLE_S
            while time.monotonic() < deadline and not (
                    tiles_live(status) == CAMERAS and site.recording() == CAMERAS):
                time.sleep(2)
            back = [Verdict("every tile live at the end", tiles_live(status) == CAMERAS,
                            f"{tiles_live(status)}/{CAMERAS} live"),
                    Verdict("every camera recording at the end", site.recording() == CAMERAS,
                            f"{site.recording()}/{CAMERAS} recording")]
            client.send_signal(signal.SIGTERM)
            client.wait(30)
    finally:
        if client is not None and client.poll() is None:
            client.kill()
        xvfb.stop()
    times = [s.t_s for s in samples]
    verdicts = [*judge("client", times, [s.client for s in samples], args.max_rss_mb_per_h,
                       args.fd_margin, args.thread_margin),
                *judge("server", times, [s.server for s in samples], args.max_rss_mb_per_h,
                       args.fd_margin, args.thread_margin),
                *back]
    return samples, verdicts, notes


def write(out_dir: Path, samples: list[Sample], verdicts: list[Verdict], notes: list[str],
          args: argparse.Namespace) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "soak.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["t_s", "fault", "client_rss_mb", "client_threads", "client_fds",
                    "client_processes", "server_rss_mb", "server_threads", "server_fds",
                    "tiles_live", "cameras_recording"])
        for s in samples:
            w.writerow([s.t_s, s.fault, s.client.rss_mb, s.client.threads, s.client.fds,
                        s.client.processes, s.server.rss_mb, s.server.threads, s.server.fds,
                        s.tiles_live, s.cameras_recording])
    lines = [f"soak: {args.minutes} min, a fault every {args.fault_every} min "
             f"({args.fault_seconds} s each), {CAMERAS} cameras", *notes, ""]
    for who in ("client", "server"):
        for label, attr in (("RSS MB", "rss_mb"), ("threads", "threads"), ("fds", "fds")):
            values = [getattr(getattr(s, who), attr) for s in samples]
            lines.append(f"{who} {label} ({min(values):g} .. {max(values):g})")
            for s, value, bar in zip(samples, values, curve(values), strict=True):
                lines.append(f"  {s.t_s / 60:5.1f} min {value:8g} {bar}")
    lines.append("")
    lines += [f"{'ok  ' if v.ok else 'FAIL'} {v.what}: {v.detail}" for v in verdicts]
    text = "\n".join(lines) + "\n"
    (out_dir / "soak.txt").write_text(text)
    (out_dir / "soak.json").write_text(json.dumps(
        {"minutes": args.minutes, "fault_every_min": args.fault_every, "notes": notes,
         "verdicts": [v.__dict__ for v in verdicts], "ok": all(v.ok for v in verdicts)},
        indent=2))
    return text


def main(argv: list[str] | None = None) -> int:
    global CAMERAS  # noqa: PLW0603 - one run per process; --cameras only for a quick try
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--fault-every", type=float, default=3, help="minutes between faults")
    parser.add_argument("--fault-seconds", type=float, default=20, help="how long each lasts")
    parser.add_argument("--sample-seconds", type=float, default=60)
    parser.add_argument("--max-rss-mb-per-h", type=float, default=50)
    parser.add_argument("--fd-margin", type=int, default=8)
    parser.add_argument("--thread-margin", type=int, default=6)
    parser.add_argument("--cameras", type=int, default=CAMERAS, help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", type=Path, default=REPO / "var" / "bench")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    CAMERAS = args.cameras
    samples, verdicts, notes = run(args)
    print(write(args.out_dir, samples, verdicts, notes, args), end="")
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
