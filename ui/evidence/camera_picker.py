"""A checkable list of the cameras the user may see, for a request or an export of
several cameras: filter by typing, tick what to take; suggestions (the cameras nearest an
incident's place) come first, with their distance, and are ticked for the user."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain import Camera
from app.places import Suggestion

ID_ROLE = Qt.ItemDataRole.UserRole
ORDER_ROLE = Qt.ItemDataRole.UserRole + 1


def distance_text(metres: float | None) -> str:
    if metres is None:
        return ""
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


class _Item(QTreeWidgetItem):
    def __lt__(self, other: QTreeWidgetItem) -> bool:  # suggestions first, then by name
        return (self.data(0, ORDER_ROLE), self.text(0).casefold()) < (
            other.data(0, ORDER_ROLE), other.text(0).casefold())


class CameraPickerWidget(QWidget):
    checked_changed = Signal()

    def __init__(self, cameras: list[Camera], checked: list[str] = (),
                 parent: QWidget | None = None, *, distances: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("camera-picker")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("camera-picker-filter")
        self.filter_edit.setPlaceholderText(self.tr("Filter cameras by name, id or area"))
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("camera-picker-list")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Camera"), self.tr("Area"), self.tr("Distance")])
        self.list.setColumnWidth(0, 280)
        self.list.setColumnWidth(1, 230)
        self.list.setColumnHidden(2, not distances)  # only where a place is typed
        self._items: dict[str, QTreeWidgetItem] = {}
        self._auto: set[str] = set()  # ticked by a suggestion, not by the user
        wanted = set(checked)
        for camera in cameras:
            item = _Item([f"{camera.name} ({camera.id})", " › ".join(camera.area_path[1:4]), ""])
            item.setData(0, ID_ROLE, camera.id)
            item.setData(0, ORDER_ROLE, 1_000)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if camera.id in wanted
                               else Qt.CheckState.Unchecked)
            self.list.addTopLevelItem(item)
            self._items[camera.id] = item
        self.list.sortItems(0, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.list.itemChanged.connect(self._on_list_item_changed)

    def checked_ids(self) -> list[str]:
        """The ticked cameras, in the list's order."""
        out = []
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.checkState(0) == Qt.CheckState.Checked:
                out.append(item.data(0, ID_ROLE))
        return out

    def set_checked(self, camera_id: str, checked: bool) -> None:
        item = self._items.get(camera_id)
        if item is not None:
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def suggest(self, found: list[Suggestion]) -> None:
        """Show ``found`` first with its distance and tick it; untick the previous
        suggestion's cameras the user left as they were."""
        self.list.blockSignals(True)
        for camera_id in self._auto:
            self._items[camera_id].setCheckState(0, Qt.CheckState.Unchecked)
        self._auto = set()
        bold = QFont(self.font())
        bold.setBold(True)
        for item in self._items.values():
            item.setData(0, ORDER_ROLE, 1_000)
            item.setText(2, "")
            item.setFont(0, self.font())
        for order, suggestion in enumerate(found):
            item = self._items.get(suggestion.camera.id)
            if item is None:
                continue
            item.setData(0, ORDER_ROLE, order)
            item.setText(2, distance_text(suggestion.distance_m))
            item.setFont(0, bold)
            if item.checkState(0) != Qt.CheckState.Checked:
                item.setCheckState(0, Qt.CheckState.Checked)
                self._auto.add(suggestion.camera.id)
        self.list.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.list.blockSignals(False)
        if found:
            self.list.scrollToTop()
        self.checked_changed.emit()

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        for item in self._items.values():
            haystack = f"{item.text(0)} {item.text(1)}".casefold()
            item.setHidden(not all(w in haystack for w in words))

    @Slot(QTreeWidgetItem, int)
    def _on_list_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self._auto.discard(item.data(0, ID_ROLE))  # the user's choice now
            self.checked_changed.emit()
