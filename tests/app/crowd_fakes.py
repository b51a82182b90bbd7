"""A fake server for the crowd chart behind a fake transport (the ApiClient's ``call``):
GET /cameras/{id}/occupancy and GET /alarm-rules. The real OccupancyApi, AlarmsApi and
parsing run on top of it. Shared by tests/app/test_occupancy.py and the UI's tests."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from app.api.errors import ApiError, ApiErrorKind
from app.api.parse import parse_time

NOW = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)  # 21:00 WIB


def wire(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def point_json(start: datetime, seconds: float, level: float, peak: float | None = None,
               moving: float = 0.05) -> dict[str, Any]:
    return {"start": wire(start), "end": wire(start + timedelta(seconds=seconds)),
            "level": level, "peak": level if peak is None else peak, "moving": moving}


def crowd_rule_json(rule_id: int, name: str, threshold: float, *, camera_id: str | None = None,
                    area: str | None = None, enabled: bool = True,
                    kind: str = "crowd") -> dict[str, Any]:
    return {"id": rule_id, "name": name, "kind": kind, "camera_id": camera_id, "area": area,
            "region": None, "min_cells": 2, "hours": None, "hold_s": 60.0,
            "threshold": threshold if kind == "crowd" else None, "enabled": enabled}


class FakeCrowdServer:
    """Occupancy samples per camera as the server would bucket them: the points whose
    start lies in [start, end); thread-safe (the TaskRunner calls from its workers)."""

    def __init__(self, points: dict[str, list[dict[str, Any]]] | None = None,
                 rules: list[dict[str, Any]] | None = None) -> None:
        self.lock = threading.Lock()
        self.points = points or {}
        self.rules = rules or []
        self.rules_refused = False
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.gates: dict[str, threading.Event] = {}  # camera id -> answer when set

    def handle(self, method: str, path: str, params: dict[str, str] | None) -> Any:
        params = dict(params or {})
        with self.lock:
            self.calls.append((method, path, params))
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/alarm-rules":
            if self.rules_refused:
                raise ApiError(ApiErrorKind.SERVER_ERROR, "rules table away", 500)
            return copy.deepcopy(self.rules)
        if method == "GET" and parts[0] == "cameras" and parts[-1] == "occupancy":
            camera_id = parts[1]
            gate = self.gates.get(camera_id)
            if gate is not None:
                gate.wait(5)
            if camera_id not in self.points:
                raise ApiError(ApiErrorKind.NOT_FOUND, "no such camera", 404)
            start, end = parse_time(params["start"]), parse_time(params["end"])
            return {"camera_id": camera_id,
                    "points": [copy.deepcopy(p) for p in self.points[camera_id]
                               if start <= parse_time(p["start"]) < end]}
        raise ApiError(ApiErrorKind.NOT_FOUND, f"{method} {path}", 404)

    def occupancy_calls(self) -> list[dict[str, str]]:
        with self.lock:
            return [params for _m, path, params in self.calls if path.endswith("/occupancy")]


class FakeCrowdTransport:
    """Stands in for ApiClient: only ``call`` is needed."""

    def __init__(self, server: FakeCrowdServer) -> None:
        self.server = server

    def call(self, method: str, path: str, *, params=None, json=None) -> Any:
        return self.server.handle(method, path, params)


class SignedIn:
    """A session as the services read it: ``api`` is the transport (None: signed out)."""

    def __init__(self, server: FakeCrowdServer | None) -> None:
        self.api = FakeCrowdTransport(server) if server is not None else None
