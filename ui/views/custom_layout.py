"""The custom layout dialog: a grid typed as text (rows x columns, then each tile's cell
and spans), drawn as the operator types, put on the wall when it is valid."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.wall import WallService
from app.wall import Grid, Layout
from ui.shell.i18n import language_notifier


class LayoutPreviewWidget(QWidget):
    """The cells of a grid with their tile numbers, as the wall will place them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: Grid | None = None
        self.setMinimumSize(320, 180)

    def set_grid(self, grid: Grid | None) -> None:
        self.grid = grid
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        if self.grid is None:
            return
        cw, ch = self.width() / self.grid.columns, self.height() / self.grid.rows
        painter.setPen(QPen(QColor("#90a4ae"), 2))
        for number, cell in enumerate(self.grid.cells, 1):
            rect = QRectF(cell.column * cw, cell.row * ch, cell.colspan * cw,
                          cell.rowspan * ch).adjusted(2, 2, -2, -2)
            painter.fillRect(rect, QColor("#263238"))
            painter.drawRect(rect)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(number))


class CustomLayoutDialog(QDialog):
    def __init__(self, wall: WallService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wall = wall
        self.setObjectName("custom-layout-dialog")
        self._help = QLabel(self)
        self._help.setWordWrap(True)
        self.spec = QLineEdit(self)
        self.spec.setObjectName("custom-layout-spec")
        self.preview = LayoutPreviewWidget(self)
        self.problem = QLabel(self)
        self.problem.setObjectName("custom-layout-problem")
        self.problem.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel, self)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._help)
        layout.addWidget(self.spec)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self._buttons)
        self.spec.textChanged.connect(self._on_spec_text_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        current = wall.layout
        self.spec.setText((current.grid if isinstance(current, Layout) else current).value)

    def grid(self) -> Grid | None:
        try:
            return Grid.parse(self.spec.text())
        except ValueError:
            return None

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Custom layout"))
        self._help.setText(self.tr(
            "Rows x columns, then each tile as row,column or row,column,rows,columns "
            "(counted from 0), separated by semicolons. Example, one large tile and five "
            "small: 3x3:0,0,2,2;0,2;1,2;2,0;2,1;2,2"))

    @Slot(str)
    def _on_spec_text_changed(self, text: str) -> None:
        try:
            grid = Grid.parse(text)
        except ValueError as exc:
            self.preview.set_grid(None)
            self.problem.setText(self.tr("Not a layout yet."))
            self.problem.setToolTip(str(exc))
            self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self.preview.set_grid(grid)
        self.problem.setText(self.tr("{0} tiles").format(grid.count))
        self.problem.setToolTip("")
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        grid = self.grid()
        if grid is not None:
            # A preset typed out is that preset, so the toolbar shows it checked.
            self._wall.set_layout(next((lay for lay in Layout if lay.grid == grid), grid))
            self.accept()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
