"""libVLC drawing into a tile's native window, on the private Xvfb: the picture is
read back from the X server, since none of it passes through Python."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from app.domain import Area, AreaKind, Camera
from app.services.cameras import CameraService
from app.services.playback import PlaybackService
from app.services.session import SessionService
from app.services.wall import WallService
from app.settings import EngineChoice
from app.streams.engine import EngineKind, StreamOptions, StreamState
from app.streams.factory import default_engine_factory
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.wall import Layout, WallModel
from tests.app.local_http import serve
from tests.app.sinks import RecordingSink
from tests.support.clips import blue_red_clip
from ui.tile.services import TileServices
from ui.tile.video_surface import VideoSurface
from ui.tile.widget import TileWidget
from ui.tile.zoom import ZoomState

pytestmark = pytest.mark.e2e
pytest.importorskip("app.streams.vlc_engine")

BLUE, RED = (0, 0, 255), (255, 0, 0)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    return blue_red_clip(tmp_path_factory.mktemp("vlc-window") / "clip.mp4", 12)


def _colour_at(frame, fx: float, fy: float) -> tuple[int, int, int]:
    rgb = frame.rgb
    return tuple(int(v) for v in rgb[int(fy * (rgb.shape[0] - 1)), int(fx * (rgb.shape[1] - 1))])


def _near(colour, expected, tolerance=60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_libvlc_draws_into_the_window_it_is_given(qtbot, clip):
    host = QWidget()
    host.resize(400, 300)
    surface = VideoSurface(host)
    surface.setGeometry(0, 0, 320, 180)  # the clip's aspect: no letterbox
    surface.show()
    host.show()
    qtbot.waitExposed(host)
    with serve({("GET", "/playback.mp4"): (200, clip)}) as (url, _):
        sink = RecordingSink()
        engine = default_engine_factory(EngineChoice.AUTO)(
            url + "/playback.mp4", sink,
            StreamOptions(loop_forever=False, window_id=surface.window_id()))
        assert engine.kind is EngineKind.VLC and engine.draws_into_window
        engine.start()
        try:
            qtbot.waitUntil(lambda: StreamState.LIVE in sink.state_names(), timeout=20_000)
            qtbot.wait(500)
            picture = surface.grab_picture()
            assert picture is not None and (picture.width, picture.height) == (320, 180)
            assert _near(_colour_at(picture, 0.2, 0.5), BLUE)
            assert _near(_colour_at(picture, 0.8, 0.5), RED)
            # The supervisor counts pictures from libVLC's own statistics.
            qtbot.waitUntil(lambda: bool(sink.stats) and sink.stats[-1].fps > 5, timeout=5_000)
            assert (sink.stats[-1].width, sink.stats[-1].height) == (320, 180)
        finally:
            engine.stop()
            assert engine.join(10)
    assert sink.frames == []  # nothing was handed over to be painted
    assert sink.state_names()[-1] is StreamState.STOPPED


def test_a_window_given_to_pyav_is_ignored_and_frames_come_back(clip, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(clip)
    sink = RecordingSink()
    engine = default_engine_factory(EngineChoice.PYAV)(
        str(path), sink, StreamOptions(loop_forever=False, realtime=False, window_id=12345))
    assert engine.kind is EngineKind.PYAV and not engine.draws_into_window
    engine.start()
    assert sink.finished.wait(20)
    assert engine.join(5)
    assert len(sink.frames) > 100
    assert np.array_equal(sink.frames[0].rgb.shape, (180, 320, 3))


@pytest.fixture
def vlc_tile(qtbot, clip):
    """A tile whose camera libVLC plays (an HTTP stream of the clip, looped) into the
    tile's own window; real services, real libVLC, the real X server."""
    runner = TaskRunner()
    session = SessionService(runner)
    cameras = CameraService(session, runner)
    cameras.set_catalog([Area("menteng", "Menteng", AreaKind.KECAMATAN, ())],
                        [Camera("cam001", "Taman Suropati", "menteng", ("Menteng",), ())])
    with serve({("GET", "/live.mp4"): (200, clip)}) as (url, _):
        streams = StreamService(runner, lambda camera, profile: url + "/live.mp4",
                                default_engine_factory(EngineChoice.AUTO))
        streams.window_policy = lambda engine: engine != "pyav"
        wall = WallService(WallModel(layout=Layout.L1X1))
        wall.assign(0, "cam001")
        tile = TileWidget(0, wall, TileServices(streams, cameras,
                                                PlaybackService(session, streams, runner)))
        streams.frames_ready.connect(tile.show_new_frames)  # what a wall does
        qtbot.addWidget(tile)
        tile.resize(800, 300)  # wider than the picture: letterboxed left and right
        tile.show()
        qtbot.waitExposed(tile)
        yield tile, streams
        tile.release()
        streams.shutdown()
        runner.shutdown()


