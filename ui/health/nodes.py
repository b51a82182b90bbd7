"""The health dock's recording nodes: one row per node (its state, load, ingest, disks
and days left), a node that is down in red with since when, and the cameras no node
records. Drawn from NodesService's last report; hidden for users who may not see nodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.nodes import NodeState, RecordingNode
from app.services.camera_status import since_text
from app.services.nodes import NodesService

DOWN_COLOUR = QColor("#ef5350")  # readable on the dark theme, as the alarms' red
MAX_UNRECORDED_NAMES = 10  # a city's outage names a few and counts the rest
# Rows the table keeps room for without scrolling: a usual fleet is a handful of nodes.
MIN_VISIBLE_ROWS = 5
_UNITS = ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"))
NO_VALUE = "–"


def size_pair(used: int | None, total: int | None) -> str:
    """``8.2 / 10.0 TB``: both in the total's unit."""
    if used is None or total is None:
        return NO_VALUE
    scale, unit = next(((s, u) for s, u in _UNITS if total >= s), _UNITS[-1])
    return f"{used / scale:.1f} / {total / scale:.1f} {unit}"


def figure(value: float | None, digits: int = 1) -> str:
    return NO_VALUE if value is None else f"{value:.{digits}f}"


class NodesPanel(QWidget):
    def __init__(self, nodes: NodesService, camera_name: Callable[[str], str],
                 parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self._nodes = nodes
        self._camera_name = camera_name
        self._now = now
        self.setObjectName("health-nodes")
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("health-nodes-table")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unrecorded_label = QLabel(self)
        self.unrecorded_label.setObjectName("health-unrecorded")
        self.unrecorded_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unrecorded_label)
        nodes.changed.connect(self._on_nodes_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Recording nodes"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Node"), self.tr("State"), self.tr("Cameras"), self.tr("Ingest Mbit/s"),
             self.tr("Disk used / total"), self.tr("Days until full"),
             self.tr("Days of footage")])
        self.refresh()

    @Slot()
    def _on_nodes_changed(self) -> None:
        self.refresh()

    def state_text(self, node: RecordingNode) -> str:
        if node.state is NodeState.DOWN:
            return self.tr("down since {0}").format(since_text(node.heartbeat_at, self._now()))
        return {NodeState.UP: self.tr("up"), NodeState.STOPPED: self.tr("stopped")}.get(
            node.state, self.tr("unknown"))

    def refresh(self) -> None:
        report = self._nodes.report()
        self.setVisible(report is not None)  # a user who may not see nodes sees none
        if report is None:
            return
        self.table.setRowCount(len(report.nodes))
        for row, node in enumerate(report.nodes):
            texts = (node.name, self.state_text(node), str(node.camera_count),
                     figure(node.ingest_mbps), size_pair(node.used_bytes, node.total_bytes),
                     figure(node.days_until_full), figure(node.days_of_footage))
            tip = self.tr("{0} of {1} cameras recording now; relay {2}").format(
                NO_VALUE if node.recording is None else node.recording, node.capacity,
                node.relay or NO_VALUE)
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                if col > 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if node.state is NodeState.DOWN:
                    item.setForeground(QBrush(DOWN_COLOUR))
                self.table.setItem(row, col, item)
        rows = min(len(report.nodes), MIN_VISIBLE_ROWS)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + rows * self.table.verticalHeader().defaultSectionSize()
                                    + 2 * self.table.frameWidth() + 2)
        self._show_unrecorded(report.unrecorded)

    def _show_unrecorded(self, unrecorded: tuple[str, ...]) -> None:
        if not unrecorded:
            self.unrecorded_label.setText(self.tr("Every camera is recorded by a node."))
            self.unrecorded_label.setStyleSheet("")
            return
        names = ", ".join(self._camera_name(c) for c in unrecorded[:MAX_UNRECORDED_NAMES])
        if len(unrecorded) > MAX_UNRECORDED_NAMES:
            names = self.tr("{0} and {1} more").format(
                names, len(unrecorded) - MAX_UNRECORDED_NAMES)
        self.unrecorded_label.setText(
            self.tr("%n camera(s) recorded by no node: {0}", "", len(unrecorded)).format(names))
        self.unrecorded_label.setStyleSheet(
            f"color: {DOWN_COLOUR.name()}; font-weight: bold;")
