"""Motion search on the server: POST /motion/search, parsed into app.motion.types."""

from __future__ import annotations

from typing import Any

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.motion.types import AnalysedSpan, MotionHit, MotionQuery, MotionSearchResult


def request_body(query: MotionQuery) -> dict[str, Any]:
    """The JSON the server reads: camera ids or an area (exactly one), the range in UTC,
    the region (null: the whole picture) and the limit."""
    query = query.capped()
    region = query.region
    return {
        "camera_ids": list(query.camera_ids) if not query.area_id else None,
        "area": query.area_id or None,
        "start": parse.format_time(query.start),
        "end": parse.format_time(query.end),
        "region": None if region.whole else {"x": round(region.x, 4), "y": round(region.y, 4),
                                             "w": round(region.w, 4), "h": round(region.h, 4)},
        "limit": query.limit,
    }


def result(query: MotionQuery, data: Any) -> MotionSearchResult:
    """The server's answer; ApiError(BAD_RESPONSE) for anything else."""
    try:
        grid = data.get("grid") or {}
        hits = tuple(sorted(
            (MotionHit(str(h["camera_id"]), parse.parse_time(h["start"]),
                       parse.parse_time(h["end"]), int(h.get("cells") or 0))
             for h in data["hits"]), key=lambda hit: (hit.start, hit.camera_id)))
        analysed = tuple(AnalysedSpan(str(a["camera_id"]), parse.parse_time(a["start"]),
                                      parse.parse_time(a["end"]))
                         for a in data.get("analysed") or ())
        return MotionSearchResult(query.capped(), hits, analysed, bool(data.get("truncated")),
                                  int(grid.get("columns", 32)), int(grid.get("rows", 18)),
                                  float(data.get("window_s", 1.0)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a motion search answer: {exc!r}") \
            from exc


class MotionApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def search(self, query: MotionQuery) -> MotionSearchResult:
        """Blocks; raises ApiError (NOT_FOUND: a camera outside the user's areas,
        FORBIDDEN: an area outside them, BAD_REQUEST: a request the server refused)."""
        return result(query, self._client.call("POST", "/motion/search",
                                               json=request_body(query)))
