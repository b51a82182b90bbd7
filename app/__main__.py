"""`python -m app`: the Pantau client.

The core never imports the UI (an import-linter contract); only this entry point has to
reach the composition root, so it loads ui.launcher by name at run time.
"""

from __future__ import annotations

import importlib
import os
import sys

from app.config import parse_args

NO_DISPLAY = """Pantau opens a window, but there is no display here (DISPLAY and
WAYLAND_DISPLAY are not set, and QT_QPA_PLATFORM does not name another platform).
Run it on a desktop session, or under a virtual X server, for example:
  xvfb-run -a -s '-screen 0 1920x1080x24' python -m app {args}"""


def has_display(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS always have their own window system
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    if not has_display():
        args = " ".join(sys.argv[1:] if argv is None else argv)
        print(NO_DISPLAY.format(args=args).rstrip(), file=sys.stderr)
        return 2
    launcher = importlib.import_module("ui.launcher")
    return launcher.run(config)


if __name__ == "__main__":
    sys.exit(main())
