""""Send to…" from the camera tree and from the views dock, through the real server
(python -m server with its generated city) to another workstation's event stream: what
that wall PC receives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from app.domain import Camera
from app.services.push import PushService, view_wall_json
from app.services.session import SessionService
from app.services.views import View, ViewsService
from app.settings import Settings
from app.tasks import TaskRunner
from app.wall import Layout, WallModel
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.ui.conftest import AREAS, CAMERAS
from ui.cameras.tree import CameraTreeWidget
from ui.views.dock import ViewsDockWidget
from ui.wall.send_menu import SendToMenu, TreeSendTo, ViewsSendTo, view_as_spec

# A camera of the server's generated city (server/city.py), shown under Menteng here.
CITY_CAMERA = Camera("city00001", "Pos Kamling Melati RT 001/RW 01", "menteng",
                     ("Jakarta Pusat", "Menteng"), ("neighbourhood",))
MONITORS = [{"index": 0, "name": "HDMI-1"}, {"index": 1, "name": "HDMI-2"}]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with run_server(tmp_path_factory.mktemp("push-srv"), demo=True, record=False,
                    extra_args=["--demo-city"]) as srv:
        yield srv


def log_in(qtbot, session: SessionService, server, username: str) -> None:
    with qtbot.waitSignal(session.logged_in, timeout=15_000):
        session.login(server.url, username, DEMO_PASSWORD)


@pytest.fixture
def wallpc(qtbot, server):
    """The other workstation: registered with two monitors, listening for pushes."""
    runner = TaskRunner()
    session = SessionService(runner)
    log_in(qtbot, session, server, "operator")
    push = PushService(session, runner)
    with qtbot.waitSignal(push.connected_changed, timeout=15_000):
        push.start("wallpc", MONITORS)
    yield push
    push.stop()
    runner.shutdown()


@pytest.fixture
def console_push(qtbot, server, services, wallpc):
    """This workstation's push service, logged in as the supervisor, wallpc listed."""
    log_in(qtbot, services.session, server, "supervisor")
    push = PushService(services.session, services.runner)
    with qtbot.waitSignal(push.workstations_changed, timeout=10_000):
        push.load_workstations()
    yield push
    push.stop()


def popup_texts_on_right_click(viewport, at) -> list:
    """The entries of the menu that a right-click at ``at`` pops up (then closed)."""
    seen = []

    def read_and_close_popup() -> None:
        popup = QApplication.activePopupWidget()
        seen.append(None if popup is None else
                    [a.text() for a in popup.actions() if not a.isSeparator()])
        if popup is not None:
            popup.close()

    QTimer.singleShot(200, read_and_close_popup)
    QApplication.sendEvent(viewport, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at)))
    return seen


def send_action(menu, name: str):
    send = next(a.menu() for a in menu.actions() if isinstance(a.menu(), SendToMenu))
    return next(a for sub in send.actions() if sub.menu() for a in sub.menu().actions()
                if a.objectName() == name)


def test_tree_camera_sent_to_another_workstations_monitor(qtbot, services, console_push,
                                                          wallpc):
    services.cameras.set_catalog(AREAS, [*CAMERAS, CITY_CAMERA])
    tree = CameraTreeWidget(services.cameras, services.wall)
    qtbot.addWidget(tree)
    TreeSendTo(tree, console_push, services.wall)

    menu = tree.build_context_menu(tree.index_of_camera("city00001"))
    with qtbot.waitSignal(wallpc.camera_pushed, timeout=10_000) as pushed:
        send_action(menu, "send-wallpc-1").trigger()
    assert pushed.args == [1, "city00001", "supervisor"]  # what the wall PC shows

    # An area's menu puts its cameras on the wall (and sends nothing anywhere).
    jakarta_pusat = tree.model.index(0, 0)
    area_menu = tree.build_context_menu(jakarta_pusat)
    assert not any(isinstance(a.menu(), SendToMenu) for a in area_menu.actions())
    [show] = area_menu.actions()
    show.trigger()
    assert [services.wall.camera_at(i) for i in range(4)] == [
        "cam002", "city00001", "cam001", "cam003"]


def test_right_click_on_a_tree_camera_opens_the_menu_with_send_to(qtbot, services):
    tree = CameraTreeWidget(services.cameras, services.wall)
    qtbot.addWidget(tree)
    TreeSendTo(tree, PushService(services.session, services.runner), services.wall)
    tree.resize(300, 400)
    tree.show()
    qtbot.waitExposed(tree)
    tree.view.expandAll()
    viewport = tree.view.viewport()
    at = tree.view.visualRect(tree.index_of_camera("cam001")).center()
    assert popup_texts_on_right_click(viewport, at) == [["Send to…"]]


def test_a_view_sent_from_the_views_dock_reaches_the_other_wall(qtbot, services,
                                                                console_push, wallpc,
                                                                tmp_path):
    views = ViewsService(Settings(tmp_path / "settings.json"), services.runner,
                         username=lambda: "supervisor")
    dock = ViewsDockWidget(views, services.wall)
    qtbot.addWidget(dock)
    ViewsSendTo(dock, console_push, services.wall)
    services.wall.set_layout(Layout.L1P5)
    services.wall.assign(0, "city00001")
    services.wall.assign(2, "city00002")
    dock.save_current("Pos kamling")  # a personal view: the wall PC has no copy of it
    services.wall.fill([])

    menu = dock.build_context_menu(dock.list.item(0))
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Open", "Rename", "Delete", "Send to…"]
    with qtbot.waitSignal(wallpc.view_pushed, timeout=10_000) as pushed:
        send_action(menu, "send-wallpc-0").trigger()
    monitor, view, sender = pushed.args
    assert (monitor, sender) == (0, "supervisor")
    received = WallModel.from_json(view_wall_json(view))  # what the wall PC opens
    assert received.layout is Layout.L1P5
    assert [received.camera_at(i) for i in range(6)] == [
        "city00001", None, "city00002", None, None, None]


def test_views_that_cannot_be_written_out_go_by_name():
    cameras = {i: f"city{i:05d}" for i in range(64)}
    assert view_as_spec(View("local:1", "Semua", Layout.L8X8, cameras)) == "Semua"
    grid = Layout.parse("2x2:0,0,1,2;1,0;1,1")
    assert view_as_spec(View("server:1", "Banjir", grid, {0: "cam001"})) == "Banjir"
    assert view_as_spec(View("local:2", "Dua", Layout.L2X2, {1: "cam002", 9: "cam009"})) \
        == "2x2:,cam002"


def test_right_click_on_a_view_opens_its_menu_with_send_to(qtbot, services, tmp_path):
    views = ViewsService(Settings(tmp_path / "settings.json"), services.runner)
    dock = ViewsDockWidget(views, services.wall)
    qtbot.addWidget(dock)
    ViewsSendTo(dock, PushService(services.session, services.runner), services.wall)
    dock.save_current("Banjir")
    dock.show()
    qtbot.waitExposed(dock)
    viewport = dock.list.viewport()
    at = dock.list.visualItemRect(dock.list.item(0)).center()
    assert popup_texts_on_right_click(viewport, at) == [
        ["Open", "Rename", "Delete", "Send to…"]]
