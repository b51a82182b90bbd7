"""What an export's manifest says: the camera, the times asked and contained (UTC and
WIB), who asked and why, and the MP4's size and SHA-256. The server signs it."""

from __future__ import annotations

from datetime import datetime

from server.clock import to_wire, utc_now, wib
from server.exports.cutter import CutResult
from server.exports.jobs import ExportJob
from server.exports.reencode import Treatment

MANIFEST_VERSION = 1


def _times(start: datetime, end: datetime) -> dict:
    return {
        "start_utc": to_wire(start),
        "end_utc": to_wire(end),
        "start_wib": wib(start),
        "end_wib": wib(end),
    }


def build_manifest(
    job: ExportJob,
    cut: CutResult,
    file_name: str,
    *,
    server_id: str,
    server_version: str,
    key_id: str,
    treatment: Treatment | None = None,
) -> dict:
    camera = job.ask.options.get("camera", {})
    return {
        "pantau_export": MANIFEST_VERSION,
        "export_id": job.id,
        "camera": {
            "id": job.ask.camera_id,
            "name": camera.get("name", ""),
            "area_id": camera.get("area_id", ""),
            "area": camera.get("area_path", []),
        },
        "asked": _times(job.ask.start, job.ask.end),
        "contained": _times(cut.first_at, cut.end_at),
        "operator": {"username": job.created_by, "display_name": job.created_by_name},
        "reason": job.ask.reason,
        "case_number": job.ask.case_number,
        "requester": job.ask.requester,
        "bookmark_id": job.ask.bookmark_id,
        "request_id": job.ask.request_id,
        "file": {"name": file_name, "bytes": cut.bytes, "sha256": cut.sha256},
        "video": {
            "codec": cut.codec,
            "width": cut.width,
            "height": cut.height,
            "frames": cut.frames,
            "duration_s": round((cut.end_at - cut.first_at).total_seconds(), 3),
        },
        # A remux keeps the camera's own pictures; re-encoding (watermark, masks) says so.
        "reencoded": bool(treatment and treatment.active),
        "applied": treatment.applied() if treatment else [],
        "server": {"id": server_id, "version": server_version, "key_id": key_id},
        "created_at": to_wire(utc_now()),
    }
