"""Maps: pictures an administrator puts up (a district, a park, a building's plan) with
cameras placed on them, as Milestone's Smart Map and Genetec's Plan Manager have.

Who sees a map: a user whose areas meet the map's area, either inside it or above it (a
police post of Tebet sees the Jakarta Selatan map); on it they see only the cameras of
their own areas. Only administrators change maps (server/api/maps.py).

An upload is checked before it is kept: PNG or JPEG by its signature, a size from its
header within bounds (a 30,000 x 30,000 PNG of a few kB would take gigabytes to draw),
and the whole picture decoded once, so a truncated or forged file is refused with a
sentence rather than stored and failing on every operator's screen.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import StrEnum

import av
from sqlalchemy import Connection, delete, func, select

from server.areas import in_scope, in_subtree
from server.camera_scope import camera_areas
from server.clock import to_wire, utc_now
from server.schema import areas, cameras, map_placements, maps

MAX_IMAGE_BYTES = 16 << 20  # a scanned A0 plan as PNG; the body cap is a little above
MAX_SIDE = 12_000  # pixels
MAX_PIXELS = 60_000_000  # 240 MB decoded as RGBA, once, on upload
MIN_SIDE = 16
MAX_FOV = 360.0


class ImageType(StrEnum):
    PNG = "image/png"
    JPEG = "image/jpeg"


_CODECS = {ImageType.PNG: "png", ImageType.JPEG: "mjpeg"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class MapError(Exception):
    """A refused change; ``kind`` says which (the API maps it to a status and code)."""

    def __init__(self, kind: MapProblem, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class MapProblem(StrEnum):
    BAD_IMAGE = "bad_image"
    TOO_LARGE = "too_large"
    NO_MAP = "no_map"
    NO_AREA = "no_area"
    NO_CAMERA = "no_camera"
    BAD_PLACEMENT = "bad_placement"
    BAD_NAME = "bad_name"


@dataclass(frozen=True)
class Placement:
    camera_id: str
    x: float
    y: float
    heading: float | None = None
    fov: float | None = None

    def to_json(self) -> dict:
        return {"camera_id": self.camera_id, "x": self.x, "y": self.y,
                "heading": self.heading, "fov": self.fov}


@dataclass(frozen=True)
class MapInfo:
    id: int
    name: str
    area_id: str
    image_type: ImageType
    width: int
    height: int
    updated_at: object
    placements: tuple[Placement, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "area_id": self.area_id,
                "image_type": self.image_type.value, "width": self.width,
                "height": self.height, "updated_at": to_wire(self.updated_at),
                "placements": [p.to_json() for p in self.placements]}


# --- the picture ---------------------------------------------------------------------


def check_image(data: bytes) -> tuple[ImageType, int, int]:
    """(type, width, height) of a PNG or JPEG that decodes whole; MapError otherwise."""
    if len(data) > MAX_IMAGE_BYTES:
        raise MapError(MapProblem.TOO_LARGE,
                       f"The picture is larger than {MAX_IMAGE_BYTES >> 20} MB.")
    kind, width, height = _header(data)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE
            and width * height <= MAX_PIXELS):
        raise MapError(MapProblem.TOO_LARGE,
                       f"The picture is {width} x {height} pixels; a map is {MIN_SIDE} to "
                       f"{MAX_SIDE} pixels a side and at most {MAX_PIXELS // 1_000_000} "
                       "million pixels.")
    if _decoded_size(data, kind) != (width, height):
        raise MapError(MapProblem.BAD_IMAGE,
                       "The picture is damaged: it does not decode. Save it again as "
                       "PNG or JPEG.")
    return kind, width, height


def _header(data: bytes) -> tuple[ImageType, int, int]:
    if data.startswith(_PNG_SIGNATURE) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return ImageType.PNG, width, height
    if data.startswith(b"\xff\xd8"):
        size = _jpeg_size(data)
        if size is not None:
            return ImageType.JPEG, *size
    raise MapError(MapProblem.BAD_IMAGE, "The file is not a PNG or JPEG picture.")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The frame size from the first SOF marker, walking the segments."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None


def _decoded_size(data: bytes, kind: ImageType) -> tuple[int, int] | None:
    try:
        codec = av.CodecContext.create(_CODECS[kind], "r")
        frames = []
        for packet in codec.parse(data) + codec.parse(None):
            frames += codec.decode(packet)
        frames += codec.decode(None)
    except (av.FFmpegError, ValueError):
        return None
    return (frames[0].width, frames[0].height) if frames else None


# --- who sees what -------------------------------------------------------------------


def map_visible(map_area: str, scope: frozenset[str]) -> bool:
    """Inside the user's areas, or above one of them."""
    return in_scope(map_area, scope) or any(in_subtree(mine, map_area) for mine in scope)


