"""What a fleet costs its database (issue 15), on a real PostgreSQL started here:

- **Lease looks.** The generated city (30,418 cameras, each given a main stream) split
  over ``--nodes`` lease keepers (server/node/fleet.py), each with room for its share.
  Once every camera is held, a look and a full look of one node are timed, beside the
  peer in the same run: the cheapest read of the same fleet, ``SELECT id FROM
  cameras``. The ratio, and the round-trip time per second the whole fleet's looks
  take (what the database must serve), are the figures.
- **Index size.** ``--segments`` rows written into ``segments`` as the recorder writes
  them; ``pg_total_relation_size`` (table, indexes, TOAST) per row, and so per camera
  and day at 10 s segments (8,640 rows).

    .venv/bin/python -m bench.bench_fleet_db [--cameras 30418] [--nodes 120]
        [--looks 40] [--segments 200000] [--out var/bench/fleet_db.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from server.areas import find_city_file, load_city
from server.city import seed_city
from server.db import open_engine
from server.node.fleet import LeaseKeeper, NodeIdentity
from server.nodes import DEFAULT_LEASE_S
from server.schema import camera_streams, cameras, segments
from tests.support.postgres import PostgresCluster

SEGMENT_S = 10
ROWS_PER_CAMERA_DAY = 86_400 // SEGMENT_S


def _streams(engine, total: int) -> list[str]:
    with engine.begin() as conn:
        ids = list(conn.execute(select(cameras.c.id).order_by(cameras.c.id).limit(total))
                   .scalars())
        conn.execute(insert(camera_streams), [
            {"camera_id": cam, "profile": "main", "url": f"rtsp://10.0.0.1/{cam}/main"}
            for cam in ids])
    return ids


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _p(samples: list[float], q: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(q * len(samples)))]


def lease_looks(engine, ids: list[str], nodes: int, looks: int) -> dict:
    share = -(-len(ids) // nodes)
    keepers = [LeaseKeeper(engine, NodeIdentity(f"rec-{i:03d}", int(share * 1.2) + 1))
               for i in range(nodes)]
    for keeper in keepers:
        keeper.register()
    t0 = time.perf_counter()
    for keeper in keepers:  # the first looks: every camera claimed
        keeper.tick()
    first_round_s = time.perf_counter() - t0
    held = sum(len(k.held) for k in keepers)
    one = keepers[nodes // 2]
    quick = _timed(one.tick, looks)
    look = _timed(lambda: one.tick(full=True), looks)

    def peer() -> None:
        with engine.connect() as conn:
            conn.execute(select(cameras.c.id)).scalars().all()

    base = _timed(peer, looks)
    poll_s = one.poll_s
    full_s = one.full_every.total_seconds()
    per_node_s = (1 / full_s) * statistics.median(look) + (
        1 / poll_s - 1 / full_s) * statistics.median(quick)
    return {
        "cameras": len(ids), "nodes": nodes, "held": held,
        "first_round_s": round(first_round_s, 2),
        "quick_look_p50_ms": round(1000 * statistics.median(quick), 1),
        "look_p50_ms": round(1000 * statistics.median(look), 1),
        "look_p95_ms": round(1000 * _p(look, 0.95), 1),
        "peer_p50_ms": round(1000 * statistics.median(base), 1),
        "ratio_p50": round(statistics.median(look) / statistics.median(base), 2),
        "poll_s": poll_s,
        "full_every_s": full_s,
        "looks_per_s": round(nodes / poll_s, 1),
        "db_busy_share": round(nodes * per_node_s, 2),
    }


def index_size(engine, ids: list[str], rows: int) -> dict:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    cams = ids[:100]
    batch = []
    with engine.begin() as conn:
        for i in range(rows):
            cam = cams[i % len(cams)]
            s = start + timedelta(seconds=SEGMENT_S * (i // len(cams)))
            batch.append({
                "camera_id": cam, "profile": "main", "start_utc": s,
                "end_utc": s + timedelta(seconds=SEGMENT_S),
                "path": f"recordings/{cam}/{s:%Y-%m-%d}/{s:%Y%m%dT%H%M%S}.000Z.mp4",
                "bytes": 5_000_000, "frames": 150, "health": "ok", "node": "rec-001",
                "volume": "/mnt/disk1"})
            if len(batch) == 10_000:
                conn.execute(insert(segments), batch)
                batch = []
        if batch:
            conn.execute(insert(segments), batch)
        conn.execute(text("ANALYZE segments"))
        size = conn.execute(text("SELECT pg_total_relation_size('segments')")).scalar_one()
    per_row = size / rows
    return {"rows": rows, "bytes": size, "bytes_per_row": round(per_row),
            "mb_per_camera_day": round(per_row * ROWS_PER_CAMERA_DAY / 1e6, 2)}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.bench_fleet_db", description=__doc__)
    p.add_argument("--cameras", type=int, default=30_418)
    p.add_argument("--nodes", type=int, default=120)
    p.add_argument("--looks", type=int, default=40)
    p.add_argument("--segments", type=int, default=200_000)
    p.add_argument("--out", type=Path, default=Path("var/bench/fleet_db.json"))
    args = p.parse_args(argv)
    with PostgresCluster.started() as cluster, cluster.database() as url:
        engine = open_engine(url)
        with engine.begin() as conn:
            load_city(conn, find_city_file())
        seed_city(engine, args.cameras)
        ids = _streams(engine, args.cameras)
        looks = lease_looks(engine, ids, args.nodes, args.looks)
        size = index_size(engine, ids, args.segments)
        engine.dispose()
    print(f"lease looks: {looks['cameras']} cameras on {looks['nodes']} nodes "
          f"(lease {DEFAULT_LEASE_S:.0f} s, a look every {looks['poll_s']} s, a full one "
          f"every {looks['full_every_s']} s)")
    print(f"  a look p50 {looks['quick_look_p50_ms']} ms; "
          f"a full look p50 {looks['look_p50_ms']} ms, p95 {looks['look_p95_ms']} ms; "
          f"peer (SELECT id FROM cameras) p50 {looks['peer_p50_ms']} ms; "
          f"ratio {looks['ratio_p50']}x")
    print(f"  the fleet asks {looks['looks_per_s']} looks/s: {looks['db_busy_share']} s "
          "of round trips per second (the database's share of them is less)")
    print(f"index: {size['bytes_per_row']} bytes per segment row with its indexes; "
          f"{size['mb_per_camera_day']} MB per camera and day at {SEGMENT_S} s segments")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"lease_looks": looks, "index": size}, indent=2))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
