"""The crowd level window (issue 17), offscreen: the plot carries the server's points, a
gap stays a gap (never drawn as zero), the crowd rules of the camera and of its areas are
dashed lines at their thresholds, the range buttons ask for the right range, it refreshes
every minute only while shown, and the camera tree's menu opens it. The server is a fake
transport (tests/app/crowd_fakes.py) under the real service and APIs."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.api.parse import parse_time
from app.crowd.service import CrowdChartService
from app.crowd.types import CrowdRange
from tests.app.crowd_fakes import NOW, FakeCrowdServer, SignedIn, crowd_rule_json, point_json
from ui.cameras.tree import CameraTreeWidget
from ui.crowd.binding import CrowdChartBinding
from ui.crowd.window import REFRESH_MS, CrowdLevelWindow

WAIT_MS = 5000
BUCKET = 144.0


def _points(levels: list[float | None]) -> list[dict]:
    start = NOW - timedelta(hours=3)
    return [point_json(start + timedelta(seconds=BUCKET * n), BUCKET, level, level + 0.2)
            for n, level in enumerate(levels) if level is not None]


RULES = [
    crowd_rule_json(1, "Suropati ramai", 0.45, camera_id="cam001"),
    crowd_rule_json(2, "Jakarta Pusat padat", 0.3, area="jp"),  # cam001 lies under jp
    crowd_rule_json(3, "Jakarta Selatan", 0.2, area="js"),  # cam004 lies under js
    crowd_rule_json(4, "Tebet Eco Park", 0.5, camera_id="cam004"),
]


@pytest.fixture
def server() -> FakeCrowdServer:
    return FakeCrowdServer({"cam001": _points([0.1, 0.2, None, None, 0.05, 0.3]),
                            "cam004": _points([0.4])}, RULES)


@pytest.fixture
def crowd(services, server) -> CrowdChartService:
    return CrowdChartService(SignedIn(server), services.runner, services.cameras,
                             clock=lambda: NOW)


def _open(qtbot, crowd, services, camera_id="cam001") -> CrowdLevelWindow:
    window = CrowdLevelWindow(crowd, services.cameras, camera_id)
    qtbot.addWidget(window)
    with qtbot.waitSignal(crowd.chart_loaded, timeout=WAIT_MS):
        window.show()
    assert not window.loading()
    return window


def test_the_plot_carries_the_points_and_a_gap_stays_a_gap(qtbot, services, crowd):
    window = _open(qtbot, crowd, services)
    x, level = window.level_curve.getData()
    _x, peak = window.peak_curve.getData()
    finite = level[np.isfinite(level)]
    assert list(finite) == pytest.approx([10, 20, 5, 30])
    assert list(peak[np.isfinite(peak)]) == pytest.approx([30, 40, 25, 50])
    # One NaN where two buckets are missing: the line breaks there, it never drops to 0.
    gap = [n for n, v in enumerate(level) if math.isnan(v)]
    assert gap == [2]
    assert 0.0 not in list(finite)
    first = parse_time(_points([0.1])[0]["start"]).timestamp()
    assert x[0] == pytest.approx(first + BUCKET / 2)
    assert window.plot.viewRange()[0][1] == pytest.approx(NOW.timestamp(), abs=60)
    assert "Taman Suropati" in window.windowTitle()
    assert "not a head count" in window.caption_label.text()
    # The pointer's readout: a bucket's figures, or that nothing was measured (the gap).
    at = parse_time(_points([0.1])[0]["start"]) + timedelta(seconds=10)
    assert "level 10%, peak 30%" in window.readout(at)
    assert "nothing measured" in window.readout(at + timedelta(seconds=2.5 * BUCKET))
    assert window.readout(NOW + timedelta(minutes=1)) == ""


def test_the_crowd_rules_of_the_camera_and_its_areas_are_dashed_lines(
        qtbot, services, crowd):
    window = _open(qtbot, crowd, services)
    lines = {line.objectName(): line for line in window.threshold_lines}
    assert set(lines) == {"crowd-rule-1", "crowd-rule-2"}
    assert lines["crowd-rule-1"].value() == pytest.approx(45)
    assert lines["crowd-rule-2"].value() == pytest.approx(30)
    assert lines["crowd-rule-1"].angle == 0
    assert lines["crowd-rule-1"].pen.style() is Qt.PenStyle.DashLine
    assert "Suropati ramai" in lines["crowd-rule-1"].label.toPlainText()
    assert "Jakarta Pusat padat" in lines["crowd-rule-2"].label.toPlainText()
    assert all(line in window.plot.items for line in window.threshold_lines)
    other = _open(qtbot, crowd, services, "cam004")
    assert [line.objectName() for line in other.threshold_lines] == [
        "crowd-rule-3", "crowd-rule-4"]


def test_the_range_buttons_ask_for_the_right_range(qtbot, services, crowd, server):
    window = _open(qtbot, crowd, services)
    asked = server.occupancy_calls()[-1]
    assert parse_time(asked["end"]) - parse_time(asked["start"]) == timedelta(hours=24)
    for choice, length in ((CrowdRange.HOURS_6, timedelta(hours=6)),
                           (CrowdRange.DAYS_7, timedelta(days=7)),
                           (CrowdRange.DAYS_30, timedelta(days=30))):
        with qtbot.waitSignal(crowd.chart_loaded, timeout=WAIT_MS):
            qtbot.mouseClick(window.range_buttons[choice], Qt.MouseButton.LeftButton)
        asked = server.occupancy_calls()[-1]
        assert parse_time(asked["end"]) == NOW
        assert parse_time(asked["end"]) - parse_time(asked["start"]) == length
        assert window.range_buttons[choice].isChecked() and window.span is choice
        assert window.chart.start == NOW - length
        assert window.plot.viewRange()[0][0] == pytest.approx((NOW - length).timestamp(),
                                                              abs=length.total_seconds() / 50)


def test_it_refreshes_every_minute_only_while_shown(qtbot, services, crowd, server):
    window = _open(qtbot, crowd, services)
    assert window.refresh_timer.isActive() and window.refresh_timer.interval() == REFRESH_MS
    before = len(server.occupancy_calls())
    with qtbot.waitSignal(crowd.chart_loaded, timeout=WAIT_MS):
        window.refresh_timer.timeout.emit()
    assert len(server.occupancy_calls()) == before + 1
    window.hide()
    assert not window.refresh_timer.isActive()


def test_a_failure_is_said_and_the_last_chart_stays(qtbot, services, crowd, server):
    window = _open(qtbot, crowd, services)
    drawn = list(window.level_curve.getData()[1][:2])
    del server.points["cam001"]
    with qtbot.waitSignal(crowd.load_failed, timeout=WAIT_MS):
        window.refresh()
    assert "No such camera" in window.state_label.text()
    assert list(window.level_curve.getData()[1][:2]) == drawn


def test_the_camera_trees_menu_opens_the_cameras_window(qtbot, services, crowd):
    tree = CameraTreeWidget(services.cameras, services.wall)
    qtbot.addWidget(tree)
    binding = CrowdChartBinding(tree, tree, crowd, services.cameras)
    area_menu = tree.build_context_menu(tree.index_of_camera("cam001").parent())
    assert not [a for a in area_menu.actions() if a.objectName() == "action-crowd-level"]
    menu = tree.build_context_menu(tree.index_of_camera("cam001"))
    action = next(a for a in menu.actions() if a.objectName() == "action-crowd-level")
    assert action.text() == "Crowd level…"
    with qtbot.waitSignal(crowd.chart_loaded, timeout=WAIT_MS):
        action.trigger()
    window = binding.windows["cam001"]
    assert window.isVisible() and window.camera_id == "cam001"
    assert binding.open("cam001") is window  # one window per camera, raised again
    window.close()
    qtbot.waitUntil(lambda: "cam001" not in binding.windows, timeout=WAIT_MS)
