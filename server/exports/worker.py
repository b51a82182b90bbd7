"""The export queue: a few worker threads cut, describe and sign jobs one by one.

Requests only insert a row and enqueue its id, so many exports queue without holding
the event loop or a request thread. Jobs still queued when the server stopped run at the
next start; a job that was running (a crash, kill -9, power loss) is marked failed as
interrupted and its half-written files are removed: it is never offered as done, and the
same export can simply be asked again.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import re
import threading
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from server import audit
from server.audit import AuditAction
from server.clock import WIB, to_wire, utc_now
from server.exports.c2pa_certs import C2paCredentials, load_credentials
from server.exports.c2pa_embed import DIGITAL_CAPTURE, definition, embed
from server.exports.frame_times import write_frame_times
from server.exports.jobs import ExportJob, ExportState, get_job, set_fields, unfinished
from server.exports.manifest import build_manifest, manifest_bytes
from server.exports.spans import gaps_between, known_gaps
from server.faces.blur import FaceBlur
from server.faces.detector import FaceDetector, detector_name, model_sha256
from server.faces.scan import scan_file
from server.faces.tracks import FaceTrack
from server.footage import Footage
from server.node.cuts.cutter import SPAN_BREAK, NothingToCut, cut, file_digest
from server.node.cuts.reencode import Mask, Treatment, reencode
from server.node.playback.plan import plan_playback
from server.signing import Signer
from server.version import server_version

log = logging.getLogger(__name__)

_PROGRESS_EVERY_S = 0.5  # how often a running job writes its progress
_STOP = -1
INTERRUPTED = (
    "interrupted: the server stopped while this export was being written; its partial "
    "files were removed. Ask for the export again."
)


def export_dir(data_dir: Path, job_id: int) -> Path:
    return data_dir / "exports" / str(job_id)


def file_stem(job: ExportJob) -> str:
    """``Pantau_cam001_20261122-100000WIB_42``: says what it is when it sits in a folder,
    its start in WIB as the client shows times (and names snapshots); the id keeps two
    exports of one start apart."""
    camera = re.sub(r"[^A-Za-z0-9_-]", "_", job.ask.camera_id)[:40]
    return f"Pantau_{camera}_{job.ask.start.astimezone(WIB):%Y%m%d-%H%M%S}WIB_{job.id}"


def treatment_of(job: ExportJob) -> Treatment:
    """What the job asked to be burned in or hidden (see server.node.cuts.reencode).
    Faces: the tracks a supervisor approved (from a scan, corrected), or, asked to blur
    faces without them, an empty list the job fills by scanning its own cut."""
    options = job.ask.options
    masks = tuple(Mask(m["x"], m["y"], m["w"], m["h"]) for m in options.get("masks") or ())
    mark = f"PANTAU EXPORT {job.id} {job.created_by}" if options.get("watermark") else None
    faces = options.get("faces")
    blur = None
    if faces is not None:
        blur = FaceBlur([FaceTrack.from_json(t) for t in faces.get("tracks") or ()],
                        faces.get("detector") or detector_name(), model_sha256(),
                        list(faces.get("dropped") or ()))
    return Treatment(mark, masks, blur)


class ExportWorkers:
    def __init__(self, engine: Engine, data_dir: Path, signer: Signer, threads: int = 2,
                 footage: Footage | None = None) -> None:
        self._engine = engine
        self._data_dir = data_dir  # where export files are written
        # Where segments are read: this machine, or the nodes that recorded them.
        self._footage = footage or Footage(data_dir)
        self._signer = signer
        self._queue: queue.Queue[int] = queue.Queue()
        self._local = threading.local()
        self._credentials: C2paCredentials | None = None
        self._threads = [
            threading.Thread(target=self._run, name=f"export-{i}", daemon=True)
            for i in range(threads)
        ]

    def _c2pa(self, job: ExportJob, folder: Path, stem: str, target: Path, result,
              treatment: Treatment) -> tuple[dict, dict]:
        """Each picture's time written beside the MP4, then a C2PA manifest embedded in it
        that names the export, its camera and case, who exported it, and that file."""
        if self._credentials is None:
            self._credentials = load_credentials(
                self._data_dir / "keys", self._signer.public_key(), self._signer.server_id)
        times_name = f"{stem}.frames.csv"
        count, times_sha = write_frame_times(target, result.first_at, folder / times_name)
        frame_times = {"file": times_name, "sha256": times_sha, "pictures": count,
                       "format": "CSV: index,pts_s,utc (docs/evidence-format.md)"}
        camera = job.ask.options.get("camera", {})
        evidence = {
            "export_id": job.id,
            "camera": {"id": job.ask.camera_id, "name": camera.get("name", ""),
                       "area": camera.get("area_path", [])},
            "recorded_from": to_wire(result.first_at),
            "recorded_to": to_wire(result.end_at),
            "exported_by": {"username": job.created_by, "display_name": job.created_by_name},
            "reason": job.ask.reason,
            "case_number": job.ask.case_number,
            "frame_times": frame_times,
            "server": {"id": self._signer.server_id, "key_id": self._signer.key_id},
        }
        actions = [{"action": "c2pa.created", "digitalSourceType": DIGITAL_CAPTURE,
                    "when": to_wire(result.first_at)}]
        if treatment.active:
            kinds = sorted({step["kind"] for step in treatment.applied()})
            actions.append({"action": "c2pa.edited",
                            "description": "re-encoded by Pantau: " + ", ".join(kinds)})
        actions.append({"action": "c2pa.published", "when": to_wire(utc_now()),
                        "description": f"exported by {job.created_by_name} "
                                       f"({job.created_by}), case {job.ask.case_number}"})
        signed = folder / f"{stem}.c2pa.part"
        embed(target, signed, definition(f"{stem}.mp4", server_version(), actions, evidence),
              self._signer, self._credentials)
        signed.replace(target)
        c2pa = {"embedded": True, "signer": f"Pantau server {self._signer.server_id}",
                "trust_anchor": "c2pa_ca_pem of GET /api/v1/exports/public-key"}
        return c2pa, frame_times

    def _detector(self) -> FaceDetector:
        """One face detector per worker thread, made on its first face blur."""
        detector = getattr(self._local, "detector", None)
        if detector is None:
            detector = self._local.detector = FaceDetector()
        return detector

    def start(self) -> None:
        pending = self._recover()
        for thread in self._threads:
            thread.start()
        for job_id in pending:
            self.submit(job_id)

    def _recover(self) -> list[int]:
        """Jobs to run again (queued); those left running by a stop are failed."""
        with self._engine.connect() as conn:
            jobs = [get_job(conn, i) for i in unfinished(conn)]
        pending = []
        for job in jobs:
            if job is None:
                continue
            if job.state is ExportState.QUEUED:
                pending.append(job.id)
                continue
            log.warning("export %d was interrupted by a stop; marked failed", job.id)
            self._fail(job.id, INTERRUPTED)
        return pending

    def submit(self, job_id: int) -> None:
        self._queue.put(job_id)

    def stop(self, timeout_s: float = 10.0) -> None:
        for _ in self._threads:
            self._queue.put(_STOP)
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=timeout_s)

    def _run(self) -> None:
        while (job_id := self._queue.get()) != _STOP:
            try:
                self._export(job_id)
            except Exception as exc:  # noqa: BLE001 — one bad job must not stop the queue
                log.exception("export %d failed", job_id)
                self._fail(job_id, f"internal error: {type(exc).__name__}")

    def _set(self, job_id: int, **values) -> None:
        with self._engine.begin() as conn:
            set_fields(conn, job_id, **values)

    def _fail(self, job_id: int, message: str) -> None:
        """A failed export offers no files: whatever was half written goes."""
        folder = export_dir(self._data_dir, job_id)
        if folder.is_dir():
            for path in folder.iterdir():
                path.unlink(missing_ok=True)
        self._set(job_id, state=ExportState.FAILED, error=message)
        audit.record(
            self._engine,
            AuditAction.EXPORT_FAILED,
            actor=None,
            details={"export_id": job_id, "error": message},
        )

    def _export(self, job_id: int) -> None:
        with self._engine.connect() as conn:
            job = get_job(conn, job_id)
        if job is None or job.state is ExportState.DONE:
            return
        self._set(job_id, state=ExportState.RUNNING, progress=0.0, error=None)
        plan = plan_playback(
            self._engine, self._footage, job.ask.camera_id, job.ask.start, job.ask.end
        )
        if plan is None:
            self._fail(job_id, "nothing of the camera is recorded in that range")
            return
        folder = export_dir(self._data_dir, job_id)
        folder.mkdir(parents=True, exist_ok=True)
        stem = file_stem(job)
        last = [0.0]

        def progress(fraction: float) -> None:
            now = time.monotonic()
            if now - last[0] >= _PROGRESS_EVERY_S:
                last[0] = now
                self._set(job_id, progress=min(fraction, 0.99))

        treatment = treatment_of(job)
        target = folder / f"{stem}.mp4"
        source = folder / f"{stem}.source.mp4" if treatment.active else target
        share = 0.3 if treatment.active else 1.0  # re-encoding takes most of the time
        if treatment.faces is not None:
            share = 0.2
        try:
            result = cut(plan, self._footage, source, lambda f: progress(f * share))
        except NothingToCut as exc:
            self._fail(job_id, str(exc))
            return
        if treatment.faces is not None and job.ask.options["faces"].get("scan") == "auto":
            treatment.faces.tracks = scan_file(source, result.first_at, self._detector(),
                                               lambda f: progress(share + f * 0.3))
            share += 0.3
        if treatment.active:
            rest = 1.0 - share
            frames = reencode(
                source, target, treatment, result.first_at, lambda f: progress(share + f * rest)
            )
            source.unlink(missing_ok=True)
            sha, size = file_digest(target)
            result = replace(result, frames=frames, codec="h264", sha256=sha, bytes=size)
        c2pa = frame_times = None
        if job.ask.options.get("c2pa"):
            c2pa, frame_times = self._c2pa(job, folder, stem, target, result, treatment)
            sha, size = file_digest(target)
            result = replace(result, sha256=sha, bytes=size)
        known = known_gaps(plan)
        gaps = gaps_between(
            list(result.spans),
            min(job.ask.start, result.first_at),
            max(job.ask.end, result.end_at),
            [*result.read_gaps, *known],
            SPAN_BREAK,
        )
        manifest = build_manifest(
            job,
            result,
            f"{stem}.mp4",
            gaps,
            server_id=self._signer.server_id,
            server_version=server_version(),
            key_id=self._signer.key_id,
            treatment=treatment,
            c2pa=c2pa,
            frame_times=frame_times,
        )
        document = manifest_bytes(manifest)
        (folder / f"{stem}.manifest.json").write_bytes(document)
        (folder / f"{stem}.manifest.sig").write_bytes(self._signer.sign(document))
        (folder / f"{stem}.pubkey.pem").write_text(self._signer.public_pem)
        self._set(
            job_id,
            state=ExportState.DONE,
            progress=1.0,
            actual_start=result.first_at,
            actual_end=result.end_at,
            file_name=stem,
            sha256=result.sha256,
            bytes=result.bytes,
            manifest_sha256=hashlib.sha256(document).hexdigest(),
            reencoded=treatment.active,
        )
        audit.record(
            self._engine,
            AuditAction.EXPORT_FINISHED,
            actor=job.created_by,
            camera_id=job.ask.camera_id,
            details={"export_id": job_id, "sha256": result.sha256, "bytes": result.bytes},
        )
        log.info("export %d of %s done: %d frames", job_id, job.ask.camera_id, result.frames)
