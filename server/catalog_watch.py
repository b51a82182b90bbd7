"""Changes to cameras made outside this process (``python -m server cameras import`` on
the console, another server sharing the database) reach the recorder and the relay:
every few seconds the cameras written since the last look are announced through
``ServerContext.camera_changed``, as the administration API does for its own writes.
Listeners are idempotent, so a change announced twice costs one small query."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from server.context import ServerContext
from server.schema import cameras

log = logging.getLogger(__name__)

# A console import is seen within this long; one indexed query per look.
WATCH_EVERY_S = 5.0


class CatalogWatch(threading.Thread):
    def __init__(self, ctx: ServerContext, every_s: float = WATCH_EVERY_S) -> None:
        super().__init__(name="catalog-watch", daemon=True)
        self._ctx = ctx
        self._every_s = every_s
        self._halt = threading.Event()
        self._since: datetime | None = None

    def start(self) -> None:
        with self._ctx.engine.connect() as conn:
            self._since = conn.execute(select(func.max(cameras.c.updated_at))).scalar()
        super().start()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)

    def run(self) -> None:
        while not self._halt.wait(self._every_s):
            try:
                self.look()
            except SQLAlchemyError as exc:  # a busy or restarting database: next time
                log.warning("catalog watch: %s", exc)

    def look(self) -> list[str]:
        """Announce the cameras written since the last look; returns their ids."""
        query = select(cameras.c.id, cameras.c.updated_at)
        if self._since is not None:
            query = query.where(cameras.c.updated_at > self._since)
        with self._ctx.engine.connect() as conn:
            rows = list(conn.execute(query.order_by(cameras.c.updated_at)))
        for camera_id, updated_at in rows:
            self._ctx.camera_changed(camera_id)
            self._since = updated_at
        return [camera_id for camera_id, _ in rows]
