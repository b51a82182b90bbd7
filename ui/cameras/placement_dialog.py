"""The question asked when cameras from the camera list find no empty tile.

Nothing the operator put on the wall is replaced without this question. The first offer
is a larger layout: as in Milestone's Smart Client, a camera keeps its tile number when
the grid grows, so the operator's wall stays where it was and the new cameras go on the
new tiles. Replacing is offered second (the selected tile for one camera, the whole wall
page by page for an area), then the empty tiles alone; Cancel is the default."""

from __future__ import annotations

import enum

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from app.wall import Layout


class PlacementChoice(enum.Enum):
    LARGER_LAYOUT = "larger_layout"  # grow the grid; every camera keeps its tile
    REPLACE = "replace"  # one camera: the selected tile; an area: the whole wall
    EMPTY_ONLY = "empty_only"  # an area page by page over the empty tiles alone
    CANCEL = "cancel"


class PlacementDialog(QMessageBox):
    chosen = Signal(object)  # PlacementChoice

    def __init__(self, text: str, *, larger: Layout | None, replace: str,
                 empty_only: bool, parent: QWidget | None = None) -> None:
        """``replace``: the label of the replacing button, "" when none is offered."""
        super().__init__(parent)
        self.setObjectName("placement-dialog")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Put cameras on the wall"))
        self.setText(text)
        self.setInformativeText(self.tr("Nothing on the wall is replaced unless you choose "
                                        "to replace it."))
        self.buttons: dict[PlacementChoice, QAbstractButton] = {}
        role = QMessageBox.ButtonRole.AcceptRole
        if larger is not None:
            self.buttons[PlacementChoice.LARGER_LAYOUT] = self.addButton(
                self.tr("Larger layout ({0})").format(larger.value), role)
        if replace:
            self.buttons[PlacementChoice.REPLACE] = self.addButton(replace, role)
        if empty_only:
            self.buttons[PlacementChoice.EMPTY_ONLY] = self.addButton(
                self.tr("Empty tiles only"), role)
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.buttons[PlacementChoice.CANCEL] = cancel
        self.setDefaultButton(cancel)
        self.setEscapeButton(cancel)
        self.buttonClicked.connect(self._on_button_clicked)

    def offers(self) -> list[PlacementChoice]:
        return list(self.buttons)

    @Slot(QAbstractButton)
    def _on_button_clicked(self, button: QAbstractButton) -> None:
        choice = next((c for c, b in self.buttons.items() if b is button), PlacementChoice.CANCEL)
        self.chosen.emit(choice)
