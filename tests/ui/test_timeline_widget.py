"""The timeline widget offscreen: spans painted where they are, gaps dark; wheel zooms;
a click asks to play from its time; shift-drag selects a range for export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.timeline import Mark
from ui.timeline.widget import GAP_COLOUR, SPAN_COLOUR, TimelineWidget

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


@pytest.fixture
def timeline(qtbot):
    widget = TimelineWidget(clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1000, 64)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_camera("cam001")
    widget.following_now = False  # the tests place the window themselves
    widget.model.end = NOW  # an hour on screen, 3.6 s a pixel
    widget.set_spans("cam001", [(NOW - timedelta(minutes=50), NOW - timedelta(minutes=30)),
                                (NOW - timedelta(minutes=20), NOW - timedelta(minutes=5))])
    return widget


def _colour(widget, x, y=40):
    return QColor(widget.grab().toImage().pixel(x, y)).name()


def test_spans_and_gaps_are_painted_where_they_are(timeline):
    assert _colour(timeline, 250) == SPAN_COLOUR.name()  # 50..30 min ago: x 167..500
    assert _colour(timeline, 600) == GAP_COLOUR.name()  # 30..20 min ago: a gap
    assert _colour(timeline, 800) == SPAN_COLOUR.name()
    assert _colour(timeline, 980) == GAP_COLOUR.name()  # the last 5 minutes: nothing yet


def test_wheel_zooms_around_the_cursor(qtbot, timeline):
    under = timeline.model.time_at(250)
    wheel = QWheelEvent(QPointF(250, 30), QPointF(250, 30), QPoint(), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    with qtbot.waitSignal(timeline.range_changed):
        QApplication.sendEvent(timeline, wheel)
    assert timeline.model.visible < timedelta(minutes=40)
    assert abs((timeline.model.time_at(250) - under).total_seconds()) < 1


def test_click_seeks_shift_drag_exports_and_a_bookmark_is_activated(qtbot, timeline):
    with qtbot.waitSignal(timeline.seek_requested) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(250, 40))
    assert abs((seek.args[0] - (NOW - timedelta(minutes=45))).total_seconds()) < 4
    with qtbot.waitSignal(timeline.export_requested) as export:
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                         QPoint(200, 40))
        qtbot.mouseMove(timeline, QPoint(300, 40))
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.ShiftModifier, QPoint(300, 40))
    camera, start, end = export.args
    assert camera == "cam001"
    assert abs((start - (NOW - timedelta(minutes=48))).total_seconds()) < 4
    assert abs((end - (NOW - timedelta(minutes=42))).total_seconds()) < 4
    timeline.set_marks("cam001", [Mark(7, NOW - timedelta(minutes=15),
                                       NOW - timedelta(minutes=14), "Jambret", True)])
    with qtbot.waitSignal(timeline.bookmark_activated) as activated:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(755, 40))
    assert activated.args == [7]
