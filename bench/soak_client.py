"""The client side of the soak (bench/soak.py): the real ClientShell with a 4x4 wall, in
its own process so the soak can read its memory, threads and descriptors from /proc
like any other process (its decoder processes are its children).

    python -m bench.soak_client --server URL --status FILE --cameras cam001,cam002,...

Prints one JSON ready line once the wall is up; every few seconds writes FILE with the
tiles' stream states, so the soak can tell whether every tile came back. Stops on
SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

STATUS_EVERY_MS = 5000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--status", type=Path, required=True)
    parser.add_argument("--cameras", required=True, help="comma-separated camera ids")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import ClientConfig
    from app.wall import Layout
    from ui.shell.shell import ClientShell

    app = QApplication.instance() or QApplication(sys.argv[:1])
    cameras = args.cameras.split(",")
    config = ClientConfig(server_url=args.server, username="operator", password="pantau-demo",
                          layout=Layout.L4X4, cameras=cameras, language="en")
    shell = ClientShell(config)

    def write_status() -> None:
        window = shell.main_window
        tiles = window.wall_widget.tiles() if window is not None else []
        states = {t.camera_id: t.stream_state.value for t in tiles if t.camera_id}
        tmp = args.status.with_suffix(".tmp")
        tmp.write_text(json.dumps({"pid": os.getpid(), "tiles": states}))
        tmp.replace(args.status)  # the soak never reads half a file

    def on_started() -> None:
        shell.main_window.showMaximized()
        print(json.dumps({"event": "ready", "pid": os.getpid()}), flush=True)

    shell.started.connect(on_started)
    timer = QTimer()
    timer.timeout.connect(write_status)
    timer.start(STATUS_EVERY_MS)
    # Python runs signal handlers between bytecodes; the timer gives it some to run.
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    shell.start()
    app.exec()
    if shell.main_window is not None:
        shell.main_window.close()
    shell.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
