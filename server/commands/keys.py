"""``python -m server keys rotate --data-dir D``: seal every camera password with a new
key and drop the old one (server/vault.py says how a crash midway stays safe)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from server.db import default_url, open_engine
from server.vault import Vault


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m server keys", description=__doc__)
    sub = p.add_subparsers(dest="action", required=True)
    rotate = sub.add_parser("rotate", help="re-seal every camera password with a new key")
    rotate.add_argument("--data-dir", type=Path, required=True)
    rotate.add_argument("--database-url", default=None)
    args = p.parse_args(argv)
    data_dir = args.data_dir.resolve()
    engine = open_engine(args.database_url or default_url(data_dir))
    try:
        vault = Vault.open(data_dir)
        old = vault.key_id
        count = vault.rotate(engine)
    finally:
        engine.dispose()
    print(json.dumps({"rotated": count, "old_key_id": old, "key_id": vault.key_id}), flush=True)
    return 0
