"""``python -m camsim``: run the simulated fleet until SIGINT or SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from camsim.config import parse_args
from camsim.runtime import Simulator

log = logging.getLogger("camsim")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    config = parse_args(argv)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    sim = Simulator(config)
    try:
        sim.start()
    except OSError as exc:
        log.error("cannot start: %s", exc)
        sim.stop()
        return 1
    sim.announce_ready()
    log.info("serving %d cameras; stop with Ctrl+C", len(sim.cameras))
    stop.wait()
    log.info("stopping")
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
