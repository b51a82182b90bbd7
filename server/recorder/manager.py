"""Owns one recording thread per camera and writes finished segments to the index."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from server.cameras import all_main_streams
from server.recorder.camera import CameraRecorder
from server.recorder.recovery import index_orphans
from server.recorder.states import CameraStatus, RecorderState, camera_status
from server.recordings import Segment, add_segment
from server.settings import Settings

log = logging.getLogger(__name__)

STOP_JOIN_S = 15.0


class RecorderManager:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self._stop = threading.Event()
        self._workers: dict[str, CameraRecorder] = {}
        self._known: set[str] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        recovered = index_orphans(self._engine, self._settings.data_dir)
        if recovered:
            log.info("indexed %d segments left by an earlier run", recovered)
        self.sync()

    def sync(self) -> None:
        """Start recording cameras that appeared in the catalog since the last call."""
        with self._engine.connect() as conn:
            streams = all_main_streams(conn)
        with self._lock:
            self._known |= set(streams)
            if not self._settings.record or self._stop.is_set():
                return
            for cam_id, url in sorted(streams.items()):
                if cam_id in self._workers:
                    continue
                worker = CameraRecorder(
                    cam_id,
                    url,
                    self._settings.data_dir,
                    self._settings.segment_seconds,
                    self._index,
                    self._stop,
                )
                self._workers[cam_id] = worker
                worker.start()
        log.info("recording %d cameras", len(self._workers))

    def states(self) -> dict[str, RecorderState]:
        with self._lock:
            if not self._settings.record:
                return {cam: RecorderState.DISABLED for cam in self._known}
            return {cam: w.state for cam, w in self._workers.items()}

    def camera_statuses(self) -> dict[str, CameraStatus]:
        with self._lock:
            return {
                cam: camera_status(w.state) if w.settled else CameraStatus.UNKNOWN
                for cam, w in self._workers.items()
            }

    def stop(self) -> None:
        """Each worker closes and indexes its open segment before its thread ends."""
        self._stop.set()
        deadline = time.monotonic() + STOP_JOIN_S
        for worker in list(self._workers.values()):
            worker.join(timeout=max(0.1, deadline - time.monotonic()))
            if worker.is_alive():
                log.warning("%s: recorder did not stop in time", worker.camera_id)

    def _index(self, seg: Segment) -> None:
        for attempt in range(5):
            try:
                with self._engine.begin() as conn:
                    add_segment(conn, seg)
                return
            except OperationalError as exc:  # a busy SQLite; the segment is worth a retry
                log.warning("indexing %s failed (attempt %d): %s", seg.path, attempt + 1, exc)
                time.sleep(0.2 * (attempt + 1))
        log.error("segment %s recorded but not indexed", seg.path)
