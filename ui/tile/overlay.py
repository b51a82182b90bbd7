"""A small translucent text box painted over a tile's picture (stream info, notices)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

_MARGIN = 6
_PADDING = 5


def info_box_height(lines: list[str], font: QFont) -> int:
    """The height a box of ``lines`` takes at the bottom of an area, margin included."""
    return QFontMetrics(font).height() * len(lines) + 2 * _PADDING + 2 * _MARGIN


def paint_info_box(painter: QPainter, area: QRect, lines: list[str], font: QFont,
                   bottom: bool) -> QRect:
    """Paint ``lines`` in a box at the bottom-left (or centred at the top, under the
    header) of ``area``; returns the box."""
    metrics = QFontMetrics(font)
    width = min(area.width() - 2 * _MARGIN,
                max(metrics.horizontalAdvance(line) for line in lines) + 2 * _PADDING)
    height = metrics.height() * len(lines) + 2 * _PADDING
    if bottom:
        box = QRect(area.left() + _MARGIN, area.bottom() - _MARGIN - height, width, height)
    else:
        top = area.top() + metrics.height() * 2 + _MARGIN
        box = QRect(area.left() + (area.width() - width) // 2, top, width, height)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 190))
    painter.drawRoundedRect(box, 4, 4)
    painter.setFont(font)
    painter.setPen(QColor("#e8f5e9"))
    for row, line in enumerate(lines):
        painter.drawText(QRect(box.left() + _PADDING, box.top() + _PADDING
                               + row * metrics.height(), box.width() - 2 * _PADDING,
                               metrics.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(line, Qt.TextElideMode.ElideRight,
                                            box.width() - 2 * _PADDING))
    painter.restore()
    return box
