"""A layout's icon drawn from its cells, so every layout (custom grids too) has one that
shows its shape without a file per layout."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from app.wall import AnyLayout

_SIZE = 32


def layout_icon(layout: AnyLayout, size: int = _SIZE) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#90a4ae"), 1.5))
    painter.setBrush(QColor("#37474f"))
    margin = 2.0
    cell_w = (size - 2 * margin) / layout.columns
    cell_h = (size - 2 * margin) / layout.rows
    for cell in layout.cells:
        painter.drawRect(QRectF(margin + cell.column * cell_w, margin + cell.row * cell_h,
                                cell.colspan * cell_w, cell.rowspan * cell_h).adjusted(
                                    0.5, 0.5, -0.5, -0.5))
    painter.end()
    return QIcon(pixmap)
