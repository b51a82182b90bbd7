"""PTZ on the video, offscreen: keys, wheel and clicks in PTZ mode become PTZ commands
with rising sequence numbers; a held key is repeated and its release stops the camera;
the tile says who holds the lock. The PTZ API is a recording fake (the server side is
proved against camsim in tests/server/test_ptz_api.py and tests/e2e/test_ptz.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.api.ptz import Preset, PtzLock, PtzStatus
from app.services.ptz import PtzService
from app.streams.engine import StreamState
from ui.tile.header import bar_height
from ui.tile.services import TileServices
from ui.tile.widget import TileWidget


class RecordingPtzApi:
    def __init__(self):
        self.commands = []  # (what, seq, values)
        self.holder = None

    def command(self, camera_id, what, seq, **values):
        self.commands.append((what, seq, values))
        return True

    def status(self, camera_id):
        lock = (PtzLock(self.holder[0], self.holder[1], 2, datetime(2030, 1, 1, tzinfo=UTC))
                if self.holder else None)
        return PtzStatus(camera_id, lock, (0.0, 0.0, 0.0))

    def presets(self, camera_id):
        return [Preset("p1", "Gate"), Preset("p2", "Pond")]

    def goto_preset(self, camera_id, token):
        self.commands.append(("goto", 0, {"token": token}))


@pytest.fixture
def ptz_tile(qtbot, services):
    api = RecordingPtzApi()
    ptz = PtzService(services.session, services.runner, api=lambda: api)
    ptz.speed = 0.5
    tiles = TileServices(services.streams, services.cameras, services.playback, ptz=ptz)
    services.wall.assign(0, "cam004")  # Taman Tebet Eco Park: PTZ
    tile = TileWidget(0, services.wall, tiles)
    services.streams.frames_ready.connect(tile.show_new_frames)  # what a wall does
    qtbot.addWidget(tile)
    tile.resize(640, 400)
    tile.show()
    qtbot.waitExposed(tile)
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    engine.report(StreamState.LIVE)
    engine.report_frame((40, 90, 40), width=160, height=90)
    qtbot.waitUntil(lambda: tile.picture_rect() is not None, timeout=3000)
    return tile, api


def _wait_commands(qtbot, api, count):
    qtbot.waitUntil(lambda: len(api.commands) >= count, timeout=3000)


def test_arrows_move_while_held_and_stop_on_release(qtbot, ptz_tile):
    tile, api = ptz_tile
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    assert api.commands == []  # not in PTZ mode: nothing goes to the camera
    qtbot.keyClick(tile, Qt.Key.Key_P)
    assert tile.ptz.active
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    qtbot.keyPress(tile, Qt.Key.Key_Up)
    _wait_commands(qtbot, api, 2)
    # Worker threads may deliver them in any order; the sequence numbers tell the order.
    first, second = sorted(api.commands[:2], key=lambda c: c[1])
    assert first[0] == "move" and first[2] == {"pan": 0.5, "tilt": 0.0, "zoom": 0.0}
    assert second[2] == {"pan": 0.5, "tilt": 0.5, "zoom": 0.0}
    _wait_commands(qtbot, api, 3)  # held: the keep-alive repeats the move
    assert max(api.commands, key=lambda c: c[1])[0] == "move"
    qtbot.keyRelease(tile, Qt.Key.Key_Up)
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: max(api.commands, key=lambda c: c[1])[0] == "stop", timeout=3000)
    seqs = [seq for _, seq, _ in api.commands]
    assert len(set(seqs)) == len(seqs)  # every command its own number
    count = len(api.commands)
    qtbot.wait(700)
    assert len(api.commands) == count  # released: no more keep-alives


def test_wheel_zooms_the_camera_and_a_click_centres(qtbot, ptz_tile):
    tile, api = ptz_tile
    tile.set_ptz_mode(True)
    picture = tile.picture_rect() or tile.rect()
    centre = QPointF(picture.center())
    wheel = QWheelEvent(centre, tile.mapToGlobal(centre), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(tile, wheel)
    _wait_commands(qtbot, api, 1)
    assert api.commands[0][2]["zoom"] == 0.5
    assert not tile.zoom.zoomed  # the camera zoomed, not the picture
    qtbot.waitUntil(lambda: max(api.commands, key=lambda c: c[1])[0] == "stop", timeout=3000)
    point = QPoint(picture.x() + picture.width() * 3 // 4, picture.y() + picture.height() // 4)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: max(api.commands, key=lambda c: c[1])[0] == "center", timeout=3000)
    values = max(api.commands, key=lambda c: c[1])[2]
    assert values["x"] == pytest.approx(0.5, abs=0.02)
    assert values["y"] == pytest.approx(-0.5, abs=0.02)


def test_the_tile_says_who_holds_the_camera(qtbot, ptz_tile):
    tile, api = ptz_tile
    api.holder = ("police", "Polres Metro Jakarta Selatan")
    tile.set_ptz_mode(True)
    qtbot.waitUntil(lambda: "held by Polres" in tile.ptz.lock_line(), timeout=3000)
    api.holder = None
    tile.ptz._ptz.refresh("cam004")
    qtbot.waitUntil(lambda: "free" in tile.ptz.lock_line(), timeout=3000)
    tile.grab()  # paints the line without error
    services_wall = tile._wall
    services_wall.assign(0, "cam001")  # not PTZ: PTZ mode ends
    assert not tile.ptz.active and tile.ptz.camera_id is None


def test_a_click_on_the_header_selects_and_never_turns_the_camera(qtbot, ptz_tile):
    tile, api = ptz_tile
    tile.set_ptz_mode(True)
    tile._wall.select(None)
    picture = tile.picture_rect()
    y = picture.top() + 2
    assert y < bar_height(tile.font(), tile.height())  # on the picture, under the header
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(picture.center().x(), y))
    assert tile._wall.selected == 0
    qtbot.keyPress(tile, Qt.Key.Key_Left)  # a command that must come: the fence
    _wait_commands(qtbot, api, 1)
    qtbot.keyRelease(tile, Qt.Key.Key_Left)
    assert [c[0] for c in sorted(api.commands, key=lambda c: c[1])][0] == "move"
    assert all(what != "center" for what, _, _ in api.commands)


def test_number_keys_recall_the_presets_as_numbered(qtbot, ptz_tile):
    tile, api = ptz_tile
    qtbot.keyClick(tile, Qt.Key.Key_2)
    assert not api.commands  # not in PTZ mode: the number keys are not PTZ's
    tile.set_ptz_mode(True)
    qtbot.waitUntil(lambda: len(tile.ptz.presets) == 2, timeout=3000)
    qtbot.keyClick(tile, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: ("goto", 0, {"token": "p2"}) in api.commands, timeout=3000)
    qtbot.keyClick(tile, Qt.Key.Key_7)
    assert tile.ptz.lock_line() == "PTZ: no preset 7"
