"""Maps against a real server (uvicorn on loopback, real SQLite): the overview places the
cameras by their coordinates and names the kota; a camera's dot takes its state's
colour; an administrator uploads a picture (garbage refused with the server's words),
drops a PTZ camera on it and sees its field of view as a wedge; a click selects a
camera, a drag carries the camera tree's MIME type (a tile takes it unchanged); a map
on a tile of the wall stays there through the wall's JSON."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent, QImage

from app.api.maps import Placement
from app.domain import CameraStatus
from app.services.cameras import CameraService
from app.services.maps import CameraLook, MapCameraStates, MapService
from app.services.playback import PlaybackService
from app.services.wall import WallService
from app.streams.engine import StreamState
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.wall import Layout, MapRef, WallModel
from tests.app.fakes import FakeEngineFactory, fake_live_url
from tests.server.conftest import FLEET
from tests.support.client_session import logged_in
from tests.support.live_app import serve_app
from ui.cameras.tree import CAMERA_IDS_MIME, decode_camera_ids, encode_camera_ids
from ui.maps import view as map_view
from ui.maps.admin_page import MapsAdminPage
from ui.maps.dock import MapsDockWidget
from ui.maps.view import LOOK_COLOURS
from ui.tile.services import TileServices
from ui.wall.widget import WallWidget

WAIT_MS = 10_000
# The test fleet where each camera stands where it really is (conftest's all share one point).
PLACES = {"cam001": (-6.2297, 106.8538),  # Tebet Eco Park
          "cam002": (-6.2443, 106.7997),  # Taman Langsat
          "cam003": (-6.1767, 106.8306),  # Stasiun Gambir
          "cam004": (-6.1920, 106.7700)}  # Kebon Jeruk


def _fleet() -> list[dict]:
    fleet = copy.deepcopy(FLEET)
    for cam in fleet:
        cam["lat"], cam["lon"] = PLACES[cam["id"]]
    return fleet


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("maps") / "data", _fleet()) as (url, _app):
        yield url


class Client:
    def __init__(self, qtbot, url: str, user: str) -> None:
        self.runner = TaskRunner()
        self.session = logged_in(qtbot, self.runner, url, user)
        self.cameras = CameraService(self.session, self.runner)
        with qtbot.waitSignal(self.cameras.catalog_changed, timeout=WAIT_MS):
            self.cameras.load()
        self.factory = FakeEngineFactory()
        self.streams = StreamService(self.runner, fake_live_url, self.factory)
        self.maps = MapService(self.session, self.runner)
        self.states = MapCameraStates(self.cameras, self.streams)
        self.wall = WallService(WallModel(layout=Layout.L2X2))
        with qtbot.waitSignal(self.maps.maps_changed, timeout=WAIT_MS):
            self.maps.load()

    def close(self) -> None:
        self.streams.shutdown()
        self.runner.shutdown()


@pytest.fixture
def admin(qtbot, server):
    client = Client(qtbot, server, "admin")
    yield client
    client.close()


@pytest.fixture
def operator(qtbot, server):
    client = Client(qtbot, server, "operator")
    yield client
    client.close()


def _png(path, width=400, height=300):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#d7ccc8"))
    assert image.save(str(path), "PNG")
    return path


def _pixel(view, camera_id: str, offset: QPoint = QPoint(0, 0)) -> QColor:
    image = view.viewport().grab().toImage()
    return QColor(image.pixel(view.map_point(camera_id) + offset))


def _upload(qtbot, admin: Client, tmp_path, name: str) -> int:
    with qtbot.waitSignal(admin.maps.added, timeout=WAIT_MS) as added:
        admin.maps.add(name, "jakarta-selatan", _png(tmp_path / f"{name}.png"))
    return added.args[0].id


def test_overview_places_cameras_by_coordinates_and_names_kota(qtbot, operator):
    dock = MapsDockWidget(operator.maps, operator.cameras, operator.states, operator.wall)
    qtbot.addWidget(dock)
    dock.resize(500, 600)
    dock.show()
    marks = dock.view.marks()
    assert set(marks) == set(PLACES)
    at = {cam: dock.view.map_point(cam) for cam in marks}
    # East is right, north is up, as on any map of Jakarta.
    assert at["cam004"].x() < at["cam002"].x() < at["cam003"].x() < at["cam001"].x()
    assert at["cam003"].y() < at["cam004"].y() < at["cam001"].y() < at["cam002"].y()
    assert {"Jakarta Selatan", "Jakarta Pusat", "Jakarta Barat", "Tebet"} <= set(
        dock.view.labels())
    assert "4 cameras by their coordinates" in dock.info_label.text()


def test_a_camera_takes_its_state_colour(qtbot, operator):
    dock = MapsDockWidget(operator.maps, operator.cameras, operator.states, operator.wall)
    qtbot.addWidget(dock)
    dock.resize(500, 600)
    dock.show()
    view = dock.view
    # Nobody watches them yet and this server records nothing: nobody has said.
    assert operator.cameras.camera("cam003").status is CameraStatus.UNKNOWN
    assert _pixel(view, "cam003") == LOOK_COLOURS[CameraLook.UNKNOWN]
    key = operator.streams.acquire("cam003", "sub")
    for state, look in ((StreamState.LIVE, CameraLook.LIVE),
                        (StreamState.STALE, CameraLook.STALE),
                        (StreamState.OFFLINE, CameraLook.OFFLINE)):
        # A stale or lost stream is renewed: the state comes from its newest engine.
        qtbot.waitUntil(lambda: bool(operator.factory.running()), timeout=WAIT_MS)
        engine = operator.factory.for_url(fake_live_url("cam003", "sub"))
        with qtbot.waitSignal(operator.states.changed, timeout=WAIT_MS):
            engine.report(state)
        assert view.marks()["cam003"].look is look
        assert _pixel(view, "cam003") == LOOK_COLOURS[look], state
    assert _pixel(view, "cam001") == LOOK_COLOURS[CameraLook.UNKNOWN]  # the others stay
    operator.streams.release(key)


def test_admin_uploads_a_map_and_a_ptz_camera_dropped_on_it_shows_its_wedge(
        qtbot, admin, tmp_path):
    page = MapsAdminPage(admin.maps, admin.cameras, admin.states)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    dialog = page.open_add_dialog()
    garbage = tmp_path / "plan.png"
    garbage.write_bytes(b"this is not a picture at all" * 10)
    dialog.name_edit.setText("Denah rusak")
    dialog.file_edit.setText(str(garbage))
    dialog.upload()
    qtbot.waitUntil(lambda: "not a PNG or JPEG" in dialog.error_label.text(), timeout=WAIT_MS)
    assert dialog.isVisible()
    dialog.name_edit.setText("Tebet Eco Park")
    dialog.file_edit.setText(str(_png(tmp_path / "park.png")))
    with qtbot.waitSignal(admin.maps.added, timeout=WAIT_MS):
        dialog.upload()
    assert not dialog.isVisible()
    assert page.current_map().name == "Tebet Eco Park"
    qtbot.waitUntil(lambda: page.view._picture is not None
                    and not page.view._picture.pixmap().isNull(), timeout=WAIT_MS)

    # A PTZ camera dragged from the list onto the middle of the picture.
    mime = page.camera_list.mimeData(
        [page.camera_list.item(r) for r in range(page.camera_list.count())
         if page.camera_list.item(r).data(Qt.ItemDataRole.UserRole + 1) == "cam001"])
    middle = page.view.mapFromScene(QPointF(200, 150))
    drop = QDropEvent(QPointF(middle), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(admin.maps.maps_changed, timeout=WAIT_MS):
        page.view.dropEvent(drop)
    placed = page.current_map().placement("cam001")
    assert placed is not None and (round(placed.x, 2), round(placed.y, 2)) == (0.5, 0.5)
    assert (placed.heading, placed.fov) == (0.0, 60.0)
    bold = [page.camera_list.item(r).data(Qt.ItemDataRole.UserRole + 1)
            for r in range(page.camera_list.count()) if page.camera_list.item(r).font().bold()]
    assert bold == ["cam001"]  # the list says which cameras the map already has
    mark = page.view.marks()["cam001"]
    assert mark.has_wedge
    # The wedge looks up: tinted above the dot, the picture's own colour below it.
    above = _pixel(page.view, "cam001", QPoint(0, -30))
    below = _pixel(page.view, "cam001", QPoint(0, 30))
    assert below == QColor("#d7ccc8") and above != below
    # The state's colour (nobody said: grey) laid thin over the picture.
    tint, paper = LOOK_COLOURS[mark.look], QColor("#d7ccc8")
    assert mark.look is CameraLook.UNKNOWN
    for channel in ("red", "green", "blue"):
        ends = sorted((getattr(tint, channel)(), getattr(paper, channel)()))
        assert ends[0] <= getattr(above, channel)() <= ends[1], channel

    # Turned to look east: the wedge follows.
    page.view.select_camera("cam001")
    page._show_placement()
    page.heading_box.setValue(90)
    with qtbot.waitSignal(admin.maps.maps_changed, timeout=WAIT_MS):
        page.apply_button.click()
    assert page.current_map().placement("cam001").heading == 90.0
    assert _pixel(page.view, "cam001", QPoint(30, 0)) != QColor("#d7ccc8")
    assert _pixel(page.view, "cam001", QPoint(0, -30)) == QColor("#d7ccc8")


def test_click_selects_and_a_drag_carries_the_camera_to_a_tile(qtbot, operator, monkeypatch):
    dock = MapsDockWidget(operator.maps, operator.cameras, operator.states, operator.wall)
    qtbot.addWidget(dock)
    dock.resize(500, 600)
    dock.show()
    view = dock.view
    viewport = view.viewport()
    spot = view.map_point("cam002")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=spot)
    assert view.selected_camera == "cam002"
    assert view.marks()["cam002"].selected
    assert "Taman Langsat: state unknown\nJakarta Selatan / Kebayoran Baru" in (
        dock.info_label.text())

    carried: list[QMimeData] = []

    class RecordingDrag:
        def __init__(self, _source) -> None:
            self._data = None

        def setMimeData(self, data: QMimeData) -> None:
            self._data = data

        def exec(self, *_args) -> Qt.DropAction:
            carried.append(self._data)
            return Qt.DropAction.CopyAction

    monkeypatch.setattr(map_view, "QDrag", RecordingDrag)
    spot = view.map_point("cam001")
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseMove(viewport, spot + QPoint(30, 30))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=spot + QPoint(30, 30))
    assert len(carried) == 1
    assert decode_camera_ids(carried[0].data(CAMERA_IDS_MIME).data()) == ["cam001"]

    # The wall takes it as it takes a camera from the tree.
    tiles = TileServices(operator.streams, operator.cameras,
                         PlaybackService(operator.session, operator.streams, operator.runner))
    wall_widget = WallWidget(operator.wall, tiles)
    qtbot.addWidget(wall_widget)
    tile = wall_widget.tile(2)
    tile.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, carried[0],
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert operator.wall.camera_at(2) == "cam001"

    # A double click watches it on the selected tile.
    operator.wall.select(3)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=view.map_point("cam004"))
    assert operator.wall.camera_at(3) == "cam004"
    wall_widget.shutdown()


def test_a_map_fills_a_tile_and_the_wall_keeps_it(qtbot, admin, tmp_path):
    map_id = _upload(qtbot, admin, tmp_path, "Selatan")
    with qtbot.waitSignal(admin.maps.maps_changed, timeout=WAIT_MS):
        admin.maps.place(map_id, Placement("cam001", 0.25, 0.5, 45.0, 90.0))
    tiles = TileServices(admin.streams, admin.cameras,
                         PlaybackService(admin.session, admin.streams, admin.runner),
                         maps=admin.maps, map_states=admin.states)
    wall = admin.wall
    wall.assign(1, "cam002")
    wall_widget = WallWidget(wall, tiles)
    qtbot.addWidget(wall_widget)
    wall_widget.resize(800, 600)
    wall_widget.show()
    wall.show_map(1, MapRef(map_id))
    wall.show_map(3, MapRef(None))  # the city overview on another tile
    shown = wall_widget.map_tile(1)
    assert shown is not None and shown.isVisible() and not wall_widget.tile(1).isVisible()
    assert wall.camera_at(1) is None  # the map took the camera's place
    assert shown.title.text() == "Selatan"
    assert set(shown.view.marks()) == {"cam001"} and shown.view.marks()["cam001"].has_wedge
    assert set(wall_widget.map_tile(3).view.marks()) == set(PLACES)

    # Saved and loaded again (a restart, a view pushed): the maps are where they were.
    saved = wall.to_json()
    again = WallService()
    again.load_json(saved)
    assert (again.map_at(1), again.map_at(3), again.camera_at(0)) == (
        MapRef(map_id), MapRef(None), None)
    assert WallModel.from_json({"layout": "2x2", "maps": {"1": {"map_id": "x"}}}).maps == {}

    # A camera dropped on the map tile replaces the map; the tile shows video again.
    mime = QMimeData()
    mime.setData(CAMERA_IDS_MIME, encode_camera_ids(["cam003"]))
    shown.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                               Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert wall.camera_at(1) == "cam003" and wall.map_at(1) is None
    assert wall_widget.map_tile(1) is None and wall_widget.tile(1).isVisible()
    wall_widget.map_tile(3).close_button.click()
    assert wall.map_at(3) is None and wall_widget.map_tile(3) is None
    wall_widget.shutdown()
