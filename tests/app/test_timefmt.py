from datetime import UTC, datetime

import pytest

from app.timefmt import format_wib, parse_wib


def test_utc_is_shown_seven_hours_later_in_wib_across_midnight():
    at = datetime(2026, 11, 21, 20, 30, 5, 250_000, tzinfo=UTC)
    assert format_wib(at) == "2026-11-22 03:30:05 WIB"
    assert format_wib(at, millis=True, date=False) == "03:30:05.250 WIB"


def test_what_an_operator_types_in_wib_comes_back_as_utc():
    assert parse_wib("2026-11-22 03:30") == datetime(2026, 11, 21, 20, 30, tzinfo=UTC)
    assert parse_wib(" 2026-11-22T03:30:05 WIB") == datetime(2026, 11, 21, 20, 30, 5, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "yesterday", "22/11/2026 03:30", "2026-13-01 00:00"])
def test_garbage_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match="such as"):
        parse_wib(text)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        format_wib(datetime(2026, 1, 1))
