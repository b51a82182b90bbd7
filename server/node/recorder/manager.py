"""Owns one recording thread per camera and writes finished segments to the index.

It follows the catalog: ``sync`` (everything) and ``on_camera_changed`` (one camera,
called by the administration endpoints through ``ServerContext.camera_listeners``)
start a worker for each enabled, recorded camera and stop the worker of a camera that
was disabled, removed or set not to record. Each worker asks ``source`` for its URL at
every connection: the relay's loopback URL with a fresh recorder ticket, or the
camera's own URL when the server runs without the relay.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, Select, select
from sqlalchemy.exc import OperationalError

from server.cameras import Profile
from server.node.recorder.camera import CameraRecorder
from server.node.recorder.recovery import index_orphans
from server.node.recorder.states import CameraStatus, RecorderState, camera_status
from server.node.volumes import Volumes
from server.recordings import Segment, add_segment, checked
from server.schema import camera_streams, cameras
from server.settings import Settings

log = logging.getLogger(__name__)

STOP_JOIN_S = 15.0

# camera id -> the URL to record its main stream from now (None: not available)
SourceFor = Callable[[str], str | None]


class Companion(Protocol):
    """Work that follows a camera's recording (server/node/analytics)."""

    def begin(self, camera_id: str) -> None: ...
    def end(self, camera_id: str) -> None: ...
    def stop(self) -> None: ...


def recorded_query() -> Select:
    """(id, pinned node) of the cameras to record now: enabled, not removed, recording
    on, with a main stream."""
    return (
        select(cameras.c.id, cameras.c.pinned_node)
        .join(camera_streams, camera_streams.c.camera_id == cameras.c.id)
        .where(
            camera_streams.c.profile == Profile.MAIN.value,
            cameras.c.enabled.is_(True),
            cameras.c.record.is_(True),
            cameras.c.removed_at.is_(None),
        )
    )


def recorded_pins(conn: Connection, camera_id: str | None = None,
                  ids: list[str] | None = None) -> dict[str, str | None]:
    """Cameras to record now (of ``camera_id`` or ``ids`` when given), each with the
    node an administrator pinned it to (None: any node)."""
    query = recorded_query()
    if camera_id is not None:
        query = query.where(cameras.c.id == camera_id)
    if ids is not None:
        query = query.where(cameras.c.id.in_(ids))
    return {row[0]: row[1] for row in conn.execute(query)}


def recorded_cameras(conn: Connection, camera_id: str | None = None) -> set[str]:
    """Cameras to record now: enabled, not removed, recording on, with a main stream."""
    return set(recorded_pins(conn, camera_id))


class _Worker:
    def __init__(self, recorder: CameraRecorder, halt: threading.Event) -> None:
        self.recorder = recorder
        self.halt = halt


