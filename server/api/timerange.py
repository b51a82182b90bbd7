"""The ``start``/``end`` query pair shared by recordings and playback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Query

from server.clock import parse_wire
from server.errors import ApiError, ErrorCode

MAX_RANGE = timedelta(hours=24)
MAX_SPANS_RANGE = timedelta(days=31)  # a timeline zoomed out to a month


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime


def parse_time(name: str, text: str | None) -> datetime | None:
    """A time parameter or body field (None stays None), or 400 invalid_time naming it."""
    if text is None:
        return None
    try:
        return parse_wire(text)
    except ValueError as exc:
        raise ApiError(400, ErrorCode.INVALID_TIME, f"{name}: {exc}.") from None


def _checked(start: str, end: str, longest: timedelta, words: str) -> TimeRange:
    begin, finish = parse_time("start", start), parse_time("end", end)
    if finish <= begin:
        raise ApiError(400, ErrorCode.INVALID_RANGE, "end must be after start.")
    if finish - begin > longest:
        raise ApiError(
            400, ErrorCode.RANGE_TOO_LONG, f"The range is longer than {words}; ask for less."
        )
    return TimeRange(begin, finish)


def time_range(
    start: str = Query(..., max_length=40, description="UTC, ISO 8601, e.g. 2025-05-01T03:00:00Z"),
    end: str = Query(
        ..., max_length=40, description="UTC, ISO 8601; after start, at most 24 h later"
    ),
) -> TimeRange:
    return _checked(start, end, MAX_RANGE, "24 hours")


def spans_range(
    start: str = Query(..., max_length=40, description="UTC, ISO 8601, e.g. 2025-05-01T03:00:00Z"),
    end: str = Query(
        ..., max_length=40, description="UTC, ISO 8601; after start, at most 31 days later"
    ),
) -> TimeRange:
    """Recorded spans may be asked for a month at a time (a zoomed-out timeline)."""
    return _checked(start, end, MAX_SPANS_RANGE, "31 days")
