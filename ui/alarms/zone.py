"""The zone of a motion rule, drawn as a rubber band on the camera's current picture:
the picture letterboxed into the widget, the zone measured on the picture itself (the
same maths as the motion search's rectangle, app/motion/region.py)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.motion.region import Rect, region_from_drag, tile_rect
from app.motion.types import MotionRegion

ZONE_COLOUR = QColor("#ff9100")
ZONE_FILL = QColor(255, 145, 0, 60)
_BACK = QColor("#1f2328")


class ZonePictureWidget(QWidget):
    region_changed = Signal(object)  # MotionRegion or None (the whole picture)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarm-zone")
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._picture: QImage | None = None
        self._aspect = 16 / 9  # until a picture says otherwise
        self.region: MotionRegion | None = None
        self.placeholder = ""
        self._from: QPoint | None = None
        self._to: QPoint | None = None

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def set_picture(self, picture: QImage | None) -> None:
        self._picture = picture if picture is not None and not picture.isNull() else None
        if self._picture is not None:
            self._aspect = self._picture.width() / max(1, self._picture.height())
        self.update()

    def set_region(self, region: MotionRegion | None) -> None:
        self.region = region
        self.update()

    def picture_rect(self) -> QRect:
        """Where the picture lies in the widget (letterboxed)."""
        width, height = self.width(), self.height()
        if width / max(1, height) > self._aspect:
            shown_w, shown_h = round(height * self._aspect), height
        else:
            shown_w, shown_h = width, round(width / self._aspect)
        return QRect((width - shown_w) // 2, (height - shown_h) // 2, shown_w, shown_h)

    def _shown(self) -> Rect:
        rect = self.picture_rect()
        return float(rect.x()), float(rect.y()), float(rect.width()), float(rect.height())

    def drag(self, a: QPoint, b: QPoint) -> MotionRegion | None:
        """A drag from ``a`` to ``b`` (widget points), as the mouse makes it; the zone or
        None when it was a click."""
        region = region_from_drag((a.x(), a.y()), (b.x(), b.y()), self._shown())
        if region.empty:
            return None
        self.set_region(region)
        self.region_changed.emit(region)
        return region

    # -- input ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self._from = self._to = event.position().toPoint()
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._from is not None:
            self._to = event.position().toPoint()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._from is not None and event.button() is Qt.MouseButton.LeftButton:
            start, self._from, self._to = self._from, None, None
            self.drag(start, event.position().toPoint())
            self.update()

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACK)
        shown = self.picture_rect()
        if self._picture is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(shown, self._picture)
        elif self.placeholder:
            painter.setPen(QColor("#c9d1d9"))
            painter.drawText(shown, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
        painter.setPen(QPen(ZONE_COLOUR, 2))
        painter.setBrush(ZONE_FILL)
        if self._from is not None and self._to is not None:
            painter.drawRect(QRect(self._from, self._to).normalized())
        elif self.region is not None:
            rect = tile_rect(self.region, self._shown())
            if rect is not None:
                painter.drawRect(QRectF(*rect))
        painter.end()
