"""The server's PTZ proxy as the client sees it (app.services.ptz drives it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient


@dataclass(frozen=True)
class PtzLock:
    holder: str
    display_name: str
    priority: int
    expires_at: datetime


@dataclass(frozen=True)
class PtzStatus:
    camera_id: str
    lock: PtzLock | None
    position: tuple[float, float, float] | None  # pan, tilt, zoom


@dataclass(frozen=True)
class Preset:
    token: str
    name: str


def _status(data: Any) -> PtzStatus:
    try:
        lock = data.get("lock")
        where = data.get("position")
        return PtzStatus(
            str(data["camera_id"]),
            PtzLock(str(lock["holder"]), str(lock["display_name"]), int(lock["priority"]),
                    parse.parse_time(lock["expires_at"])) if lock else None,
            (float(where["pan"]), float(where["tilt"]), float(where["zoom"])) if where else None)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a PTZ status: {exc}") from exc


def _presets(data: Any) -> list[Preset]:
    try:
        return [Preset(str(p["token"]), str(p["name"])) for p in data]
    except (KeyError, TypeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a preset list: {exc}") from exc


class PtzApi:
    def __init__(self, client: ApiClient, session: str) -> None:
        self._client = client
        self._session = session  # this client's id for the server's sequence numbers

    @staticmethod
    def _path(camera_id: str, rest: str = "") -> str:
        return f"/cameras/{quote(camera_id, safe='')}/ptz{rest}"

    def status(self, camera_id: str) -> PtzStatus:
        return _status(self._client.call("GET", self._path(camera_id)))

    def command(self, camera_id: str, what: str, seq: int, **values: float) -> bool:
        """move / stop / center; False when the server dropped it as late."""
        body = {"seq": seq, "session": self._session, **values}
        data = self._client.call("POST", self._path(camera_id, f"/{what}"), json=body)
        return bool(isinstance(data, dict) and data.get("accepted"))

    def release(self, camera_id: str) -> None:
        self._client.call("DELETE", self._path(camera_id, "/lock"))

    def presets(self, camera_id: str) -> list[Preset]:
        return _presets(self._client.call("GET", self._path(camera_id, "/presets")))

    def save_preset(self, camera_id: str, name: str) -> None:
        self._client.call("POST", self._path(camera_id, "/presets"), json={"name": name})

    def rename_preset(self, camera_id: str, token: str, name: str) -> None:
        self._client.call("PUT", self._path(camera_id, f"/presets/{quote(token, safe='')}"),
                          json={"name": name})

    def goto_preset(self, camera_id: str, token: str) -> None:
        self._client.call("POST",
                          self._path(camera_id, f"/presets/{quote(token, safe='')}/goto"))

    def remove_preset(self, camera_id: str, token: str) -> None:
        self._client.call("DELETE", self._path(camera_id, f"/presets/{quote(token, safe='')}"))
