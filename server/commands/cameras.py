"""``python -m server cameras import FILE [--dry-run] --data-dir D``: import cameras from a
CSV or JSON file (columns in server/README.md) through the same code as
``POST /api/v1/admin/cameras/import``; prints the report as JSON. Exit status 0 when
imported (or a clean dry run), 1 when a line failed (nothing was imported)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from server.areas import find_city_file, load_city
from server.camera_import import run_import
from server.cli import setup_logging
from server.context import ServerContext
from server.db import default_url, open_engine
from server.settings import Settings


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m server cameras", description=__doc__)
    sub = p.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", help="import cameras from a CSV or JSON file")
    imp.add_argument("file", type=Path, help="a .csv or .json file ('-' reads CSV from stdin)")
    imp.add_argument("--dry-run", action="store_true", help="report every line, change nothing")
    imp.add_argument("--data-dir", type=Path, required=True, help="the server's data directory")
    imp.add_argument("--database-url", default=None, help="SQLAlchemy URL; default SQLite")
    imp.add_argument("--log-level", default="WARNING")
    args = p.parse_args(argv)
    setup_logging(args.log_level)
    if str(args.file) == "-":
        text, is_csv = sys.stdin.read(), True
    else:
        try:
            text = args.file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cannot read {args.file}: {exc}", file=sys.stderr)
            return 2
        is_csv = args.file.suffix.lower() != ".json"
    data_dir = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = open_engine(args.database_url or default_url(data_dir))
    try:
        with engine.begin() as conn:
            load_city(conn, find_city_file())
        # No server runs here: the recorder and relay pick changes up when they start
        # or from the catalog revision.
        ctx = ServerContext(settings=Settings(data_dir=data_dir), engine=engine)
        report = run_import(ctx, text, is_csv, args.dry_run, actor=None)
    finally:
        engine.dispose()
    print(json.dumps(report.to_json(), ensure_ascii=False), flush=True)
    if report.failed:
        print(f"{report.failed} line(s) failed; nothing was imported.", file=sys.stderr)
        return 1
    return 0
