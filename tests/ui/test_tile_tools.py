"""A tile's adaptive stream, staleness, zoom, snapshot and overlay, with fake engines."""

from __future__ import annotations

import re
import time

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from app.streams.engine import DecoderKind, StreamError, StreamState, StreamStats, VideoFrame
from app.wall import Layout
from ui.tile.widget import TileWidget
from ui.tile.zoom import ZoomState


def _tile(qtbot, services, size=(640, 360)) -> TileWidget:
    tile = TileWidget(0, services.wall, services.tiles)
    services.streams.frames_ready.connect(tile.show_new_frames)  # what a wall does
    qtbot.addWidget(tile)
    tile.resize(*size)
    tile.show()
    qtbot.waitExposed(tile)
    return tile


def _pixel(widget, x, y) -> tuple[int, int, int]:
    colour = QColor(widget.grab().toImage().pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def _centre(tile) -> tuple[int, int, int]:
    return _pixel(tile, tile.width() // 2, tile.height() // 2)


def _live(qtbot, services, url, colour, **frame):
    engine = services.factory.for_url(url)
    engine.report(StreamState.LIVE)
    engine.report_frame(colour, **frame)
    return engine


def test_switch_to_main_keeps_the_old_picture_until_the_first_new_frame(qtbot, services):
    services.wall.set_layout(Layout.L2X2)
    services.wall.assign(0, "cam001")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    sub = _live(qtbot, services, "rtsp://fake/cam001/sub", (0, 0, 200))
    qtbot.waitUntil(lambda: _centre(tile) == (0, 0, 200))

    services.wall.toggle_maximised(0)  # the tile now wants the main stream
    qtbot.waitUntil(lambda: len(services.factory.running()) == 2)
    main = services.factory.for_url("rtsp://fake/cam001/main")
    main.report(StreamState.CONNECTING)
    sub.report_frame((0, 0, 150))  # the old stream still plays meanwhile
    qtbot.waitUntil(lambda: _centre(tile) == (0, 0, 150))
    assert tile.status_text() == "Live"  # no black gap, no "Connecting"
    assert not sub.stopped

    main.report(StreamState.LIVE)
    main.report_frame((220, 0, 0), width=192, height=108)
    qtbot.waitUntil(lambda: _centre(tile) == (220, 0, 0))
    assert sub.stopped  # released only once the new picture is there
    assert tile.stream_key.profile == "main"

    services.wall.toggle_maximised(0)  # and back to the sub stream the same way
    qtbot.waitUntil(lambda: not main.stopped and tile.stream_key.profile == "sub")
    assert _centre(tile) == (220, 0, 0)
    qtbot.waitUntil(lambda: len(services.factory.engines) == 3)
    _live(qtbot, services, "rtsp://fake/cam001/sub", (0, 180, 0))
    qtbot.waitUntil(lambda: main.stopped and _centre(tile) == (0, 180, 0))


def test_a_hidden_tile_releases_its_stream_and_resumes_when_shown(qtbot, services):
    services.wall.assign(0, "cam002")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    tile.hide()  # what minimising its window does too (a spontaneous hide event)
    qtbot.waitUntil(lambda: not services.factory.running(), timeout=3000)
    assert tile.stream_key is None
    tile.show()
    qtbot.waitUntil(lambda: [e.url for e in services.factory.running()]
                    == ["rtsp://fake/cam002/sub"])


def test_a_minimised_window_stops_its_tiles_decoding(qtbot, services):
    services.wall.assign(0, "cam002")
    window = QWidget()
    qtbot.addWidget(window)
    tile = TileWidget(0, services.wall, services.tiles)
    QVBoxLayout(window).addWidget(tile)
    window.resize(640, 360)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    window.showMinimized()
    qtbot.waitUntil(lambda: not services.factory.running(), timeout=3000)
    window.showNormal()
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)


def test_a_short_hide_keeps_the_stream(qtbot, services):
    services.wall.assign(0, "cam002")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    tile.hide()
    tile.show()  # a layout rebuild: no reconnect
    qtbot.wait(1300)
    assert len(services.factory.engines) == 1 and services.factory.running()


def test_stale_tile_shows_the_age_of_its_last_picture(qtbot, services):
    services.wall.assign(0, "cam003")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    engine.report(StreamState.LIVE)
    rgb = np.full((36, 64, 3), 90, dtype=np.uint8)
    engine.sink.on_frame(VideoFrame.from_rgb(rgb, 0.0, received_monotonic=time.monotonic() - 7.2))
    engine.report(StreamState.STALE)
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.STALE)
    qtbot.waitUntil(lambda: tile.frame_age_s() is not None)  # on the next display tick
    assert tile.status_text() == "Stale: picture 7 s old"
    # Each reconnection is a fresh engine on a freshly asked URL (a relay ticket only
    # opens sessions for a minute); the newest engine is the one that speaks.
    engine = _newest_engine(qtbot, services, 2)
    # The reconnection right after answers but still sends nothing: still stale.
    engine.report(StreamState.RECONNECTING, StreamError.NO_FRAMES)
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.RECONNECTING)
    assert tile.status_text() == "Stale: picture 7 s old"
    engine = _newest_engine(qtbot, services, 3)
    engine.report(StreamState.RECONNECTING, StreamError.UNREACHABLE)
    qtbot.waitUntil(lambda: tile.status_text() == "Reconnecting…: camera unreachable")
    engine = _newest_engine(qtbot, services, 4)
    engine.report(StreamState.LIVE)
    qtbot.waitUntil(lambda: tile.status_text() == "Live")


