"""Recorded footage that is lost (issue 13: file gone, cut short, damaged) is drawn apart
from time that was never recorded, and the tooltip over it says why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.api import parse
from app.domain import GapReason
from tests.support.timeline_probe import pixels, shown_timeline, tooltip
from ui.timeline.widget import GAP_COLOUR, LOST_COLOUR, SPAN_COLOUR

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def _wire(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


# /recordings as the server answers it: footage 50..10 min ago with one segment's file
# gone (40..35) and one cut short (25..20), and nothing recorded 30..28 min ago.
ANSWER = {
    "camera_id": "cam001",
    "spans": [{"start": _wire(NOW - timedelta(minutes=a)), "end": _wire(NOW - timedelta(minutes=b))}
              for a, b in ((50, 40), (35, 30), (28, 25), (20, 10))],
    "gaps": [
        {"start": _wire(NOW - timedelta(minutes=40)), "end": _wire(NOW - timedelta(minutes=35)),
         "reason": "missing"},
        {"start": _wire(NOW - timedelta(minutes=25)), "end": _wire(NOW - timedelta(minutes=20)),
         "reason": "truncated"},
    ],
}


@pytest.fixture
def timeline(qtbot):
    return shown_timeline(qtbot, ANSWER, NOW)


def test_lost_footage_is_drawn_apart_with_its_reason(timeline):
    assert parse.gaps(ANSWER)[0].reason is GapReason.MISSING
    # 37 min ago (x 460): the deleted segment; 22 min ago (x 760): the cut one.
    for x in (460, 760):
        assert LOST_COLOUR.name() in pixels(timeline, x)
        assert SPAN_COLOUR.name() not in pixels(timeline, x)
    # Never recorded (29 min ago, x 620) stays the plain gap.
    assert pixels(timeline, 620) == {GAP_COLOUR.name()}
    assert tooltip(timeline, 460).startswith("Missing: recorded, but the file is gone\n")
    assert tooltip(timeline, 760).startswith("Damaged: the recording is cut short\n")
    assert "Damaged" not in tooltip(timeline, 620) and "Missing" not in tooltip(timeline, 620)


def test_an_older_server_without_gaps_means_none():
    assert parse.gaps({"camera_id": "cam001", "spans": []}) == []
    unknown = dict(ANSWER, gaps=[dict(ANSWER["gaps"][0], reason="eaten_by_rats")])
    assert parse.gaps(unknown)[0].reason is GapReason.OTHER
