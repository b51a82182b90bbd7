"""One sampling thread per recorded camera, started and stopped with its recorder
(server/node/recorder/manager.py): motion is kept for the footage a node keeps, and
pauses with it (a full disk). Each camera's analysers (server/node/analytics/watch.py)
follow its alarm rules and raise alarms through server/node/analytics/alarm_link.py."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from server.motion.blocks import MotionBlock, add_block
from server.node.analytics.alarm_link import AlarmRaiser, RuleBook
from server.node.analytics.occupancy_store import OccupancyWriter
from server.node.analytics.sampler import CameraSampler
from server.node.analytics.watch import camera_analysers

log = logging.getLogger(__name__)

STOP_JOIN_S = 10.0

# camera id -> the URL of its smallest stream now (None: not available)
SmallestSource = Callable[[str], str | None]


class AnalyticsManager:
    def __init__(self, engine: Engine, source: SmallestSource, node: str | None) -> None:
        self._engine = engine
        self._source = source
        self._node = node
        self._workers: dict[str, tuple[CameraSampler, threading.Event]] = {}
        self._lock = threading.Lock()
        self._rules = RuleBook(engine)
        self._alarms = AlarmRaiser(engine, node)
        self._occupancy = OccupancyWriter(engine, node)

    def begin(self, camera_id: str) -> None:
        with self._lock:
            if camera_id in self._workers:
                return
            halt = threading.Event()
            analysers = camera_analysers(
                camera_id, self._rules.watch(camera_id), self._alarms, self._store,
                self._occupancy.add, partial(self._occupancy.flush, camera_id))
            sampler = CameraSampler(camera_id, lambda: self._source(camera_id), analysers,
                                    halt)
            self._workers[camera_id] = (sampler, halt)
            sampler.start()

    def end(self, camera_id: str) -> None:
        """It stores what it analysed last on its own thread, then stops."""
        with self._lock:
            worker = self._workers.pop(camera_id, None)
            self._rules.forget(camera_id)
        if worker is not None:
            worker[1].set()

    def running(self) -> set[str]:
        with self._lock:
            return set(self._workers)

    def stop(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers.values()), {}
        for _, halt in workers:
            halt.set()
        deadline = time.monotonic() + STOP_JOIN_S
        for sampler, _ in workers:
            sampler.join(timeout=max(0.1, deadline - time.monotonic()))

    def _store(self, block: MotionBlock) -> None:
        for attempt in range(3):
            try:
                with self._engine.begin() as conn:
                    add_block(conn, block, self._node)
                return
            except OperationalError as exc:  # a busy SQLite
                log.warning("%s: motion not stored (attempt %d): %s", block.camera_id,
                            attempt + 1, exc)
                time.sleep(0.2 * (attempt + 1))
        log.error("%s: motion from %s lost", block.camera_id, block.start.isoformat())