def _newest_engine(qtbot, services, count: int):
    """The engine the stream service started after ``count - 1`` earlier ones."""
    qtbot.waitUntil(lambda: len(services.factory.engines) >= count, timeout=10_000)
    return services.factory.engines[-1]


def _wheel(tile, point: QPoint, notches: int) -> None:
    event = QWheelEvent(QPointF(point), QPointF(tile.mapToGlobal(point)), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(tile, event)


def test_wheel_zooms_at_the_cursor_drag_pans_and_deep_zoom_pulls_main(qtbot, services):
    services.wall.assign(0, "cam001")
    tile = _tile(qtbot, services, size=(640, 360))
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    engine.report(StreamState.LIVE)
    # Left half red, right half blue.
    rgb = np.zeros((90, 160, 3), dtype=np.uint8)
    rgb[:, :80] = (200, 0, 0)
    rgb[:, 80:] = (0, 0, 200)
    engine.sink.on_frame(VideoFrame.from_rgb(rgb, 0.0))
    qtbot.waitUntil(lambda: _pixel(tile, 600, 300) == (0, 0, 200))

    _wheel(tile, QPoint(40, 300), 1)  # zoom at the red left edge: it stays under the cursor
    assert tile.zoom.factor == 1.25
    assert tile.stream_key.profile == "sub"
    _wheel(tile, QPoint(40, 300), 3)  # 2.44x: past the threshold, the main stream
    qtbot.waitUntil(lambda: tile.stream_key.profile == "main")
    qtbot.waitUntil(lambda: len(services.factory.engines) == 2)
    assert _pixel(tile, 600, 300) == (200, 0, 0)  # the blue half is out of view
    assert "Zoom: 2.4×" in tile.overlay_lines()

    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(600, 200))
    qtbot.mouseMove(tile, QPoint(20, 200))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(20, 200))
    assert tile.zoom.cx > 0.5  # dragged left: the picture followed the mouse
    assert _pixel(tile, 600, 300) == (0, 0, 200)

    qtbot.keyClick(tile, Qt.Key.Key_0)
    assert tile.zoom == ZoomState()
    assert tile.stream_key.profile == "sub"


