"""Motion search on a playback tile, offscreen with fakes for the server: a rectangle
drawn with real mouse events is sent as the picture's region (letterboxing and digital
zoom taken out), the timeline marks the hits the answer carries, the list says what
there is to say, and activating a hit plays the tile from its start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QBuffer, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from app.api.errors import ApiErrorKind
from app.api.thumbnails import Thumbnail
from app.domain import TimeSpan
from app.motion.service import MotionSearchService
from app.motion.types import AnalysedSpan, MotionHit, MotionRegion, MotionSearchResult
from app.services.playback import PlaybackService
from app.streams.engine import StreamOptions, StreamState
from app.wall import Layout
from tests.ui.conftest import UiServices
from tests.ui.motion_draw import drag, draw_motion_region, picture_point
from ui.motion.binding import MotionSearchBinding
from ui.motion.tile_region import RegionState
from ui.shell.main_window import MainWindow
from ui.tile.services import TileServices
from ui.tile.widget import TileMode
from ui.tile.zoom import ZoomState
from ui.timeline.motion_layer import MOTION_COLOUR
from ui.timeline.widget import TimelineWidget
from ui.wall.widget import WallWidget

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # 19:00 WIB
PLAYING_AT = NOW - timedelta(minutes=50)


class FakePlayback(PlaybackService):
    """Opens every synchronised playback at once on a fake engine (no server)."""

    opened_at: list[tuple[str, datetime]]

    def open_synced(self, camera_id, clock, keyframes_only) -> int:
        request = next(self._ids)
        at = datetime.fromtimestamp(clock.state().position_s, UTC)
        self.opened_at.append((camera_id, at))

        def opened() -> None:
            key = self._streams.open_url(camera_id, f"http://fake/{camera_id}/{request}",
                                         StreamOptions())
            self.opened.emit(request, key, TimeSpan(at, at + timedelta(minutes=10)))

        QTimer.singleShot(0, self, opened)
        return request

    def load_spans(self, camera_id, start, end) -> None:
        pass


class FakeMotionApi:
    """The server's motion search, answering what the test puts in ``answer``."""

    queries: list = []
    answer = None  # (query) -> MotionSearchResult

    def __init__(self, _client) -> None:
        pass

    def search(self, query):
        FakeMotionApi.queries.append(query)
        return FakeMotionApi.answer(query)


class FakeThumbnails(QObject):
    thumbnail_ready = Signal(int, object)
    thumbnail_failed = Signal(int, object, str)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, datetime]] = []
        image = QImage(160, 90, QImage.Format.Format_RGB32)
        image.fill(QColor("#3b5bdb"))
        buffer = QBuffer()
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPG")
        self._jpeg = bytes(buffer.data())

    def request(self, camera_id, at, width=160, step_s=1.0) -> int:
        self.asked.append((camera_id, at))
        request_id = len(self.asked)
        thumb = Thumbnail(camera_id, at, width, self._jpeg)
        QTimer.singleShot(0, self, lambda: self.thumbnail_ready.emit(request_id, thumb))
        return request_id


def _near(at: datetime | None, expected: datetime) -> bool:
    """The clock runs on from the moment it was set to."""
    return at is not None and timedelta(0) <= at - expected < timedelta(seconds=2)


class _Session:
    api = object()
    user = None


def hits_answer(*minutes: tuple[int, int], truncated=False, analysed_from=0):
    """An answer with hits at NOW - 2 h + minutes (start, length s), analysed from
    ``analysed_from`` minutes into the range."""
    def answer(query):
        base = NOW - timedelta(hours=2)
        hits = tuple(MotionHit("cam001", base + timedelta(minutes=m),
                               base + timedelta(minutes=m, seconds=s), 5) for m, s in minutes)
        analysed = (AnalysedSpan("cam001", query.start + timedelta(minutes=analysed_from),
                                 query.end),)
        return MotionSearchResult(query, hits, analysed, truncated)
    return answer


class Host:
    """A wall and its timeline in a window, as the main window has them."""

    def __init__(self, qtbot, layout=Layout.L1X1) -> None:
        self.services = services = UiServices(layout)
        services.playback = FakePlayback(services.session, services.streams, services.runner)
        services.playback.opened_at = []
        FakeMotionApi.queries = []
        FakeMotionApi.answer = hits_answer((30, 6), (70, 12))
        self.motion = MotionSearchService(_Session(), services.runner,
                                          api_factory=FakeMotionApi)
        self.thumbnails = FakeThumbnails()
        self.tiles = TileServices(services.streams, services.cameras, services.playback,
                                  thumbnails=self.thumbnails, motion=self.motion)
        services.tiles = self.tiles
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        central = QWidget(self.window)
        column = QVBoxLayout(central)
        self.wall_widget = WallWidget(services.wall, self.tiles, central)
        self.timeline = TimelineWidget(central, clock=lambda: NOW)
        self.timeline.following_now = False
        self.timeline.model.end = NOW
        self.timeline.model.visible = timedelta(hours=2)
        column.addWidget(self.wall_widget, 1)
        column.addWidget(self.timeline)
        self.window.setCentralWidget(central)
        self.binding = MotionSearchBinding(self.window, self.wall_widget, self.timeline,
                                           self.tiles, self.motion, clock=lambda: NOW)
        self.window.resize(900, 640)
        self.window.show()

    def playback_tile(self, qtbot, width=640, height=360):
        """cam001 on tile 0, in playback with a picture ``width`` x ``height``."""
        wall = self.services.wall
        wall.assign(0, "cam001")
        wall.select(0)
        self.timeline.set_camera("cam001")
        wall.sync.play_from(PLAYING_AT)
        tile = self.wall_widget.tile(0)
        qtbot.waitUntil(lambda: tile.mode is TileMode.PLAYBACK)
        engine = self.services.factory.for_url(self.services.factory.engines[-1].url)
        engine.report(StreamState.LIVE)
        engine.report_frame((90, 90, 90), width=width, height=height)
        self.services.streams.frames_ready.connect(tile.show_new_frames)
        qtbot.waitUntil(lambda: tile.shown_frame() is not None)
        return tile

    def close(self) -> None:
        self.wall_widget.shutdown()
        self.services.close()


