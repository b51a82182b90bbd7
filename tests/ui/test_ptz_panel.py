"""The PTZ dock offscreen with a recording PTZ API: pressing a pad button moves that way
until release, the zoom buttons zoom, the speed slider scales the move, presets list and
go to on double-click, the holder is named, and the panel says why it is disabled."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.api.ptz import Preset, PtzLock, PtzStatus
from app.domain import User
from app.services.ptz import PtzService
from app.services.session import SessionService
from ui.ptz.panel import PtzPanel


class RecordingPtzApi:
    def __init__(self):
        self.commands = []  # (what, seq, values)
        self.calls = []
        self.holder = None
        self._lock = threading.Lock()

    def command(self, camera_id, what, seq, **values):
        with self._lock:
            self.commands.append((what, seq, values))
        return True

    def status(self, camera_id):
        lock = (PtzLock(self.holder[0], self.holder[1], 2,
                        datetime.now(UTC) + timedelta(seconds=25)) if self.holder else None)
        return PtzStatus(camera_id, lock, (0.0, 0.0, 0.0))

    def presets(self, camera_id):
        return [Preset("p1", "Gate"), Preset("p2", "Pond")]

    def goto_preset(self, camera_id, token):
        self.calls.append(("goto", camera_id, token))

    def in_order(self):
        with self._lock:
            return sorted(self.commands, key=lambda c: c[1])


def _as(monkeypatch, role):
    user = User(role, f"{role.title()} user", (role,))
    monkeypatch.setattr(SessionService, "user", property(lambda self: user))


@pytest.fixture
def panel(qtbot, services, monkeypatch):
    _as(monkeypatch, "operator")
    api = RecordingPtzApi()
    ptz = PtzService(services.session, services.runner, api=lambda: api)
    ptz.speed = 0.5
    widget = PtzPanel(ptz, services.session, services.cameras)
    qtbot.addWidget(widget)
    widget.show()
    yield widget, api, ptz
    ptz.stop_all()


def test_the_pad_moves_while_pressed_and_stops_on_release(qtbot, panel):
    widget, api, _ptz = panel
    widget.set_camera("cam004")
    assert widget.controls.isEnabled() and not widget.reason_label.isVisible()
    widget.speed.setValue(80)
    qtbot.mousePress(widget.pad_buttons[(1, 0)], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(api.commands) >= 1, timeout=3000)
    qtbot.mouseRelease(widget.pad_buttons[(1, 0)], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c[0] == "stop" for c in api.commands), timeout=3000)
    commands = api.in_order()
    assert commands[0] == ("move", 1, {"pan": 0.8, "tilt": 0.0, "zoom": 0.0})
    assert commands[-1][0] == "stop"
    qtbot.mousePress(widget.zoom_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(api.commands) >= len(commands) + 1, timeout=3000)
    qtbot.mouseRelease(widget.zoom_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: api.in_order()[-1][0] == "stop", timeout=3000)
    zoom = [c for c in api.in_order() if c[0] == "move"][-1]
    assert zoom[2] == {"pan": 0.0, "tilt": 0.0, "zoom": 0.8}


def test_presets_are_listed_and_a_double_click_goes_there(qtbot, panel):
    widget, api, _ptz = panel
    widget.set_camera("cam004")
    qtbot.waitUntil(lambda: widget.presets.count() == 2, timeout=3000)
    assert [widget.presets.item(i).text() for i in range(2)] == ["1   Gate", "2   Pond"]
    item = widget.presets.item(1)
    widget.presets.itemDoubleClicked.emit(item)
    qtbot.waitUntil(lambda: api.calls == [("goto", "cam004", "p2")], timeout=3000)


def test_the_holder_is_named(qtbot, panel):
    widget, api, ptz = panel
    api.holder = ("police", "Polres Metro Jakarta Selatan")
    widget.set_camera("cam004")
    qtbot.waitUntil(lambda: "Held by Polres Metro Jakarta Selatan (police)"
                    in widget.lock_label.text(), timeout=3000)
    assert widget.lock_label.text().endswith(" s")
    api.holder = ("operator", "Operator user")
    ptz.refresh("cam004")
    qtbot.waitUntil(lambda: widget.lock_label.text() == "You control this camera",
                    timeout=3000)


def test_disabled_with_a_reason(qtbot, panel, monkeypatch):
    widget, _api, _ptz = panel
    widget.set_camera("cam001")
    assert not widget.controls.isEnabled()
    assert widget.reason_label.text() == "Taman Suropati has no PTZ."
    widget.set_camera(None)
    assert not widget.controls.isEnabled()
    _as(monkeypatch, "viewer")
    widget.set_camera("cam004")
    assert not widget.controls.isEnabled()
    assert widget.reason_label.text() == "Your role may not move cameras."
