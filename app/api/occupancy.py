"""A camera's occupancy index on the server: GET /cameras/{id}/occupancy, parsed into
app.crowd.types. Blocks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.crowd.types import MAX_POINTS, MIN_POINTS, OccupancyPoint


def _share(value: Any) -> float:
    share = float(value)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"not a share of the scene: {value!r}")
    return share


def points(data: Any) -> tuple[OccupancyPoint, ...]:
    """The server's answer, oldest first; ApiError(BAD_RESPONSE) for anything else."""
    try:
        found = tuple(OccupancyPoint(parse.parse_time(p["start"]), parse.parse_time(p["end"]),
                                     _share(p["level"]), _share(p["peak"]),
                                     _share(p.get("moving") or 0.0))
                      for p in data["points"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not an occupancy answer: {exc!r}") \
            from exc
    return tuple(sorted(found, key=lambda p: p.start))


class OccupancyApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def occupancy(self, camera_id: str, start: datetime, end: datetime,
                  count: int = 600) -> tuple[OccupancyPoint, ...]:
        """Raises ApiError (NOT_FOUND: a camera outside the user's areas, BAD_REQUEST: a
        range the server refused, longer than 31 days)."""
        params = {"start": parse.format_time(start), "end": parse.format_time(end),
                  "points": str(max(MIN_POINTS, min(MAX_POINTS, int(count))))}
        return points(self._client.call("GET", f"/cameras/{quote(camera_id, safe='')}"
                                        "/occupancy", params=params))
