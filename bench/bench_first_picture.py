"""How soon a tile shows its first picture after a camera is assigned to it, through
the server's relay (which starts a viewer on the latest GOP it keeps) and, beside it in
the same run, a peer opening the camera directly.

camsim (per-camera accounts, 15 fps) feeds a real server (``--no-record``, so only
the benchmark's viewers pull the cameras), once with a keyframe every second and once
every 4 s. Every try is one viewer opened as a wall tile opens a live stream (PyAV,
RTSP over TCP, video only, a 4 KB / 100 ms probe) and timed from the assignment to its
first decoded picture, in two conditions, each with its peer:

- running: the camera's stream is already pulled (cam001 main, held through the relay
  by another viewer, as on a wall where the recorder or another tile pulls it). Direct
  (the peer): the camera's own URL, opened at once, joins the camera's running stream;
  relay: ``GET /cameras/{id}/live`` (the assignment asks the API for the URL), then its
  relay URL, which starts on the GOP the relay keeps.
- cold: a stream nobody pulls (the other cameras' main and sub in turn; each try waits
  until camsim reports no session left on it, after the relay feed's linger). Direct
  opens the camera; relay starts a feed, which opens the camera, for the viewer.

The tries of the four kinds are interleaved, so they share the machine's load, each
after a random pause (up to a second), so that they meet the camera's GOP at any phase
(a fixed rhythm locks onto the GOP and every try waits the same).

    .venv/bin/python -m bench.bench_first_picture [--tries 20] [--gops 15,60]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import av

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.camsim_fleet import run_camsim  # noqa: E402
from tests.support.server_proc import run_server  # noqa: E402

FPS = 15
CAMERAS = 4
# How a wall tile opens a live stream (app/streams/pyav_engine.py).
TILE_OPTIONS = {"rtsp_transport": "tcp", "allowed_media_types": "video",
                "probesize": "4096", "analyzeduration": "100000"}  # fmt: skip
OPEN_TIMEOUT_S = 20
KINDS = ("direct_running", "relay_running", "direct_cold", "relay_cold")
LABELS = {"direct_running": "running, direct (peer)", "relay_running": "running, relay",
          "direct_cold": "cold, direct (peer)", "relay_cold": "cold, relay"}  # fmt: skip
IDLE_WAIT_S = 90


def first_picture_s(url_for: Callable[[], str]) -> float:
    """Seconds from the assignment (asking for the URL) to the first decoded picture."""
    assigned = time.monotonic()
    url = url_for()
    with av.open(url, options=TILE_OPTIONS, timeout=(OPEN_TIMEOUT_S, 10)) as container:
        for _frame in container.decode(video=0):
            return time.monotonic() - assigned
    raise RuntimeError("the stream ended before its first picture")


class Keeper(threading.Thread):
    """A viewer that keeps a stream pulled (demuxing, no decoding) until stopped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.packets = url, threading.Event(), 0

    def run(self) -> None:
        with av.open(self.url, options=TILE_OPTIONS, timeout=(OPEN_TIMEOUT_S, 10)) as c:
            for _packet in c.demux(video=0):
                self.packets += 1
                if self.stop.is_set():
                    return


def summary(times: list[float], failed: int) -> dict:
    if not times:
        return {"tries": 0, "failed": failed}
    ordered = sorted(times)
    return {
        "tries": len(times),
        "failed": failed,
        "p50_ms": round(1000 * statistics.median(ordered)),
        "p95_ms": round(1000 * ordered[round(0.95 * (len(ordered) - 1))]),
        "max_ms": round(1000 * ordered[-1]),
    }


def run_gop(tmp: Path, gop: int, tries: int) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    with run_camsim(tmp, cameras=CAMERAS, ptz=0, fps=FPS, gop=gop) as fleet, run_server(
        tmp, camsim_url=fleet.control_url, record=False
    ) as srv:
        token = srv.login("operator")

        def live(cam: str, profile: str) -> Callable[[], str]:
            return lambda: srv.get(f"/cameras/{cam}/live?profile={profile}", token)[1]["url"]

        def idle(cam: str, profile: str) -> bool:
            return fleet.sessions(cam)[profile]["active"] == 0

        running_cam = fleet.camera_ids[0]
        keeper = Keeper(live(running_cam, "main")())
        keeper.start()
        while keeper.packets < 2 * gop and keeper.is_alive():  # the feed holds a GOP
            time.sleep(0.1)
        # Cold paths: every other camera's main and sub, taken in turn.
        cold = [(c, p) for c in fleet.camera_ids[1:] for p in ("main", "sub")]
        times: dict[str, list[float]] = {k: [] for k in KINDS}
        failed = dict.fromkeys(KINDS, 0)
        pauses = random.Random(gop)
        try:
            for n in range(tries):
                cam, profile = cold[n % len(cold)]
                tries_now = {
                    "direct_running": lambda: fleet.rtsp_url(running_cam),
                    "relay_running": live(running_cam, "main"),
                    "direct_cold": lambda cam=cam, profile=profile: fleet.rtsp_url(cam, profile),
                    "relay_cold": live(cam, profile),
                }
                for kind, url_for in tries_now.items():
                    if kind.endswith("cold"):
                        # The camera's stream must be idle: after a relay try its feed
                        # lingers, after a direct one camsim closes the session.
                        deadline = time.monotonic() + IDLE_WAIT_S
                        while not idle(cam, profile) and time.monotonic() < deadline:
                            time.sleep(0.2)
                    time.sleep(pauses.uniform(0.0, 1.0))
                    try:
                        times[kind].append(first_picture_s(url_for))
                    except Exception as exc:  # noqa: BLE001 — counted and reported
                        failed[kind] += 1
                        print(f"  {kind} try {n} failed: {exc}", file=sys.stderr)
        finally:
            keeper.stop.set()
            keeper.join(timeout=15)
    return {kind: summary(times[kind], failed[kind]) for kind in KINDS}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tries", type=int, default=20)
    p.add_argument("--gops", default="15,60", help="keyframe intervals in frames, at 15 fps")
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "first_picture.json")
    args = p.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for gop in (int(g) for g in args.gops.split(",")):
            print(f"GOP {gop / FPS:g} s: {args.tries} tries of each kind", flush=True)
            results[f"gop_{gop / FPS:g}s"] = run_gop(Path(tmp) / f"gop{gop}", gop, args.tries)
    result = {"fps": FPS, "tries": args.tries, "first_picture": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print("\nassignment -> first decoded picture")
    print(f"{'GOP':>5}  {'':<24} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'tries':>5}")
    for gop, kinds in results.items():
        for kind, s in kinds.items():
            print(f"{gop[4:]:>5}  {LABELS[kind]:<24} {s.get('p50_ms', '-'):>7} "
                  f"{s.get('p95_ms', '-'):>7} {s.get('max_ms', '-'):>7} {s['tries']:>5}")
    return 1 if any(s["failed"] for kinds in results.values() for s in kinds.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
