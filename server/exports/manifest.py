"""What an export's manifest says: the camera, the times asked and contained (UTC and
WIB), every span of footage the MP4 holds and every gap with its reason, how to read a
frame's UTC time from the file, the audio, who asked and why, and the MP4's size and
SHA-256. The server signs the manifest file's exact bytes (docs/evidence-format.md)."""

from __future__ import annotations

import json
from datetime import datetime

from server.clock import to_wire, utc_now, wib
from server.exports.jobs import ExportJob
from server.exports.spans import Gap
from server.node.cuts.cutter import CutResult
from server.node.cuts.reencode import Treatment
from server.node.playback.remux import START_TAG

# 2: the signature is a detached file over the manifest's bytes; spans, gaps, timeline
# and audio added. 1 (before): signature inside the file, over canonical JSON.
MANIFEST_VERSION = 2


def _times(start: datetime, end: datetime) -> dict:
    return {
        "start_utc": to_wire(start),
        "end_utc": to_wire(end),
        "start_wib": wib(start),
        "end_wib": wib(end),
    }


def _audio(cut: CutResult) -> dict:
    if cut.audio is None:
        return {"kept": False, "codec": None, "note": "the recording of this range has no audio"}
    return {
        "kept": True,
        "codec": cut.audio.codec,
        "sample_rate": cut.audio.sample_rate,
        "channels": cut.audio.channels,
        "note": "the camera's audio, copied as recorded",
    }


def build_manifest(
    job: ExportJob,
    cut: CutResult,
    file_name: str,
    gaps: list[Gap],
    *,
    server_id: str,
    server_version: str,
    key_id: str,
    treatment: Treatment | None = None,
    c2pa: dict | None = None,
    frame_times: dict | None = None,
) -> dict:
    camera = job.ask.options.get("camera", {})
    recorded = sum((s.end - s.start).total_seconds() for s in cut.spans)
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
        "contained": {
            **_times(cut.first_at, cut.end_at),
            "duration_s": round((cut.end_at - cut.first_at).total_seconds(), 3),
            "recorded_s": round(recorded, 3),
        },
        "timeline": {
            # The MP4 keeps recorded time: a frame's UTC time is this origin plus its
            # presentation timestamp; the MP4's comment tag says the same origin.
            "origin_utc": to_wire(cut.first_at),
            "mp4_comment": f"{START_TAG}{to_wire(cut.first_at)}",
            "gaps_in_file": "kept as gaps: the picture before a gap stays until the next",
        },
        "spans": [s.to_json(cut.first_at) for s in cut.spans],
        "gaps": [g.to_json() for g in gaps],
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
        "audio": _audio(cut),
        # A remux keeps the camera's own pictures; re-encoding (watermark, masks) says so.
        "reencoded": bool(treatment and treatment.active),
        "applied": treatment.applied() if treatment else [],
        "server": {"id": server_id, "version": server_version, "key_id": key_id},
        "created_at": to_wire(utc_now()),
        # Issue 17, asked for with the export: a C2PA manifest inside the MP4, and each
        # picture's UTC time in a file beside it (docs/evidence-format.md).
        **({"c2pa": c2pa} if c2pa is not None else {}),
        **({"frame_times": frame_times} if frame_times is not None else {}),
    }


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest file's content, written once and signed as it is: readable JSON,
    UTF-8, one newline at the end. Nobody needs to rebuild these bytes to check it."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
