"""The server's storage alarm reaches the operator: published on the real server's event
bus, read by PushService over a real socket, held by HealthService, shown (offscreen) at
the top of the health dock until it clears."""

from __future__ import annotations

from pathlib import Path

from app.services.health import HealthService
from app.services.push import PushService
from app.services.session import SessionService
from server.storage_guard import StorageReport, StorageState, Volume, VolumeRole, alarm_event
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.live_app import serve_app
from ui.health.dock import HealthDockWidget

MB = 1024 * 1024


def _report(alarm: bool) -> StorageReport:
    volume = Volume((VolumeRole.RECORDINGS, VolumeRole.DATABASE), Path("/srv/pantau"),
                    64 * MB, 2 * MB if alarm else 40 * MB, 8 * MB)  # fmt: skip
    if not alarm:
        return StorageReport(StorageState.OK, (volume,))
    return StorageReport(StorageState.RECORDING_PAUSED, (volume,), recording_paused=True,
                         alarm=True, reason="The recordings volume is full; retention cannot "
                         "make room: all footage left is protected.")  # fmt: skip


def test_storage_alarm_is_shown_in_the_health_dock(qtbot, runner, services, tmp_path):
    health = HealthService(services.streams, services.cameras)
    dock = HealthDockWidget(health)
    qtbot.addWidget(dock)
    dock.show()
    assert dock.storage_alarm_label.isHidden()
    with serve_app(tmp_path, FLEET) as (url, app):
        session = SessionService(runner)
        with qtbot.waitSignal(session.logged_in, timeout=10_000):
            session.login(url, "viewer", DEMO_PASSWORD)
        push = PushService(session, runner)
        push.storage_alarm_changed.connect(health.set_storage_alarm)
        with qtbot.waitSignal(push.connected_changed, timeout=10_000):
            push.start("alarm-wall", [])
        try:
            with qtbot.waitSignal(health.storage_alarm_changed, timeout=10_000):
                app.state.events.publish(alarm_event(_report(alarm=True)))
            assert dock.storage_alarm_label.isVisible()
            assert "all footage left is protected" in dock.storage_alarm_label.text()
            with qtbot.waitSignal(health.storage_alarm_changed, timeout=10_000) as cleared:
                app.state.events.publish(alarm_event(_report(alarm=False)))
            assert cleared.args[0] is False
            assert dock.storage_alarm_label.isHidden()
        finally:
            push.stop()
