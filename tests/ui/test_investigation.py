"""The investigation workspace against the real server on a socket, recorded footage
played by the real PyAV engine (live video comes from fake engines, so the wall's state
is the test's to say): a bookmark plays its camera alone in the workspace while the
wall's tiles stay live; Ctrl+E in playback exports the timeline's selection or the
moments around the playhead, not the last minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from app.actions import ActionId
from app.services.bookmarks import BookmarkService
from app.services.cameras import CameraService
from app.services.exports import ExportService
from app.services.playback import PlaybackService
from app.services.playback_sync import SyncState
from app.services.wall import WallService
from app.streams.engine import StreamState
from app.streams.factory import default_engine_factory
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.timefmt import format_wib
from app.wall import Layout, WallModel
from tests.app.fakes import FakeEngineFactory, fake_live_url
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import logged_in
from tests.support.footage import record
from tests.support.live_app import serve_app
from ui.investigation.controller import layout_for
from ui.investigation.export_range import export_range
from ui.shell.main_window import MainWindow
from ui.tile.services import TileServices
from ui.tile.widget import TileMode

pytestmark = pytest.mark.timeout(120)
WAIT_MS = 20_000
T0 = FOOTAGE_T0
WALL = ("cam001", "cam002", "cam003", "cam004")


# -- the range and the grid, alone ------------------------------------------------------
def test_the_export_range_is_the_selection_else_around_the_playhead_else_the_last_minutes():
    now = datetime(2026, 11, 22, 4, 0, 0, 500_000, tzinfo=UTC)
    a, b = T0 + timedelta(seconds=3), T0 + timedelta(seconds=9)
    assert export_range(now, selection=(b, a), playhead=T0) == (a, b)
    assert export_range(now, playhead=T0 + timedelta(seconds=5.4)) == (
        T0 - timedelta(seconds=55), T0 + timedelta(seconds=65))
    # Near now the range stops at now: nothing is recorded after it.
    assert export_range(now, playhead=now - timedelta(seconds=10))[1] == \
        now.replace(microsecond=0)
    assert export_range(now, live_minutes=5) == (
        now.replace(microsecond=0) - timedelta(minutes=5), now.replace(microsecond=0))


def test_the_workspace_takes_the_smallest_grid_that_holds_the_cameras():
    assert [layout_for(n) for n in (0, 1, 2, 4, 5, 9, 10, 16, 30)] == [
        Layout.L1X1, Layout.L1X1, Layout.L2X2, Layout.L2X2, Layout.L3X3, Layout.L3X3,
        Layout.L4X4, Layout.L4X4, Layout.L4X4]


# -- against the server -----------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("investigation") / "data"

    def prepare(ctx) -> None:
        for camera in ("cam001", "cam002"):
            record(ctx.engine, data, camera, T0, seconds=16, segment_s=4, fps=10, gop=10)

    with serve_app(data, FLEET, prepare=prepare) as (url, _app):
        yield url


class Engines:
    """Live URLs to fake engines (the test says when they are live), recordings to the
    real PyAV engine."""

    def __init__(self) -> None:
        self.fake = FakeEngineFactory()
        self.real = default_engine_factory()

    def __call__(self, url, sink, options):
        return (self.fake if url.startswith("rtsp://fake/") else self.real)(url, sink, options)


@pytest.fixture
def client(qtbot, server, tmp_path, monkeypatch):
    # Window geometry and docks are saved on close: here, not where other tests read them.
    monkeypatch.setenv("PANTAU_CONFIG_DIR", str(tmp_path / "config"))
    runner = TaskRunner()
    session = logged_in(qtbot, runner, server, "operator")
    cameras = CameraService(session, runner)
    with qtbot.waitSignal(cameras.catalog_changed, timeout=10_000):
        cameras.load()
    engines = Engines()
    streams = StreamService(runner, fake_live_url, engines)
    bookmarks = BookmarkService(session, runner)
    wall = WallService(WallModel(layout=Layout.L2X2))
    wall.fill(list(WALL))
    tiles = TileServices(streams, cameras, PlaybackService(session, streams, runner),
                         exports=ExportService(session, runner, export_dir=lambda: tmp_path),
                         bookmarks=bookmarks)
    window = MainWindow(session, wall, tiles)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    _live(qtbot, window, engines)
    yield window, wall, streams, bookmarks, engines
    window.close()
    streams.shutdown()
    runner.shutdown()


def _live(qtbot, window, engines) -> None:
    """Every tile of the wall shows live video."""
    tiles = window.wall_widget.tiles()
    qtbot.waitUntil(lambda: len(engines.fake.running()) == len(tiles), timeout=WAIT_MS)
    for engine in engines.fake.running():
        engine.report(StreamState.LIVE)
    qtbot.waitUntil(lambda: all(t.stream_state is StreamState.LIVE for t in tiles),
                    timeout=WAIT_MS)


def _shown_s(streams, tile) -> float | None:
    """Seconds after T0 of the recorded picture the tile shows (None: none, or live)."""
    key = tile.stream_key
    frame = streams.latest_frame(key) if key is not None else None
    if tile.mode is not TileMode.PLAYBACK or frame is None or frame.at_s is None:
        return None
    return frame.at_s - T0.timestamp()


def _assert_wall_live(window, wall) -> None:
    assert wall.sync.state is SyncState.LIVE
    assert [t.camera_id for t in window.wall_widget.tiles()] == list(WALL)
    assert [(t.mode, t.status_text()) for t in window.wall_widget.tiles()] == \
        [(TileMode.LIVE, "Live")] * 4
    assert window.transport.position_text() == "Live"


def test_a_bookmark_plays_its_camera_alone_in_the_workspace_and_the_wall_stays_live(
        qtbot, client):
    window, wall, streams, bookmarks, _ = client
    with qtbot.waitSignal(bookmarks.created, timeout=10_000) as made:
        bookmarks.create("cam002", T0 + timedelta(seconds=6), 2, 4, "Motor tanpa plat")
    mark = made.args[0]
    with qtbot.waitSignal(bookmarks.search_finished, timeout=10_000):
        window.action(ActionId.BOOKMARKS).trigger()
    dock = window.bookmarks_dock
    dock.list.setCurrentItem(dock.list.topLevelItem(0))
    assert dock.selected().id == mark.id

    dock.play_action.trigger()
    workspace = window.investigation_window
    assert workspace is not None and workspace.isVisible()
    assert workspace.wall.layout is Layout.L1X1
    [tile] = workspace.wall_widget.tiles()
    assert tile.camera_id == "cam002"
    # It plays cam002's recording from the bookmark's start (T0 + 4 s) onwards.
    qtbot.waitUntil(lambda: (_shown_s(streams, tile) or 0) >= 4.5, timeout=WAIT_MS)
    assert _shown_s(streams, tile) < 16
    assert tile.status_text() != "Live"
    assert workspace.timeline.camera_id == "cam002"
    assert workspace.timeline.model.position >= mark.start
    assert "WIB" in workspace.transport.position_text()
    assert not workspace.transport.live_button.isVisible()
    _assert_wall_live(window, wall)

    # Another camera replaces it: still one tile, the wall still live.
    window.open_investigation(["cam001"], T0 + timedelta(seconds=10))
    [tile] = workspace.wall_widget.tiles()
    assert tile.camera_id == "cam001"
    qtbot.waitUntil(lambda: (_shown_s(streams, tile) or 0) >= 10, timeout=WAIT_MS)
    _assert_wall_live(window, wall)

    # The bookmark's marker clicked on the wall's timeline plays it the same way.
    window.timeline.bookmark_activated.emit(mark.id)
    [tile] = workspace.wall_widget.tiles()
    assert tile.camera_id == "cam002"
    qtbot.waitUntil(lambda: 4 <= (_shown_s(streams, tile) or 0) < 10, timeout=WAIT_MS)
    _assert_wall_live(window, wall)


def test_the_wall_is_investigated_in_the_workspace_while_it_stays_live(qtbot, client):
    window, wall, streams, _, engines = client
    wall.sync.play_from(T0 + timedelta(seconds=3), paused=True)
    window.action(ActionId.INVESTIGATE).trigger()  # from the wall's playhead
    wall.sync.go_live()
    qtbot.waitUntil(lambda: all(t.mode is TileMode.LIVE for t in window.wall_widget.tiles()),
                    timeout=WAIT_MS)
    _live(qtbot, window, engines)  # the wall's live video, again
    workspace = window.investigation_window
    assert workspace.wall.layout is Layout.L2X2
    tiles = workspace.wall_widget.tiles()
    assert [t.camera_id for t in tiles] == list(WALL)
    recorded = tiles[:2]  # only cam001 and cam002 have recordings
    qtbot.waitUntil(lambda: all((_shown_s(streams, t) or 0) >= 3 for t in recorded),
                    timeout=WAIT_MS)
    assert all(t.mode is TileMode.PLAYBACK for t in recorded)
    _assert_wall_live(window, wall)


def _dialog_range(dialog) -> tuple[str, str]:
    return dialog.start_edit.text(), dialog.end_edit.text()


def test_ctrl_e_in_the_workspace_takes_the_playhead_or_the_selected_range(qtbot, client):
    window, _wall, streams, _, _ = client
    workspace = window.open_investigation(["cam001"], T0 + timedelta(seconds=5))
    [tile] = workspace.wall_widget.tiles()
    qtbot.waitUntil(lambda: _shown_s(streams, tile) is not None, timeout=WAIT_MS)
    workspace.action(ActionId.PLAY_PAUSE).trigger()  # K: pause where it is
    playhead = workspace.controller.steered_sync().position().replace(microsecond=0)
    assert T0 + timedelta(seconds=5) <= playhead < T0 + timedelta(seconds=16)

    export = workspace.action(ActionId.EXPORT)
    assert export.shortcut() == QKeySequence("Ctrl+E")
    export.trigger()
    dialog = workspace.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert _dialog_range(dialog) == (format_wib(playhead - timedelta(minutes=1)),
                                     format_wib(playhead + timedelta(minutes=1)))
    dialog.close()

    # A shift-drag on the timeline selects a range (and offers its export at once);
    # Ctrl+E afterwards takes that range too.
    timeline = workspace.timeline
    assert not timeline.following_now  # the playhead, not now, stays in view
    x0, x1 = (round(timeline.model.x_of(T0 + timedelta(seconds=s))) for s in (2, 30))
    y = timeline.height() // 2
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     QPoint(x0, y))
    qtbot.mouseMove(timeline, QPoint(x1, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                       QPoint(x1, y))
    start, end = timeline.model.selection
    assert end - start > timedelta(seconds=20)
    selected = (format_wib(start), format_wib(end))
    assert _dialog_range(workspace.export_dialog) == selected
    workspace.export_dialog.close()
    workspace.action(ActionId.EXPORT).trigger()
    assert _dialog_range(workspace.export_dialog) == selected
    workspace.export_dialog.close()

    workspace.action(ActionId.ADD_BOOKMARK).trigger()  # Ctrl+B: at the playhead too
    dialog = workspace.bookmark_dialog
    assert dialog.isVisible() and dialog.at_edit.text() == format_wib(
        workspace.controller.steered_sync().position())
    dialog.close()


def test_ctrl_e_while_the_wall_plays_back_takes_the_playhead_not_the_last_minutes(
        qtbot, client):
    window, wall, _streams, _, _ = client
    wall.select(0)
    at = T0 + timedelta(seconds=6)
    wall.sync.play_from(at, paused=True)
    window.action(ActionId.EXPORT).trigger()
    assert _dialog_range(window.export_dialog) == (
        format_wib(at - timedelta(minutes=1)), format_wib(at + timedelta(minutes=1)))
    window.export_dialog.close()

    window.timeline.model.selection = (T0 + timedelta(seconds=1), T0 + timedelta(seconds=7))
    window.action(ActionId.EXPORT).trigger()
    assert _dialog_range(window.export_dialog) == (
        format_wib(T0 + timedelta(seconds=1)), format_wib(T0 + timedelta(seconds=7)))
    window.export_dialog.close()
