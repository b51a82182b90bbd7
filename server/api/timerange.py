"""The ``start``/``end`` query pair shared by recordings and playback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Query

from server.clock import parse_wire
from server.errors import ApiError, ErrorCode

MAX_RANGE = timedelta(hours=24)


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime


def _parse(name: str, text: str) -> datetime:
    try:
        return parse_wire(text)
    except ValueError as exc:
        raise ApiError(400, ErrorCode.INVALID_TIME, f"{name}: {exc}.") from None


def time_range(
    start: str = Query(..., max_length=40, description="UTC, ISO 8601, e.g. 2025-05-01T03:00:00Z"),
    end: str = Query(
        ..., max_length=40, description="UTC, ISO 8601; after start, at most 24 h later"
    ),
) -> TimeRange:
    begin, finish = _parse("start", start), _parse("end", end)
    if finish <= begin:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if finish - begin > MAX_RANGE:
        raise ApiError(
            400, ErrorCode.RANGE_TOO_LONG, "The range is longer than 24 hours; ask for less."
        )
    return TimeRange(begin, finish)
