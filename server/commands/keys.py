"""``python -m server keys rotate --data-dir D``: seal every camera password with a new
key and drop the old one (server/vault.py says how a crash midway stays safe).

``python -m server keys fingerprint --data-dir D``: the export-signing key's id,
fingerprint and public key, for an administrator to publish (docs/evidence-format.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from server.db import default_url, open_engine
from server.signing import load_signer
from server.vault import Vault


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m server keys", description=__doc__)
    sub = p.add_subparsers(dest="action", required=True)
    rotate = sub.add_parser("rotate", help="re-seal every camera password with a new key")
    rotate.add_argument("--data-dir", type=Path, required=True)
    rotate.add_argument("--database-url", default=None)
    show = sub.add_parser("fingerprint", help="the export-signing key's id and fingerprint")
    show.add_argument("--data-dir", type=Path, required=True)
    args = p.parse_args(argv)
    data_dir = args.data_dir.resolve()
    if args.action == "fingerprint":
        signer = load_signer(data_dir)  # made on first use, as the server would
        print(json.dumps({"key_id": signer.key_id, "fingerprint": signer.fingerprint,
                          "alg": "Ed25519", "server_id": signer.server_id,
                          "public_key_pem": signer.public_pem}, indent=2), flush=True)
        return 0
    engine = open_engine(args.database_url or default_url(data_dir))
    try:
        vault = Vault.open(data_dir)
        old = vault.key_id
        count = vault.rotate(engine)
    finally:
        engine.dispose()
    print(json.dumps({"rotated": count, "old_key_id": old, "key_id": vault.key_id}), flush=True)
    return 0