class RecorderManager:
    def __init__(self, engine: Engine, settings: Settings, source: SourceFor,
                 node: str | None = None, volumes: Volumes | None = None,
                 analytics: Companion | None = None) -> None:
        self._engine = engine
        # Issue 17: analyses each camera recorded, for as long as it is recorded.
        self._analytics = analytics
        self._settings = settings
        self._source = source
        self._node = node  # written into every segment it indexes
        self._volumes = volumes  # where segments go (None: the data directory alone)
        # The cameras this node holds a lease on (server/node/fleet.py); None: every
        # camera to be recorded (a recorder on its own, in tests).
        self._scope: frozenset[str] | None = None
        self._ingest: deque[tuple[float, int]] = deque()  # (monotonic s, bytes indexed)
        self._stop = threading.Event()
        self._workers: dict[str, _Worker] = {}
        # Workers told to stop that may still be closing their last segment.
        self._retiring: list[_Worker] = []
        self._known: set[str] = set()
        # Set by the storage guard while a volume is below its reserve: no worker runs.
        self._paused_for_space = False
        self._lock = threading.Lock()

    def start(self) -> None:
        recovered = index_orphans(self._engine, self._settings.data_dir, self._volumes)
        if recovered:
            log.info("indexed %d segments left by an earlier run", recovered)
        self.sync()

    def assign(self, camera_ids: frozenset[str]) -> None:
        """Record only these cameras (those this node holds a lease on) from now."""
        with self._lock:
            if camera_ids == self._scope:
                return
            self._scope = camera_ids
        self.sync()

    def sync(self) -> None:
        """Record exactly the cameras the catalog says to record now (of this node's)."""
        with self._engine.connect() as conn:
            wanted = recorded_cameras(conn)
        with self._lock:
            if self._scope is not None:
                wanted &= self._scope
            self._known = set(wanted)
            if not self._settings.record or self._stop.is_set() or self._paused_for_space:
                return
            if wanted == set(self._workers):
                return
            for cam_id in sorted(set(self._workers) - wanted):
                self._retire(cam_id)
            for cam_id in sorted(wanted - set(self._workers)):
                self._begin(cam_id)
        log.info("recording %d cameras", len(self._workers))

    def on_camera_changed(self, camera_id: str) -> None:
        """One camera changed: start or stop its worker (cheap for a bulk import)."""
        with self._engine.connect() as conn:
            wanted = bool(recorded_cameras(conn, camera_id))
        with self._lock:
            wanted = wanted and (self._scope is None or camera_id in self._scope)
            if wanted:
                self._known.add(camera_id)
            else:
                self._known.discard(camera_id)
            if not self._settings.record or self._stop.is_set() or self._paused_for_space:
                return
            if wanted and camera_id not in self._workers:
                self._begin(camera_id)
                log.info("%s: recording started", camera_id)
            elif not wanted and camera_id in self._workers:
                self._retire(camera_id)
                log.info("%s: recording stopped", camera_id)

    def states(self) -> dict[str, RecorderState]:
        with self._lock:
            if not self._settings.record:
                return {cam: RecorderState.DISABLED for cam in self._known}
            if self._paused_for_space:
                return {cam: RecorderState.PAUSED_FOR_SPACE for cam in self._known}
            return {cam: w.recorder.state for cam, w in self._workers.items()}

    def camera_statuses(self) -> dict[str, CameraStatus]:
        with self._lock:
            return {
                cam: camera_status(w.recorder.state) if w.recorder.settled else CameraStatus.UNKNOWN
                for cam, w in self._workers.items()
            }

    @property
    def paused_for_space(self) -> bool:
        return self._paused_for_space

    def ingest_bps(self, window_s: float = 60.0) -> float:
        """Bits per second of footage indexed over the last ``window_s``."""
        cutoff = time.monotonic() - window_s
        with self._lock:
            while self._ingest and self._ingest[0][0] < cutoff:
                self._ingest.popleft()
            return 8 * sum(size for _, size in self._ingest) / window_s

    def pause_for_space(self) -> None:
        """Stop every worker: each closes and indexes its open segment on its own thread
        (a disk too full for that loses only the fragment being written)."""
        with self._lock:
            self._paused_for_space = True
            for cam_id in sorted(self._workers):
                self._retire(cam_id)
        log.warning("recording paused for space (%d cameras)", len(self._known))

    def resume_after_space(self) -> None:
        with self._lock:
            self._paused_for_space = False
        self.sync()

    def stop(self) -> None:
        """Each worker closes and indexes its open segment before its thread ends."""
        self._stop.set()
        with self._lock:
            workers = list(self._workers.values()) + self._retiring
        for worker in workers:
            worker.halt.set()
        if self._analytics is not None:
            self._analytics.stop()
        deadline = time.monotonic() + STOP_JOIN_S
        for worker in workers:
            worker.recorder.join(timeout=max(0.1, deadline - time.monotonic()))
            if worker.recorder.is_alive():
                log.warning("%s: recorder did not stop in time", worker.recorder.camera_id)

    # --- under _lock -----------------------------------------------------------------

    def _begin(self, cam_id: str) -> None:
        halt = threading.Event()
        recorder = CameraRecorder(
            cam_id,
            lambda: self._source(cam_id),
            self._settings.data_dir,
            self._settings.segment_seconds,
            self._index,
            halt,
            volumes=self._volumes,
        )
        self._workers[cam_id] = _Worker(recorder, halt)
        recorder.start()
        if self._analytics is not None:
            self._analytics.begin(cam_id)

    def _retire(self, cam_id: str) -> None:
        worker = self._workers.pop(cam_id)
        worker.halt.set()  # it closes and indexes its open segment on its own thread
        if self._analytics is not None:
            self._analytics.end(cam_id)
        self._retiring = [w for w in self._retiring if w.recorder.is_alive()] + [worker]

    def _index(self, seg: Segment) -> None:
        # Issue 13: a damaged file is indexed with its health, never as good.
        root = Path(seg.volume) if seg.volume else self._settings.data_dir
        seg = replace(checked(root, seg), node=self._node)
        with self._lock:
            self._ingest.append((time.monotonic(), seg.bytes))
        for attempt in range(5):
            try:
                with self._engine.begin() as conn:
                    add_segment(conn, seg)
                return
            except OperationalError as exc:  # a busy SQLite; the segment is worth a retry
                log.warning("indexing %s failed (attempt %d): %s", seg.path, attempt + 1, exc)
                time.sleep(0.2 * (attempt + 1))
        log.error("segment %s recorded but not indexed", seg.path)
