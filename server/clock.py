"""UTC time on the wire: ISO 8601 with a 'Z', parsed strictly (a time without a zone is
refused, because an operator in WIB would silently be seven hours off)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def utc_now() -> datetime:
    return datetime.now(UTC)


def wib(value: datetime) -> str:
    """``2026-11-22 10:00:05.500 WIB``: how Jakarta reads a time (Asia/Jakarta, UTC+7)."""
    local = value.astimezone(WIB)
    return local.strftime("%Y-%m-%d %H:%M:%S.") + f"{local.microsecond // 1000:03d} WIB"


def to_wire(value: datetime) -> str:
    """``2025-05-01T03:04:05.678Z`` (milliseconds, always UTC)."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_wire(text: str) -> datetime:
    """Parse an ISO 8601 time with a zone ('Z' or an offset) into an aware UTC datetime.

    Raises ValueError with a sentence a user can act on.
    """
    raw = text.strip()
    if not raw or len(raw) > 40:
        raise ValueError(f"{text[:40]!r} is not an ISO 8601 time")
    try:
        value = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 time such as 2025-05-01T03:04:05Z") from None
    if value.tzinfo is None:
        raise ValueError(f"{raw!r} has no time zone; add 'Z' for UTC")
    return value.astimezone(UTC)
