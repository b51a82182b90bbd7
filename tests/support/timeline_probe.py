"""A timeline shown over an hour ending at ``now`` (1200 px: 20 px a minute), fed a
/recordings answer, and what a user sees of it: the colours under a column of pixels
and the tooltip where the pointer rests."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.api import parse
from ui.timeline.widget import TimelineWidget


def shown_timeline(qtbot, answer: dict, now: datetime) -> TimelineWidget:
    widget = TimelineWidget(clock=lambda: now)
    qtbot.addWidget(widget)
    widget.resize(1200, 64)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_camera(answer["camera_id"])
    widget.following_now = False
    widget.model.end = now
    widget.set_spans(answer["camera_id"], [(s.start, s.end) for s in parse.spans(answer)])
    widget.set_gaps(answer["camera_id"], parse.gaps(answer))
    return widget


def pixels(widget: TimelineWidget, x: int) -> set[str]:
    image = widget.grab().toImage()
    return {QColor(image.pixel(x + dx, y)).name() for dx in range(4) for y in range(24, 56)}


def tooltip(widget: TimelineWidget, x: int) -> str:
    move = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(x, 40), QPointF(x, 40),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, move)
    return widget.toolTip()