@pytest.fixture
def host(qtbot):
    made = Host(qtbot)
    yield made
    made.close()


def test_a_rectangle_drawn_on_a_letterboxed_tile_is_the_region_searched(qtbot, host):
    tile = host.playback_tile(qtbot)
    rect = tile.picture_rect()
    assert rect.y() > 20  # letterboxed: black bars above and below the picture
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.75, 0.0, 0.25, 0.25))
    query = FakeMotionApi.queries[-1]
    assert query.camera_ids == ("cam001",) and not query.area_id
    tolerance = 2 / rect.width()
    assert query.region.x == pytest.approx(0.75, abs=tolerance)
    assert query.region.y == pytest.approx(0.0, abs=tolerance)
    assert query.region.w == pytest.approx(0.25, abs=tolerance)
    assert query.region.h == pytest.approx(0.25, abs=2 / rect.height())
    # Over the range the timeline shows, up to now.
    assert (query.start, query.end) == (NOW - timedelta(hours=2), NOW)
    assert tile.motion.state is RegionState.SHOWN  # outlined while the results show
    assert host.binding.dock.isVisible()


def test_a_drag_starting_on_the_black_bar_is_clamped_to_the_picture(qtbot, host):
    tile = host.playback_tile(qtbot)
    rect = tile.picture_rect()
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_M)
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        drag(qtbot, tile, QPoint(rect.x() + 2, 2), picture_point(tile, 0.5, 0.5))
    region = FakeMotionApi.queries[-1].region
    assert region.y == 0.0 and region.h == pytest.approx(0.5, abs=0.01)
    assert region.x == pytest.approx(0.0, abs=0.01)


def test_on_a_zoomed_tile_the_region_is_of_the_whole_picture(qtbot, host):
    tile = host.playback_tile(qtbot)
    tile.set_zoom(ZoomState(2.0, 0.75, 0.75))  # the bottom-right quarter fills the tile
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.0, 0.0, 0.5, 0.5), key=False)
    region = FakeMotionApi.queries[-1].region
    assert region.x == pytest.approx(0.5, abs=0.01) and region.y == pytest.approx(0.5, abs=0.01)
    assert region.w == pytest.approx(0.25, abs=0.01) and region.h == pytest.approx(0.25, abs=0.01)


def test_esc_and_a_click_do_not_search(qtbot, host):
    tile = host.playback_tile(qtbot)
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_M)
    point = picture_point(tile, 0.5, 0.5)
    drag(qtbot, tile, point, point)  # a click: still waiting for a rectangle
    assert tile.motion.state is RegionState.ARMED
    qtbot.keyClick(tile, Qt.Key.Key_Escape)
    assert tile.motion.state is RegionState.IDLE
    qtbot.wait(50)
    assert FakeMotionApi.queries == [] and not host.binding.dock.isVisible()


def test_a_live_tile_offers_no_motion_search(qtbot, host):
    host.services.wall.assign(0, "cam001")
    tile = host.wall_widget.tile(0)
    assert tile.mode is TileMode.LIVE
    names = [a.objectName() for a in tile.build_context_menu().actions()]
    assert "action-search-motion" not in names
    assert not tile.search_motion() and not tile.motion.drawing


