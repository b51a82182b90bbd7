"""The server's administration API as the client sees it: users, cameras, their probes
and bulk imports. Admins only; the server refuses everyone else (403).

Passwords go to the server and never come back: no type here carries one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.api.nodes import nodes_report


class Role(enum.Enum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OPERATOR = "operator"
    POLICE = "police"
    VIEWER = "viewer"


class CameraState(enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"
    DISABLED = "disabled"


class ImportOutcome(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


class ProbeFailure(enum.Enum):
    """Why the server could not probe (or preview) a camera: its error codes, each shown
    with its own advice."""
    AUTH_FAILED = "camera_auth_failed"  # the device refused the user name or password
    REFUSED = "camera_refused"  # nothing accepts connections at that address
    TIMEOUT = "camera_timeout"  # no answer in time
    NOT_ONVIF = "not_onvif"  # an HTTP server answers, but not as an ONVIF device
    STREAM_UNREADABLE = "stream_unreadable"  # RTSP answered, but no picture decoded
    OTHER = ""  # any other refusal (a bad address, the server unreachable): its words


def probe_failure(code: str) -> ProbeFailure:
    return (ProbeFailure(code) if code and code in ProbeFailure._value2member_map_
            else ProbeFailure.OTHER)


class ProbeKind(enum.Enum):
    ONVIF = "onvif"  # by the device's address: the server asks it for its streams
    RTSP = "rtsp"  # by stream URLs: the server opens each one


@dataclass(frozen=True)
class AdminUser:
    username: str
    display_name: str
    roles: tuple[Role, ...]
    areas: tuple[str, ...]
    disabled: bool = False
    must_change_password: bool = False
    locked_until: datetime | None = None
    failed_logins: int = 0


@dataclass(frozen=True)
class StreamInfo:
    profile: str  # main, sub, third
    url: str  # never with credentials
    codec: str = ""
    width: int | None = None
    height: int | None = None
    fps: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "codec": self.codec or None, "width": self.width,
                "height": self.height, "fps": self.fps}


@dataclass(frozen=True)
class ProbeResult:
    vendor: str
    model: str
    ptz: bool
    onvif_url: str | None
    streams: tuple[StreamInfo, ...]
    suggested_urls: tuple[tuple[str, str, str], ...] = ()  # (vendor, profile, url)


@dataclass(frozen=True)
class AdminCamera:
    id: str
    name: str
    area_id: str
    area_path: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    ptz: bool = False
    vendor: str = ""
    model: str = ""
    onvif_url: str | None = None
    enabled: bool = True
    record: bool = True
    retention_days: float | None = None
    credential_id: str | None = None
    has_credentials: bool = False
    streams: tuple[StreamInfo, ...] = ()
    state: CameraState = CameraState.UNKNOWN
    pinned_node: str | None = None  # the recording node it is pinned to; None: balanced


@dataclass(frozen=True)
class NodePin:
    """A camera's pin as PUT /admin/cameras/{id}/node sends it: a node that records it
    whenever that node is up, or None: any node, as the fleet balances it."""
    node: str | None


@dataclass(frozen=True)
class ImportLine:
    line: int
    camera_id: str
    outcome: ImportOutcome
    message: str = ""


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    lines: tuple[ImportLine, ...]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0


@dataclass(frozen=True)
class CameraDraft:
    """What the add dialog sends: a camera with its streams and, once, its account."""
    id: str
    name: str
    area_id: str
    streams: dict[str, StreamInfo]
    tags: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    ptz: bool = False
    onvif_url: str | None = None
    vendor: str = ""
    model: str = ""
    username: str = ""
    password: str = field(default="", repr=False)
    credential_id: str = ""
    record: bool = True
    retention_days: float | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id, "name": self.name, "area_id": self.area_id,
            "tags": list(self.tags), "lat": self.lat, "lon": self.lon, "ptz": self.ptz,
            "onvif_url": self.onvif_url, "vendor": self.vendor or None,
            "model": self.model or None, "record": self.record,
            "retention_days": self.retention_days,
            "streams": {p: s.to_json() for p, s in self.streams.items()},
        }
        if self.credential_id:
            body["credential_id"] = self.credential_id
        elif self.username or self.password:
            body["credentials"] = {"username": self.username, "password": self.password}
        return body


def import_content_type(file_name: str) -> str:
    """How an import file goes to the server: a .json file as JSON, anything else as CSV
    (as the server's command line reads them)."""
    return "application/json" if file_name.lower().endswith(".json") else "text/csv"


def _bad(what: str, exc: Exception) -> ApiError:
    return ApiError(ApiErrorKind.BAD_RESPONSE, f"unexpected {what}: {exc}")


def _opt_time(value: Any) -> datetime | None:
    return parse.parse_time(value) if value else None


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def admin_user(data: Any) -> AdminUser:
    try:
        return AdminUser(
            str(data["username"]), str(data.get("display_name") or data["username"]),
            tuple(Role(r) for r in data.get("roles") or () if r in Role._value2member_map_),
            tuple(str(a) for a in data.get("areas") or ()), bool(data.get("disabled")),
            bool(data.get("must_change_password")), _opt_time(data.get("locked_until")),
            int(data.get("failed_logins") or 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad("user", exc) from exc


def stream_info(data: Any, profile: str | None = None) -> StreamInfo:
    return StreamInfo(str(profile or data["profile"]), str(data["url"]),
                      str(data.get("codec") or ""), _opt_int(data.get("width")),
                      _opt_int(data.get("height")), _opt_float(data.get("fps")))


def probe_result(data: Any) -> ProbeResult:
    try:
        return ProbeResult(
            str(data.get("vendor") or ""), str(data.get("model") or ""), bool(data.get("ptz")),
            data.get("onvif_url") or None,
            tuple(stream_info(s) for s in data.get("streams") or ()),
            tuple((str(s.get("vendor") or ""), str(s["profile"]), str(s["url"]))
                  for s in data.get("suggested_urls") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _bad("probe answer", exc) from exc


def admin_camera(data: Any) -> AdminCamera:
    try:
        streams = data.get("streams") or ()
        if isinstance(streams, dict):  # {"main": {...}} as well as [{"profile": ...}]
            parsed = tuple(stream_info(s, p) for p, s in streams.items())
        else:
            parsed = tuple(stream_info(s) for s in streams)
        state = str(data.get("status") or "unknown")
        return AdminCamera(
            str(data["id"]), str(data.get("name") or data["id"]), str(data["area_id"]),
            tuple(str(p) for p in data.get("area_path") or ()),
            tuple(str(t) for t in data.get("tags") or ()), _opt_float(data.get("lat")),
            _opt_float(data.get("lon")), bool(data.get("ptz")), str(data.get("vendor") or ""),
            str(data.get("model") or ""), data.get("onvif_url") or None,
            bool(data.get("enabled", True)), bool(data.get("record", True)),
            _opt_float(data.get("retention_days")), data.get("credential_id") or None,
            bool(data.get("has_credentials")), parsed,
            CameraState(state) if state in CameraState._value2member_map_
            else CameraState.UNKNOWN,
            # Servers before pins do not send it: such a camera is balanced.
            pinned_node=str(data["pinned_node"]) if data.get("pinned_node") else None)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _bad("camera", exc) from exc


def import_report(data: Any) -> ImportReport:
    try:
        lines = tuple(
            ImportLine(int(item["line"]), str(item.get("id") or ""),
                       ImportOutcome(item["outcome"]), str(item.get("message") or ""))
            for item in data.get("lines") or ())
        return ImportReport(bool(data.get("dry_run")), lines, int(data.get("created") or 0),
                            int(data.get("updated") or 0), int(data.get("unchanged") or 0),
                            int(data.get("failed") or 0))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _bad("import report", exc) from exc


class AdminApi:
    """Blocking calls; AdminService runs them on the TaskRunner."""

    def __init__(self, client: ApiClient) -> None:
        self._client = client

    # -- users ------------------------------------------------------------------------
    def users(self) -> list[AdminUser]:
        return [admin_user(u) for u in self._client.call("GET", "/admin/users") or ()]

    def create_user(self, username: str, display_name: str, roles: tuple[Role, ...],
                    areas: tuple[str, ...], password: str) -> AdminUser:
        return admin_user(self._client.call("POST", "/admin/users", json={
            "username": username, "display_name": display_name,
            "roles": [r.value for r in roles], "areas": list(areas), "password": password}))

    def update_user(self, username: str, *, display_name: str | None = None,
                    roles: tuple[Role, ...] | None = None, areas: tuple[str, ...] | None = None,
                    disabled: bool | None = None) -> AdminUser:
        body: dict[str, Any] = {}
        if display_name is not None:
            body["display_name"] = display_name
        if roles is not None:
            body["roles"] = [r.value for r in roles]
        if areas is not None:
            body["areas"] = list(areas)
        if disabled is not None:
            body["disabled"] = disabled
        return admin_user(self._client.call("PUT", f"/admin/users/{_q(username)}", json=body))

    def delete_user(self, username: str) -> None:
        self._client.call("DELETE", f"/admin/users/{_q(username)}")

    def reset_password(self, username: str, password: str) -> AdminUser:
        return admin_user(self._client.call(
            "POST", f"/admin/users/{_q(username)}/reset-password", json={"password": password}))

    def unlock_user(self, username: str) -> AdminUser:
        return admin_user(self._client.call("POST", f"/admin/users/{_q(username)}/unlock"))

    # -- cameras ----------------------------------------------------------------------
    def cameras(self) -> list[AdminCamera]:
        return [admin_camera(c) for c in self._client.call("GET", "/admin/cameras") or ()]

    def probe_onvif(self, address: str, username: str, password: str) -> ProbeResult:
        return probe_result(self._client.call("POST", "/admin/cameras/probe", json={
            "onvif": {"address": address, "username": username, "password": password}}))

    def probe_rtsp(self, urls: dict[str, str], username: str, password: str) -> ProbeResult:
        body: dict[str, Any] = {"urls": urls}
        if username or password:
            body.update(username=username, password=password)
        return probe_result(self._client.call("POST", "/admin/cameras/probe",
                                              json={"rtsp": body}))

    def preview(self, url: str, username: str = "", password: str = "") -> bytes:
        body: dict[str, Any] = {"url": url}
        if username or password:
            body.update(username=username, password=password)
        data, _type = self._client.call_bytes("POST", "/admin/cameras/preview", json=body)
        return data

    def preview_camera(self, camera_id: str, profile: str) -> bytes:
        """A picture of a saved camera's stream, with the account the server keeps."""
        data, _type = self._client.call_bytes("POST", "/admin/cameras/preview",
                                              json={"camera_id": camera_id, "profile": profile})
        return data

    def create_camera(self, draft: CameraDraft) -> AdminCamera:
        return admin_camera(self._client.call("POST", "/admin/cameras", json=draft.to_json()))

    def update_camera(self, camera_id: str, changes: dict[str, Any]) -> AdminCamera:
        return admin_camera(self._client.call("PUT", f"/admin/cameras/{_q(camera_id)}",
                                              json=changes))

    def pin_camera(self, camera_id: str, pin: NodePin) -> str | None:
        """The node the server now pins the camera to (None: balanced)."""
        answer = self._client.call("PUT", f"/admin/cameras/{_q(camera_id)}/node",
                                   json={"node": pin.node})
        try:
            node = answer["node"]
        except (KeyError, TypeError) as exc:
            raise _bad("pin answer", exc) from exc
        return None if node is None else str(node)

    def node_names(self) -> tuple[str, ...]:
        """The recording nodes the server knows, up or not (GET /nodes)."""
        return tuple(n.name for n in nodes_report(self._client.call("GET", "/nodes")).nodes)

    def remove_camera(self, camera_id: str) -> None:
        self._client.call("DELETE", f"/admin/cameras/{_q(camera_id)}")

    def import_cameras(self, body: bytes, content_type: str, dry_run: bool) -> ImportReport:
        """A CSV or JSON file as it is on disk; a refused real run raises an ApiError
        whose ``detail`` carries the report."""
        data, _type = self._client.call_bytes(
            "POST", "/admin/cameras/import", data=body, content_type=content_type,
            params={"dry_run": "true" if dry_run else "false"})
        return import_report(parse.json_bytes(data))


def _q(part: str) -> str:
    return quote(part, safe="")
