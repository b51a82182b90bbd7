"""The health dock's recording nodes (offscreen): a row per node, a node that is down in
red with since when, the cameras no node records by name; hidden for a user the server
refuses the nodes; asked for only while the dock is shown."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from app.api.nodes import nodes_report
from app.services.health import HealthService
from tests.app.test_nodes import SAMPLE, node
from ui.health.dock import HealthDockWidget
from ui.health.nodes import DOWN_COLOUR, size_pair

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 WIB; node-b's heartbeat 09:14


class FakeNodes(QObject):
    """NodesService's face to the dock: the report a test sets, and who watched."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.watched: list[bool] = []
        self._report = None

    def report(self):
        return self._report

    def set_report(self, report) -> None:
        self._report = report
        self.changed.emit()

    def set_watched(self, watched: bool) -> None:
        self.watched.append(watched)


def _dock(qtbot, services, nodes):
    health = HealthService(services.streams, services.cameras, nodes=nodes)
    dock = HealthDockWidget(health, now=lambda: NOW)
    qtbot.addWidget(dock)
    dock.resize(700, 900)
    return dock


def _rows(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_nodes_are_listed_a_down_one_in_red_and_the_unrecorded_named(qtbot, services):
    nodes = FakeNodes()
    dock = _dock(qtbot, services, nodes)
    dock.show()
    assert nodes.watched == [True]
    panel = dock.nodes_panel
    assert not panel.isVisible()  # nothing heard yet
    nodes.set_report(nodes_report(SAMPLE))
    assert panel.isVisible()
    rows = _rows(panel.table)
    assert rows[0] == ["node-a", "up", "120", "480.5", "16.0 / 20.0 TB", "12.5", "30.0"]
    assert rows[1] == ["node-b", "down since 09:14 WIB", "120", "–", "–", "–", "–"]
    assert rows[2][1] == "unknown"
    assert panel.table.item(1, 0).foreground().color() == DOWN_COLOUR
    assert panel.table.item(0, 0).foreground().color() != DOWN_COLOUR
    text = panel.unrecorded_label.text()
    assert text == "2 camera(s) recorded by no node: Gang Kelinci RT 05, Stasiun Gambir"
    assert DOWN_COLOUR.name() in panel.unrecorded_label.styleSheet()
    dock.hide()
    assert nodes.watched == [True, False]


def test_many_unrecorded_cameras_are_named_ten_then_counted(qtbot, services):
    nodes = FakeNodes()
    dock = _dock(qtbot, services, nodes)
    dock.show()
    many = [f"cam{n:03d}" for n in range(5, 30)]
    nodes.set_report(nodes_report(dict(SAMPLE, unrecorded=many)))
    text = dock.nodes_panel.unrecorded_label.text()
    assert text.startswith("25 camera(s) recorded by no node: cam005, cam006, ")
    assert text.endswith("cam014 and 15 more")
    nodes.set_report(nodes_report(dict(SAMPLE, nodes=[node("node-a", "up")], unrecorded=[])))
    assert dock.nodes_panel.unrecorded_label.text() == "Every camera is recorded by a node."
    assert dock.nodes_panel.unrecorded_label.styleSheet() == ""


def test_a_user_without_nodes_sees_no_section(qtbot, services):
    nodes = FakeNodes()
    dock = _dock(qtbot, services, nodes)
    dock.show()
    nodes.set_report(nodes_report(SAMPLE))
    nodes.set_report(None)  # signed out, or a 403
    assert not dock.nodes_panel.isVisible()
    bare = HealthDockWidget(HealthService(services.streams, services.cameras))
    qtbot.addWidget(bare)
    assert bare.nodes_panel is None


def test_sizes_read_in_the_totals_unit():
    assert size_pair(8_200_000_000_000, 10 * 10**12) == "8.2 / 10.0 TB"
    assert size_pair(300 * 10**6, 2 * 10**9) == "0.3 / 2.0 GB"
    assert size_pair(None, 10) == "–"
