"""The server's face scans (issue 17): the faces of up to 15 minutes of a camera's
footage, found before an export is cut, for a supervisor to correct."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.faces import FacePoint, FaceTrack, TrackSource


class ScanState(enum.Enum):
    QUEUED = "queued"  # waiting for the server's one scanning thread
    RUNNING = "running"
    DONE = "done"  # tracks are final
    FAILED = "failed"  # error says why (e.g. nothing recorded then)

    @property
    def finished(self) -> bool:
        return self in (ScanState.DONE, ScanState.FAILED)


@dataclass(frozen=True)
class FaceScan:
    id: int
    camera_id: str
    start: datetime
    end: datetime
    state: ScanState
    progress: float  # 0..1
    error: str
    detector: str  # what found the faces (named in the export's manifest)
    model_sha256: str
    tracks: tuple[FaceTrack, ...]


def face_track(data: Any) -> FaceTrack:
    points = sorted((FacePoint(parse.parse_time(p["at"]), float(p["x"]), float(p["y"]),
                               float(p["w"]), float(p["h"])) for p in data["points"]),
                    key=lambda p: p.at)
    if not points:
        raise ValueError("a track without points")
    return FaceTrack(int(data["id"]), TrackSource(data["source"]), tuple(points))


def face_scan(data: Any) -> FaceScan:
    try:
        return FaceScan(
            id=int(data["id"]), camera_id=str(data["camera_id"]),
            start=parse.parse_time(data["start"]), end=parse.parse_time(data["end"]),
            state=ScanState(data["state"]), progress=float(data.get("progress") or 0.0),
            error=str(data.get("error") or ""), detector=str(data.get("detector") or ""),
            model_sha256=str(data.get("model_sha256") or ""),
            tracks=tuple(face_track(t) for t in data.get("tracks") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a face scan: {exc}") from exc


class FaceScansApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def start(self, camera_id: str, start: datetime, end: datetime) -> FaceScan:
        """Queue a scan (blocks for the answer, not the scan); BAD_REQUEST past 15 min."""
        body = {"camera_id": camera_id, "start": parse.format_time(start),
                "end": parse.format_time(end)}
        return face_scan(self._client.call("POST", "/face-scans", json=body))

    def get(self, scan_id: int) -> FaceScan:
        return face_scan(self._client.call("GET", f"/face-scans/{scan_id}"))
