"""A wall's tiles follow one clock: real server on a socket, real PyAV engines, real
footage. cam001 is recorded from T0 and cam002 from T0 + 3 s, so at any moment of the
clock the two tiles show pictures three seconds (30 frames) apart, and every frame says
the moment it was recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from app.services.cameras import CameraService
from app.services.playback import PlaybackService
from app.services.playback_sync import SyncState
from app.services.wall import WallService
from app.streams.engine import StreamState
from app.streams.factory import default_engine_factory
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.wall import Layout, WallModel
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import logged_in
from tests.support.footage import picture, record, write_segment
from tests.support.live_app import serve_app
from tests.ui.conftest import AREAS, CAMERAS
from ui.tile.services import TileServices
from ui.tile.widget import TileMode
from ui.wall.widget import WallWidget

pytestmark = pytest.mark.timeout(120)
WAIT_MS = 20_000
T0 = FOOTAGE_T0.timestamp()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("sync") / "data"

    def prepare(ctx) -> None:
        record(ctx.engine, data, "cam001", FOOTAGE_T0, seconds=12, segment_s=4, fps=10,
               gop=10)
        record(ctx.engine, data, "cam002", FOOTAGE_T0 + timedelta(seconds=3), seconds=9,
               segment_s=4, fps=10, gop=10)

    with serve_app(data, FLEET, prepare=prepare) as (url, _app):
        yield url


@pytest.fixture
def wall(qtbot, server):
    # Live streams lead nowhere here (a closed loopback port): only playback matters.
    yield from _wall(qtbot, server, "rtsp://127.0.0.1:9/none")


def _wall(qtbot, server, live_url: str):
    """A 2x2 wall of cam001 and cam002 signed in to the server, its live streams all
    at ``live_url``; yields (wall service, widget, streams)."""
    runner = TaskRunner()
    session = logged_in(qtbot, runner, server, "operator")
    cameras = CameraService(session, runner)
    cameras.set_catalog(AREAS, CAMERAS)
    streams = StreamService(runner, lambda cam, prof: live_url, default_engine_factory())
    playback = PlaybackService(session, streams, runner)
    service = WallService(WallModel(layout=Layout.L2X2))
    service.assign(0, "cam001")
    service.assign(1, "cam002")
    widget = WallWidget(service, TileServices(streams, cameras, playback))
    qtbot.addWidget(widget)
    widget.resize(800, 450)
    widget.show()
    yield service, widget, streams
    widget.shutdown()
    streams.shutdown()
    runner.shutdown()


def _frame(streams, tile):
    key = tile.stream_key
    return streams.latest_frame(key) if key is not None and tile.mode is TileMode.PLAYBACK \
        else None


def _at(streams, tile) -> float | None:
    frame = _frame(streams, tile)
    return None if frame is None or frame.at_s is None else round(frame.at_s - T0, 2)


def _green(streams, tile) -> int:
    """Footage pictures differ in their green level (tests.support.footage.picture)."""
    return int(np.median(_frame(streams, tile).rgb[..., 1]))


def _both_at(qtbot, streams, tiles, cam001_s: float) -> None:
    want = (round(cam001_s, 2), round(cam001_s, 2))
    qtbot.waitUntil(lambda: (_at(streams, tiles[0]), _at(streams, tiles[1])) == want,
                    timeout=WAIT_MS)


def test_the_tiles_of_a_wall_follow_one_clock(qtbot, wall):
    service, widget, streams = wall
    tiles = widget.tiles()
    sync = service.sync

    sync.play_from(FOOTAGE_T0 + timedelta(seconds=5), paused=True)
    _both_at(qtbot, streams, tiles, 5.0)
    # The same moment: cam001's picture 50, cam002's picture 20 (started 3 s later).
    assert abs(_green(streams, tiles[0]) - int(picture(50)[0, 0, 1])) <= 3
    assert abs(_green(streams, tiles[1]) - int(picture(20)[0, 0, 1])) <= 3

    sync.step(1)  # one frame forward, both tiles
    _both_at(qtbot, streams, tiles, 5.1)
    sync.step(-3)  # three frames back: the streams are opened again
    _both_at(qtbot, streams, tiles, 4.8)

    sync.set_speed(2.0)
    sync.set_paused(False)
    qtbot.waitUntil(lambda: (_at(streams, tiles[0]) or 0) >= 6.0, timeout=WAIT_MS)
    sync.set_paused(True)
    stop = round(sync.clock.position() - T0, 1)
    # Paused: both end on the last frame at or before the clock, the same one.
    qtbot.waitUntil(lambda: _at(streams, tiles[0]) == _at(streams, tiles[1]) and
                    abs(_at(streams, tiles[0]) - stop) <= 0.1, timeout=WAIT_MS)

    sync.set_reverse(True)  # backwards at 2x: keyframes, last first
    sync.set_paused(False)
    seen = []
    qtbot.waitUntil(lambda: seen.append(_at(streams, tiles[0])) or
                    (seen[-1] is not None and seen[-1] <= stop - 2), timeout=WAIT_MS)
    moving = [t for t in seen if t is not None]
    assert moving == sorted(moving, reverse=True)
    assert all(t == int(t) for t in moving[1:])  # keyframes: whole seconds here


def test_an_unlinked_tile_keeps_its_own_clock_and_live_brings_all_back(qtbot, wall):
    service, widget, streams = wall
    tiles = widget.tiles()
    service.sync.play_from(FOOTAGE_T0 + timedelta(seconds=6), paused=True)
    _both_at(qtbot, streams, tiles, 6.0)

    tiles[1].unlink()
    assert not tiles[1].linked and tiles[1].sync.position() == service.sync.position()
    tiles[1].sync.set_paused(False)
    qtbot.waitUntil(lambda: (_at(streams, tiles[1]) or 0) >= 7.0, timeout=WAIT_MS)
    assert _at(streams, tiles[0]) == 6.0  # the wall's clock stands

    service.sync.play_from(FOOTAGE_T0 + timedelta(seconds=2))  # not the unlinked tile
    qtbot.waitUntil(lambda: (_at(streams, tiles[0]) or 9) < 3, timeout=WAIT_MS)
    assert (_at(streams, tiles[1]) or 0) >= 7.0

    service.sync.go_live()
    qtbot.waitUntil(lambda: tiles[0].mode is TileMode.LIVE, timeout=WAIT_MS)
    assert tiles[1].mode is TileMode.PLAYBACK  # on its own clock still
    tiles[1].relink()
    qtbot.waitUntil(lambda: tiles[1].mode is TileMode.LIVE, timeout=WAIT_MS)
    assert service.sync.state is SyncState.LIVE


def test_a_tile_hidden_while_the_clock_moved_catches_up_when_shown(qtbot, wall):
    service, widget, streams = wall
    tiles = widget.tiles()
    service.sync.play_from(FOOTAGE_T0 + timedelta(seconds=5), paused=True)
    _both_at(qtbot, streams, tiles, 5.0)
    service.toggle_maximised(0)  # tile 0 fills the wall: the others stop
    qtbot.waitUntil(lambda: not tiles[1].isVisible(), timeout=WAIT_MS)
    service.sync.play_from(FOOTAGE_T0 + timedelta(seconds=8))  # while tile 1 is hidden
    service.sync.set_paused(True)
    qtbot.waitUntil(lambda: (_at(streams, tiles[0]) or 0) >= 8.0, timeout=WAIT_MS)
    service.toggle_maximised(0)  # the grid again
    at = round(service.sync.clock.position() - T0, 1)
    qtbot.waitUntil(lambda: _at(streams, tiles[1]) is not None
                    and _at(streams, tiles[1]) == _at(streams, tiles[0])
                    and abs(_at(streams, tiles[1]) - at) <= 0.1, timeout=WAIT_MS)


class _Painted:
    """What the tiles paint, looked at on every turn of the event loop."""

    def __init__(self, tiles) -> None:
        from PySide6.QtCore import QTimer

        self.tiles = tiles
        self.black: set[int] = set()  # tiles that lost their picture
        self.badges: set[str] = set()
        self._timer = QTimer()
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        for tile in self.tiles:
            if tile.shown_frame() is None:
                self.black.add(tile.tile_index)
            self.badges.add(tile.status_text())

    def stop(self) -> None:
        self._timer.stop()


def test_changes_of_time_speed_and_direction_never_black_out_a_tile(qtbot, wall):
    """Each tile keeps its last picture, under a "Loading…" badge, until its new
    stream's first picture: no black tile, no "Connecting…", whatever the change."""
    service, widget, streams = wall
    tiles = widget.tiles()[:2]  # the two with a camera
    sync = service.sync
    sync.play_from(FOOTAGE_T0 + timedelta(seconds=5), paused=True)
    _both_at(qtbot, streams, tiles, 5.0)
    qtbot.waitUntil(lambda: all(t.shown_frame() is not None for t in tiles), timeout=WAIT_MS)
    painted = _Painted(tiles)
    try:
        sync.play_from(FOOTAGE_T0 + timedelta(seconds=8))  # a click on the timeline
        sync.set_paused(True)
        qtbot.waitUntil(lambda: all((_at(streams, t) or 0) >= 8.0 for t in tiles),
                        timeout=WAIT_MS)
        sync.set_speed(8.0)  # into keyframes only: new streams
        sync.set_reverse(True)  # and backwards
        sync.set_paused(False)
        qtbot.waitUntil(lambda: all((_at(streams, t) or 9) <= 6.0 for t in tiles),
                        timeout=WAIT_MS)
        sync.step(-3)  # frames back: new streams again
        qtbot.waitUntil(lambda: all(t.stream_state is StreamState.LIVE for t in tiles),
                        timeout=WAIT_MS)
    finally:
        painted.stop()
    assert painted.black == set()
    assert "Loading…" in painted.badges  # the held picture says it is about to change
    assert not painted.badges & {"Connecting…", "Playback ended"}


