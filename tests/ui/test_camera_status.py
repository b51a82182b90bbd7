"""Status always in view (issue 14): a real server whose recorder reports a camera down,
a watched stream that goes stale, and what the operator reads of it (offscreen): the
status bar's counts and list, the camera tree's marks, the tile's words and the health
dock's names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.catalog_store import CatalogStore
from app.domain import CameraStatus
from app.services.camera_status import CameraStatusService, ServerLink, since_text
from app.services.cameras import CameraService
from app.services.health import HealthService
from app.services.playback import PlaybackService
from app.services.session import SessionService
from app.services.wall import WallService
from app.streams.engine import StreamError, StreamState
from app.streams.service import StreamService
from app.wall import Layout, WallModel
from server.node.recorder.states import CameraStatus as ServerStatus
from tests.app.fakes import FakeEngineFactory, fake_live_url
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.live_app import serve_app
from ui.cameras.tree import CameraIdRole, CameraTreeWidget
from ui.health.dock import HealthDockWidget
from ui.shell.status_bar import StatusBarWidget
from ui.tile.header import fit_bar
from ui.tile.services import TileServices
from ui.tile.widget import TileWidget

NOW = datetime(2026, 12, 5, 2, 14, tzinfo=UTC)  # 09:14 WIB


class _Recorder:
    """The server's view of its recorder, as a test sets it (no cameras to record)."""

    def __init__(self) -> None:
        self.statuses: dict[str, ServerStatus] = {}

    def states(self) -> dict:
        return {}

    def camera_statuses(self) -> dict[str, ServerStatus]:
        return dict(self.statuses)


@pytest.fixture
def client(qtbot, runner, tmp_path):
    recorder = _Recorder()
    with serve_app(tmp_path / "server", FLEET,
                   prepare=lambda ctx: setattr(ctx, "recorder", recorder)) as (url, _app):
        session = SessionService(runner)
        with qtbot.waitSignal(session.logged_in, timeout=10_000):
            session.login(url, "operator", DEMO_PASSWORD)
        cameras = CameraService(session, runner, store=CatalogStore(tmp_path / "catalog"))
        with qtbot.waitSignal(cameras.catalog_changed, timeout=10_000):
            cameras.load()
        factory = FakeEngineFactory()
        streams = StreamService(runner, fake_live_url, factory)
        status = CameraStatusService(session, runner, cameras, streams, now=lambda: NOW,
                                     poll_interval_ms=3_600_000)  # polled by hand
        yield recorder, session, cameras, streams, factory, status
        streams.shutdown()


def _poll(qtbot, status: CameraStatusService) -> None:
    status.poll()
    qtbot.waitUntil(lambda: not status._polling, timeout=10_000)


def test_cameras_down_are_counted_listed_marked_and_named(qtbot, client):
    recorder, session, cameras, streams, factory, status = client
    strip = StatusBarWidget(status, cameras, now=lambda: NOW)
    tree = CameraTreeWidget(cameras, WallService(), status=status)
    for widget in (strip, tree):
        qtbot.addWidget(widget)
        widget.show()
    assert strip.down_button.text() == "All cameras up"
    assert strip.recording_button.isHidden()
    assert strip.alarm_button.isHidden()  # no alarms exist: the place stays empty
    assert strip.clock_label.text() == "2026-12-05 09:14:00 WIB"

    # The server's recorder loses Stasiun Gambir.
    recorder.statuses = {"cam003": ServerStatus.OFFLINE, "cam001": ServerStatus.ONLINE}
    with qtbot.waitSignal(status.changed, timeout=10_000):
        status.start()
    assert strip.down_button.text() == "Cameras down: 1"
    assert strip.recording_button.text() == "Not recording: 1"
    assert strip.link_label.text().endswith("Server connected")
    popup = strip.open_down_list()
    assert popup.isVisible()
    assert [popup.list.item(r).text() for r in range(popup.list.count())] == [
        "Stasiun Gambir: offline since 09:14 WIB"]

    gambir = tree.index_of_camera("cam003")
    assert "Offline since 09:14 WIB" in gambir.data(Qt.ItemDataRole.ToolTipRole)
    assert gambir.data(Qt.ItemDataRole.ForegroundRole) == Qt.GlobalColor.gray
    rows = {tree.model.index(r, 0).data(): r for r in range(tree.model.rowCount())}
    assert "Jakarta Pusat (1) · 1 down" in rows
    assert "Jakarta Selatan (2)" in rows  # nothing wrong there: no mark

    # A click in the list finds the camera in the tree.
    strip.camera_located.connect(tree.locate)
    tree.search_box.setText("langsat")  # a search that hides it is cleared
    tree.flush_search()
    rect = popup.list.visualItemRect(popup.list.item(0))
    qtbot.mouseClick(popup.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tree.view.currentIndex().data(CameraIdRole) == "cam003"
    assert popup.isHidden()

    # A camera on the wall whose picture stops: stale by our own stream, at once.
    key = streams.acquire("cam001", "sub")
    qtbot.waitUntil(lambda: len(factory.engines) == 1, timeout=10_000)
    factory.engines[0].report(StreamState.LIVE)
    factory.engines[0].report(StreamState.STALE, StreamError.NO_FRAMES)
    qtbot.waitUntil(lambda: strip.down_button.text() == "Cameras down: 2", timeout=10_000)
    selatan = tree.model.index(rows["Jakarta Selatan (2)"], 0)
    assert selatan.data() == "Jakarta Selatan (2) · 1 down"
    assert "No new picture since" in tree.index_of_camera("cam001").data(
        Qt.ItemDataRole.ToolTipRole)

    health = HealthService(streams, cameras, status=status)
    dock = HealthDockWidget(health, now=lambda: NOW)
    qtbot.addWidget(dock)
    dock.show()
    dock.refresh()
    table = dock.troubles_table
    assert [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())] == [
        ["Taman Tebet Eco Park", "Stale", "09:14 WIB"],
        ["Stasiun Gambir", "Offline", "09:14 WIB"]]
    assert min(p.height() for p in (dock.fps_plot, dock.bitrate_plot, dock.cpu_plot,
                                    dock.memory_plot)) >= 120

    # Pictures come back, but the recorder gets none: live, and not recording.
    qtbot.waitUntil(lambda: len(factory.running()) == 1, timeout=10_000)  # a new try
    factory.running()[0].report(StreamState.LIVE)
    qtbot.waitUntil(lambda: strip.down_button.text() == "Cameras down: 1", timeout=10_000)
    recorder.statuses["cam001"] = ServerStatus.OFFLINE
    _poll(qtbot, status)
    assert strip.recording_button.text() == "Not recording: 2"
    assert "1 not recording" in tree.model.index(rows["Jakarta Selatan (2)"], 0).data()

    # Everything back.
    recorder.statuses = {"cam001": ServerStatus.ONLINE, "cam003": ServerStatus.ONLINE}
    _poll(qtbot, status)
    assert strip.down_button.text() == "All cameras up"
    assert strip.recording_button.isHidden()
    assert tree.model.index(rows["Jakarta Pusat (1) · 1 down"], 0).data() == "Jakarta Pusat (1)"
    streams.release(key)


