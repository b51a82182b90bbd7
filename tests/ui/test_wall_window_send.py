"""'Send to…' in a tile's menu: listed workstations and monitors, the tile's camera sent,
and tiles made later (a bigger layout) get it too."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from app.services.push import PushService
from app.wall import Layout
from ui.wall.send_menu import SendToMenu, TileSendTo, wall_as_view
from ui.wall.widget import WallWidget

STATIONS = [{"name": "wallpc", "online": True,
             "monitors": [{"index": 0, "name": "HDMI-1"}, {"index": 1, "name": "HDMI-2"}]},
            {"name": "posko", "online": False, "monitors": [{"index": 0, "name": "DP-1"}]}]


class RecordingPush(PushService):
    """The real service with its server calls recorded instead of sent."""

    def __init__(self, services) -> None:
        super().__init__(services.session, services.runner)
        self.sent: list[tuple] = []
        self._on_workstations_loaded(STATIONS)

    def load_workstations(self) -> None:
        pass

    def push_camera(self, workstation, monitor, camera_id) -> None:
        self.sent.append(("camera", workstation, monitor, camera_id))

    def push_view(self, workstation, monitor, view) -> None:
        self.sent.append(("view", workstation, monitor, view))


def send_menu(menu) -> SendToMenu:
    return next(a.menu() for a in menu.actions() if isinstance(a.menu(), SendToMenu))


def test_tile_menu_sends_its_camera_to_a_chosen_monitor(qtbot, services):
    services.wall.fill(["cam001", "cam002"])
    wall_widget = WallWidget(services.wall, services.tiles)
    qtbot.addWidget(wall_widget)
    push = RecordingPush(services)
    decorator = TileSendTo(wall_widget, push)

    menu = send_menu(decorator.menu_for(wall_widget.tile(1)))
    stations = [a.menu() for a in menu.actions()]
    assert [m.title() for m in stations] == ["wallpc", "posko (offline)"]
    assert [a.text() for a in stations[0].actions()] == ["Monitor 1 (HDMI-1)",
                                                          "Monitor 2 (HDMI-2)"]
    next(a for a in stations[0].actions() if a.objectName() == "send-wallpc-1").trigger()
    assert push.sent == [("camera", "wallpc", 1, "cam002")]
    assert not send_menu(decorator.menu_for(wall_widget.tile(3))).isEnabled()  # empty

    services.wall.set_layout(Layout.L3X3)  # a tile made later gets the menu as well
    wall_widget.show()
    qtbot.waitExposed(wall_widget)
    seen = []

    def read_and_close_popup() -> None:
        popup = QApplication.activePopupWidget()
        seen.append(popup is not None and any(isinstance(a.menu(), SendToMenu)
                                              for a in popup.actions()))
        if popup is not None:
            popup.close()

    tile = wall_widget.tile(8)
    QTimer.singleShot(200, read_and_close_popup)
    QApplication.sendEvent(tile, QContextMenuEvent(QContextMenuEvent.Reason.Mouse,
                                                   QPoint(5, 5), tile.mapToGlobal(QPoint(5, 5))))
    assert seen == [True]


def test_whole_wall_goes_as_a_view_that_keeps_empty_places(services):
    services.wall.set_layout(Layout.L3X3)
    services.wall.assign(0, "cam001")
    services.wall.assign(2, "cam003")
    assert wall_as_view(services.wall) == "3x3:cam001,,cam003"
    services.wall.fill([])
    assert wall_as_view(services.wall) == "3x3"
