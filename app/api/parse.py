"""The server's JSON into domain types. Raises ApiError(BAD_RESPONSE) on anything else."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.api.errors import ApiError, ApiErrorKind
from app.domain import (
    Area,
    AreaKind,
    Camera,
    CameraStatus,
    GapReason,
    Profile,
    RecordingGap,
    Session,
    StreamInfo,
    TimeSpan,
    User,
)


def parse_time(text: str) -> datetime:
    # fromisoformat accepts 'Z' from Python 3.11 on; naive times are taken as UTC.
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Revalidated:
    """A conditional GET's outcome: ``data`` None when the server said 304 (what the
    client holds under ``etag`` is current), else the new JSON and its ETag."""

    data: Any
    etag: str | None

    @property
    def not_modified(self) -> bool:
        return self.data is None


def _bad(what: str, exc: Exception) -> ApiError:
    return ApiError(ApiErrorKind.BAD_RESPONSE, f"unexpected {what}: {exc!r}")


def user(data: dict[str, Any]) -> User:
    try:
        return User(username=str(data["username"]),
                    display_name=str(data.get("display_name") or data["username"]),
                    roles=tuple(str(r) for r in data.get("roles") or ()),
                    areas=tuple(str(a) for a in data.get("areas") or ()),
                    must_change_password=bool(data.get("must_change_password")))
    except (KeyError, TypeError, AttributeError) as exc:
        raise _bad("user", exc) from exc


def json_bytes(body: bytes) -> Any:
    """A JSON answer read as bytes (ApiClient.call_bytes)."""
    try:
        return json.loads(body)
    except ValueError as exc:
        raise _bad("answer (not JSON)", exc) from exc


def session(server_url: str, data: Any) -> Session:
    try:
        expires = data.get("expires_at")
        return Session(server_url=server_url, token=str(data["token"]),
                       expires_at=parse_time(expires) if expires else None,
                       user=user(data["user"]))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad("login answer", exc) from exc


def area(data: dict[str, Any]) -> Area:
    try:
        return Area(id=str(data["id"]), name=str(data["name"]), kind=AreaKind(data["kind"]),
                    children=tuple(area(child) for child in data.get("children") or ()))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad("area", exc) from exc


def areas(data: Any) -> list[Area]:
    if not isinstance(data, list):
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "areas: expected a list")
    return [area(item) for item in data]


def camera(data: dict[str, Any]) -> Camera:
    try:
        lat, lon = data.get("lat"), data.get("lon")
        try:
            status = CameraStatus(data.get("status") or "unknown")
        except ValueError:
            status = CameraStatus.UNKNOWN  # a newer server may know more states
        return Camera(id=str(data["id"]), name=str(data["name"]), area_id=str(data["area_id"]),
                      area_path=tuple(str(n) for n in data.get("area_path") or ()),
                      tags=tuple(str(t) for t in data.get("tags") or ()),
                      ptz=bool(data.get("ptz", False)),
                      lat=None if lat is None else float(lat),
                      lon=None if lon is None else float(lon),
                      profiles=tuple(str(p) for p in data.get("profiles") or ("main",)),
                      status=status,
                      streams=_streams(data.get("streams") or ()))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad("camera", exc) from exc


def _streams(data: Any) -> tuple[StreamInfo, ...]:
    out = []
    for item in data:
        try:
            profile = Profile(item["profile"])
        except ValueError:
            continue  # a kind of stream a newer server offers and this client does not
        out.append(StreamInfo(profile, _size(item.get("width")), _size(item.get("height")),
                              None if item.get("fps") is None else float(item["fps"])))
    return tuple(out)


def _size(value: Any) -> int | None:
    if value is None:
        return None
    size = int(value)
    if size < 1:
        raise ValueError(f"not a picture size: {value!r}")
    return size


def cameras(data: Any) -> list[Camera]:
    if not isinstance(data, list):
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "cameras: expected a list")
    return [camera(item) for item in data]


def statuses(data: Any) -> dict[str, CameraStatus]:
    """GET /camera-statuses: camera id → status of the cameras whose status is known."""
    if not isinstance(data, dict):
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "camera statuses: expected an object")
    out = {}
    for cam_id, value in data.items():
        try:
            out[str(cam_id)] = CameraStatus(value)
        except ValueError:
            out[str(cam_id)] = CameraStatus.UNKNOWN  # a newer server may know more states
    return out


def spans(data: Any) -> list[TimeSpan]:
    try:
        return [TimeSpan(parse_time(s["start"]), parse_time(s["end"])) for s in data["spans"]]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad("recordings", exc) from exc


def gaps(data: Any) -> list[RecordingGap]:
    """Recorded-but-lost stretches of /recordings (absent from an older server: none)."""
    known = {r.value: r for r in GapReason}
    try:
        return [RecordingGap(parse_time(g["start"]), parse_time(g["end"]),
                             known.get(g["reason"], GapReason.OTHER))
                for g in data.get("gaps", [])]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad("recordings", exc) from exc


def live_url(data: Any) -> str:
    try:
        url = str(data["url"])
    except (KeyError, TypeError) as exc:
        raise _bad("live answer", exc) from exc
    if not url:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "live answer without a URL")
    return url
