"""A tile's live stream policy (app/tile/live_stream.py), without a widget: which of
the camera's streams a tile of a given size takes, when it switches, what it holds
through a switch, and that a tile nobody sees lets its stream go."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain import Area, AreaKind, Camera, Profile, StreamInfo
from app.services.cameras import CameraService
from app.services.session import SessionService
from app.streams.engine import StreamState
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.tile.live_stream import Switch, TileLiveStream, TileView
from tests.app.fakes import FakeEngineFactory, fake_live_url

THREE = Camera("cam001", "Pintu Air Manggarai", "tebet", profiles=("main", "sub", "third"),
               streams=(StreamInfo(Profile.MAIN, 1920, 1080, 25.0),
                        StreamInfo(Profile.SUB, 640, 360, 15.0),
                        StreamInfo(Profile.THIRD, 320, 180, 15.0)))
TWO = Camera("cam002", "Gang Kelinci", "tebet", profiles=("main", "sub"),
             streams=(StreamInfo(Profile.MAIN, 2560, 1440), StreamInfo(Profile.SUB, 704, 576)))
UNPROBED = Camera("cam003", "Stasiun Gambir", "tebet", profiles=("main", "sub"))
ONE = Camera("cam004", "Halte Tebet", "tebet", profiles=("main",),
             streams=(StreamInfo(Profile.MAIN, 1280, 720),))
TILE_8X8 = (240, 135)  # a 1920x1080 screen in 8x8
TILE_4X4 = (480, 270)


class Tile:
    """What a widget would be: a size, a camera, maximised or not."""

    def __init__(self, qtbot) -> None:
        self.runner = TaskRunner()
        self.cameras = CameraService(SessionService(self.runner), self.runner)
        self.cameras.set_catalog([Area("tebet", "Tebet", AreaKind.KECAMATAN)],
                                 [THREE, TWO, UNPROBED, ONE])
        self.factory = FakeEngineFactory()
        self.streams = StreamService(self.runner, fake_live_url, self.factory)
        self.view = TileView(camera_id="cam001", width=TILE_8X8[0], height=TILE_8X8[1],
                             shown_width=None, largest=False, zoomed=False, visible=True)
        self.windows = 0
        self.live = TileLiveStream(0, self.streams, self.cameras, lambda: self.view,
                                   self._window)

    def _window(self) -> int:
        self.windows += 1
        return 1000 + self.windows

    def set(self, **changes) -> Switch:
        self.view = dataclasses.replace(self.view, **changes)
        return self.live.sync(painting=lambda _new: True)

    def close(self) -> None:
        self.streams.shutdown()
        self.runner.shutdown()


@pytest.fixture
def tile(qtbot):
    made = Tile(qtbot)
    yield made
    made.close()


@pytest.mark.parametrize(("camera", "size", "expected"), [
    ("cam001", TILE_8X8, Profile.THIRD),
    ("cam001", TILE_4X4, Profile.SUB),
    ("cam001", (960, 540), Profile.MAIN),  # 2x2 on 1080p
    ("cam002", TILE_8X8, Profile.SUB),  # no third stream: the sub stream, scaled
    ("cam002", (700, 394), Profile.SUB),  # a D1 sub stream (704x576) covers 16:9 700
    ("cam003", TILE_4X4, Profile.SUB),  # not probed: a sub stream is taken for 640x360
    ("cam003", (1280, 720), Profile.MAIN),
    ("cam004", TILE_8X8, Profile.MAIN),  # one stream: always it
])
def test_the_smallest_stream_that_fills_the_tile(tile, qtbot, camera, size, expected):
    tile.set(camera_id=camera, width=size[0], height=size[1])
    assert tile.live.key.profile == expected.value
    qtbot.waitUntil(lambda: [e.url for e in tile.factory.running()]
                    == [f"rtsp://fake/{camera}/{expected.value}"])


def test_a_tall_tile_asks_for_the_picture_it_shows_not_its_height(tile):
    # 320 wide and 400 tall: a 16:9 picture is painted 320x180 inside it.
    tile.set(width=320, height=400)
    assert tile.live.key.profile == "third"


def test_device_pixels_count_a_4k_wall_takes_the_larger_stream(tile):
    # The same 4x4 tile on a 3840x2160 screen (or at 200 % scaling): 960x540 pixels.
    tile.set(width=TILE_4X4[0] * 2, height=TILE_4X4[1] * 2)
    assert tile.live.key.profile == "main"


def test_maximised_takes_the_main_stream_and_back_without_a_gap(tile, qtbot):
    tile.set()
    third = tile.live.key
    assert tile.set(largest=True) is Switch.STREAM
    assert tile.live.key.profile == "main"
    # No picture of the main stream yet: the third one stays, and is painted.
    assert tile.live.held == third and tile.streams.refs(third) == 1
    qtbot.waitUntil(lambda: len(tile.factory.running()) == 2)
    engine = tile.factory.for_url("rtsp://fake/cam001/main")
    engine.report(StreamState.LIVE)
    engine.report_frame((200, 0, 0), width=192, height=108)
    qtbot.waitUntil(lambda: tile.streams.latest_frame(tile.live.key) is not None)
    assert tile.live.picture_arrived() is True
    assert tile.live.held is None and tile.streams.refs(third) == 0
    # Back to the wall: the third stream again, chosen by size (no hysteresis
    # against a stream that was only taken because the tile was maximised).
    assert tile.set(largest=False) is Switch.STREAM
    assert tile.live.key == third


def test_a_resize_near_a_rung_s_edge_does_not_switch_back_and_forth(tile):
    tile.set(width=480, height=270)
    assert tile.live.key.profile == "sub"
    # Dragged a little narrower than the third stream would need to stay sharp...
    for width in (330, 310, 300, 330, 340, 300):
        assert tile.set(width=width, height=width * 9 / 16) is Switch.NONE
    assert tile.live.key.profile == "sub" and tile.streams.keys() == [tile.live.key]
    # ...until it is clearly small.
    tile.set(width=240, height=135)
    assert tile.live.key.profile == "third"


def test_another_camera_is_a_clean_switch_and_a_hidden_tile_lets_go(tile, qtbot):
    tile.set()
    first = tile.live.key
    assert tile.set(camera_id="cam002") is Switch.CAMERA
    assert tile.live.held is None and tile.streams.refs(first) == 0  # no other camera held
    assert tile.set(visible=False) is Switch.CAMERA and tile.live.key is None
    assert not tile.factory.running()
    tile.set(visible=True)
    tile.live.hidden()  # minimised: the stream goes after a moment, not at once
    assert tile.live.key is not None
    with qtbot.waitSignal(tile.live.sync_requested, timeout=3000):
        pass
    tile.live.sync(painting=lambda _new: False)
    assert tile.live.key is None and not tile.factory.running()
    tile.live.shown()
    tile.live.sync(painting=lambda _new: False)
    assert tile.live.key.profile == "sub"


def test_the_ladder_off_keeps_the_fixed_rule(tile):
    tile.streams.ladder = False
    tile.set(width=TILE_8X8[0], height=TILE_8X8[1])
    assert tile.live.key.profile == "sub"  # not the third stream
    tile.set(largest=True)
    assert tile.live.key.profile == "main"


def test_a_libvlc_tile_hands_its_window_unless_zoomed(tile):
    tile.streams.window_policy = lambda engine: True
    tile.set()
    assert tile.live.key.window == 1001
    tile.set(zoomed=True)  # the GUI crops frames: none drawn into a window
    assert tile.live.key.window == 0


def test_the_engine_scales_to_the_width_shown(tile, qtbot):
    tile.set(shown_width=236)
    qtbot.waitUntil(lambda: len(tile.factory.running()) == 1)
    engine = tile.factory.running()[0]
    assert engine.max_width == 236
    tile.set(zoomed=True)
    assert engine.max_width is None  # native pixels, cropped by the GUI
