from datetime import UTC, datetime, timedelta

import pytest

from app.timeline import MAX_VISIBLE, MIN_VISIBLE, Mark, TimelineModel

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)  # 12:00 WIB


def model(visible=timedelta(hours=1), width=1000):
    return TimelineModel(NOW, width, visible)


def test_pixels_and_times_map_both_ways_and_zoom_keeps_the_cursor_time():
    m = model()
    assert m.x_of(NOW - timedelta(minutes=30)) == pytest.approx(500)
    assert m.time_at(250) == NOW - timedelta(minutes=45)
    under = m.time_at(200)
    m.zoom(4, 200)
    assert m.visible == timedelta(minutes=15) and m.time_at(200) == under
    m.zoom(1000, 200)
    assert m.visible == MIN_VISIBLE
    m.zoom(1e-6, 200)
    assert m.visible == MAX_VISIBLE
    m = model()
    m.pan_px(100)  # dragging right shows earlier time
    assert m.end == NOW - timedelta(minutes=6)


def test_only_visible_spans_come_back_merged_when_closer_than_a_pixel():
    m = model(width=600)  # 6 s a pixel
    spans = [(NOW - timedelta(hours=3), NOW - timedelta(hours=2)),  # off screen
             (NOW - timedelta(minutes=50), NOW - timedelta(minutes=40)),
             (NOW - timedelta(minutes=40, seconds=-3), NOW - timedelta(minutes=30)),  # 3 s gap
             (NOW - timedelta(minutes=20), NOW - timedelta(minutes=10))]
    m.set_spans(spans)
    assert m.visible_spans() == [pytest.approx((100, 300)), pytest.approx((400, 500))]


def test_marks_are_culled_and_hit():
    m = model()
    m.set_marks([Mark(1, NOW - timedelta(minutes=31), NOW - timedelta(minutes=29), "a"),
                 Mark(2, NOW - timedelta(days=2), NOW - timedelta(days=2) + timedelta(1), "b")])
    assert [mark.id for _, _, mark in m.visible_marks()] == [1]
    assert m.mark_at(500).id == 1 and m.mark_at(900) is None


def test_ticks_are_in_wib_and_coarser_when_zoomed_out():
    m = model()
    labels = [t.label for t in m.ticks()]
    assert "11:30" in labels and "12:00" in labels  # WIB, not UTC (04:30)
    week = [t.label for t in model(timedelta(days=7)).ticks()]
    assert "21 Nov" in week and set(week) - {"12:00"} <= {f"{d} Nov" for d in range(15, 23)}
    minute = model(timedelta(minutes=1))
    assert minute.ticks()[0].label.count(":") == 2  # seconds shown
