"""Motion search hits on the timeline: a violet band over each hit of the camera shown,
a grey hatch where the motion analysis did not look, a legend that says what the colour
means, and the tooltip of a hit. The timeline widget asks this layer; it decides
nothing about searches (ui/motion/binding.py does)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter

from app.motion.marks import MotionMarks
from app.motion.types import MotionHit, MotionSearchResult
from app.timefmt import format_wib
from app.timeline import TimelineModel

MOTION_COLOUR = QColor("#cc5de8")  # apart from recorded green, bookmark amber, loss red
MOTION_FILL = QColor(204, 93, 232, 110)
NOT_ANALYSED_COLOUR = QColor("#adb5bd")
LEGEND_BACK = QColor(13, 17, 23, 230)


class TimelineMotionLayer(QObject):
    cleared = Signal()  # the operator cleared the motion search from the timeline

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.marks = MotionMarks()

    @property
    def active(self) -> bool:
        return self.marks.active

    def set_result(self, result: MotionSearchResult | None) -> None:
        self.marks.set_result(result)

    def clear(self) -> None:
        """Asked by the operator: the layer goes and the search's owner is told."""
        if self.marks.active:
            self.marks.clear()
            self.cleared.emit()

    def hit_at(self, model: TimelineModel, camera_id: str | None, x: float) -> MotionHit | None:
        return self.marks.hit_at(model, camera_id, x)

    def tooltip(self, hit: MotionHit) -> str:
        seconds = max(1, round(hit.duration.total_seconds()))
        return self.tr("Motion in the searched region\n{0} – {1} ({2} s, {3} cells)").format(
            format_wib(hit.start), format_wib(hit.end, date=False), seconds, hit.cells)

    def paint(self, painter: QPainter, model: TimelineModel, camera_id: str | None,
              width: int, height: int) -> None:
        if not self.marks.active:
            return
        band_top, band_height = 22, height - 30
        for x0, x1 in self.marks.not_analysed(model, camera_id):
            painter.fillRect(QRectF(x0, band_top + band_height - 4, x1 - x0, 4),
                             QBrush(NOT_ANALYSED_COLOUR, Qt.BrushStyle.Dense5Pattern))
        hits = self.marks.visible(model, camera_id)
        for x0, x1, _hit in hits:
            painter.fillRect(QRectF(x0, band_top, x1 - x0, band_height), MOTION_FILL)
            painter.fillRect(QRectF(x0, band_top + band_height - 6, x1 - x0, 6),
                             MOTION_COLOUR)
        self._paint_legend(painter, len(self.marks.hits(camera_id)), width)

    def _paint_legend(self, painter: QPainter, count: int, width: int) -> None:
        text = self.tr("Motion: {0} hits").format(count)
        metrics = QFontMetrics(painter.font())
        box = QRectF(width - metrics.horizontalAdvance(text) - 26, 2,
                     metrics.horizontalAdvance(text) + 22, metrics.height() + 2)
        painter.fillRect(box, LEGEND_BACK)
        painter.fillRect(QRectF(box.left() + 4, box.center().y() - 4, 8, 8), MOTION_COLOUR)
        painter.setPen(MOTION_COLOUR)
        painter.drawText(box.adjusted(16, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
