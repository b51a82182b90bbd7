"""Face scans: the faces of a stretch of footage found before an export is cut, for a
supervisor to correct on the mask editor (drop what is no face, draw what was missed).

A scan is working data, not evidence: kept in memory for ``KEEP`` (a server restart
loses it and the supervisor scans again), run one at a time on a thread of its own,
answered to whoever asked it (and to supervisors and administrators)."""

from __future__ import annotations

import itertools
import logging
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from queue import Queue

from sqlalchemy import Engine

from server.faces.detector import FaceDetector, detector_name, model_sha256
from server.faces.scan import scan_file
from server.faces.tracks import FaceTrack
from server.footage import Footage
from server.node.cuts.cutter import NothingToCut, cut
from server.node.playback.plan import plan_playback

log = logging.getLogger(__name__)

KEEP_S = 3600.0
MAX_KEPT = 200


class ScanState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class FaceScan:
    id: int
    camera_id: str
    start: datetime
    end: datetime
    created_by: str
    state: ScanState = ScanState.QUEUED
    progress: float = 0.0
    error: str | None = None
    tracks: list[FaceTrack] = field(default_factory=list)
    made: float = field(default_factory=time.monotonic)


class FaceScans:
    def __init__(self, engine: Engine, footage: Footage) -> None:
        self._engine = engine
        self._footage = footage
        self._scans: dict[int, FaceScan] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._queue: Queue[int | None] = Queue()
        self._thread = threading.Thread(target=self._run, name="face-scans", daemon=True)
        self._detector: FaceDetector | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def submit(self, camera_id: str, start: datetime, end: datetime, user: str) -> FaceScan:
        with self._lock:
            self._forget_old()
            scan = FaceScan(next(self._ids), camera_id, start, end, user)
            self._scans[scan.id] = scan
        self._queue.put(scan.id)
        return scan

    def get(self, scan_id: int) -> FaceScan | None:
        with self._lock:
            return self._scans.get(scan_id)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for scan_id in [i for i, s in self._scans.items() if now - s.made > KEEP_S]:
            del self._scans[scan_id]
        while len(self._scans) >= MAX_KEPT:
            del self._scans[min(self._scans)]

    def _run(self) -> None:
        while (scan_id := self._queue.get()) is not None:
            scan = self.get(scan_id)
            if scan is None:
                continue
            try:
                self._scan(scan)
            except Exception as exc:  # noqa: BLE001 — one bad scan must not stop the rest
                log.exception("face scan %d failed", scan.id)
                scan.state, scan.error = ScanState.FAILED, f"internal error: {type(exc).__name__}"

    def _scan(self, scan: FaceScan) -> None:
        scan.state = ScanState.RUNNING
        plan = plan_playback(self._engine, self._footage, scan.camera_id, scan.start, scan.end)
        if plan is None:
            scan.state, scan.error = ScanState.FAILED, "nothing of the camera is recorded then"
            return
        if self._detector is None:
            self._detector = FaceDetector()
        with tempfile.TemporaryDirectory(prefix="pantau-face-scan-") as folder:
            source = Path(folder) / "cut.mp4"
            try:
                result = cut(plan, self._footage, source,
                             lambda f: setattr(scan, "progress", 0.2 * f))
            except NothingToCut as exc:
                scan.state, scan.error = ScanState.FAILED, str(exc)
                return
            scan.tracks = scan_file(source, result.first_at, self._detector,
                                    lambda f: setattr(scan, "progress", 0.2 + 0.8 * f))
        scan.progress, scan.state = 1.0, ScanState.DONE

    @staticmethod
    def describe() -> dict:
        return {"detector": detector_name(), "model_sha256": model_sha256()}
