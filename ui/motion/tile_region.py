"""The rectangle an operator draws on a playback tile to search it for motion: armed
from the tile's menu (or M), dragged with the left button over the picture as a rubber
band, Esc or the right button cancels. The region is measured on the picture actually
shown (letterboxing and the tile's digital zoom taken out) and stays outlined while
its results are shown.

The tile owns one and paints it; the mouse and Esc reach it through an event filter, so
the tile's own handlers (selection, zoom drag, PTZ clicks) never see a drawing stroke.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.motion.region import Rect, region_from_drag, tile_rect
from app.motion.types import MotionRegion

BAND_COLOUR = QColor("#cc5de8")
BAND_FILL = QColor(204, 93, 232, 50)
_HINT_BACK = QColor(0, 0, 0, 200)


class RegionState(enum.Enum):
    IDLE = "idle"  # nothing drawn, nothing shown
    ARMED = "armed"  # waiting for the operator to press and drag
    DRAWING = "drawing"  # the left button is down: the rubber band follows the mouse
    SHOWN = "shown"  # a region was drawn: outlined while its search's results are shown


def _rect(rect: QRect) -> Rect:
    return float(rect.x()), float(rect.y()), float(rect.width()), float(rect.height())


class TileMotionRegion(QObject):
    region_drawn = Signal(object)  # MotionRegion, fractions of the whole picture
    clear_requested = Signal()  # the operator cleared the motion search on the tile
    changed = Signal()  # the tile repaints

    def __init__(self, tile: QWidget, picture_rect: Callable[[], QRect | None],
                 source: Callable[[], Rect]) -> None:
        super().__init__(tile)
        self._tile = tile
        self._picture_rect = picture_rect
        self._source = source  # the part of the picture the tile shows (digital zoom)
        self.state = RegionState.IDLE
        self.region: MotionRegion | None = None
        self.camera_id: str | None = None  # whose picture the region is of
        self._from: QPoint | None = None
        self._to: QPoint | None = None
        tile.installEventFilter(self)

    @property
    def drawing(self) -> bool:
        return self.state in (RegionState.ARMED, RegionState.DRAWING)

    def arm(self, camera_id: str) -> None:
        """Wait for a rectangle on ``camera_id``'s picture."""
        self.state = RegionState.ARMED
        self.camera_id = camera_id
        self._from = self._to = None
        self._tile.setCursor(Qt.CursorShape.CrossCursor)
        self._tile.setFocus(Qt.FocusReason.OtherFocusReason)  # for Esc
        self.changed.emit()

    def cancel(self) -> None:
        """Drawing abandoned: a region shown before (its results still listed) stays."""
        if not self.drawing:
            return
        self._tile.unsetCursor()
        self.state = RegionState.SHOWN if self.region is not None else RegionState.IDLE
        self._from = self._to = None
        self.changed.emit()

    def show_region(self, camera_id: str, region: MotionRegion) -> None:
        self._tile.unsetCursor()
        self.state, self.camera_id, self.region = RegionState.SHOWN, camera_id, region
        self.changed.emit()

    def clear(self) -> None:
        if self.state is RegionState.IDLE and self.region is None:
            return
        if self.drawing:
            self._tile.unsetCursor()
        self.state, self.region, self.camera_id = RegionState.IDLE, None, None
        self._from = self._to = None
        self.changed.emit()

    # -- input --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._tile or not self.drawing:
            return False
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
                event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc cancels the drawing, not the window's "restore"
            if kind is QEvent.Type.KeyPress:
                self.cancel()
            return True
        if kind is QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() is Qt.MouseButton.LeftButton:
                self._from = self._to = event.position().toPoint()
                self.state = RegionState.DRAWING
                self.changed.emit()
            else:
                self.cancel()
            return True
        if kind is QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if self.state is RegionState.DRAWING:
                self._to = event.position().toPoint()
                self.changed.emit()
            return True
        if kind is QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if self.state is RegionState.DRAWING and event.button() is Qt.MouseButton.LeftButton:
                self._to = event.position().toPoint()
                self._finish()
            return True
        # No maximise, menu or zoom in the middle of a stroke.
        return kind in (QEvent.Type.MouseButtonDblClick, QEvent.Type.ContextMenu,
                        QEvent.Type.Wheel)

    def _finish(self) -> None:
        picture = self._picture_rect()
        if picture is None or picture.isEmpty() or self._from is None or self._to is None:
            self.cancel()
            return
        region = region_from_drag((self._from.x(), self._from.y()), (self._to.x(), self._to.y()),
                                  _rect(picture), self._source())
        if region.empty:  # a click, not a rectangle: wait for a real one
            self.state = RegionState.ARMED
            self._from = self._to = None
            self.changed.emit()
            return
        self.show_region(self.camera_id or "", region)
        self.region_drawn.emit(region)

    # -- painting -----------------------------------------------------------------------
    def paint(self, painter: QPainter, camera_id: str | None) -> None:
        """Over the tile's picture: the rubber band, the hint, or the region outlined."""
        if self.state is RegionState.IDLE or camera_id != self.camera_id:
            return
        picture = self._picture_rect()
        painter.save()
        if self.state is RegionState.DRAWING and self._from is not None and self._to is not None:
            band = QRect(self._from, self._to).normalized()
            if picture is not None:
                band = band.intersected(picture)
            self._paint_box(painter, QRectF(band), dashed=True)
        elif self.state is RegionState.SHOWN and self.region is not None and picture is not None:
            placed = tile_rect(self.region, _rect(picture), self._source())
            if placed is not None:
                self._paint_box(painter, QRectF(*placed), dashed=False)
        if self.drawing:
            self._paint_hint(painter)
        painter.restore()

    def _paint_box(self, painter: QPainter, box: QRectF, dashed: bool) -> None:
        pen = QPen(BAND_COLOUR, 2)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(BAND_FILL)
        painter.drawRect(box)

    def _paint_hint(self, painter: QPainter) -> None:
        text = self.tr("Draw a rectangle over the picture to search it for motion (Esc "
                       "cancels)")
        metrics = painter.fontMetrics()
        area = self._tile.rect().adjusted(8, 0, -8, -8)
        width = min(area.width(), metrics.horizontalAdvance(text) + 16)
        box = QRect(area.left() + (area.width() - width) // 2,
                    area.bottom() - metrics.height() * 2 - 8, width, metrics.height() * 2 + 6)
        painter.fillRect(box, _HINT_BACK)
        painter.setPen(QColor("#f3d9fa"))
        painter.drawText(box.adjusted(6, 2, -6, -2), Qt.AlignmentFlag.AlignCenter
                         | Qt.TextFlag.TextWordWrap, text)
