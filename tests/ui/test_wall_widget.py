import threading

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.streams.engine import StreamError, StreamState
from app.wall import Layout
from ui.cameras.tree import CAMERA_IDS_MIME, encode_camera_ids
from ui.wall.widget import WallWidget


def _wall(qtbot, services, size=(800, 450)) -> WallWidget:
    widget = WallWidget(services.wall, services.tiles)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _drop(tile, camera_ids):
    data = QMimeData()
    data.setData(CAMERA_IDS_MIME, encode_camera_ids(camera_ids))
    pos = QPointF(tile.width() / 2, tile.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(tile, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(tile, drop)
    return drop


def _pixel(widget, x, y) -> tuple[int, int, int]:
    colour = QColor(widget.grab().toImage().pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def test_tiles_in_grid_order_with_names(qtbot, services):
    wall = _wall(qtbot, services)
    tiles = wall.tiles()
    assert [t.objectName() for t in tiles] == ["tile-0", "tile-1", "tile-2", "tile-3"]
    assert tiles[1].geometry().left() > tiles[0].geometry().left()
    assert tiles[2].geometry().top() > tiles[0].geometry().top()
    assert all(t.camera_id is None and t.status_text() == "No camera" for t in tiles)


def test_dropping_cameras_from_the_tree_onto_a_tile(qtbot, services):
    wall = _wall(qtbot, services)
    tile = wall.tiles()[1]
    assert _drop(tile, ["cam004", "cam001"]).isAccepted()
    assert services.wall.visible_cameras() == [None, "cam004", "cam001", None]
    assert tile.camera_id == "cam004"
    assert tile.camera_name() == "Taman Tebet Eco Park"
    assert tile.status_text() == "Connecting…"
    qtbot.waitUntil(lambda: len(services.factory.engines) == 2)
    assert sorted(e.url for e in services.factory.engines) == [
        "rtsp://fake/cam001/sub", "rtsp://fake/cam004/sub"]


def test_tile_paints_the_newest_frame_and_its_state(qtbot, services):
    wall = _wall(qtbot, services, size=(800, 800))
    services.wall.assign(0, "cam001")
    tile = wall.tiles()[0]
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]

    def from_engine():
        engine.report(StreamState.LIVE)
        engine.report_frame((0, 0, 255), width=160, height=90)  # 16:9 in a square tile
        engine.report_frame((200, 30, 30), width=160, height=90)

    thread = threading.Thread(target=from_engine)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE)
    qtbot.waitUntil(lambda: _pixel(tile, tile.width() // 2, tile.height() // 2) == (200, 30, 30))
    assert tile.status_text() == "Live"
    assert _pixel(tile, tile.width() // 2, tile.height() - 10) == (0, 0, 0)  # black bar

    engine.report(StreamState.RECONNECTING, StreamError.UNREACHABLE, "Connection refused")
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.RECONNECTING)
    assert tile.status_text() == "Reconnecting…: camera unreachable"
    assert tile.detail_text() == "The camera does not answer. Pantau keeps trying."
    assert tile.toolTip() == "Connection refused"  # the engine's own words, for the curious
    # A reconnection is a fresh engine on a freshly asked URL: it is the one that speaks.
    qtbot.waitUntil(lambda: len(services.factory.engines) == 2, timeout=10_000)
    engine = services.factory.engines[-1]
    engine.report(StreamState.LIVE)  # the camera came back
    qtbot.waitUntil(lambda: tile.status_text() == "Live")


def test_two_tiles_on_one_camera_share_one_engine(qtbot, services):
    wall = _wall(qtbot, services)
    services.wall.fill(["cam003", "cam003"])
    qtbot.waitUntil(lambda: len(services.factory.engines) == 1)
    services.factory.engines[0].report(StreamState.LIVE)
    services.factory.engines[0].report_frame((10, 200, 10))
    tiles = wall.tiles()
    qtbot.waitUntil(lambda: _pixel(tiles[1], tiles[1].width() // 2,
                                   tiles[1].height() // 2) == (10, 200, 10))
    assert _pixel(tiles[0], tiles[0].width() // 2, tiles[0].height() // 2) == (10, 200, 10)
    assert len(services.factory.engines) == 1


def test_double_click_maximises_with_the_main_stream_then_restores(qtbot, services):
    wall = _wall(qtbot, services)
    services.wall.fill(["cam001", "cam002", "cam003"])
    qtbot.waitUntil(lambda: len(services.factory.running()) == 3)
    tile = wall.tiles()[2]
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert services.wall.maximised == 2
    qtbot.waitUntil(lambda: tile.geometry().size() == wall.size())
    assert [t.isVisible() for t in wall.tiles()] == [False, False, True, False]
    qtbot.waitUntil(lambda: [e.url for e in services.factory.running()]
                    == ["rtsp://fake/cam003/main"])  # hidden tiles stop decoding

    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert services.wall.maximised is None
    assert all(t.isVisible() for t in wall.tiles())
    qtbot.waitUntil(lambda: tile.width() < wall.width() // 2 + 2)
    qtbot.waitUntil(lambda: sorted(e.url for e in services.factory.running()) == [
        "rtsp://fake/cam001/sub", "rtsp://fake/cam002/sub", "rtsp://fake/cam003/sub"])


def test_layout_switching_keeps_streams_of_tiles_that_stay(qtbot, services):
    wall = _wall(qtbot, services)
    services.wall.fill(["cam001", "cam002", "cam003", "cam004"])
    qtbot.waitUntil(lambda: len(services.factory.running()) == 4)
    services.wall.set_layout(Layout.L3X3)
    assert len(wall.tiles()) == 9
    assert [t.camera_id for t in wall.tiles()[:5]] == ["cam001", "cam002", "cam003",
                                                      "cam004", None]
    assert len(services.factory.engines) == 4  # no reconnect for the tiles that stayed
    services.wall.set_layout(Layout.L1X1)
    assert [t.objectName() for t in wall.tiles()] == ["tile-0"]
    qtbot.waitUntil(lambda: [e.url for e in services.factory.running()]
                    == ["rtsp://fake/cam001/main"])


def test_context_menu_offers_playback_live_and_close(qtbot, services):
    wall = _wall(qtbot, services)
    services.wall.assign(0, "cam001")
    tile = wall.tiles()[0]
    menu = tile.build_context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:2] == ["Playback: last 5 minutes", "Back to live"]
    assert "Close" in texts
    close = next(a for a in menu.actions() if a.objectName() == "action-close")
    close.trigger()
    assert tile.camera_id is None
    assert tile.status_text() == "No camera"


def test_playback_without_a_server_session_says_why_on_the_tile(qtbot, services):
    wall = _wall(qtbot, services)
    services.wall.assign(0, "cam001")
    tile = wall.tiles()[0]
    tile.start_playback()
    qtbot.waitUntil(lambda: tile.status_text() == "Playback failed")
    assert tile.detail_text() == "You may not play back this camera."
    tile.back_to_live()
    assert tile.status_text() == "Connecting…"


def _cell_of(tile, wall, layout) -> tuple[int, int, int, int]:
    """The grid cell a tile covers, read back from where it was drawn."""
    cw, ch = wall.width() / layout.columns, wall.height() / layout.rows
    g = tile.geometry()
    return (round(g.y() / ch), round(g.x() / cw), round(g.height() / ch),
            round(g.width() / cw))


def test_uneven_layouts_draw_the_big_tiles_over_the_cells_they_span(qtbot, services):
    wall = _wall(qtbot, services, size=(802, 802))
    for layout in (Layout.L1P7, Layout.L2P8, Layout.L1P12):
        services.wall.set_layout(layout)
        qtbot.waitUntil(lambda lay=layout: all(
            _cell_of(t, wall, lay) == (c.row, c.column, c.rowspan, c.colspan)
            for t, c in zip(wall.tiles(), lay.cells, strict=True)))
    # 1+12: the centre tile is four small tiles big, the ring's tiles all the same size.
    tiles = wall.tiles()
    assert tiles[0].width() > 1.9 * tiles[1].width()
    assert len({(t.width(), t.height()) for t in tiles[1:]}) <= 2  # rounding only


def test_custom_grid_spans_and_back_to_a_preset(qtbot, services):
    wall = _wall(qtbot, services, size=(600, 400))
    grid = Layout.parse("2x3:0,0,2,1;0,1,1,2;1,1;1,2")
    services.wall.set_layout(grid)
    services.wall.fill(["cam001", "cam002", "cam003", "cam004"])
    qtbot.waitUntil(lambda: [_cell_of(t, wall, grid) for t in wall.tiles()]
                    == [(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 1, 1), (1, 2, 1, 1)])
    assert [t.camera_id for t in wall.tiles()] == ["cam001", "cam002", "cam003", "cam004"]
    services.wall.set_layout(Layout.L2X2)
    qtbot.waitUntil(lambda: [_cell_of(t, wall, Layout.L2X2) for t in wall.tiles()]
                    == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)])


def test_custom_layout_dialog_previews_then_puts_the_grid_on_the_wall(qtbot, services):
    from ui.views.custom_layout import CustomLayoutDialog
    wall = _wall(qtbot, services, size=(600, 400))
    dialog = CustomLayoutDialog(services.wall)
    qtbot.addWidget(dialog)
    assert dialog.spec.text() == "2x2:0,0;0,1;1,0;1,1"  # the wall's layout as text
    dialog.spec.setText("2x3:0,0,2,2;0,2;0,0")
    assert dialog.preview.grid is None and dialog.problem.text() == "Not a layout yet."
    dialog.spec.setText("2x3:0,0,2,2;0,2;1,2")
    assert dialog.problem.text() == "3 tiles"
    dialog._buttons.accepted.emit()
    grid = services.wall.layout
    assert grid == Layout.parse("2x3:0,0,2,2;0,2;1,2")
    qtbot.waitUntil(lambda: [_cell_of(t, wall, grid) for t in wall.tiles()]
                    == [(0, 0, 2, 2), (0, 2, 1, 1), (1, 2, 1, 1)])
