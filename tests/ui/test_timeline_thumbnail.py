"""Hover pictures on the timeline: resting the mouse over recorded footage shows the
camera's picture of that moment (from the real server) above the cursor with its WIB
time; over a gap nothing is asked and nothing shown; an answer for a place the mouse has
left is dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QBuffer, QObject, QPoint, Signal
from PySide6.QtGui import QColor, QImage

from app.api.thumbnails import Thumbnail
from app.services.thumbnails import ThumbnailService
from app.tasks import TaskRunner
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.footage import picture as footage_picture
from tests.support.live_app import serve_app
from ui.timeline.thumbnail import REST_MS, THUMB_WIDTH, TimelineHover
from ui.timeline.widget import TimelineWidget

NOW = FOOTAGE_T0 + timedelta(seconds=50)  # a minute on screen: 10 s before T0 .. 50 s after


def _timeline(qtbot, thumbnails) -> TimelineWidget:
    widget = TimelineWidget(clock=lambda: NOW, thumbnails=thumbnails)
    qtbot.addWidget(widget)
    widget.resize(600, 64)  # 0.1 s a pixel
    widget.move(100, 500)  # room above it for the picture, as under a wall
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_camera("cam001")
    widget.following_now = False
    widget.model.visible = timedelta(minutes=1)
    widget.model.end = NOW
    return widget


def _x(widget, seconds_after_t0: float) -> int:
    return round(widget.model.x_of(FOOTAGE_T0 + timedelta(seconds=seconds_after_t0)))


def _green(image: QImage) -> int:
    """The picture's green level (the median along a row: the footage's moving white line
    is a single column)."""
    row = sorted(QColor(image.pixel(x, image.height() // 2)).green()
                 for x in range(image.width()))
    return row[len(row) // 2]


# -- against the real server ---------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("timeline-thumb") / "data"
    with serve_app(data, FLEET, prepare=footage(data, 8)) as (url, _app):
        yield url


@pytest.fixture
def live(qtbot, server):
    runner = TaskRunner()
    session = logged_in(qtbot, runner, server, "operator")
    thumbnails = ThumbnailService(session, runner)
    timeline = _timeline(qtbot, thumbnails)
    spans = session.api.recordings("cam001", timeline.model.start, timeline.model.end)
    timeline.set_spans("cam001", [(s.start, s.end) for s in spans])
    yield timeline, thumbnails
    runner.shutdown()


def test_resting_over_footage_shows_its_picture_and_wib_time(qtbot, live):
    timeline, thumbnails = live
    popup = timeline.hover.popup
    qtbot.mouseMove(timeline, QPoint(_x(timeline, 5.55), 40))
    qtbot.waitUntil(popup.isVisible, timeout=10_000)
    assert popup.time_label.text() == "2026-11-22 10:00:05 WIB"
    shown = popup.picture_label.pixmap().toImage()
    assert shown.width() == THUMB_WIDTH
    # The keyframe at 5 s is frame 50: its green level is the footage's, give or take JPEG.
    assert abs(_green(shown) - int(footage_picture(50)[0, 0, 1])) < 12
    # The popup sits above the timeline, over the pointer.
    cursor = timeline.mapToGlobal(QPoint(_x(timeline, 5.55), 40))
    assert popup.geometry().bottom() < timeline.mapToGlobal(QPoint(0, 0)).y()
    assert popup.geometry().left() <= cursor.x() <= popup.geometry().right()

    # Further along the same footage: another picture, another time.
    qtbot.mouseMove(timeline, QPoint(_x(timeline, 2.5), 40))
    qtbot.waitUntil(lambda: popup.isVisible()
                    and popup.time_label.text() == "2026-11-22 10:00:02 WIB", timeout=10_000)
    assert abs(_green(popup.picture_label.pixmap().toImage())
               - int(footage_picture(20)[0, 0, 1])) < 12


def test_over_a_gap_nothing_is_asked_and_nothing_shown(qtbot, live):
    timeline, thumbnails = live
    popup = timeline.hover.popup
    qtbot.mouseMove(timeline, QPoint(_x(timeline, 4.2), 40))
    qtbot.waitUntil(popup.isVisible, timeout=10_000)
    asked = thumbnails.fetches
    qtbot.mouseMove(timeline, QPoint(_x(timeline, 30), 40))  # after the footage ends
    assert not popup.isVisible()
    qtbot.wait(REST_MS * 3)
    assert not popup.isVisible() and thumbnails.fetches == asked
    qtbot.mouseMove(timeline, QPoint(_x(timeline, -5), 40))  # before it starts
    qtbot.wait(REST_MS * 3)
    assert not popup.isVisible() and thumbnails.fetches == asked
    assert timeline.toolTip() == "2026-11-22 09:59:55 WIB"  # the plain tooltip there


def test_the_same_seconds_come_from_the_cache(qtbot, live):
    timeline, thumbnails = live
    popup = timeline.hover.popup
    for _ in range(2):
        qtbot.mouseMove(timeline, QPoint(_x(timeline, 6.3), 40))
        qtbot.waitUntil(popup.isVisible, timeout=10_000)
        qtbot.mouseMove(timeline, QPoint(_x(timeline, 40), 40))
        assert not popup.isVisible()
    assert thumbnails.fetches == 1


# -- the hover alone, with answers the test hands it ---------------------------------------
class _HeldThumbnails(QObject):
    """Answers only when the test says so."""

    thumbnail_ready = Signal(int, object)
    thumbnail_failed = Signal(int, object, str)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[int, str, object]] = []

    def request(self, camera_id, at, width=160, step_s=1.0) -> int:
        self.asked.append((len(self.asked) + 1, camera_id, at))
        return len(self.asked)


def _jpeg() -> bytes:
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f9e44"))
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(buffer.data())


def test_an_answer_for_a_place_the_mouse_has_left_is_dropped(qtbot):
    held = _HeldThumbnails()
    timeline = _timeline(qtbot, None)
    hover = TimelineHover(timeline, held)
    at_a, at_b = FOOTAGE_T0 + timedelta(seconds=1), FOOTAGE_T0 + timedelta(seconds=6)
    hover.moved("cam001", at_a, 1, QPoint(100, 300))
    qtbot.waitUntil(lambda: len(held.asked) == 1)
    hover.moved("cam001", at_b, 1, QPoint(400, 300))  # moved on before the answer
    held.thumbnail_ready.emit(1, Thumbnail("cam001", at_a, THUMB_WIDTH, _jpeg()))
    assert not hover.popup.isVisible()
    qtbot.waitUntil(lambda: len(held.asked) == 2)
    held.thumbnail_ready.emit(2, Thumbnail("cam001", at_b, THUMB_WIDTH, _jpeg()))
    assert hover.popup.isVisible() and hover.popup.time_label.text() == "2026-11-22 10:00:06 WIB"
    hover.cancel()  # left the timeline
    assert not hover.popup.isVisible()
