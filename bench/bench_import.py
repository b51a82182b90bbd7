"""Importing 5,000 cameras from a CSV, beside the naive peer, on SQLite.

The CSV is generated in the run from the city data (server/city.py: real kota and
kecamatan, generated kelurahan/RW/RT, one camera per RT), every camera with a main and
a sub URL and its own account. Pantau's import (server.camera_import: every line checked
and compared first, then one transaction with multi-row inserts) and the peer (the
row-by-row path: each camera in its own transaction through ensure_path, upsert_camera
and put_credential, as the camsim import writes) each start from a fresh database in
the same run. Also timed: Pantau's dry run of the file on a fresh database, and a
re-run of the file already imported (every line "unchanged").

    .venv/bin/python -m bench.bench_import [--cameras 5000] [--repeat 1]
        [--out var/bench/import.json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from server.areas import ensure_path, find_city_file, load_city
from server.camera_import import COLUMNS, import_rows, parse_csv
from server.cameras import CameraSpec, upsert_camera
from server.city import generate
from server.db import default_url, open_engine
from server.vault import Vault, put_credential

REPO = Path(__file__).resolve().parent.parent


def make_csv(total: int) -> str:
    _areas, cams = generate(total)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i, cam in enumerate(cams):
        host = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        writer.writerow({
            "id": cam["id"], "name": cam["name"], "area": "/".join(cam["area_path"]),
            "tags": ";".join(cam["tags"]), "lat": cam["lat"], "lon": cam["lon"],
            "main_url": f"rtsp://{host}:554/Streaming/Channels/101",
            "sub_url": f"rtsp://{host}:554/Streaming/Channels/102",
            "username": "admin", "password": f"kamera-{i:05d}-rahasia",
            "ptz": "false", "record": "true",
        })  # fmt: skip
    return out.getvalue()


def _fresh(root: Path, name: str):
    data = root / name
    data.mkdir()
    engine = open_engine(default_url(data))
    with engine.begin() as conn:
        load_city(conn, find_city_file())
    return engine, Vault.open(data)


def pantau(engine, vault, text: str, dry_run: bool) -> dict:
    rows, lines = parse_csv(text)
    with engine.begin() as conn:
        return import_rows(conn, vault, rows, dry_run, lines).to_json()


def peer(engine, vault, text: str) -> int:
    """One transaction per camera, each area level looked up and written as it comes."""
    count = 0
    for row in csv.DictReader(io.StringIO(text)):
        kota, kec, *below = row["area"].split("/")
        with engine.begin() as conn:
            area_id = ensure_path(conn, kota, kec, below)
            cred_id = "camera:" + row["id"]
            put_credential(conn, vault, cred_id, row["username"], row["password"])
            upsert_camera(conn, CameraSpec(
                id=row["id"], name=row["name"], area_id=area_id, lat=float(row["lat"]),
                lon=float(row["lon"]), ptz=False, tags=tuple(row["tags"].split(";")),
                streams={"main": row["main_url"], "sub": row["sub_url"]}, onvif_url=None,
            ))  # fmt: skip
        count += 1
    return count


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cameras", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=1)  # the peer takes minutes per run
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "import.json")
    args = p.parse_args(argv)
    text = make_csv(args.cameras)
    runs: dict[str, list[float]] = {"pantau": [], "peer": [], "dry_run": [], "rerun": []}
    with tempfile.TemporaryDirectory(prefix="pantau-bench-import-") as tmp:
        root = Path(tmp)
        for r in range(args.repeat):
            engine, vault = _fresh(root, f"dry{r}")
            took, report = _timed(lambda e=engine, v=vault: pantau(e, v, text, True))
            assert report["created"] == args.cameras and report["failed"] == 0, report["failed"]
            runs["dry_run"].append(took)
            engine.dispose()

            engine, vault = _fresh(root, f"pantau{r}")
            took, report = _timed(lambda e=engine, v=vault: pantau(e, v, text, False))
            assert report["created"] == args.cameras, report
            runs["pantau"].append(took)
            took, report = _timed(lambda e=engine, v=vault: pantau(e, v, text, False))
            assert report["unchanged"] == args.cameras, report
            runs["rerun"].append(took)
            engine.dispose()

            engine, vault = _fresh(root, f"peer{r}")
            took, count = _timed(lambda e=engine, v=vault: peer(e, v, text))
            assert count == args.cameras
            runs["peer"].append(took)
            engine.dispose()
    med = {k: statistics.median(v) for k, v in runs.items()}
    result = {
        "cameras": args.cameras,
        "repeat": args.repeat,
        "seconds": runs,
        "median_s": med,
        "peer_over_pantau": med["peer"] / med["pantau"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{args.cameras} cameras, median of {args.repeat} (s):")
    for name in ("pantau", "peer", "dry_run", "rerun"):
        print(f"  {name:8s} {med[name]:8.2f}   runs {', '.join(f'{t:.2f}' for t in runs[name])}")
    print(f"  peer / pantau = {result['peer_over_pantau']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
