"""The health dock draws what HealthService sampled (offscreen)."""

from app.services.health import HealthService
from app.streams.engine import StreamError, StreamState, StreamStats
from app.streams.service import StreamKey
from ui.health.dock import HealthDockWidget


def test_dock_draws_streams_process_and_areas(qtbot, services, monkeypatch):
    now = [0.0]
    health = HealthService(services.streams, services.cameras, clock=lambda: now[0],
                           process=lambda: (now[0] * 0.5, 150 * 2**20))
    dock = HealthDockWidget(health)
    qtbot.addWidget(dock)
    dock.resize(400, 700)
    dock.show()
    key = StreamKey("cam001", "sub")
    stats = {key: StreamStats(fps=25.0, bitrate_kbps=600.0)}
    monkeypatch.setattr(services.streams, "stats", lambda k: stats.get(k, StreamStats()))
    services.streams.state_changed.emit(key, StreamState.LIVE, StreamError.NONE, "")
    for t in range(5):
        now[0] = float(t)
        health.sample()
    fps_curve, bitrate_curve = dock._stream_curves[key]
    assert list(fps_curve.getData()[0]) == [-4.0, -3.0, -2.0, -1.0, 0.0]
    assert set(bitrate_curve.getData()[1]) == {600.0}
    assert set(dock.cpu_curve.getData()[1]) == {50.0}
    assert set(dock.memory_curve.getData()[1]) == {150.0}
    rows = [[dock.areas_table.item(r, c).text() for c in range(4)]
            for r in range(dock.areas_table.rowCount())]
    assert rows == [[services.cameras.camera("cam001").area_path[0], "1", "0", "0"]]
    assert dock.charts.grab().width() > 0
