"""The server's evidence exports, as the client sees them: ask for a cut, follow it,
fetch its files (MP4, manifest, the manifest's signature, the server's public key)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.faces import BlurChoice, FacesToBlur
from app.masks import Mask

MANIFEST_SUFFIX = ".manifest.json"  # the layout app.verify reads
SIGNATURE_SUFFIX = ".manifest.sig"
KEY_SUFFIX = ".pubkey.pem"
FRAME_TIMES_SUFFIX = ".frames.csv"  # issue 17: each picture's UTC time


class ExportState(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (ExportState.DONE, ExportState.FAILED)


@dataclass(frozen=True)
class ExportJob:
    id: int
    camera_id: str
    camera_name: str
    state: ExportState
    progress: float
    error: str
    start: datetime
    end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    reason: str
    case_number: str
    requester: str
    sha256: str
    bytes: int
    file_name: str


def export_job(data: Any) -> ExportJob:
    try:
        def time_or_none(key: str) -> datetime | None:
            return parse.parse_time(data[key]) if data.get(key) else None

        return ExportJob(
            id=int(data["id"]), camera_id=str(data["camera_id"]),
            camera_name=str(data.get("camera_name") or ""),
            state=ExportState(data["state"]), progress=float(data.get("progress") or 0.0),
            error=str(data.get("error") or ""), start=parse.parse_time(data["start"]),
            end=parse.parse_time(data["end"]), actual_start=time_or_none("actual_start"),
            actual_end=time_or_none("actual_end"), reason=str(data.get("reason") or ""),
            case_number=str(data.get("case_number") or ""),
            requester=str(data.get("requester") or ""), sha256=str(data.get("sha256") or ""),
            bytes=int(data.get("bytes") or 0), file_name=str(data.get("file_name") or ""))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not an export: {exc}") from exc


class ExportsApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def create(self, camera_id: str, start: datetime, end: datetime, reason: str,
               case_number: str, requester: str = "",
               bookmark_id: int | None = None, watermark: bool = False,
               masks: tuple[Mask, ...] = (), blur: BlurChoice = BlurChoice.NONE,
               faces: FacesToBlur | None = None, c2pa: bool = False) -> ExportJob:
        """``blur``: SERVER_FINDS lets the export find the faces itself (at most 15
        minutes); REVIEWED sends ``faces``, a scan as the supervisor corrected it.
        ``c2pa``: a C2PA manifest in the MP4 and each picture's UTC time beside it."""
        body = {"camera_id": camera_id, "start": parse.format_time(start),
                "end": parse.format_time(end), "reason": reason, "case_number": case_number,
                "requester": requester or None, "bookmark_id": bookmark_id,
                "watermark": watermark, "masks": [m.to_json() for m in masks],
                "c2pa": c2pa}
        if blur is BlurChoice.REVIEWED:
            if faces is None:
                raise ApiError(ApiErrorKind.BAD_REQUEST, "reviewed faces were not given")
            body["blur_faces"] = True
            body["faces"] = faces.to_json()
        elif blur is BlurChoice.SERVER_FINDS:
            body["blur_faces"] = True
        return export_job(self._client.call("POST", "/exports", json=body))

    def get(self, export_id: int) -> ExportJob:
        return export_job(self._client.call("GET", f"/exports/{export_id}"))

    def list(self) -> list[ExportJob]:
        """The exports this user may see (a supervisor: everyone's), newest first."""
        data = self._client.call("GET", "/exports")
        if not isinstance(data, list):
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "not an export list")
        return [export_job(item) for item in data]

    def retry(self, export_id: int) -> ExportJob:
        """Queue a failed export again, under the same number."""
        return export_job(self._client.call("POST", f"/exports/{export_id}/retry"))

    def public_key(self) -> tuple[str, str]:
        """(PEM, key id) of the key this server signs exports with."""
        data = self._client.call("GET", "/exports/public-key")
        pem = data.get("public_key_pem") if isinstance(data, dict) else None
        key_id = data.get("key_id") if isinstance(data, dict) else None
        if not isinstance(pem, str) or "PUBLIC KEY" not in pem or not isinstance(key_id, str):
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "no public key in the answer")
        return pem, key_id

    def public_key_pem(self) -> str:
        return self.public_key()[0]

    def download(self, job: ExportJob, folder: Path, progress=None, stop=None) -> Path:
        """The export's four files into ``folder``; returns the MP4's path. Blocks."""
        if job.state is not ExportState.DONE or not job.file_name:
            raise ApiError(ApiErrorKind.BAD_REQUEST, f"export {job.id} is not finished")
        folder.mkdir(parents=True, exist_ok=True)
        mp4 = folder / f"{job.file_name}.mp4"
        self._client.download(f"/exports/{job.id}/file", mp4, progress=progress, stop=stop)
        manifest, _ = self._client.get_bytes(f"/exports/{job.id}/manifest")
        (folder / f"{job.file_name}{MANIFEST_SUFFIX}").write_bytes(manifest)
        signature, _ = self._client.get_bytes(f"/exports/{job.id}/signature")
        (folder / f"{job.file_name}{SIGNATURE_SUFFIX}").write_bytes(signature)
        (folder / f"{job.file_name}{KEY_SUFFIX}").write_text(self.public_key_pem())
        if b'"frame_times"' in manifest:  # each picture's UTC time (an export with c2pa)
            times, _ = self._client.get_bytes(f"/exports/{job.id}/frame-times")
            (folder / f"{job.file_name}{FRAME_TIMES_SUFFIX}").write_bytes(times)
        return mp4
