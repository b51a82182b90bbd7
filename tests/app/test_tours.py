"""Tours stepped by a fake timer: no waiting, no timing in the test."""

from PySide6.QtCore import QObject, Signal

from app.services.tours import TourService
from app.services.views import ViewsService
from app.services.wall import WallService
from app.settings import Settings
from app.tasks import TaskRunner
from app.wall import Layout, WallModel


class FakeTimer(QObject):
    timeout = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.interval_ms: int | None = None

    def start(self, msec: int) -> None:
        self.interval_ms = msec

    def stop(self) -> None:
        self.interval_ms = None

    def fire(self) -> None:
        assert self.interval_ms is not None, "fired while stopped"
        self.timeout.emit()


def _tours(wall, views=None):
    timers: list[FakeTimer] = []

    def factory(parent):
        timers.append(FakeTimer(parent))
        return timers[-1]
    return TourService(wall, views, factory, default_dwell_s=lambda: 8.0), timers


def test_a_tile_cycles_through_its_cameras_with_the_dwell_time(qtbot):
    wall = WallService(WallModel(Layout.L2X2, {0: "cam009"}))
    tours, timers = _tours(wall)
    assert tours.start_tile_tour(1, ["cam001", "cam002", "cam003"], dwell_s=5)
    assert timers[0].interval_ms == 5000
    shown = [wall.camera_at(1)]
    for _ in range(3):
        timers[0].fire()
        shown.append(wall.camera_at(1))
    assert shown == ["cam001", "cam002", "cam003", "cam001"]
    assert wall.camera_at(0) == "cam009"  # the other tiles stay
    wall.set_layout(Layout.L1X1)  # the toured tile leaves the wall: its tour ends
    assert tours.tile_tours() == {} and timers[0].interval_ms is None
    assert not tours.start_tile_tour(0, ["cam001"])  # one camera is no tour


def test_the_wall_tours_views_and_skips_a_deleted_one(qtbot, tmp_path):
    runner = TaskRunner()
    views = ViewsService(Settings(tmp_path / "s.json"), runner)
    a = views.save("A", WallModel(Layout.L1P7, {0: "cam001"}).to_json())
    b = views.save("B", WallModel(Layout.L2X2, {3: "cam002"}).to_json())
    c = views.save("C", WallModel(Layout.L1X1, {0: "cam003"}).to_json())
    wall = WallService()
    tours, timers = _tours(wall, views)
    with qtbot.waitSignal(tours.view_tour_changed):
        assert tours.start_view_tour([a.id, b.id, c.id])
    assert (wall.layout, wall.camera_at(0)) == (Layout.L1P7, "cam001")
    assert timers[0].interval_ms == 8000  # the settings' dwell time
    timers[0].fire()
    assert (wall.layout, wall.camera_at(3), wall.camera_at(0)) == (Layout.L2X2, "cam002", None)
    views.delete(c.id)
    timers[0].fire()  # C is gone: back to A
    assert wall.layout is Layout.L1P7
    tours.stop_view_tour()
    assert not tours.view_tour_running and timers[0].interval_ms is None
    runner.shutdown()


def test_a_view_keeps_its_tile_tours(qtbot, tmp_path):
    runner = TaskRunner()
    views = ViewsService(Settings(tmp_path / "s.json"), runner)
    wall = WallService(WallModel(Layout.L2X2, {0: "cam009"}))
    tours, timers = _tours(wall, views)
    tours.start_tile_tour(3, ["cam001", "cam002"])
    saved = views.save("Touring", wall.to_json(), tours=tours.tile_tours())
    tours.stop_all()
    wall.fill([])

    again = ViewsService(Settings(tmp_path / "s.json"), runner).get(saved.id)
    tours.apply_view(again)
    assert tours.tile_tours() == {3: ["cam001", "cam002"]}
    assert wall.visible_cameras() == ["cam009", None, None, "cam001"]
    timers[-1].fire()
    assert wall.camera_at(3) == "cam002"
    runner.shutdown()
