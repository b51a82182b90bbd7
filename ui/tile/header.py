"""The bar across the top of a tile: the camera's name and its state badge.

A wall repaints every tile for every picture, 960 times a second on an 8x8 wall of
15 fps cameras, while the bar changes a few times a minute. It is therefore drawn once
into a pixmap and that pixmap is reused until the name, the badge, the colours or the
tile's size change.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap


def tile_font(base: QFont, tile_height: int, scale: float, bold: bool = False) -> QFont:
    """Legible from across the room, yet not covering a small tile."""
    font = QFont(base)
    font.setPointSizeF(max(8.0, min(15.0, tile_height * scale)))
    font.setBold(bold)
    return font


def bar_height(base_font: QFont, tile_height: int) -> int:
    """How tall the bar is on a tile of ``tile_height``."""
    name = QFontMetrics(tile_font(base_font, tile_height, 0.05, bold=True))
    badge = QFontMetrics(tile_font(base_font, tile_height, 0.042, bold=True))
    return max(name.height(), badge.height()) + 8


class TileHeader:
    def __init__(self) -> None:
        self._key: tuple | None = None
        self._pixmap: QPixmap | None = None
        self.renders = 0  # how often the bar was really drawn (tests read it)

    def paint(self, painter: QPainter, base_font: QFont, size: tuple[int, int],
              ratio: float, name: str, badge_text: str, colours: tuple[str, str]) -> None:
        # QFont compares by value; its key() string cost more than the rest of a paint.
        key = (size, ratio, base_font, name, badge_text, colours)
        if key != self._key or self._pixmap is None:
            self._pixmap = self._render(base_font, size, ratio, name, badge_text, colours)
            self._key = key
            self.renders += 1
        painter.drawPixmap(0, 0, self._pixmap)

    def _render(self, base_font: QFont, size: tuple[int, int], ratio: float, name: str,
                badge_text: str, colours: tuple[str, str]) -> QPixmap:
        width, height = size
        name_font = tile_font(base_font, height, 0.05, bold=True)
        badge_font = tile_font(base_font, height, 0.042, bold=True)
        name_metrics, badge_metrics = QFontMetrics(name_font), QFontMetrics(badge_font)
        bar_h = bar_height(base_font, height)
        pixmap = QPixmap(round(width * ratio), round(bar_h * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(0, 0, 0, 170))
        painter = QPainter(pixmap)
        # +18: the badge's padding. Leave the camera's name at least a third of the bar;
        # the badge may take the rest.
        badge_w = min(badge_metrics.horizontalAdvance(badge_text) + 18, width * 2 // 3)
        badge_text = badge_metrics.elidedText(badge_text, Qt.TextElideMode.ElideRight,
                                              badge_w - 10)
        badge = QRectF(width - badge_w - 4, 4, badge_w, bar_h - 8)
        background, foreground = colours
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor(foreground))
        painter.setFont(badge_font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)

        name_w = int(badge.left()) - 12
        name = name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_w)
        painter.setFont(name_font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRect(8, 0, name_w, bar_h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        painter.end()
        return pixmap
