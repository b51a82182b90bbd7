"""The health dock: per-stream fps and bitrate over the last minutes, the client's CPU
and memory, the cameras in trouble by name, cameras live / stale / offline per area, and
the recording nodes (ui/health/nodes.py) for administrators and supervisors.
Redrawn from HealthService's samples, only while the dock is shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.camera_status import Trouble, since_text
from app.services.health import HealthService
from ui.health.nodes import NodesPanel
from ui.shell.i18n import language_notifier

MAX_LINES = 16  # a full 8x8 wall would be 64 unreadable lines: the busiest streams
# Below this a chart's axis labels run into each other: a short dock scrolls instead.
PLOT_MIN_HEIGHT = 120
# Redrawn every second: a city's worst hour lists the longest-down ones and a count.
MAX_TROUBLE_ROWS = 100


class HealthDockWidget(QWidget):
    def __init__(self, health: HealthService, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self._health = health
        self._now = now
        self.setObjectName("health-dock")
        self.charts = pg.GraphicsLayoutWidget(self)
        self.charts.setBackground("#1e1f22")
        self.fps_plot = self.charts.addPlot(row=0, col=0)
        self.bitrate_plot = self.charts.addPlot(row=1, col=0)
        self.cpu_plot = self.charts.addPlot(row=2, col=0)
        self.memory_plot = self.charts.addPlot(row=3, col=0)
        for plot in (self.fps_plot, self.bitrate_plot, self.cpu_plot, self.memory_plot):
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.getAxis("bottom").setStyle(tickTextOffset=2)
            plot.setMinimumHeight(PLOT_MIN_HEIGHT)
        self.charts.setMinimumHeight(4 * PLOT_MIN_HEIGHT + 16)
        self.charts_scroll = QScrollArea(self)
        self.charts_scroll.setWidgetResizable(True)
        self.charts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.charts_scroll.setWidget(self.charts)
        self.cpu_curve = self.cpu_plot.plot(pen=pg.mkPen("#4fc3f7", width=2))
        self.memory_curve = self.memory_plot.plot(pen=pg.mkPen("#ffb74d", width=2))
        self._stream_curves: dict[object, tuple] = {}
        # The cameras in trouble by name: which ones to look at, not only how many.
        self.troubles_table = QTableWidget(0, 3, self)
        self.troubles_table.setObjectName("health-troubles")
        self.troubles_table.verticalHeader().setVisible(False)
        self.troubles_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.troubles_table.setWordWrap(False)
        header = self.troubles_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.areas_table = QTableWidget(0, 4, self)
        self.areas_table.setObjectName("health-areas")
        self.areas_table.verticalHeader().setVisible(False)
        header = self.areas_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The server's storage alarm, above everything while it lasts.
        self.storage_alarm_label = QLabel(self)
        self.storage_alarm_label.setObjectName("health-storage-alarm")
        self.storage_alarm_label.setWordWrap(True)
        self.storage_alarm_label.setStyleSheet(
            "background: #b71c1c; color: white; padding: 6px; font-weight: bold;")
        self.storage_alarm_label.hide()
        # The recording nodes, for those who may see them (polled while this is shown).
        self.nodes_panel: NodesPanel | None = None
        if health.nodes is not None:
            self.nodes_panel = NodesPanel(health.nodes, health.camera_name, self, now=now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.storage_alarm_label)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((self.charts_scroll, 3), (self.troubles_table, 1),
                                (self.areas_table, 1)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        if self.nodes_panel is not None:
            splitter.addWidget(self.nodes_panel)
            splitter.setStretchFactor(splitter.count() - 1, 1)
        splitter.setSizes([600, 200, 200, 200])  # in proportion: the charts first
        layout.addWidget(splitter, 1)
        health.sampled.connect(self._on_health_sampled)
        health.storage_alarm_changed.connect(self._on_health_storage_alarm_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Health"))  # the dock frame's title follows it
        self.fps_plot.setTitle(self.tr("fps per stream"))
        self.bitrate_plot.setTitle(self.tr("kbit/s per stream"))
        self.cpu_plot.setTitle(self.tr("Client CPU, % of one core"))
        self.memory_plot.setTitle(self.tr("Client memory, MB"))
        self.areas_table.setHorizontalHeaderLabels(
            [self.tr("Area"), self.tr("Live"), self.tr("Stale"), self.tr("Offline")])
        self.troubles_table.setHorizontalHeaderLabels(
            [self.tr("Camera"), self.tr("State"), self.tr("Since")])
        self._trouble_texts = {Trouble.OFFLINE: self.tr("Offline"),
                               Trouble.STALE: self.tr("Stale"),
                               Trouble.NOT_RECORDING: self.tr("Not recording")}
        self._show_storage_alarm()
        if self.nodes_panel is not None:
            self.nodes_panel.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._health.nodes is not None:
            self._health.nodes.set_watched(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        if self._health.nodes is not None:
            self._health.nodes.set_watched(False)

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot(bool, str)
    def _on_health_storage_alarm_changed(self, _raised: bool, _message: str) -> None:
        self._show_storage_alarm()

    def _show_storage_alarm(self) -> None:
        raised, message = self._health.storage_alarm()
        # The server's own words follow: it says what is full and what to do.
        self.storage_alarm_label.setText(self.tr("Server storage alarm: {0}").format(message))
        self.storage_alarm_label.setVisible(raised)

    @Slot()
    def _on_health_sampled(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        series = self._health.stream_series()
        process = self._health.process_series()
        latest = max([s[-1].t for s in series.values()] + [p.t for p in process] + [0.0])
        busiest = sorted(series, key=lambda k: -series[k][-1].bitrate_kbps)[:MAX_LINES]
        for key in list(self._stream_curves):
            if key not in busiest:
                fps_curve, bitrate_curve = self._stream_curves.pop(key)
                self.fps_plot.removeItem(fps_curve)
                self.bitrate_plot.removeItem(bitrate_curve)
        for n, key in enumerate(busiest):
            if key not in self._stream_curves:
                pen = pg.mkPen(pg.intColor(n, hues=MAX_LINES), width=1.5)
                name = f"{key.camera_id}/{key.profile}"
                self._stream_curves[key] = (self.fps_plot.plot(pen=pen, name=name),
                                            self.bitrate_plot.plot(pen=pen, name=name))
            samples = series[key]
            ts = [s.t - latest for s in samples]  # seconds ago: the right edge is now
            fps_curve, bitrate_curve = self._stream_curves[key]
            fps_curve.setData(ts, [s.fps for s in samples])
            bitrate_curve.setData(ts, [s.bitrate_kbps for s in samples])
        ts = [p.t - latest for p in process]
        self.cpu_curve.setData(ts, [p.cpu_percent for p in process])
        self.memory_curve.setData(ts, [p.rss_mb for p in process])
        troubles = self._health.troubles()
        shown = troubles[:MAX_TROUBLE_ROWS]
        self.troubles_table.setRowCount(len(shown) + (len(troubles) > len(shown)))
        if len(troubles) > len(shown):
            more = QTableWidgetItem(self.tr("and {0} more").format(len(troubles) - len(shown)))
            self.troubles_table.setItem(len(shown), 0, more)
            for col in (1, 2):
                self.troubles_table.setItem(len(shown), col, QTableWidgetItem(""))
        for row, named in enumerate(shown):
            since = since_text(named.trouble.since, self._now())
            for col, text in enumerate((named.name, self._trouble_texts[named.trouble.trouble],
                                        since)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{named.trouble.camera_id} · {named.area}")
                self.troubles_table.setItem(row, col, item)
        areas = self._health.area_health()
        self.areas_table.setRowCount(len(areas))
        for row, area in enumerate(areas):
            for col, value in enumerate((area.area, area.live, area.stale, area.offline)):
                self.areas_table.setItem(row, col, QTableWidgetItem(str(value)))
