"""``python -m server retention --data-dir D``: one retention run now (from cron, or
before a disk fills), the same as the hourly one; prints its report as JSON."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

from server.cli import setup_logging
from server.clock import utc_now
from server.db import default_url, open_engine
from server.nodes import EMBEDDED_NODE
from server.retention import run_retention
from server.settings import Settings


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="python -m server retention",
        description="delete recordings older than --retention-days, except footage that "
        "protected bookmarks cover",
    )
    p.add_argument("--data-dir", type=Path, required=True, help="database and recordings")
    p.add_argument("--database-url", default=None, help="SQLAlchemy URL; default SQLite")
    p.add_argument("--retention-days", type=float, default=Settings.retention_days)
    p.add_argument("--node", default=EMBEDDED_NODE,
                   help="whose footage: the node of this data directory (default local)")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    if not 0 < args.retention_days <= 36500:
        p.error("--retention-days must be more than 0")
    setup_logging(args.log_level)
    data_dir = args.data_dir.resolve()
    engine = open_engine(args.database_url or default_url(data_dir))
    try:
        report = run_retention(engine, data_dir, utc_now(), timedelta(days=args.retention_days),
                               node=args.node)
    finally:
        engine.dispose()
    print(json.dumps({**report.to_json(), "retention_days": args.retention_days}), flush=True)
    return 0
