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


def fit_bar(base_font: QFont, size: tuple[int, int], name: str,
            badge_text: str) -> tuple[str, int, str, int]:
    """(name as drawn, its width, badge text as drawn, badge width). The camera's name
    comes first: which camera it is matters more than the last word of its state, so
    a long badge ("Offline: camera unreachable") is elided before the name is, and
    the badge keeps at least a quarter of the bar."""
    width, height = size
    name_metrics = QFontMetrics(tile_font(base_font, height, 0.05, bold=True))
    badge_metrics = QFontMetrics(tile_font(base_font, height, 0.042, bold=True))
    badge_need = badge_metrics.horizontalAdvance(badge_text) + 18  # + its padding
    name_need = name_metrics.horizontalAdvance(name) + 2
    badge_least = min(badge_need, max(width // 4, 48))
    # 16: the left margin, the gap between the two and the right margin.
    badge_w = max(min(badge_need, width - 16 - name_need, width * 2 // 3), badge_least)
    name_w = width - badge_w - 16
    return (name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_w), name_w,
            badge_metrics.elidedText(badge_text, Qt.TextElideMode.ElideRight, badge_w - 10),
            badge_w)


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
        name, name_w, badge_text, badge_w = fit_bar(base_font, size, name, badge_text)
        bar_h = bar_height(base_font, height)
        pixmap = QPixmap(round(width * ratio), round(bar_h * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(0, 0, 0, 170))
        painter = QPainter(pixmap)
        badge = QRectF(width - badge_w - 4, 4, badge_w, bar_h - 8)
        background, foreground = colours
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor(foreground))
        painter.setFont(badge_font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)

        painter.setFont(name_font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRect(8, 0, name_w, bar_h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        painter.end()
        return pixmap