def test_the_timeline_marks_the_hits_and_a_result_plays_from_its_start(qtbot, host):
    tile = host.playback_tile(qtbot)
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.1, 0.1, 0.3, 0.3))
    timeline, model = host.timeline, host.timeline.model
    base = NOW - timedelta(hours=2)
    marks = timeline.motion.marks.visible(model, "cam001")
    assert [hit.start for _x0, _x1, hit in marks] == [base + timedelta(minutes=30),
                                                      base + timedelta(minutes=70)]
    # Drawn in the motion colour, where the hit is.
    x = round(model.x_of(base + timedelta(minutes=70, seconds=6)))
    picture = timeline.grab().toImage()
    ratio = picture.devicePixelRatio()
    assert QColor(picture.pixel(round(x * ratio), round((timeline.height() - 10) * ratio))) \
        == MOTION_COLOUR
    qtbot.mouseMove(timeline, QPoint(x, timeline.height() // 2))
    assert timeline.toolTip().startswith("Motion in the searched region")

    results = host.binding.results
    assert [h.start for h in results.hits()] == [base + timedelta(minutes=70),
                                                 base + timedelta(minutes=30)]  # newest first
    assert results.list.item(0).text().startswith("Taman Suropati\n2026-12-05 18:10:00 WIB")
    assert "12 s" in results.list.item(0).text()
    # its picture: the keyframe at the middle of its 12 s, inside the motion
    qtbot.waitUntil(lambda: ("cam001", base + timedelta(minutes=70, seconds=6))
                    in host.thumbnails.asked)

    opened = len(host.services.playback.opened_at)
    results.activate_row(1)
    assert _near(host.services.wall.sync.position(), base + timedelta(minutes=30))
    qtbot.waitUntil(lambda: len(host.services.playback.opened_at) > opened)
    camera_id, at = host.services.playback.opened_at[-1]
    assert camera_id == "cam001" and _near(at, base + timedelta(minutes=30))
    assert model.position == base + timedelta(minutes=30)

    # A click on a mark of the timeline plays from the hit's start too.
    with qtbot.waitSignal(timeline.seek_requested) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 40))
    assert seek.args == [base + timedelta(minutes=70)]


def test_no_hits_truncated_and_not_analysed_are_said_plainly(qtbot, host):
    tile = host.playback_tile(qtbot)
    FakeMotionApi.answer = hits_answer(analysed_from=30)
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.1, 0.1, 0.3, 0.3))
    results = host.binding.results
    assert results.summary_label.text().startswith("No motion in the region")
    assert "Taman Suropati: not analysed 2026-12-05 17:00 WIB – 17:30 WIB" \
        in results.warning_label.text()
    assert results.list.count() == 0

    FakeMotionApi.answer = hits_answer((1, 1), (2, 1), truncated=True)
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.5, 0.5, 0.3, 0.3))
    assert "only the oldest 500" in results.warning_label.text()
    assert results.list.count() == 2


def test_clearing_removes_marks_outline_and_list(qtbot, host):
    tile = host.playback_tile(qtbot)
    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.1, 0.1, 0.3, 0.3))
    assert host.timeline.motion.active
    menu = tile.build_context_menu()
    next(a for a in menu.actions() if a.objectName() == "action-clear-motion").trigger()
    assert not host.timeline.motion.active
    assert tile.motion.state is RegionState.IDLE and tile.motion.region is None
    assert not host.binding.dock.isVisible()

    with qtbot.waitSignal(host.motion.search_finished, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.1, 0.1, 0.3, 0.3))
    host.timeline.motion.clear()  # the timeline menu's "Clear motion search"
    assert tile.motion.region is None and not host.binding.dock.isVisible()


def test_a_failed_search_is_said_in_the_list(qtbot, host):
    tile = host.playback_tile(qtbot)

    def refuse(_query):
        from app.api.errors import ApiError
        raise ApiError(ApiErrorKind.NOT_FOUND, "no such camera")

    FakeMotionApi.answer = refuse
    with qtbot.waitSignal(host.motion.search_failed, timeout=5000):
        draw_motion_region(qtbot, tile, MotionRegion(0.1, 0.1, 0.3, 0.3))
    assert "No such camera or area" in host.binding.results.summary_label.text()


def test_area_search_from_the_menu_opens_the_hit_in_the_investigation_window(qtbot):
    services = UiServices()
    services.playback = FakePlayback(services.session, services.streams, services.runner)
    services.playback.opened_at = []
    FakeMotionApi.queries = []
    FakeMotionApi.answer = lambda q: MotionSearchResult(q, (
        MotionHit("cam002", NOW - timedelta(hours=3), NOW - timedelta(hours=3, seconds=-4), 9),
    ), (AnalysedSpan("cam002", q.start, q.end),), False)
    motion = MotionSearchService(_Session(), services.runner, api_factory=FakeMotionApi)
    tiles = TileServices(services.streams, services.cameras, services.playback, motion=motion)
    window = MainWindow(services.session, services.wall, tiles)
    qtbot.addWidget(window)
    try:
        dialog = window.open_motion_area_search()
        dialog._clock = lambda: NOW
        dialog.reset_range()
        dialog.set_area("menteng")
        with qtbot.waitSignal(motion.search_finished, timeout=5000):
            dialog.search_button.click()
        query = FakeMotionApi.queries[-1]
        assert query.area_id == "menteng" and query.camera_ids == ()
        assert query.region.whole  # the whole picture
        assert (query.start, query.end) == (NOW - timedelta(hours=24), NOW)
        # Not analysed at all: the area's other camera, named.
        assert "Taman Suropati" in dialog.results.warning_label.text()
        dialog.results.activate_row(0)
        investigation = window.investigation_window
        assert investigation is not None
        assert investigation.wall.camera_at(0) == "cam002"
        assert _near(investigation.wall.sync.position(), NOW - timedelta(hours=3))
        investigation.close()
    finally:
        window.close()
        services.close()
