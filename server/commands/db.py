"""``python -m server db upgrade|current``: the database schema from the command line.
The server upgrades its database itself when it starts; ``upgrade`` does it beforehand
(e.g. with a maintenance window, or before starting several nodes), ``current`` says
where a database stands without touching it. Each prints one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from server.cli import setup_logging
from server.db import default_url, make_engine
from server.migrations.runner import SchemaError, current_revision, head_revision, upgrade


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m server db", description=__doc__)
    sub = p.add_subparsers(dest="action", required=True)
    for name, help_text in (
        ("upgrade", "bring the database to this server's schema (creates an empty one)"),
        ("current", "print the database's schema revision and this server's newest"),
    ):
        action = sub.add_parser(name, help=help_text)
        where = action.add_mutually_exclusive_group(required=True)
        where.add_argument("--data-dir", type=Path,
                           help="the database of DIR: PANTAU_DATABASE_URL, else SQLite in DIR")
        where.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://…")
        action.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def _url(args: argparse.Namespace) -> str:
    if args.database_url:
        return args.database_url
    data_dir = args.data_dir.resolve()
    url = default_url(data_dir)
    if args.action == "upgrade":
        data_dir.mkdir(parents=True, exist_ok=True)
    elif url.startswith("sqlite") and not (data_dir / "pantau.db").is_file():
        raise SchemaError(f"no database in {data_dir}")  # and `current` makes none
    return url


def main(argv: list[str]) -> int:
    args = _parse(argv)
    setup_logging(args.log_level)
    try:
        engine = make_engine(_url(args))
        try:
            if args.action == "upgrade":
                done = upgrade(engine)
                answer = {"before": done.before, "after": done.after,
                          "upgraded": done.changed, "adopted_previous_release": done.adopted}
            else:
                current, head = current_revision(engine), head_revision()
                answer = {"current": current, "head": head, "up_to_date": current == head}
        finally:
            engine.dispose()
    except SchemaError as exc:
        print(f"python -m server db {args.action}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(answer), flush=True)
    return 0
