"""The server's maps as the client sees them: pictures with cameras placed on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient

MAX_IMAGE_BYTES = 16 << 20  # the server's own limit on a map's picture
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Placement:
    """Where a camera sits on a map: fractions of the picture from its top-left, and
    where it looks (degrees clockwise from the picture's up; None: not drawn)."""
    camera_id: str
    x: float
    y: float
    heading: float | None = None
    fov: float | None = None

    @property
    def looks(self) -> bool:
        return self.heading is not None and self.fov is not None


@dataclass(frozen=True)
class MapInfo:
    id: int
    name: str
    area_id: str
    width: int
    height: int
    placements: tuple[Placement, ...] = ()

    def placement(self, camera_id: str) -> Placement | None:
        return next((p for p in self.placements if p.camera_id == camera_id), None)


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def map_info(data: Any) -> MapInfo:
    try:
        placements = tuple(
            Placement(str(p["camera_id"]), float(p["x"]), float(p["y"]),
                      _optional(p.get("heading")), _optional(p.get("fov")))
            for p in data.get("placements") or ())
        return MapInfo(int(data["id"]), str(data["name"]), str(data["area_id"]),
                       int(data["width"]), int(data["height"]), placements)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a map: {exc}") from exc


class MapsApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def list(self) -> list[MapInfo]:
        data = self._client.call("GET", "/maps")
        if not isinstance(data, list):
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "not a map list")
        return [map_info(item) for item in data]

    def image(self, map_id: int) -> bytes:
        body, _kind = self._client.get_bytes(f"/maps/{map_id}/image",
                                             max_bytes=MAX_IMAGE_BYTES)
        return body

    def add(self, name: str, area_id: str, data: bytes, content_type: str) -> MapInfo:
        body, _kind = self._client.call_bytes(
            "POST", "/admin/maps", params={"name": name, "area_id": area_id}, data=data,
            content_type=content_type)
        return map_info(_json(body))

    def rename(self, map_id: int, name: str) -> MapInfo:
        return map_info(self._client.call("PUT", f"/admin/maps/{map_id}", json={"name": name}))

    def remove(self, map_id: int) -> None:
        self._client.call("DELETE", f"/admin/maps/{map_id}")

    def place(self, map_id: int, placement: Placement) -> None:
        body = {"x": placement.x, "y": placement.y, "heading": placement.heading,
                "fov": placement.fov}
        self._client.call("PUT", f"/admin/maps/{map_id}/cameras/"
                          f"{quote(placement.camera_id, safe='')}", json=body)

    def unplace(self, map_id: int, camera_id: str) -> None:
        self._client.call("DELETE",
                          f"/admin/maps/{map_id}/cameras/{quote(camera_id, safe='')}")


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "the server did not answer with JSON") from exc
