"""One area chosen from the whole tree (kota → kecamatan → kelurahan → RW → RT), at any
level, with a filter: where a camera is placed or moved to."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain import Area

AreaIdRole = Qt.ItemDataRole.UserRole + 1


class AreaPicker(QWidget):
    area_changed = Signal(str)  # the chosen area's id ("" when none)

    def __init__(self, areas: list[Area], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("area-picker")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("area-filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Find an area…"))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("area-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(140)
        self._items: dict[str, QTreeWidgetItem] = {}
        for area in areas:
            self._add(area, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)

    def _add(self, area: Area, parent: QTreeWidgetItem | None) -> None:
        item = QTreeWidgetItem([area.name])
        item.setData(0, AreaIdRole, area.id)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        self._items[area.id] = item
        for child in area.children:
            self._add(child, item)

    def area_id(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, AreaIdRole)) if item is not None else ""

    def area_path(self) -> str:
        item, names = self.tree.currentItem(), []
        while item is not None:
            names.append(item.text(0))
            item = item.parent()
        return " / ".join(reversed(names))

    def select(self, area_id: str) -> bool:
        item = self._items.get(area_id)
        if item is None:
            return False
        parent = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        return True

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        words = text.lower().split()
        for index in range(self.tree.topLevelItemCount()):
            self._filter(self.tree.topLevelItem(index), words, False)

    def _filter(self, item: QTreeWidgetItem, words: list[str], shown_above: bool) -> bool:
        """Shows an item whose name (or an ancestor's) matches, and the path to any
        matching descendant; True when something at or below it matches."""
        own = bool(words) and all(w in item.text(0).lower() for w in words)
        below = False
        for index in range(item.childCount()):
            below |= self._filter(item.child(index), words, shown_above or own)
        visible = not words or own or below or shown_above
        item.setHidden(not visible)
        item.setExpanded(bool(words) and below)
        return own or below

    @Slot(object, object)
    def _on_tree_current_item_changed(self, _current, _previous) -> None:
        self.area_changed.emit(self.area_id())