def test_snapshot_from_menu_and_key_writes_a_named_png(qtbot, services, tmp_path):
    services.streams.snapshot_dir = tmp_path / "shots"
    services.wall.assign(0, "cam001")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    engine.report(StreamState.LIVE)
    engine.report_frame((12, 34, 56), width=96, height=54)
    qtbot.waitUntil(lambda: _centre(tile) == (12, 34, 56))

    menu = tile.build_context_menu()
    action = next(a for a in menu.actions() if a.objectName() == "action-snapshot")
    with qtbot.waitSignal(services.streams.snapshot_saved, timeout=5000):
        action.trigger()
    tile.setFocus()
    with qtbot.waitSignal(services.streams.snapshot_saved, timeout=5000):
        qtbot.keyClick(tile, Qt.Key.Key_S)
    files = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert len(files) == 2, files
    assert all(re.fullmatch(r"Pantau_Taman-Suropati_\d{8}-\d{6}WIB(~2)?\.png", name)
               for name in files), files
    image = QImage(str(tile.last_snapshot))
    assert (image.width(), image.height()) == (96, 54)  # the picture, not the tile
    colour = QColor(image.pixel(10, 10))
    assert (colour.red(), colour.green(), colour.blue()) == (12, 34, 56)
    assert tile.status_text() == "Live"


def test_overlay_shows_resolution_fps_bitrate_decoder_and_age(qtbot, services):
    services.wall.assign(0, "cam004")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    engine.report(StreamState.LIVE)
    engine.report_frame((50, 50, 50), width=64, height=36)
    engine.sink.on_stats(StreamStats(width=640, height=360, fps=14.96, bitrate_kbps=812.4,
                                     codec="h264", decoder=DecoderKind.SOFTWARE))
    qtbot.waitUntil(lambda: services.streams.stats(tile.stream_key).width == 640)
    qtbot.waitUntil(lambda: tile.frame_age_s() is not None)  # on the next display tick
    assert not tile.overlay_visible
    before = tile.grab().toImage()
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_I)
    assert tile.overlay_visible
    lines = tile.overlay_lines()
    assert lines[:3] == ["640×360 · 15.0 fps", "812 kbit/s · h264", "Decoder: software"]
    assert lines[3].startswith("Frame age: 0.")
    after = tile.grab().toImage()
    assert before != after  # the box is painted


def test_the_engine_scales_to_the_tile_and_zoom_asks_for_every_pixel(qtbot, services):
    services.wall.assign(0, "cam001")
    tile = _tile(qtbot, services, size=(320, 240))
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    engine.report(StreamState.LIVE)
    engine.report_frame((10, 200, 10), width=640, height=360)  # 16:9 in a 4:3 tile
    qtbot.waitUntil(lambda: _centre(tile) == (10, 200, 10))
    ratio = tile.devicePixelRatioF()
    assert engine.max_width == round(320 * ratio)  # the letterboxed picture's width

    tile.resize(160, 240)  # narrower: the picture shrinks with it
    qtbot.waitUntil(lambda: engine.max_width == round(160 * ratio))
    _wheel(tile, QPoint(80, 120), 1)  # a digital zoom wants the native pixels
    assert engine.max_width is None
    qtbot.keyClick(tile, Qt.Key.Key_0)
    assert engine.max_width == round(160 * ratio)


def test_the_name_bar_is_drawn_once_not_for_every_picture(qtbot, services):
    services.wall.assign(0, "cam001")
    tile = _tile(qtbot, services)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = _live(qtbot, services, "rtsp://fake/cam001/sub", (1, 1, 1))
    qtbot.waitUntil(lambda: _centre(tile) == (1, 1, 1))
    renders = tile._header.renders
    for shade in range(2, 12):
        engine.report_frame((shade, shade, shade))
        qtbot.waitUntil(lambda shade=shade: _centre(tile) == (shade, shade, shade))
    assert tile._header.renders == renders  # ten pictures, the same bar
    top = _pixel(tile, 4, 4)
    assert top != (11, 11, 11)  # the bar is still painted over the picture

    engine.report(StreamState.STALE)
    qtbot.waitUntil(lambda: tile._header.renders > renders)  # the badge changed
