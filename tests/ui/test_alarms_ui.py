"""Alarms on screen (offscreen): the list newest first with the node's pictures, the
acknowledgement with a note, the tile that flashes while its camera's alarm is open,
the count in the status bar that opens the list, "show on wall", the sound setting, and
the rule editor that sends the zone drawn on the camera's picture."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from app.alarms.rules import AlarmRulesService
from app.alarms.service import AlarmService
from app.alarms.types import AlarmFilter, AlarmKind
from app.services.camera_status import CameraStatusService
from app.services.session import SessionService
from app.settings import Settings
from tests.app.alarm_fakes import FakeAlarmServer, FakeTransport, alarm_json
from tests.support.alarm_ui import acknowledge_from_list, flashing_tiles, status_bar_count
from tests.ui.conftest import UiServices
from ui.alarms.dock import AlarmsDockWidget
from ui.alarms.rule_dialog import AlarmRuleDialog
from ui.shell.main_window import MainWindow
from ui.tile.widget import TileWidget

WAIT_MS = 5000


class _Signed:
    """UiServices whose session is signed in to a fake alarm server."""

    def __init__(self, qtbot, alarms: list[dict], roles=("operator",)) -> None:
        self.ui = UiServices()
        self.server = FakeAlarmServer(alarms, roles)
        ui = self.ui
        ui.session = SessionService(ui.runner,
                                    api_factory=lambda url: FakeTransport(self.server, url))
        self.alarms = AlarmService(ui.session, ui.runner)
        self.rules = AlarmRulesService(ui.session, ui.runner)
        with qtbot.waitSignal(self.alarms.alarms_changed, timeout=WAIT_MS):
            ui.session.login("http://fake", "operator1", "pw")
        self.tiles = replace(ui.tiles, alarms=self.alarms)

    def close(self) -> None:
        self.ui.close()


@pytest.fixture
def signed(qtbot):
    made: list[_Signed] = []

    def make(alarms, roles=("operator",)) -> _Signed:
        made.append(_Signed(qtbot, alarms, roles))
        return made[-1]

    yield make
    for bundle in made:
        bundle.close()


def _alarms():
    return [alarm_json(1, "cam001", minutes=0),
            alarm_json(2, "cam003", kind="offline", detail="", minutes=5,
                       camera_name="Stasiun Gambir"),
            alarm_json(3, "cam002", minutes=2, acked_by="sup1", note="false alarm")]


def test_the_dock_lists_newest_first_with_pictures(qtbot, signed):
    s = signed(_alarms())
    dock = AlarmsDockWidget(s.alarms)
    qtbot.addWidget(dock)
    assert [a.id for a in dock.listed()] == [2, 1]
    first = dock.list.item(0).text()
    assert "Stasiun Gambir" in first and "Camera offline" in first and "WIB" in first
    assert "Tampering: covered" in dock.list.item(1).text()
    assert dock.list.item(0).font().bold()  # open alarms stand out
    # The node's picture replaces the grey stand-in (the fake's is green).
    qtbot.waitUntil(lambda: dock.list.item(0).icon().pixmap(dock.list.iconSize()).toImage()
                    .pixelColor(64, 36).green() > 100, timeout=WAIT_MS)
    dock.set_filter(AlarmFilter.ALL)
    qtbot.waitUntil(lambda: [a.id for a in dock.listed()] == [2, 3, 1], timeout=WAIT_MS)
    assert not dock.list.item(1).font().bold()
    assert "Acknowledged by sup1" in dock.list.item(1).text()
    assert "false alarm" in dock.list.item(1).text()


def test_acknowledge_with_a_note_sends_it(qtbot, signed):
    s = signed(_alarms())
    dock = AlarmsDockWidget(s.alarms)
    qtbot.addWidget(dock)
    assert dock.select_alarm(1)
    dialog = dock.acknowledge_selected()
    assert dialog is not None
    dialog.note_edit.setPlainText("Kamera ditutup kantong plastik; petugas dikirim")
    with qtbot.waitSignal(s.alarms.acknowledge_finished, timeout=WAIT_MS):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    method, path, _params, body = s.server.calls[-1]
    assert (method, path) == ("POST", "/alarms/1/acknowledge")
    assert body == {"note": "Kamera ditutup kantong plastik; petugas dikirim"}
    assert [a.id for a in dock.listed()] == [2]
    assert "acknowledged" in dock.message_label.text()
    # Too long a note cannot be sent.
    dock.select_alarm(2)
    dialog = dock.acknowledge_selected()
    dialog.note_edit.setPlainText("x" * 2001)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_someone_else_first_is_said(qtbot, signed):
    s = signed(_alarms())
    dock = AlarmsDockWidget(s.alarms)
    qtbot.addWidget(dock)
    s.server.acknowledge_as(1, "sup1")
    dock.select_alarm(1)
    dialog = dock.acknowledge_selected()
    with qtbot.waitSignal(s.alarms.acknowledge_finished, timeout=WAIT_MS):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "Someone else" in dock.message_label.text()
    qtbot.waitUntil(lambda: [a.id for a in dock.listed()] == [2], timeout=WAIT_MS)


def test_a_viewer_sees_alarms_but_does_not_acknowledge(qtbot, signed):
    s = signed(_alarms(), roles=("viewer",))
    dock = AlarmsDockWidget(s.alarms)
    qtbot.addWidget(dock)
    assert dock.select_alarm(1)
    assert not dock.ack_button.isEnabled() and dock.show_button.isEnabled()
    assert dock.acknowledge_selected() is None


def _border_colour(tile: TileWidget) -> QColor:
    picture = tile.grab().toImage()
    return picture.pixelColor(4, tile.height() // 2)


def test_a_tile_flashes_while_its_alarm_is_open(qtbot, signed):
    s = signed(_alarms())
    tile = TileWidget(0, s.ui.wall, s.tiles)
    qtbot.addWidget(tile)
    tile.resize(320, 180)
    tile.show()
    s.ui.wall.assign(0, "cam002")  # its alarm is acknowledged: no flash
    assert not tile.alarm_flash.flashing
    s.ui.wall.assign(0, "cam001")
    assert tile.alarm_flash.flashing
    tile.alarm_flash._clock = lambda: 0  # the bright half of the blink
    assert _border_colour(tile).red() > 200 and _border_colour(tile).green() < 80
    tile.alarm_flash._clock = lambda: 500  # the dark half
    assert _border_colour(tile).red() < 100
    tile.alarm_flash._clock = lambda: 0
    with qtbot.waitSignal(s.alarms.acknowledge_finished, timeout=WAIT_MS):
        s.alarms.acknowledge(1, "")
    assert not tile.alarm_flash.flashing
    assert _border_colour(tile).red() < 100
    # A pushed alarm makes it flash again.
    s.alarms.apply_event({"type": "alarm", "alarm": alarm_json(9, "cam001", minutes=30)})
    assert tile.alarm_flash.flashing and _border_colour(tile).red() > 200


def _window(qtbot, s: _Signed, settings: Settings | None = None) -> MainWindow:
    status = CameraStatusService(s.ui.session, s.ui.runner, s.ui.cameras, s.ui.streams)
    tiles = replace(s.tiles, status=status)
    window = MainWindow(s.ui.session, s.ui.wall, tiles, settings=settings,
                        alarm_rules=s.rules)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    return window


def test_the_status_bar_counts_open_alarms_and_opens_the_list(qtbot, signed, tmp_path):
    s = signed(_alarms())
    window = _window(qtbot, s, Settings(tmp_path / "settings.json"))
    strip = window.status_strip
    assert strip.alarm_button.isVisible() and strip.alarm_button.text() == "Alarms: 2"
    assert not window.alarms.dock.isVisible()
    strip.alarm_button.click()
    assert window.alarms.dock.isVisible()
    s.ui.wall.assign(0, "cam003")
    assert flashing_tiles(window) == [0] and status_bar_count(window) == 2
    with qtbot.waitSignal(s.alarms.acknowledge_finished, timeout=WAIT_MS):
        assert acknowledge_from_list(window, 2, "kabel putus")  # the e2e test's helper
    assert s.server.calls[-1][3] == {"note": "kabel putus"}
    assert strip.alarm_button.text() == "Alarms: 1" and status_bar_count(window) == 1
    assert flashing_tiles(window) == []
    with qtbot.waitSignal(s.alarms.acknowledge_finished, timeout=WAIT_MS):
        s.alarms.acknowledge(1, "")
    assert not strip.alarm_button.isVisible()
    # The sound: off by default, one beep per new alarm once turned on.
    sound = window.alarms.sound
    s.alarms.apply_event({"type": "alarm", "alarm": alarm_json(10, minutes=40)})
    assert sound.beeps == 0
    window.alarms.widget.sound_check.setChecked(True)
    s.alarms.apply_event({"type": "alarm", "alarm": alarm_json(11, minutes=41)})
    assert sound.beeps == 1
    # Operators do not see the rules editor.
    assert not window.alarms.rules_action.isVisible()


def test_show_on_wall_puts_the_camera_on_a_tile(qtbot, signed):
    s = signed(_alarms())
    window = _window(qtbot, s)
    window.alarms.open_dock()
    widget = window.alarms.widget
    widget.select_alarm(2)
    widget.show_button.click()
    shown = s.ui.wall.visible_cameras()
    assert "cam003" in shown
    assert s.ui.wall.selected == shown.index("cam003")
    # Already there: its tile is selected, nothing moves.
    s.ui.wall.select(None)
    assert window.alarms.show_on_wall("cam003") == shown.index("cam003")
    assert s.ui.wall.visible_cameras() == shown


def test_the_rule_dialog_sends_the_drawn_zone(qtbot, signed):
    s = signed([], roles=("supervisor",))
    window = _window(qtbot, s)
    assert window.alarms.rules_action.isVisible()
    assert not window.admin_allowed()  # users and cameras stay the administrators'
    rules_dialog = window.alarms.open_rules_dialog()
    editor = rules_dialog.open_editor(None)
    editor.name_edit.setText("Taman malam")
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(AlarmKind.MOTION))
    editor.camera_radio.setChecked(True)
    editor.camera_combo.setCurrentIndex(editor.camera_combo.findData("cam004"))
    editor.hours_check.setChecked(True)
    editor.hold_spin.setValue(3)
    zone = editor.zone
    zone.resize(320, 180)  # a 16:9 picture fills it
    qtbot.mousePress(zone, Qt.MouseButton.LeftButton, pos=QPoint(160, 90))
    qtbot.mouseMove(zone, QPoint(240, 135))
    qtbot.mouseRelease(zone, Qt.MouseButton.LeftButton, pos=QPoint(320, 180))
    assert zone.region is not None
    with qtbot.waitSignal(s.rules.saved, timeout=WAIT_MS):
        assert editor.send()
    body = s.server.calls[-1][3]
    assert s.server.calls[-1][:2] == ("POST", "/alarm-rules")
    assert body["camera_id"] == "cam004" and body["kind"] == "motion"
    assert body["region"] == pytest.approx({"x": 0.5, "y": 0.5, "w": 0.5, "h": 0.5},
                                           abs=0.01)
    assert body["hours"] == {"from": "22:00", "to": "05:00"} and body["hold_s"] == 3.0
    qtbot.waitUntil(lambda: rules_dialog.list.count() == 1, timeout=WAIT_MS)
    assert "Taman malam" in rules_dialog.list.item(0).text()


def test_a_rule_is_checked_then_sent_for_an_area(qtbot, signed):
    s = signed([], roles=("admin",))
    editor = AlarmRuleDialog(s.rules, s.ui.cameras, None)
    qtbot.addWidget(editor)
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(AlarmKind.CROWD))
    assert not editor.send()
    assert "name" in editor.problem_label.text()
    assert not any(call[1] == "/alarm-rules" for call in s.server.calls)
    editor.name_edit.setText("Keramaian Monas")
    editor.area_radio.setChecked(True)
    editor.area_combo.setCurrentIndex(editor.area_combo.findData("gambir"))
    editor.threshold_spin.setValue(0.8)
    with qtbot.waitSignal(s.rules.saved, timeout=WAIT_MS):
        assert editor.send()
    body = s.server.calls[-1][3]
    assert (body["kind"], body["area"], body["camera_id"]) == ("crowd", "gambir", None)
    assert body["threshold"] == 0.8 and body["region"] is None
    assert body["hold_s"] is None  # untouched: the server's default for crowds
