"""Footage on a recording node that is down (issue 15, gap reason ``unavailable``) is not
lost: the timeline draws it grey, apart from the red of damaged footage and from time
never recorded, and says why; a node down for hours hides hours, all of them drawn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.api import parse
from app.domain import GapReason
from tests.support.timeline_probe import pixels, shown_timeline, tooltip
from ui.timeline.widget import (
    GAP_COLOUR,
    LOST_COLOUR,
    SPAN_COLOUR,
    UNAVAILABLE_COLOUR,
)

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def _wire(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _ago(minutes: float) -> str:
    return _wire(NOW - timedelta(minutes=minutes))


# Footage 50..10 min ago: 40..30 on a node that is down, 25..20 cut short. And footage
# from six hours ago to 55 min ago, all on that node.
ANSWER = {
    "camera_id": "cam001",
    "spans": [{"start": _ago(a), "end": _ago(b)} for a, b in ((50, 40), (30, 25), (20, 10))],
    "gaps": [{"start": _ago(360), "end": _ago(55), "reason": "unavailable"},
             {"start": _ago(40), "end": _ago(30), "reason": "unavailable"},
             {"start": _ago(25), "end": _ago(20), "reason": "truncated"}],
}


@pytest.fixture
def timeline(qtbot):
    return shown_timeline(qtbot, ANSWER, NOW)


def test_the_reason_is_known_not_other():
    reasons = [g.reason for g in parse.gaps(ANSWER)]
    assert reasons == [GapReason.UNAVAILABLE, GapReason.UNAVAILABLE, GapReason.TRUNCATED]


def test_unavailable_footage_is_grey_not_damaged(timeline):
    # 35 min ago (x 500): on the node that is down.
    unavailable = pixels(timeline, 500)
    assert UNAVAILABLE_COLOUR.name() in unavailable
    assert LOST_COLOUR.name() not in unavailable and SPAN_COLOUR.name() not in unavailable
    assert unavailable != {GAP_COLOUR.name()}  # not "never recorded" either
    # 22 min ago (x 760): the cut segment keeps damage's red.
    assert LOST_COLOUR.name() in pixels(timeline, 760)
    assert UNAVAILABLE_COLOUR.name() not in pixels(timeline, 760)
    tip = tooltip(timeline, 500)
    assert tip.startswith("Unavailable: on a recording node that is down\n")
    assert "Damaged" not in tip


def test_a_gap_that_began_hours_before_the_view_is_drawn(timeline):
    # 57 min ago (x 60): inside the six hours on that node, begun five hours off screen.
    assert UNAVAILABLE_COLOUR.name() in pixels(timeline, 60)
    assert tooltip(timeline, 60).startswith("Unavailable:")
