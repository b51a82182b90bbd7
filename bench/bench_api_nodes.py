"""What recording nodes at work cost the API's answers, beside the same requests with
recording off, in the same run: the API (``--no-node``) on PostgreSQL, two recording
nodes (``python -m server node``) with camsim's cameras pinned half to each.

Three requests, one client, one after another, cycling through the cameras:

- the camera list, ``GET /api/v1/cameras``;
- the recorded spans over a day, ``GET /cameras/{id}/recordings``;
- playback start: the time to the first bytes of ``GET /cameras/{id}/playback`` of a
  recorded minute (the API asks the node that holds the footage for it).

Phase ``recording``: both nodes record every camera. Phase ``idle``: every camera's
recording switched off (``PUT /admin/cameras/{id} {"record": false}``); the nodes stay
up, since they serve the footage the playback requests read, but pull nothing and
write nothing: the same database, the same footage, the same processes. p50/p95 of
each request in each phase and recording/idle ratios; nothing here is a threshold.

    .venv/bin/python -m bench.bench_api_nodes [--cameras 8] [--requests 40]
        [--out var/bench/api_nodes.json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server.clock import to_wire  # noqa: E402
from tests.support.camsim_fleet import run_camsim  # noqa: E402
from tests.support.net import http_json  # noqa: E402
from tests.support.node_proc import run_node  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402
from tests.support.server_proc import run_server  # noqa: E402

LEASE_S = 6.0
SEGMENT_S = 4.0
NODES = ("node-a", "node-b")
TICKS = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT_S = 90.0
MINUTE = timedelta(seconds=60)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1)}  # fmt: skip


def timed_get(base: str, path: str, token: str, first_bytes: bool) -> float:
    """Milliseconds to the whole answer, or (``first_bytes``) to the body's first bytes
    (a playback streams on for as long as its range lasts: the rest is not waited for)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        resp = conn.getresponse()
        if resp.status != 200:
            raise RuntimeError(f"GET {path}: {resp.status} {resp.read()[:200]!r}")
        if first_bytes:
            if not resp.read(1):
                raise RuntimeError(f"GET {path}: empty body")
        else:
            resp.read()
        return 1000 * (time.perf_counter() - t0)
    finally:
        conn.close()


def run_requests(api, token: str, cams: list[str], minute_start: datetime,
                 requests: int, pids: dict[str, int]) -> dict:
    now = datetime.now(UTC)
    day = f"start={to_wire(now - timedelta(days=1))}&end={to_wire(now)}"
    minute = f"start={to_wire(minute_start)}&end={to_wire(minute_start + MINUTE)}"
    times: dict[str, list[float]] = {"cameras": [], "recordings_day": [], "playback_start": []}
    cpu0 = {k: cpu_seconds(p) for k, p in pids.items()}
    t0 = time.monotonic()
    for i in range(requests):
        cam = cams[i % len(cams)]
        times["cameras"].append(timed_get(api.url, "/api/v1/cameras", token, False))
        times["recordings_day"].append(
            timed_get(api.url, f"/api/v1/cameras/{cam}/recordings?{day}", token, False))
        times["playback_start"].append(
            timed_get(api.url, f"/api/v1/cameras/{cam}/playback?{minute}", token, True))
    elapsed = time.monotonic() - t0
    return {
        **{k: _summary(v) for k, v in times.items()},
        "cpu_pct": {k: round(100 * (cpu_seconds(p) - cpu0[k]) / elapsed, 1)
                    for k, p in pids.items()},
    }  # fmt: skip


def nodes_recording(api, token: str) -> int:
    status, body = http_json("GET", f"{api.url}/api/v1/nodes", token=token)
    if status != 200:
        raise RuntimeError(f"GET /nodes: {status} {body}")
    return sum(n["recording"] or 0 for n in body["nodes"]
               if n["name"] in NODES and n["state"] == "up")  # fmt: skip


