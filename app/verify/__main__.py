"""python -m app.verify EXPORT [--key KEY.pem | --trust-key-id ID] [--json]

EXPORT may also be an evidence request's package (pantau-request-N.zip): its receipt's
signature and every export it lists are checked (docs/evidence-format.md).

Exit status: 0 verified (intact, signed by a trusted key); 1 not verified (changed, or
signed by another key than the trusted one); 2 intact and signed, but the signer is
unverified (no trusted key or key id given); 3 files missing or unreadable; 64 bad
command line. Trusted key ids may also come from PANTAU_TRUSTED_KEY_IDS (comma-separated).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.verify.core import TRUSTED_KEYS_ENV, ExitCode, verify_export
from app.verify.package import verify_package


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's 2 would read as "unverified signer"
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(ExitCode.USAGE)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m app.verify",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check a Pantau evidence export: the server's signature over the manifest "
        "and the MP4 against the manifest.",
        epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("export", type=Path,
                        help="the .mp4, the .manifest.json or the folder holding them")
    parser.add_argument("--key", type=Path, default=None,
                        help="the server's public key (PEM), obtained from the server")
    parser.add_argument("--trust-key-id", action="append", default=[], metavar="ID",
                        help="trust the key in the export if its id is ID (repeatable; "
                        f"also {TRUSTED_KEYS_ENV})")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    try:
        key = args.key.read_bytes() if args.key else None
    except OSError as exc:
        print(f"cannot read the key {args.key}: {exc}", file=sys.stderr)
        return ExitCode.MISSING
    if args.export.suffix.lower() == ".zip":
        return _package(args.export, key, args.trust_key_id, args.json)
    result = verify_export(args.export, key, args.trust_key_id)
    if args.json:
        print(json.dumps({
            "verified": result.ok,
            "exit_code": int(result.exit_code),
            "problem": result.problem.value,
            "version": result.version,
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
    return int(result.exit_code)


def _package(path: Path, key: bytes | None, trusted: list[str], as_json: bool) -> int:
    result = verify_package(path, key, trusted)
    if as_json:
        print(json.dumps({
            "verified": result.ok,
            "exit_code": int(result.exit_code),
            "problems": result.problems,
            "exports": [{"verified": r.ok, "problem": r.problem.value, "summary": r.summary()}
                        for r in result.exports],
        }, indent=2))
    else:
        for problem in result.problems:
            print(f"[FAIL] package: {problem}")
        for export in result.exports:
            print(f"[{'ok  ' if export.ok else 'FAIL'}] {export.summary()}")
        print(result.summary())
    return int(result.exit_code)


if __name__ == "__main__":
    sys.exit(main())