def _shown_placements(conn: Connection, scope: frozenset[str] | None,
                      found: list[Placement]) -> tuple[Placement, ...]:
    """The placements of listed cameras the scope holds (None: every one)."""
    live = set(conn.execute(select(cameras.c.id).where(
        cameras.c.id.in_([p.camera_id for p in found]), cameras.c.removed_at.is_(None)))
        .scalars()) if found else set()
    where = camera_areas(conn, live)
    return tuple(p for p in found if p.camera_id in live
                 and (scope is None or in_scope(where[p.camera_id], scope)))


def _placements(conn: Connection, map_ids: list[int]) -> dict[int, list[Placement]]:
    out: dict[int, list[Placement]] = {i: [] for i in map_ids}
    if not map_ids:
        return out
    rows = conn.execute(select(map_placements).where(map_placements.c.map_id.in_(map_ids))
                        .order_by(map_placements.c.camera_id))
    for r in rows:
        out[r.map_id].append(Placement(r.camera_id, r.x, r.y, r.heading, r.fov))
    return out


_INFO = (maps.c.id, maps.c.name, maps.c.area_id, maps.c.image_type, maps.c.width,
         maps.c.height, maps.c.updated_at)


def _info(row, placements: tuple[Placement, ...]) -> MapInfo:
    return MapInfo(row.id, row.name, row.area_id, ImageType(row.image_type), row.width,
                   row.height, row.updated_at, placements)


def list_maps(conn: Connection, scope: frozenset[str] | None) -> list[MapInfo]:
    """The maps ``scope`` sees (None: all, for administrators' pages), by name."""
    rows = [r for r in conn.execute(select(*_INFO).order_by(maps.c.name, maps.c.id))
            if scope is None or map_visible(r.area_id, scope)]
    placed = _placements(conn, [r.id for r in rows])
    return [_info(r, _shown_placements(conn, scope, placed[r.id])) for r in rows]


def one_map(conn: Connection, map_id: int, scope: frozenset[str] | None) -> MapInfo:
    """A map as ``scope`` sees it; NO_MAP also when it is outside the scope (its being
    there is not told)."""
    row = conn.execute(select(*_INFO).where(maps.c.id == map_id)).first()
    if row is None or (scope is not None and not map_visible(row.area_id, scope)):
        raise MapError(MapProblem.NO_MAP, f"There is no map {map_id}.")
    return _info(row, _shown_placements(conn, scope, _placements(conn, [map_id])[map_id]))


def map_image(conn: Connection, map_id: int, scope: frozenset[str]) -> tuple[bytes, ImageType]:
    row = conn.execute(select(maps.c.area_id, maps.c.image, maps.c.image_type)
                       .where(maps.c.id == map_id)).first()
    if row is None or not map_visible(row.area_id, scope):
        raise MapError(MapProblem.NO_MAP, f"There is no map {map_id}.")
    return bytes(row.image), ImageType(row.image_type)


# --- changes (administrators) --------------------------------------------------------