@pytest.fixture
def live_wall(qtbot, server, tmp_path):
    """Like ``wall``, with live pictures: the 'cameras' loop a local file."""
    loop = tmp_path / "live.mp4"
    write_segment(loop, 100, 50, 10, 10)
    yield from _wall(qtbot, server, str(loop))


def test_a_freeze_from_live_holds_the_picture_of_that_moment(qtbot, live_wall):
    """K on a live wall stops every tile at once on the picture it shows, even before
    the recorder has that moment (here it never will: nothing is recorded now); once
    the clock runs, the tiles ask again and say what they find."""
    service, widget, streams = live_wall
    tiles = widget.tiles()[:2]  # the two with a camera
    qtbot.waitUntil(lambda: all(t.shown_frame() is not None and
                                t.stream_state is StreamState.LIVE for t in tiles),
                    timeout=WAIT_MS)
    painted = _Painted(tiles)
    service.sync.play_from(datetime.now(UTC), paused=True)  # what K does from live
    held = [t.shown_frame() for t in tiles]
    try:
        qtbot.waitUntil(lambda: all(t.status_text() == "Paused" for t in tiles),
                        timeout=WAIT_MS)
        assert all(t.shown_frame() is h for t, h in zip(tiles, held, strict=True))
        assert all(t.detail_text() == "" for t in tiles)  # no error over them
        service.sync.set_paused(False)
        qtbot.waitUntil(lambda: all(t.detail_text().startswith("No recording at")
                                    for t in tiles), timeout=WAIT_MS)
    finally:
        painted.stop()
    assert painted.black == set()
    assert all(t.shown_frame() is h for t, h in zip(tiles, held, strict=True))  # no newer


def test_a_tile_whose_footage_starts_later_does_not_hold_another_moment(qtbot, wall):
    """cam002's recording starts at 3 s: moved to 0.5 s, its tile has nothing of that
    moment and does not pass its 5 s picture off as it; cam001's shows 0.5 s."""
    service, widget, streams = wall
    tiles = widget.tiles()[:2]
    service.sync.play_from(FOOTAGE_T0 + timedelta(seconds=5), paused=True)
    _both_at(qtbot, streams, tiles, 5.0)
    qtbot.waitUntil(lambda: all(t.shown_frame() is not None for t in tiles), timeout=WAIT_MS)
    service.sync.play_from(FOOTAGE_T0 + timedelta(seconds=0.5))  # paused still
    qtbot.waitUntil(lambda: _at(streams, tiles[0]) == 0.5 and
                    tiles[0].shown_frame().at_s == T0 + 0.5, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tiles[1].mode is TileMode.PLAYBACK
                    and tiles[1].status_text() != "Loading…", timeout=WAIT_MS)
    assert tiles[1].shown_frame() is None
