"""The crowd level of one camera: its occupancy index over the last hours or days (the
level, and each bucket's busiest second as a lighter band above it), against WIB time,
with the thresholds of the crowd rules that apply to it and a readout of the bucket under
the pointer. Loaded by CrowdChartService; refreshed every minute while shown."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.crowd.series import point_at, series
from app.crowd.service import CrowdChartService
from app.crowd.types import CrowdChart, CrowdRange, CrowdThreshold
from app.services.cameras import CameraService
from app.timefmt import format_wib
from ui.shell.i18n import language_notifier

REFRESH_MS = 60_000  # the server stores a minute of samples at a time
# pyqtgraph's DateAxisItem takes the offset as time.timezone does: seconds west of UTC.
# WIB is UTC+7 all year (Indonesia keeps no summer time), whatever this PC's zone is.
WIB_AXIS_OFFSET = -7 * 3600
LEVEL_COLOUR = "#4fc3f7"
PEAK_COLOUR = (79, 195, 247, 70)  # the level's hue, faint: the band up to the peaks
RULE_COLOURS = ("#ffb74d", "#e57373", "#ba68c8", "#81c784")


class CrowdLevelWindow(QWidget):
    def __init__(self, service: CrowdChartService, cameras: CameraService, camera_id: str,
                 parent: QWidget | None = None, *,
                 span: CrowdRange = CrowdRange.HOURS_24) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._service = service
        self._cameras = cameras
        self.camera_id = camera_id
        self.span = span
        self.chart: CrowdChart | None = None
        self._request: int | None = None
        self._failure: tuple[ApiErrorKind, str] | None = None
        self._owner = f"crowd-{id(self):x}"
        self.setObjectName("crowd-window")

        self.title_label = QLabel(self)
        self.title_label.setObjectName("crowd-title")
        self.title_label.setStyleSheet("font-weight: bold;")
        self.range_buttons: dict[CrowdRange, QPushButton] = {}
        self._range_group = QButtonGroup(self)
        self._range_group.setExclusive(True)
        ranges = QHBoxLayout()
        ranges.setContentsMargins(0, 0, 0, 0)
        for choice in CrowdRange:
            button = QPushButton(self)
            button.setObjectName(f"crowd-range-{choice.name.lower()}")
            button.setCheckable(True)
            button.setChecked(choice is span)
            button.clicked.connect(lambda _=False, c=choice: self.set_range(c))
            self._range_group.addButton(button)
            self.range_buttons[choice] = button
            ranges.addWidget(button)
        ranges.addStretch(1)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("crowd-state")
        ranges.addWidget(self.state_label)

        self.axis = pg.DateAxisItem(orientation="bottom", utcOffset=WIB_AXIS_OFFSET)
        self.plot_widget = pg.PlotWidget(self, axisItems={"bottom": self.axis})
        self.plot_widget.setObjectName("crowd-plot")
        self.plot_widget.setBackground("#1e1f22")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setYRange(0, 100, padding=0.02)
        self.plot.setMinimumHeight(200)
        self.plot.addLegend(offset=(-10, 10))
        # The peaks as a band from the level up: drawn first, under the level's line.
        self.peak_curve = pg.PlotDataItem(pen=pg.mkPen(PEAK_COLOUR, width=1), connect="finite")
        self.level_curve = pg.PlotDataItem(pen=pg.mkPen(LEVEL_COLOUR, width=2),
                                           connect="finite")
        self.peak_band = pg.FillBetweenItem(self.level_curve, self.peak_curve,
                                            brush=pg.mkBrush(PEAK_COLOUR))
        self.plot.addItem(self.peak_band)
        self.plot.addItem(self.peak_curve)
        self.plot.addItem(self.level_curve)
        self.threshold_lines: list[pg.InfiniteLine] = []

        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("crowd-caption")
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet("color: #9e9e9e;")
        # What the pointer is over: the bucket's time and figures, or that nothing was
        # measured then (a gap).
        self.readout_label = QLabel(self)
        self.readout_label.setObjectName("crowd-readout")
        self.plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.rules_label = QLabel(self)
        self.rules_label.setObjectName("crowd-rules")
        self.rules_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title_label)
        layout.addLayout(ranges)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.readout_label)
        layout.addWidget(self.rules_label)
        layout.addWidget(self.caption_label)

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        service.chart_loaded.connect(self._on_service_chart_loaded)
        service.load_failed.connect(self._on_service_load_failed)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self.resize(1000, 560)

    # -- loading ------------------------------------------------------------------------
    def set_range(self, span: CrowdRange) -> None:
        self.span = span
        self.range_buttons[span].setChecked(True)
        self.refresh()

    def refresh(self) -> None:
        """Load the chart anew over the chosen range, up to now."""
        self._request = self._service.load(self.camera_id, self.span, self._owner)
        self._show_state()

    def loading(self) -> bool:
        return self._request is not None

    @Slot(int, object)
    def _on_service_chart_loaded(self, request_id: int, chart: CrowdChart) -> None:
        if request_id != self._request:
            return
        self._request = None
        self._failure = None
        self.show_chart(chart)

    @Slot(int, object, str)
    def _on_service_load_failed(self, request_id: int, kind: ApiErrorKind,
                                message: str) -> None:
        if request_id != self._request:
            return
        self._request = None
        self._failure = (kind, message)
        self._show_state()  # the last chart stays: a minute old beats nothing

    def show_chart(self, chart: CrowdChart) -> None:
        self.chart = chart
        drawn = series(chart)
        x = np.array(drawn.x, dtype=float)
        self.level_curve.setData(x, np.array(drawn.level, dtype=float), connect="finite")
        self.peak_curve.setData(x, np.array(drawn.peak, dtype=float), connect="finite")
        self.plot.setXRange(chart.start.timestamp(), chart.end.timestamp(), padding=0)
        for line in self.threshold_lines:
            self.plot.removeItem(line)
        self.threshold_lines = [self._threshold_line(n, t)
                                for n, t in enumerate(chart.thresholds)]
        for line in self.threshold_lines:
            self.plot.addItem(line)
        self._show_state()
        self._show_rules()

    def _threshold_line(self, n: int, threshold: CrowdThreshold) -> pg.InfiniteLine:
        colour = RULE_COLOURS[n % len(RULE_COLOURS)]
        style = Qt.PenStyle.DashLine if threshold.enabled else Qt.PenStyle.DotLine
        label = threshold.name if threshold.enabled else self.tr("{0} (off)").format(
            threshold.name)
        line = pg.InfiniteLine(pos=100.0 * threshold.level, angle=0, movable=False,
                               pen=pg.mkPen(colour, width=1.5, style=style),
                               label=f"{label} · {100.0 * threshold.level:.0f}%",
                               labelOpts={"position": 0.02 + 0.2 * (n % 4), "color": colour,
                                          "anchors": [(0, 1), (0, 1)],
                                          "fill": pg.mkBrush(30, 31, 34, 210)})
        line.setObjectName(f"crowd-rule-{threshold.rule_id}")
        line.setToolTip(threshold.name)
        return line

    def readout(self, at: datetime) -> str:
        """What the chart says at ``at``, in words (the pointer's readout)."""
        chart = self.chart
        if chart is None or not chart.start <= at < chart.end:
            return ""
        point = point_at(chart, at)
        if point is None:
            return self.tr("{0}: nothing measured").format(format_wib(at, seconds=False))
        return self.tr("{0} to {1}: level {2:.0f}%, peak {3:.0f}%, moving {4:.0f}%").format(
            format_wib(point.start, seconds=False),
            format_wib(point.end, seconds=False, date=False),
            100 * point.level, 100 * point.peak, 100 * point.moving)

    @Slot(object)
    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            self.readout_label.setText("")
            return
        x = self.plot.vb.mapSceneToView(pos).x()
        try:
            at = datetime.fromtimestamp(x, UTC)
        except (OverflowError, OSError, ValueError):
            return
        self.readout_label.setText(self.readout(at))

    # -- words --------------------------------------------------------------------------
    def _show_state(self) -> None:
        if self._failure is not None:
            kind, message = self._failure
            texts = {
                ApiErrorKind.UNREACHABLE: self.tr("The server cannot be reached."),
                ApiErrorKind.NOT_FOUND: self.tr("No such camera among yours."),
                ApiErrorKind.UNAUTHORIZED: self.tr("Not signed in."),
                ApiErrorKind.BAD_REQUEST: self.tr("The server refused: {0}").format(message),
            }
            self.state_label.setText(self.tr("Not loaded. {0}").format(
                texts.get(kind, message or kind.value)))
        elif self._request is not None:
            self.state_label.setText(self.tr("Loading…"))
        elif self.chart is not None and not self.chart.points:
            self.state_label.setText(self.tr("Nothing measured in this range."))
        elif self.chart is not None:
            self.state_label.setText(self.tr("Up to {0}").format(
                format_wib(self.chart.end, seconds=False)))
        else:
            self.state_label.setText("")

    def _show_rules(self) -> None:
        chart = self.chart
        if chart is None:
            self.rules_label.setText("")
        elif not chart.rules_known:
            self.rules_label.setText(self.tr("The crowd alarm rules could not be read: "
                                             "their thresholds are not drawn."))
        elif not chart.thresholds:
            self.rules_label.setText(self.tr("No crowd alarm rule watches this camera."))
        else:
            self.rules_label.setText(self.tr(
                "Dashed lines: the crowd alarm rules of this camera and its areas; an alarm "
                "is raised when the level stays above one."))

    def _camera_title(self) -> str:
        camera = self._cameras.camera(self.camera_id)
        if camera is None:
            return self.camera_id
        return " · ".join([camera.name, " / ".join(camera.area_path)] if camera.area_path
                          else [camera.name])

    def _retranslate(self) -> None:
        title = self._camera_title()
        self.setWindowTitle(self.tr("Crowd level: {0}").format(title))
        self.title_label.setText(title)
        names = {CrowdRange.HOURS_6: self.tr("6 hours"), CrowdRange.HOURS_24: self.tr("24 hours"),
                 CrowdRange.DAYS_7: self.tr("7 days"), CrowdRange.DAYS_30: self.tr("30 days")}
        for choice, button in self.range_buttons.items():
            button.setText(names[choice])
        self.plot.setLabel("left", self.tr("% of the scene occupied"))
        self.plot.setLabel("bottom", self.tr("WIB"))
        self.plot.legend.clear()
        self.plot.legend.addItem(self.level_curve, self.tr("Level (mean)"))
        self.plot.legend.addItem(self.peak_curve, self.tr("Peak (busiest second)"))
        self.caption_label.setText(self.tr(
            "The crowd level is the share of the picture occupied by things that move or "
            "stand where the learned background is not, a minute's mean: an index of how "
            "full the scene is, not a head count. A dense crowd that stands still for "
            "minutes fades into the background and reads low; at night, in rain and when "
            "the camera moves it is unreliable. Where the line breaks, nothing was "
            "measured."))
        self._show_state()
        self._show_rules()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self._retranslate()

    # -- while shown --------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self.refresh_timer.isActive():
            self.refresh_timer.start()
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self.refresh_timer.stop()
        self._service.cancel(self._owner)
        self._request = None
