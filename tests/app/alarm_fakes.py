"""A fake alarm server behind a fake transport (the ApiClient's call/get_bytes), for the
alarm service's tests and the UI's: the real AlarmsApi and parsing run on top of it."""

from __future__ import annotations

import base64
import copy
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from app.api.errors import ApiError, ApiErrorKind
from app.domain import Session, User

T0 = datetime(2026, 12, 5, 14, 0, 3, tzinfo=UTC)
# A 32x18 green JPEG, as a node's snapshot.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+"
    "MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09P"
    "T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAASACADASIAAhEBAxEB/8QAHwAAAQUBAQEB"
    "AQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKB"
    "kaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1"
    "dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl"
    "5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcF"
    "BAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5"
    "OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0"
    "tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDJooorhPMC"
    "iiigAooooAKKKKAP/9k=")


def alarm_json(alarm_id: int, camera_id: str = "cam001", *, kind: str = "tamper",
               detail: str = "covered", minutes: int = 0, acked_by: str | None = None,
               note: str | None = None, camera_name: str = "Taman Suropati",
               rule_name: str = "Taman malam") -> dict[str, Any]:
    raised = T0 + timedelta(minutes=minutes)
    return {"id": alarm_id, "rule_id": 3, "rule_name": rule_name, "kind": kind,
            "detail": detail, "camera_id": camera_id, "camera_name": camera_name,
            "raised_at": raised.isoformat().replace("+00:00", "Z"),
            "acknowledged_at": ((raised + timedelta(minutes=1)).isoformat()
                                .replace("+00:00", "Z") if acked_by else None),
            "acknowledged_by": acked_by, "note": note, "has_snapshot": True}


class FakeAlarmServer:
    """What the server keeps; thread-safe (the TaskRunner calls from its workers)."""

    def __init__(self, alarms: list[dict[str, Any]] | None = None,
                 roles: tuple[str, ...] = ("operator",)) -> None:
        self.lock = threading.Lock()
        self.alarms: dict[int, dict[str, Any]] = {a["id"]: a for a in alarms or []}
        self.rules: dict[int, dict[str, Any]] = {}
        self.calls: list[tuple[str, str, Any, Any]] = []  # method, path, params, json
        self.roles = roles
        self.user = "operator1"

    def acknowledge_as(self, alarm_id: int, user: str, note: str = "") -> dict[str, Any]:
        with self.lock:
            alarm = self.alarms[alarm_id]
            alarm.update(acknowledged_at=(T0 + timedelta(hours=1)).isoformat()
                         .replace("+00:00", "Z"), acknowledged_by=user, note=note)
            return copy.deepcopy(alarm)

    def handle(self, method: str, path: str, params: dict[str, str] | None,
               body: Any) -> Any:
        with self.lock:
            self.calls.append((method, path, dict(params or {}), copy.deepcopy(body)))
            parts = path.strip("/").split("/")
            if path == "/alarms" and method == "GET":
                state = (params or {}).get("state", "open")
                limit = int((params or {}).get("limit", "200"))
                before = (params or {}).get("before_id")
                found = [a for a in self.alarms.values()
                         if (state == "all" or a["acknowledged_at"] is None)
                         and (before is None or a["id"] < int(before))]
                found.sort(key=lambda a: (a["raised_at"], a["id"]), reverse=True)
                return copy.deepcopy(found[:limit])
            if parts[0] == "alarms" and parts[-1] == "acknowledge" and method == "POST":
                alarm = self.alarms.get(int(parts[1]))
                if alarm is None:
                    raise ApiError(ApiErrorKind.NOT_FOUND, "no such alarm", 404)
                if alarm["acknowledged_at"] is not None:
                    raise ApiError(ApiErrorKind.BAD_REQUEST, "already acknowledged", 409,
                                   "already_acknowledged")
                alarm.update(acknowledged_at=(T0 + timedelta(hours=1)).isoformat()
                             .replace("+00:00", "Z"), acknowledged_by=self.user,
                             note=body.get("note") or "")
                return copy.deepcopy(alarm)
            if path == "/alarm-rules":
                if method == "GET":
                    return copy.deepcopy(list(self.rules.values()))
                rule = dict(body, id=max(self.rules, default=0) + 1)
                self.rules[rule["id"]] = rule
                return copy.deepcopy(rule)
            if parts[0] == "alarm-rules" and method == "PATCH":
                rule = dict(body, id=int(parts[1]))
                self.rules[rule["id"]] = rule
                return copy.deepcopy(rule)
            if parts[0] == "alarm-rules" and method == "DELETE":
                self.rules.pop(int(parts[1]), None)
                return None
        raise ApiError(ApiErrorKind.NOT_FOUND, f"{method} {path}", 404)


class FakeTransport:
    """Stands in for ApiClient: login, call, get_bytes; the rest is not needed."""

    def __init__(self, server: FakeAlarmServer, url: str = "http://fake") -> None:
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
        return self.server.handle(method, path, params, json)

    def get_bytes(self, path: str, *, params=None, max_bytes: int = 0) -> tuple[bytes, str]:
        alarm_id = int(path.strip("/").split("/")[1])
        if alarm_id not in self.server.alarms or not path.endswith("/snapshot"):
            raise ApiError(ApiErrorKind.NOT_FOUND, "no snapshot", 404)
        return JPEG, "image/jpeg"
