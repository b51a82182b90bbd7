"""The picture under the mouse on the timeline: when the pointer rests over a recorded
span for a moment, the camera's keyframe at that time is fetched (ThumbnailService, which
caches) and shown above the cursor with its WIB time. Moving on, leaving or dragging hides
it, and an answer for a place the mouse has left is dropped."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.api.errors import ApiErrorKind
from app.api.thumbnails import Thumbnail
from app.services.thumbnails import ThumbnailService, rounded
from app.timefmt import format_wib
from app.timeline import TimelineModel

REST_MS = 250  # how long the pointer rests before a picture is asked for
THUMB_WIDTH = 240
GAP_ABOVE_PX = 14
# Hover times are rounded to one of these (seconds) so that nearby pixels share a cached
# picture: about two pixels' worth of time at the current zoom.
STEPS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)


def hover_step_s(model: TimelineModel) -> float:
    per_two_px = 2 * model.visible.total_seconds() / model.width_px
    return next((step for step in STEPS_S if step >= per_two_px), STEPS_S[-1])


def recorded_under(model: TimelineModel, x: float) -> bool:
    return any(x0 <= x <= x1 for x0, x1 in model.visible_spans())


class TimelineThumbnailPopup(QWidget):
    """A frameless tooltip-like window: the picture and its time under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("timeline-thumbnail")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet("#timeline-thumbnail { background: #0d1117; border: 1px solid "
                           "#484f58; } QLabel { color: #e6edf3; }")
        self.picture_label = QLabel(self)
        self.picture_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time_label = QLabel(self)
        self.time_label.setObjectName("timeline-thumbnail-time")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        layout.addWidget(self.picture_label)
        layout.addWidget(self.time_label)
        self.at: datetime | None = None  # the moment shown

    def show_picture(self, picture: QImage, at: datetime, cursor: QPoint,
                     above_y: int | None = None) -> None:
        """Above ``cursor`` (global coordinates) and ``above_y`` (the timeline's top: its
        time labels stay readable), kept on its screen."""
        if picture.width() > THUMB_WIDTH:
            picture = picture.scaledToWidth(THUMB_WIDTH,
                                            Qt.TransformationMode.SmoothTransformation)
        self.picture_label.setPixmap(QPixmap.fromImage(picture))
        self.time_label.setText(format_wib(at))
        self.at = at
        self.adjustSize()
        x = cursor.x() - self.width() // 2
        bottom = cursor.y() - GAP_ABOVE_PX
        if above_y is not None:
            bottom = min(bottom, above_y - 4)
        y = bottom - self.height()
        screen = QGuiApplication.screenAt(cursor) or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            x = max(area.left(), min(x, area.right() - self.width()))
            if y < area.top():  # no room above: below the cursor instead
                y = cursor.y() + GAP_ABOVE_PX + 8
        self.move(x, y)
        self.show()


class TimelineHover(QObject):
    """What the timeline calls as the mouse moves; owns the wait, the request and the
    popup (a child of the timeline: it goes with it)."""

    def __init__(self, timeline: QWidget, thumbnails: ThumbnailService) -> None:
        super().__init__(timeline)
        self._timeline = timeline
        self._thumbnails = thumbnails
        self.popup = TimelineThumbnailPopup(timeline)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REST_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._pending: tuple[str, datetime, QPoint] | None = None  # camera, time, cursor
        self._request: int | None = None
        thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
        thumbnails.thumbnail_failed.connect(self._on_thumbnails_thumbnail_failed)

    def moved(self, camera_id: str, at: datetime, step_s: float, cursor: QPoint) -> None:
        """The pointer is over recorded footage of ``camera_id`` at ``at``."""
        moment = rounded(at, step_s)
        if (self.popup.isVisible() and self._pending is not None
                and self._pending[:2] == (camera_id, moment)):
            return  # still over the picture shown
        self.cancel()
        self._pending = (camera_id, moment, QPoint(cursor))
        self._timer.start()

    def cancel(self) -> None:
        """The pointer left, dragged or is over nothing recorded."""
        self._timer.stop()
        self._pending = None
        self._request = None  # an answer still on its way is dropped
        self.popup.hide()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._pending is None:
            return
        camera_id, moment, _cursor = self._pending
        self._request = self._thumbnails.request(camera_id, moment, THUMB_WIDTH)

    @Slot(int, object)
    def _on_thumbnails_thumbnail_ready(self, request_id: int, thumb: Thumbnail) -> None:
        if request_id != self._request or self._pending is None:
            return
        self._request = None
        picture = QImage.fromData(thumb.jpeg)
        if not picture.isNull():
            self.popup.show_picture(picture, self._pending[1], self._pending[2],
                                    self._timeline.mapToGlobal(QPoint(0, 0)).y())

    @Slot(int, object, str)
    def _on_thumbnails_thumbnail_failed(self, request_id: int, _kind: ApiErrorKind,
                                        _message: str) -> None:
        if request_id == self._request:
            self._request = None  # nothing to show here: no popup
