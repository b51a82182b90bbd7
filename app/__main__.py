"""`python -m app`: the Pantau client.

The core never imports the UI (an import-linter contract). This entry point is the one
exception the contract names: it hands the parsed command line to the composition root.
"""

from __future__ import annotations

import multiprocessing
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
    from ui.shell import launcher  # only after the display check: Qt is heavy to import

    return launcher.run(config)


if __name__ == "__main__":
    # The decoder processes are started with "spawn"; in the frozen (PyInstaller)
    # client this turns such a start back into a decoder instead of a second client.
    multiprocessing.freeze_support()
    sys.exit(main())
