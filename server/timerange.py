"""The ``start``/``end`` query pair shared by recordings and playback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Query

from server.clock import parse_wire
from server.errors import ApiError, ErrorCode

MAX_RANGE = timedelta(hours=24)
MAX_SPANS_RANGE = timedelta(days=31)  # a timeline zoomed out to a month
# No footage, bookmark or audit entry can lie outside these; within them every range
# arithmetic the server does (a day, a month, a time zone) stays inside datetime's years
# 1-9999, which year 1 or 9999 on the wire did not (a 500).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime


def parse_time(name: str, text: str | None) -> datetime | None:
    """A time parameter or body field (None stays None), or 400 invalid_time naming it."""
    if text is None:
        return None
    try:
        value = parse_wire(text)
    except ValueError as exc:
        raise ApiError(400, ErrorCode.INVALID_TIME, f"{name}: {exc}.") from None
    except OverflowError:  # year 1 with a positive offset, year 9999 with a negative one
        value = None
    if value is None or not EARLIEST <= value < LATEST:
        raise ApiError(
            400,
            ErrorCode.INVALID_TIME,
            f"{name}: {text[:40]!r} is outside 1970-01-01T00:00:00Z to 2999-12-31T23:59:59Z.",
        )
    return value


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
