"""`make bench`: run every benchmark module in bench/ in turn.
`python -m bench soak [args]`: the hour-long soak (bench/soak.py), not part of that run."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main() -> int:
    if sys.argv[1:2] == ["soak"]:
        from bench import soak

        return soak.main(sys.argv[2:])
    failed = 0
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        print(f"== {info.name}", flush=True)
        module = importlib.import_module(f"bench.{info.name}")
        rc = module.main([]) if hasattr(module, "main") else 0
        failed += int(bool(rc))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
