"""Where an incident happened, as a supervisor types it, to the cameras that may have
seen it: coordinates ("-6.2253, 106.8521") by distance; a camera's name by that camera
and the ones nearest to it; an area's name (kota, kecamatan, kelurahan, RW, RT) by the
cameras of that area, nearest to its middle first."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from app.domain import Camera

EARTH_RADIUS_M = 6_371_000
SUGGESTED = 6  # a request names at most 16 cameras; a handful is what one wants to check
# Beyond this a camera is not "near": a city block is a few hundred metres, and a camera
# across the city saw nothing of it.
NEAR_M = 1500
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Suggestion:
    camera: Camera
    distance_m: float | None  # from the place; None when either has no coordinates
    named: bool  # the place names this camera or its area


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def parse_coordinates(text: str) -> tuple[float, float] | None:
    found = _COORDINATES.match(text)
    if found is None:
        return None
    lat, lon = float(found.group(1)), float(found.group(2))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _where(camera: Camera) -> tuple[float, float] | None:
    return (camera.lat, camera.lon) if camera.lat is not None and camera.lon is not None \
        else None


def _middle(cameras: list[Camera]) -> tuple[float, float] | None:
    points = [p for p in map(_where, cameras) if p is not None]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _says(text: str, name: str) -> bool:
    """``text`` names ``name`` as whole words (case and spacing ignored)."""
    name = " ".join(name.casefold().split())
    # A plain substring test first: on a city's 30,000 cameras the word-boundary check
    # is needed for a handful of names, not for every one.
    return len(name) >= 3 and name in text \
        and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def suggest(place: str, cameras: list[Camera], limit: int = SUGGESTED) -> list[Suggestion]:
    """The cameras near ``place``, nearest first; those it names (or of the area it
    names) come first. Coordinates with no camera near give the single nearest one."""
    text = " ".join(place.casefold().split())
    if not text:
        return []
    centre = parse_coordinates(place)
    named: list[Camera] = []
    if centre is None:
        named = [c for c in cameras if _says(text, c.name) or _says(c.name.casefold(), text)]
        # The most precise area the place names: an RT before its RW, a kelurahan
        # before its kecamatan ("Tebet Barat" before "Tebet").
        best: tuple[int, int] = (-1, 0)
        in_area: list[Camera] = []
        said: dict[str, bool] = {}  # area names repeat: each is looked at once
        for camera in cameras:
            for depth, area in enumerate(camera.area_path):
                if area not in said:
                    said[area] = _says(text, area)
                if not said[area]:
                    continue
                rank = (depth, len(area))
                if rank > best:
                    best, in_area = rank, []
                if rank == best:
                    in_area.append(camera)
        centre = _middle(named) or _middle(in_area)
        known = {c.id for c in named}
        named += [c for c in in_area if c.id not in known]
    if centre is None and not named:
        return []
    named_ids = {c.id for c in named}

    def far(camera: Camera) -> float:
        where = _where(camera)
        return distance_m(centre, where) if centre is not None and where else math.inf

    distances = {c.id: far(c) for c in cameras}
    others = sorted((c for c in cameras
                     if c.id not in named_ids and not math.isinf(distances[c.id])),
                    key=lambda c: distances[c.id])
    nearby = [c for c in others if distances[c.id] <= NEAR_M] \
        or (others[:1] if not named else [])
    ordered = sorted(named, key=lambda c: distances[c.id]) + nearby
    out = []
    for camera in ordered[:limit]:
        gap = distances[camera.id]
        out.append(Suggestion(camera, None if math.isinf(gap) else gap,
                              camera.id in named_ids))
    return out
