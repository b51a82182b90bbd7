"""The native child window a tile lends to libVLC, which draws its picture there.

Qt paints nothing on it (libVLC owns its pixels); mouse events, which libVLC is told
not to take, reach the tile through the usual parent propagation, so wheel zoom, drag,
double click and the context menu work on it as on a painted picture.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPaintEngine
from PySide6.QtWidgets import QWidget

from app.streams.engine import VideoFrame


class VideoSurface(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("video-surface")
        # Its own window, without making the tile and the wall native too.
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_PaintOnScreen)  # no backing store
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAutoFillBackground(False)
        self.made_for = QSize()  # the size it had when handed to libVLC
        self.hide()

    def window_id(self) -> int:
        return int(self.winId())

    def paintEngine(self) -> QPaintEngine | None:
        return None  # libVLC draws here; Qt must not paint over it

    def grab_picture(self, part: QRect | None = None) -> VideoFrame | None:
        """What libVLC shows right now (``part`` of it: the picture without its
        letterbox), read back from the screen, for a snapshot."""
        screen = self.screen()
        if screen is None or not self.isVisible():
            return None
        part = part or self.rect()
        image = screen.grabWindow(self.window_id(), part.x(), part.y(), part.width(),
                                  part.height()).toImage()
        if image.isNull():
            return None
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
            image.height(), image.bytesPerLine())[:, :image.width() * 4]
        return VideoFrame(bgrx=np.ascontiguousarray(pixels).reshape(
            image.height(), image.width(), 4), pts_s=None)