def _on_screen(tile, fx: float, fy: float) -> tuple[int, int, int]:
    """A point of the tile as the X server shows it (libVLC's pixels included)."""
    origin = tile.mapToGlobal(QPoint(0, 0))
    image = tile.screen().grabWindow(0, origin.x(), origin.y(), tile.width(),
                                     tile.height()).toImage()
    colour = image.pixelColor(int(fx * (image.width() - 1)), int(fy * (image.height() - 1)))
    return colour.red(), colour.green(), colour.blue()


def test_a_tile_lends_its_window_to_libvlc_and_takes_frames_back_to_zoom(
        qtbot, vlc_tile, tmp_path):
    tile, streams = vlc_tile
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=20_000)
    qtbot.waitUntil(tile.draws_into_window, timeout=5_000)
    assert tile.stream_key.window != 0
    assert streams.latest_frame(tile.stream_key) is None  # no picture through Python
    qtbot.wait(500)
    # The picture fills the tile under its header: blue left, red right; the header
    # with its green "Live" badge stays painted above libVLC's window.
    assert _near(_on_screen(tile, 0.3, 0.6), BLUE)
    assert _near(_on_screen(tile, 0.7, 0.6), RED)
    assert _on_screen(tile, 0.05, 0.6) == (0, 0, 0)  # the picture keeps its aspect
    assert tile.status_text() == "Live"
    header = _on_screen(tile, 0.5, 0.01)
    assert not _near(header, BLUE) and not _near(header, RED)

    streams.snapshot_dir = tmp_path
    with qtbot.waitSignal(streams.snapshot_saved, timeout=10_000):
        assert tile.save_snapshot()
    snapshot = QImage(str(tile.last_snapshot))
    assert not snapshot.isNull()
    left = snapshot.pixelColor(snapshot.width() // 5, snapshot.height() // 2)
    assert _near((left.red(), left.green(), left.blue()), BLUE)

    # The info box takes a band below the picture: a window of the new size, and a
    # stream drawn to it (libVLC 3 does not follow a resized window).
    window = tile.stream_key.window
    tile.set_overlay_visible(True)
    qtbot.waitUntil(lambda: tile.stream_key.window not in (0, window)
                    and tile.draws_into_window(), timeout=20_000)
    assert tile.overlay_lines()[0].startswith("320×180")
    tile.set_overlay_visible(False)

    # The wheel over libVLC's window reaches the tile (libVLC takes no mouse input).
    qtbot.waitUntil(tile.draws_into_window, timeout=5_000)
    centre = tile.mapToGlobal(QPoint(tile.width() // 2, tile.height() // 2))
    subprocess.run(["xdotool", "mousemove", str(centre.x()), str(centre.y()), "click", "4"],
                   check=True, timeout=10)
    qtbot.waitUntil(lambda: tile.zoom.zoomed, timeout=5_000)
    tile.reset_zoom()

    # Zoomed into the red half: libVLC hands frames over and the GUI crops them.
    tile.set_zoom(ZoomState(2.0, 0.75, 0.5))
    qtbot.waitUntil(lambda: tile.stream_key.window == 0
                    and streams.latest_frame(tile.stream_key) is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not tile.draws_into_window(), timeout=5_000)
    qtbot.wait(300)
    assert _near(_on_screen(tile, 0.3, 0.6), RED)

    tile.reset_zoom()  # and back into the window
    qtbot.waitUntil(lambda: tile.draws_into_window() and tile.stream_key.window != 0,
                    timeout=20_000)
    qtbot.wait(500)
    assert _near(_on_screen(tile, 0.3, 0.6), BLUE)
