"""python -m app.verify EXPORT [--key KEY.pem] [--json]: exit 0 verified, 1 not, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.verify.core import verify_export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.verify",
        description="Check a Pantau evidence export: the server's signature over the manifest "
        "and the MP4 against the manifest.")
    parser.add_argument("export", type=Path,
                        help="the .mp4, the .manifest.json or the folder holding them")
    parser.add_argument("--key", type=Path, default=None,
                        help="the server's public key (PEM); default: the copy in the export")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    try:
        key = args.key.read_bytes() if args.key else None
    except OSError as exc:
        print(f"cannot read the key {args.key}: {exc}", file=sys.stderr)
        return 2
    result = verify_export(args.export, key)
    if args.json:
        print(json.dumps({
            "verified": result.ok,
            "problem": result.problem.value,
            "failed_file": result.failed_file,
            "key_id": result.key_id,
            "key_source": result.key_source,
            "checks": [{"name": c.name, "file": c.file, "status": c.status.value,
                        "detail": c.detail} for c in result.checks],
        }, indent=2))
    else:
        for check in result.checks:
            mark = "ok  " if check.status.value == "passed" else "FAIL"
            print(f"[{mark}] {check.name}: {check.detail}")
        print(result.summary())
        if result.ok and args.key is None:
            print(f"Compare key id {result.key_id} with the one the server publishes "
                  "(GET /api/v1/exports/public-key).")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