def wait_for(what: str, done) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(1.0)


def set_recording(api, token: str, cams: list[str], on: bool) -> None:
    for cam in cams:
        status, body = http_json("PUT", f"{api.url}/api/v1/admin/cameras/{cam}", token=token,
                                 body={"record": on})
        if status != 200:
            raise RuntimeError(f"PUT record={on} {cam}: {status} {body}")


def print_table(phases: dict[str, dict], rel: dict) -> None:
    print(f"{'request':16} {'phase':10} {'p50 ms':>8} {'p95 ms':>8} {'n':>4}")
    for kind in ("cameras", "recordings_day", "playback_start"):
        for phase, res in phases.items():
            r = res[kind]
            print(f"{kind:16} {phase:10} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['n']:>4}")
        print(f"{kind:16} {'ratio':10} {rel[kind]['p50']:>8.2f} {rel[kind]['p95']:>8.2f}")
    for phase, res in phases.items():
        cpu = ", ".join(f"{k} {v}" for k, v in res["cpu_pct"].items())
        print(f"CPU % of a core while {phase}: {cpu}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", type=int, default=8)
    p.add_argument("--requests", type=int, default=40, help="of each kind, per phase")
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "api_nodes.json")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pantau-bench-api-") as tmp_name:
        tmp = Path(tmp_name)
        with (PostgresCluster.started() as pg, pg.database() as url,
              run_camsim(tmp, cameras=args.cameras, ptz=0) as fleet,
              run_server(tmp, camsim_url=fleet.control_url, database_url=url,
                         segment_seconds=SEGMENT_S,
                         extra_args=["--no-node", "--lease-seconds", str(LEASE_S)]) as api,
              ):  # fmt: skip
            admin = api.token("admin")
            operator = api.token("operator")
            cams = fleet.camera_ids
            for i, cam in enumerate(cams):
                status, body = http_json("PUT", f"{api.url}/api/v1/admin/cameras/{cam}/node",
                                         token=admin, body={"node": NODES[i % 2]})
                if status != 200:
                    raise RuntimeError(f"pin {cam}: {status} {body}")
            with (run_node(tmp, NODES[0], url, api.data_dir, LEASE_S, SEGMENT_S) as a,
                  run_node(tmp, NODES[1], url, api.data_dir, LEASE_S, SEGMENT_S) as b):
                wait_for("both nodes recording",
                         lambda: nodes_recording(api, admin) >= len(cams))
                # A whole minute on record, a segment in from the start.
                minute_start = datetime.now(UTC) + timedelta(seconds=SEGMENT_S)
                time.sleep((MINUTE + timedelta(seconds=2 * SEGMENT_S)).total_seconds())
                pids = {"api": api.process.pid, "node-a": a.process.pid,
                        "node-b": b.process.pid, "camsim": fleet.process.pid}
                load0 = os.getloadavg()
                recording = run_requests(api, operator, cams, minute_start, args.requests,
                                         pids)
                set_recording(api, admin, cams, False)
                wait_for("both nodes idle", lambda: nodes_recording(api, admin) == 0)
                time.sleep(2 * LEASE_S / 5)
                idle = run_requests(api, operator, cams, minute_start, args.requests, pids)
                load1 = os.getloadavg()
    phases = {"recording": recording, "idle": idle}
    rel = {
        kind: {q: round(recording[kind][f"{q}_ms"] / idle[kind][f"{q}_ms"], 2)
               for q in ("p50", "p95")}
        for kind in ("cameras", "recordings_day", "playback_start")
    }  # fmt: skip
    result = {
        "benchmark": "api_nodes",
        "machine": {"cpus": os.cpu_count(), "load_avg_before": load0,
                    "load_avg_after": load1},
        "cameras": args.cameras,
        "requests_per_kind": args.requests,
        "segment_seconds": SEGMENT_S,
        "phases": phases,
        "recording_vs_idle": rel,
    }
    print_table(phases, rel)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
