"""Times as Jakarta's operators read them: WIB (Asia/Jakarta, UTC+7), while the wire and
every service keep aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def to_wib(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: Pantau's times are aware UTC")
    return value.astimezone(WIB)


def format_wib(value: datetime, *, seconds: bool = True, millis: bool = False,
               date: bool = True) -> str:
    """``2026-11-22 14:03:05 WIB``."""
    local = to_wib(value)
    text = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    if millis:
        text += f".{local.microsecond // 1000:03d}"
    if date:
        text = local.strftime("%Y-%m-%d ") + text
    return text + " WIB"


def parse_wib(text: str) -> datetime:
    """What an operator types, ``2026-11-22 14:03`` or ``2026-11-22 14:03:05`` (WIB, the
    suffix optional), as aware UTC. Raises ValueError with a sentence to show."""
    raw = text.strip().removesuffix("WIB").strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            local = datetime.strptime(raw, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=WIB).astimezone(UTC)
    raise ValueError(f"{text!r} is not a date and time such as 2026-11-22 14:03 (WIB)")
