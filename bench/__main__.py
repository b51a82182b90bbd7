"""`make bench`: run every benchmark module in bench/ in turn."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main() -> int:
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
