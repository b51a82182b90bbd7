"""What the live relay adds, beside its peer in the same run: the client pulling the
camera directly.

camsim (with per-camera digest accounts) feeds a real server process (``--no-record``,
so the server's CPU is the relay's). Two phases with the same clients, N cameras x M
clients each, every client a PyAV reader that demuxes without decoding:

- direct (the peer): every client pulls the camera itself (M sessions per stream at
  the camera, the server idle);
- relay: every client pulls ``GET /cameras/{id}/live``'s URL (one session per stream
  at the camera, the server forwarding to M clients).

Reported: CPU of the server and of camsim (% of one core) in each phase, the server's
cost per relayed stream and per relayed client, sessions at the camera; and the delay
the relay adds from camera to client: one camera pulled directly and through the relay
at the same time, each access unit matched by its bytes (passthrough keeps them
identical), delay = arrival through the relay - arrival direct, p50/p95 (camsim replays a loop,
so each is matched to the nearest arrival of the same bytes).

    .venv/bin/python -m bench.bench_relay [--cameras 4] [--clients 4] [--seconds 15]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import av

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.camsim_fleet import run_camsim  # noqa: E402
from tests.support.server_proc import run_server  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
WARMUP_S = 4.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class Reader(threading.Thread):
    """Demuxes one URL until stopped; optionally notes when each access unit arrived
    (its bytes' SHA-1 -> every arrival time)."""

    def __init__(self, url: str, stop: threading.Event, arrivals: dict | None = None) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.arrivals = url, stop, arrivals
        self.packets = 0
        self.error = ""

    def run(self) -> None:
        try:
            with av.open(self.url, options={"rtsp_transport": "tcp"}, timeout=(20, 10)) as c:
                for packet in c.demux(video=0):
                    if self.stop.is_set():
                        return
                    if packet.size == 0:
                        continue
                    self.packets += 1
                    if self.arrivals is not None:
                        key = hashlib.sha1(bytes(packet)).digest()
                        self.arrivals.setdefault(key, []).append(time.monotonic())
        except Exception as exc:  # noqa: BLE001 — reported in the results
            self.error = str(exc)[:200]


def run_phase(urls: list[str], pids: dict[str, int], seconds: float) -> dict:
    stop = threading.Event()
    readers = [Reader(u, stop) for u in urls]
    for r in readers:
        r.start()
    time.sleep(WARMUP_S)
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    packets_before = sum(r.packets for r in readers)
    started = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - started
    cpu = {name: 100 * (cpu_seconds(pid) - before[name]) / elapsed for name, pid in pids.items()}
    packets = sum(r.packets for r in readers) - packets_before
    stop.set()
    for r in readers:
        r.join(timeout=15)
    return {
        "cpu_pct": {k: round(v, 2) for k, v in cpu.items()},
        "packets_per_s": round(packets / elapsed, 1),
        "clients_failed": sum(1 for r in readers if r.error),
    }


def delay_phase(direct_url: str, relay_url: str, seconds: float) -> dict:
    stop = threading.Event()
    direct, relayed = {}, {}
    readers = [Reader(direct_url, stop, direct), Reader(relay_url, stop, relayed)]
    for r in readers:
        r.start()
    # A relay session starts with the second or so the new media gathered while it
    # prepared, delivered at once: the steady state is what a viewer lives with.
    time.sleep(WARMUP_S)
    steady_from = time.monotonic()
    time.sleep(seconds)
    stop.set()
    for r in readers:
        r.join(timeout=15)
    # camsim replays a loop encoded once, so the same bytes come back every few
    # seconds: each arrival through the relay is matched to the nearest direct arrival
    # of those bytes (the loop is far longer than any delay).
    delays = sorted(
        1000 * (t - min(direct[k], key=lambda d, t=t: abs(t - d)))
        for k in relayed.keys() & direct.keys()
        for t in relayed[k]
        if t >= steady_from
    )
    if len(delays) < 20:
        return {"matched": len(delays)}
    return {
        "matched": len(delays),
        "p50_ms": round(statistics.median(delays), 1),
        "p95_ms": round(delays[int(0.95 * (len(delays) - 1))], 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", type=int, default=4)
    p.add_argument("--clients", type=int, default=4, help="clients per camera")
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "relay.json")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with run_camsim(tmp, cameras=args.cameras, ptz=0) as fleet, run_server(
            tmp, camsim_url=fleet.control_url, record=False
        ) as srv:
            token = srv.login("operator")
            cams = fleet.camera_ids
            pids = {"server": srv.process.pid, "camsim": fleet.process.pid}

            def relay_url(cam: str) -> str:
                return srv.get(f"/cameras/{cam}/live?profile=main", token)[1]["url"]

            direct = run_phase(
                [fleet.rtsp_url(c) for c in cams for _ in range(args.clients)], pids, args.seconds
            )
            direct["sessions_at_camera"] = fleet.sessions(cams[0])["main"]["total"]
            before = fleet.sessions(cams[0])["main"]["total"]
            relay = run_phase(
                [relay_url(c) for c in cams for _ in range(args.clients)], pids, args.seconds
            )
            relay["sessions_at_camera"] = fleet.sessions(cams[0])["main"]["total"] - before
            delay = delay_phase(fleet.rtsp_url(cams[0]), relay_url(cams[0]), args.seconds)
    added = relay["cpu_pct"]["server"] - direct["cpu_pct"]["server"]
    result = {
        "cameras": args.cameras,
        "clients_per_camera": args.clients,
        "seconds": args.seconds,
        "direct": direct,
        "relay": relay,
        "server_cpu_pct_per_relayed_stream": round(added / args.cameras, 2),
        "server_cpu_pct_per_relayed_client": round(added / (args.cameras * args.clients), 2),
        "delay_added": delay,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
