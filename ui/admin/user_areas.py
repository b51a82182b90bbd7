"""Areas chosen with the area tree, at any level (kota → kecamatan → kelurahan → RW →
RT), several at once: what a user sees (a sector post its kecamatan, Polda every kota).

Built for the whole city (30,000+ RT): children are made when a branch is opened, and a
search shows only the matching areas with the way down to them. What is ticked is kept
apart from the items, so a search never forgets a ticked area it does not show.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain import Area
from app.user_admin import area_names
from ui.shell.i18n import language_notifier

AreaIdRole = Qt.ItemDataRole.UserRole + 1
MAX_MATCHES = 200  # a search wider than this is a search to narrow, not a list to read


class AreasPicker(QWidget):
    checked_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("areas-picker")
        self._roots: list[Area] = []
        self._by_id: dict[str, Area] = {}
        self._parent_of: dict[str, str] = {}
        self._checked: set[str] = set()
        self.search = QLineEdit(self)
        self.search.setObjectName("areas-search")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("areas-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("areas-summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    # -- what the dialog reads and writes ---------------------------------------------
    def set_areas(self, roots: Iterable[Area]) -> None:
        self._roots = list(roots)
        self._by_id, self._parent_of = {}, {}
        for root in self._roots:
            for area in root.walk():
                self._by_id[area.id] = area
                for child in area.children:
                    self._parent_of[child.id] = area.id
        self._rebuild()

    def set_checked(self, area_ids: Iterable[str]) -> None:
        self._checked = set(area_ids)
        self._rebuild()
        self.checked_changed.emit()

    def checked(self) -> tuple[str, ...]:
        """The ticked areas in tree order; ids the tree does not hold (yet) last."""
        ordered = [a.id for root in self._roots for a in root.walk() if a.id in self._checked]
        return tuple(ordered + sorted(self._checked - set(ordered)))

    def item_for(self, area_id: str) -> QTreeWidgetItem | None:
        """The shown item of an area, its branch opened on the way."""
        item = self._shown(area_id)
        parent = item.parent() if item is not None else None
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        return item

    # -- building the items -------------------------------------------------------------
    def _rebuild(self) -> None:
        blocked = self.tree.blockSignals(True)
        self.tree.clear()
        query = self.search.text().strip().casefold()
        if query:
            self._build_matches(query)
        else:
            for root in self._roots:
                self.tree.addTopLevelItem(self._item(root))
            for area_id in self._checked:  # the chosen areas are in view when it opens
                for step in self._path_to(area_id)[:-1]:
                    item = self._shown(step)
                    if item is not None:
                        item.setExpanded(True)
        self.tree.blockSignals(blocked)
        self._update_summary()

    def _build_matches(self, query: str) -> None:
        matches = [a.id for root in self._roots for a in root.walk()
                   if query in a.name.casefold()][:MAX_MATCHES]
        made: dict[str, QTreeWidgetItem] = {}
        for area_id in matches:
            parent_item = None
            for step in self._path_to(area_id):
                item = made.get(step)
                if item is None:
                    item = self._item(self._by_id[step], lazy=False)
                    made[step] = item
                    if parent_item is None:
                        self.tree.addTopLevelItem(item)
                    else:
                        parent_item.addChild(item)
                    item.setExpanded(True)
                parent_item = item

    def _item(self, area: Area, lazy: bool = True) -> QTreeWidgetItem:
        item = QTreeWidgetItem([area.name])
        item.setData(0, AreaIdRole, area.id)
        kind = area.kind.value
        item.setToolTip(0, kind.upper() if len(kind) == 2 else kind.capitalize())
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if area.id in self._checked
                           else Qt.CheckState.Unchecked)
        if lazy and area.children:
            item.addChild(QTreeWidgetItem())  # a placeholder: the branch can be opened
        return item

    def _fill(self, item: QTreeWidgetItem) -> None:
        area = self._by_id.get(item.data(0, AreaIdRole))
        if area is None or (item.childCount() and item.child(0).data(0, AreaIdRole)):
            return  # already filled (or a search's branch)
        blocked = self.tree.blockSignals(True)
        item.takeChildren()
        item.addChildren([self._item(child) for child in area.children])
        self.tree.blockSignals(blocked)

    def _shown(self, area_id: str) -> QTreeWidgetItem | None:
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        found = None
        for step in self._path_to(area_id):
            found = next((it for it in items if it.data(0, AreaIdRole) == step), None)
            if found is None:
                return None
            self._fill(found)
            items = [found.child(i) for i in range(found.childCount())]
        return found

    def _path_to(self, area_id: str) -> list[str]:
        if area_id not in self._by_id:
            return []
        path = [area_id]
        while path[-1] in self._parent_of:
            path.append(self._parent_of[path[-1]])
        return path[::-1]

    def _update_summary(self) -> None:
        names = area_names(self.checked(), self._roots)
        self.summary.setText(self.tr("Chosen: {0}").format(", ".join(names)) if names
                             else self.tr("No area chosen yet."))

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Find an area…"))
        self.tree.setToolTip(self.tr("A ticked area includes every area below it."))
        self._update_summary()

    # -- slots ------------------------------------------------------------------------
    @Slot(QTreeWidgetItem)
    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._fill(item)

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        area_id = item.data(0, AreaIdRole)
        if not area_id:
            return
        if item.checkState(0) == Qt.CheckState.Checked:
            self._checked.add(area_id)
        else:
            self._checked.discard(area_id)
        self._update_summary()
        self.checked_changed.emit()

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._rebuild()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
