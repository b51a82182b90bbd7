"""The timeline under the wall: recorded spans and gaps of the selected camera, its
bookmarks, the playhead and now; zoomed with the wheel from a minute to 30 days, dragged
to move through time, clicked to play from a moment, shift-dragged to select a range to
export."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QWidget

from app.domain import GapReason, RecordingGap
from app.services.thumbnails import ThumbnailService
from app.timefmt import format_wib
from app.timeline import Mark, TimelineModel
from ui.timeline.motion_layer import TimelineMotionLayer
from ui.timeline.thumbnail import TimelineHover, hover_step_s, recorded_under

HEIGHT = 64
SPAN_COLOUR = QColor("#2f9e44")
GAP_COLOUR = QColor("#1f2328")
LOST_COLOUR = QColor("#c92a2a")  # recorded but lost: not the calm grey of "not recorded"
# Recorded and kept, on a node that is down: not lost, so grey and not the red of damage.
UNAVAILABLE_COLOUR = QColor("#868e96")
MARK_COLOUR = QColor("#f59f00")
PROTECTED_COLOUR = QColor("#e03131")
SELECTION_COLOUR = QColor(77, 171, 247, 90)
PLAYHEAD_COLOUR = QColor("#ffffff")
NOW_COLOUR = QColor("#ff6b6b")
TEXT_COLOUR = QColor("#c9d1d9")
WHEEL_STEP = 1.25  # zoom factor per wheel notch
CLICK_SLOP_PX = 4
FOLLOW_MS = 1000


def _utc_now() -> datetime:
    return datetime.now(UTC)


class TimelineWidget(QWidget):
    seek_requested = Signal(object)  # datetime (UTC): play from here
    export_requested = Signal(str, object, object)  # camera id, start, end
    bookmark_requested = Signal(str, object)  # camera id, at
    bookmark_activated = Signal(int)  # bookmark id
    range_changed = Signal(object, object)  # visible start, end: fetch spans for it

    def __init__(self, parent: QWidget | None = None, clock=_utc_now, *,
                 thumbnails: ThumbnailService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMinimumHeight(HEIGHT)
        self.setMaximumHeight(HEIGHT)
        self.setMouseTracking(True)
        self._clock = clock
        self.model = TimelineModel(clock(), max(1, self.width()))
        self.camera_id: str | None = None
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self._selecting = False
        self._dragged = False
        # While live and not dragged away, "now" stays in view at the right edge.
        self.following_now = True
        self._tick = QTimer(self)
        self._tick.setInterval(FOLLOW_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._tick.start()
        self.hover: TimelineHover | None = None  # pictures while the mouse rests
        self.set_thumbnails(thumbnails)
        self.motion = TimelineMotionLayer(self)  # a motion search's hits
        self.motion.cleared.connect(self.update)

    def set_thumbnails(self, thumbnails: ThumbnailService | None) -> None:
        if self.hover is not None:
            self.hover.cancel()
            self.hover.deleteLater()
        self.hover = TimelineHover(self, thumbnails) if thumbnails is not None else None

    def _hide_hover(self) -> None:
        if self.hover is not None:
            self.hover.cancel()

    # -- what it shows -------------------------------------------------------------------
    def set_camera(self, camera_id: str | None) -> None:
        if camera_id != self.camera_id:
            self._hide_hover()
            self.camera_id = camera_id
            self.model.set_spans([])
            self.model.set_gaps([])
            self.model.set_marks([])
            self.model.selection = None
            self.update()

    def set_spans(self, camera_id: str, spans: list[tuple[datetime, datetime]]) -> None:
        if camera_id == self.camera_id:
            self.model.set_spans(spans)
            self.update()

    def set_gaps(self, camera_id: str, gaps: list[RecordingGap]) -> None:
        if camera_id == self.camera_id:
            self.model.set_gaps(gaps)
            self.update()

    def gap_text(self, gap: RecordingGap) -> str:
        """What the tooltip says over a lost stretch: why, and when."""
        reasons = {
            GapReason.MISSING: self.tr("Missing: recorded, but the file is gone"),
            GapReason.TRUNCATED: self.tr("Damaged: the recording is cut short"),
            GapReason.CORRUPT: self.tr("Damaged: the recording is corrupt"),
            GapReason.UNAVAILABLE: self.tr("Unavailable: on a recording node that is down"),
            GapReason.OTHER: self.tr("Damaged: the recording cannot be played"),
        }
        return f"{reasons[gap.reason]}\n{format_wib(gap.start)} – {format_wib(gap.end, date=False)}"

    def set_marks(self, camera_id: str, marks: list[Mark]) -> None:
        if camera_id == self.camera_id:
            self.model.set_marks(marks)
            self.update()

    def set_position(self, at: datetime | None) -> None:
        """The playhead; None is live, and brings "now" back into view."""
        self.model.position = at
        if at is not None:
            self.model.show(at)
        else:
            self.following_now = True
            self._on_tick_timeout()
        self.update()

    def _on_tick_timeout(self) -> None:
        if not self.following_now or self._press is not None:
            return
        now = self._clock()
        if now > self.model.end - self.model.visible * 0.02 or now < self.model.start:
            self.model.end = now + self.model.visible * 0.05
            self._moved()
        else:
            self.update()

    # -- painting ------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self.model.resize(self.width())
        super().resizeEvent(event)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        paint_timeline(painter, self.model, self.width(), self.height(), self._clock(),
                       self.font())
        self.motion.paint(painter, self.model, self.camera_id, self.width(), self.height())
        painter.end()

    # -- interaction ---------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self._hide_hover()
            self.model.zoom(WHEEL_STEP ** notches, event.position().x())
            self._moved()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._hide_hover()
        if event.button() is Qt.MouseButton.LeftButton:
            self._press = self._last = event.position()
            self._dragged = False
            self._selecting = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self._press is not None:
            if abs(point.x() - self._press.x()) > CLICK_SLOP_PX:
                self._dragged = True
            if self._selecting:
                a, b = sorted((self._press.x(), point.x()))
                self.model.selection = (self.model.time_at(a), self.model.time_at(b))
                self.update()
            elif self._dragged:
                self.following_now = False  # the operator is looking back in time
                self.model.pan_px(point.x() - self._last.x())
                self._moved()
            self._last = point
            return
        mark = self.model.mark_at(point.x())
        at = self.model.time_at(point.x())
        tip = format_wib(at)
        motion = self.motion.hit_at(self.model, self.camera_id, point.x()) \
            if mark is None else None
        gap = self.model.gap_at(point.x()) if mark is None and motion is None else None
        if mark is not None:
            tip = f"{mark.title}\n{format_wib(mark.start)} – {format_wib(mark.end, date=False)}"
        elif motion is not None:
            tip = self.motion.tooltip(motion)
        elif gap is not None:
            tip = self.gap_text(gap)
        if self.hover is not None:
            if (mark is None and gap is None and motion is None and self.camera_id
                    and recorded_under(self.model, point.x())):
                tip = ""  # the picture popup shows the time
                self.hover.moved(self.camera_id, at, hover_step_s(self.model),
                                 event.globalPosition().toPoint())
            else:
                self.hover.cancel()
        self.setToolTip(tip)

    def leaveEvent(self, event) -> None:
        self._hide_hover()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        x = event.position().x()
        if self._selecting and self._dragged and self.camera_id and self.model.selection:
            start, end = self.model.selection
            self.export_requested.emit(self.camera_id, start, end)
        elif not self._dragged:
            mark = self.model.mark_at(x)
            motion = self.motion.hit_at(self.model, self.camera_id, x)
            if mark is not None:
                self.bookmark_activated.emit(mark.id)
            elif motion is not None:
                self.seek_requested.emit(motion.start)  # from the hit's start
            else:
                self.seek_requested.emit(min(self.model.time_at(x), self._clock()))
        self._press = self._last = None
        self._selecting = self._dragged = False

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if not self.camera_id:
            return
        at = self.model.time_at(event.pos().x())
        menu = QMenu(self)
        mark = menu.addAction(self.tr("Bookmark here ({0})").format(format_wib(at)))
        mark.triggered.connect(lambda: self.bookmark_requested.emit(self.camera_id, at))
        if self.model.selection:
            start, end = self.model.selection
            export = menu.addAction(self.tr("Export the selection…"))
            export.triggered.connect(
                lambda: self.export_requested.emit(self.camera_id, start, end))
        if self.motion.active:
            clear = menu.addAction(self.tr("Clear motion search"))
            clear.setObjectName("action-clear-motion")
            clear.triggered.connect(self.motion.clear)
        menu.exec(event.globalPos())

    def _moved(self) -> None:
        self._hide_hover()  # the time under the pointer changed
        self.update()
        self.range_changed.emit(self.model.start, self.model.end)


def paint_timeline(painter: QPainter, model: TimelineModel, width: int, height: int,
                   now: datetime, font) -> None:
    """What the widget paints, on any painter (the benchmark paints into an image)."""
    band_top, band_height = 22, height - 30
    painter.fillRect(0, 0, width, height, QColor("#0d1117"))
    painter.fillRect(0, band_top, width, band_height, GAP_COLOUR)
    for x0, x1 in model.visible_spans():
        painter.fillRect(QRectF(x0, band_top, x1 - x0, band_height), SPAN_COLOUR)
    for x0, x1, gap in model.visible_gaps():
        if gap.reason is GapReason.UNAVAILABLE:
            # Hatched the other way and grey: it comes back with its node, nothing is lost.
            painter.fillRect(QRectF(x0, band_top, x1 - x0, band_height),
                             QBrush(UNAVAILABLE_COLOUR, Qt.BrushStyle.FDiagPattern))
            continue
        # Hatched, so it reads as "something is wrong here" even without colour.
        painter.fillRect(QRectF(x0, band_top, x1 - x0, band_height),
                         QBrush(LOST_COLOUR, Qt.BrushStyle.BDiagPattern))
        painter.fillRect(QRectF(x0, band_top + band_height - 3, x1 - x0, 3), LOST_COLOUR)
    for x0, x1, mark in model.visible_marks():
        colour = PROTECTED_COLOUR if mark.protected else MARK_COLOUR
        painter.fillRect(QRectF(x0, band_top - 6, max(3.0, x1 - x0), 5), colour)
        painter.fillRect(QRectF(x0, band_top, 2, band_height), colour)
    if model.selection is not None:
        x0, x1 = (model.x_of(t) for t in model.selection)
        painter.fillRect(QRectF(x0, 0, x1 - x0, height), SELECTION_COLOUR)
    painter.setFont(font)
    painter.setPen(TEXT_COLOUR)
    for tick in model.ticks():
        painter.drawLine(QPointF(tick.x, band_top + band_height),
                         QPointF(tick.x, band_top + band_height + 4))
        painter.drawText(QPointF(tick.x + 3, 14), tick.label)
    now_x = model.x_of(now)
    if 0 <= now_x <= width:
        painter.setPen(QPen(NOW_COLOUR, 2))
        painter.drawLine(QPointF(now_x, 0), QPointF(now_x, height))
    if model.position is not None:
        x = model.x_of(model.position)
        painter.setPen(QPen(PLAYHEAD_COLOUR, 2))
        painter.drawLine(QPointF(x, band_top - 8), QPointF(x, height))