def _check_area(conn: Connection, area_id: str) -> None:
    if conn.execute(select(areas.c.id).where(areas.c.id == area_id)).first() is None:
        raise MapError(MapProblem.NO_AREA, f"There is no area {area_id!r}.")


def _check_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise MapError(MapProblem.BAD_NAME, "A map needs a name of 1 to 200 characters.")
    return name


def create_map(conn: Connection, name: str, area_id: str, data: bytes, actor: str) -> int:
    name = _check_name(name)
    _check_area(conn, area_id)
    kind, width, height = check_image(data)
    result = conn.execute(maps.insert().values(
        name=name, area_id=area_id, image=data, image_type=kind.value, width=width,
        height=height, created_by=actor, updated_at=utc_now()))
    return int(result.inserted_primary_key[0])


def update_map(conn: Connection, map_id: int, name: str | None,
               area_id: str | None) -> dict:
    """Rename or move a map; the fields that changed, with their new values."""
    old = one_map(conn, map_id, None)
    changes: dict = {}
    if name is not None and _check_name(name) != old.name:
        changes["name"] = _check_name(name)
    if area_id is not None and area_id != old.area_id:
        _check_area(conn, area_id)
        changes["area_id"] = area_id
    if changes:
        conn.execute(maps.update().where(maps.c.id == map_id)
                     .values(**changes, updated_at=utc_now()))
    return changes


def delete_map(conn: Connection, map_id: int) -> MapInfo:
    """Remove a map and its placements; what it was, for the audit."""
    old = one_map(conn, map_id, None)
    conn.execute(delete(map_placements).where(map_placements.c.map_id == map_id))
    conn.execute(delete(maps).where(maps.c.id == map_id))
    return old


def place_camera(conn: Connection, map_id: int, placement: Placement) -> Placement:
    one_map(conn, map_id, None)
    listed = conn.execute(select(cameras.c.id).where(
        cameras.c.id == placement.camera_id, cameras.c.removed_at.is_(None))).first()
    if listed is None:
        raise MapError(MapProblem.NO_CAMERA, f"There is no camera {placement.camera_id!r}.")
    if not (0.0 <= placement.x <= 1.0 and 0.0 <= placement.y <= 1.0):
        raise MapError(MapProblem.BAD_PLACEMENT,
                       "x and y are fractions of the picture, 0 to 1.")
    if (placement.heading is None) != (placement.fov is None):
        raise MapError(MapProblem.BAD_PLACEMENT, "Give both heading and fov, or neither.")
    if placement.fov is not None and not 0.0 < placement.fov <= MAX_FOV:
        raise MapError(MapProblem.BAD_PLACEMENT, "fov is 1 to 360 degrees.")
    heading = None if placement.heading is None else placement.heading % 360.0
    kept = Placement(placement.camera_id, placement.x, placement.y, heading, placement.fov)
    key = (map_placements.c.map_id == map_id) & (
        map_placements.c.camera_id == placement.camera_id)
    values = {"x": kept.x, "y": kept.y, "heading": kept.heading, "fov": kept.fov}
    if conn.execute(select(func.count()).select_from(map_placements).where(key)).scalar():
        conn.execute(map_placements.update().where(key).values(**values))
    else:
        conn.execute(map_placements.insert().values(
            map_id=map_id, camera_id=placement.camera_id, **values))
    conn.execute(maps.update().where(maps.c.id == map_id).values(updated_at=utc_now()))
    return kept


def unplace_camera(conn: Connection, map_id: int, camera_id: str) -> None:
    one_map(conn, map_id, None)
    done = conn.execute(delete(map_placements).where(
        map_placements.c.map_id == map_id, map_placements.c.camera_id == camera_id))
    if not done.rowcount:
        raise MapError(MapProblem.NO_CAMERA, f"Camera {camera_id!r} is not on map {map_id}.")
    conn.execute(maps.update().where(maps.c.id == map_id).values(updated_at=utc_now()))