def test_a_tile_of_a_camera_down_says_since_when(qtbot, runner, client):
    recorder, session, cameras, streams, factory, status = client
    recorder.statuses = {"cam003": ServerStatus.OFFLINE}
    _poll(qtbot, status)
    wall = WallService(WallModel(layout=Layout.L1X1))
    wall.assign(0, "cam003")
    tiles = TileServices(streams, cameras, PlaybackService(session, streams, runner),
                         status=status)
    tile = TileWidget(0, wall, tiles)
    qtbot.addWidget(tile)
    tile.resize(480, 270)
    tile.show()
    qtbot.waitUntil(lambda: len(factory.engines) == 1, timeout=10_000)
    factory.engines[0].report(StreamState.OFFLINE, StreamError.NOT_FOUND)  # the relay's 404
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.OFFLINE, timeout=10_000)
    assert tile.detail_text() == "Camera offline since 09:14 WIB"
    assert tile.status_text() == "Offline"
    assert cameras.camera("cam003").status is CameraStatus.UNKNOWN  # the catalog's seed


def test_since_names_the_day_only_when_it_is_not_today_in_jakarta():
    assert since_text(NOW, NOW) == "09:14 WIB"
    assert since_text(NOW - timedelta(days=1), NOW) == "2026-12-04 09:14 WIB"
    before_midnight = datetime(2026, 12, 5, 16, 59, tzinfo=UTC)  # 23:59 WIB
    assert since_text(before_midnight, before_midnight + timedelta(minutes=2)) == (
        "2026-12-05 23:59 WIB")


def test_a_long_badge_is_elided_before_the_camera_name(qtbot):
    for size in ((240, 135), (320, 180), (480, 270)):
        name, _, badge, _ = fit_bar(QApplication.font(), size, "Permukiman Kebon Jeruk",
                                    "Offline: camera unreachable")
        assert name == "Permukiman Kebon Jeruk"
        assert badge.startswith("Offli") and badge.endswith("…")


def test_the_server_out_of_reach_is_said_and_not_taken_for_cameras_down(qtbot, runner,
                                                                         tmp_path):
    with serve_app(tmp_path / "server", FLEET) as (url, _app):
        session = SessionService(runner)
        with qtbot.waitSignal(session.logged_in, timeout=10_000):
            session.login(url, "operator", DEMO_PASSWORD)
        cameras = CameraService(session, runner, store=CatalogStore(tmp_path / "catalog"))
        with qtbot.waitSignal(cameras.catalog_changed, timeout=10_000):
            cameras.load()
        factory = FakeEngineFactory()
        streams = StreamService(runner, fake_live_url, factory)
        status = CameraStatusService(session, runner, cameras, streams,
                                     poll_interval_ms=3_600_000)
        strip = StatusBarWidget(status, cameras)
        qtbot.addWidget(strip)
        _poll(qtbot, status)
        assert status.link() is ServerLink.CONNECTED
        # A watched camera that does not answer while our server does: the camera's.
        key = streams.acquire("cam001", "sub")
        qtbot.waitUntil(lambda: len(factory.engines) == 1, timeout=10_000)
        factory.engines[0].report(StreamState.LIVE)
        factory.engines[0].report(StreamState.OFFLINE, StreamError.UNREACHABLE)
        qtbot.waitUntil(lambda: strip.down_button.text() == "Cameras down: 1", timeout=10_000)
        qtbot.waitUntil(lambda: not status._polling, timeout=10_000)
        assert strip.down_button.text() == "Cameras down: 1"
    _poll(qtbot, status)  # the server is gone: its failure says nothing of the camera
    assert strip.link_label.text().endswith("Reconnecting to the server…")
    assert strip.down_button.text() == "All cameras up"
    _poll(qtbot, status)
    assert strip.link_label.text().endswith("Server unreachable")
    streams.release(key)
    streams.shutdown()
