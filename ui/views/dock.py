"""The views dock: the operator's named views, opened with a double-click, the wall
saved under a name (personal or shared), renamed in place, deleted; the same from a
view's context menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.services.tours import TourService
from app.services.views import View, ViewsService
from app.services.wall import WallService
from ui.shell.i18n import language_notifier
from ui.views.layout_icon import layout_icon

_ID = Qt.ItemDataRole.UserRole
REFRESH_MS = 60_000  # shared views others save show up within a minute


class ViewsDockWidget(QWidget):
    current_changed = Signal(object)  # the id of the view on the wall, or None
    message = Signal(str)  # for the status bar

    def __init__(self, views: ViewsService, wall: WallService,
                 parent: QWidget | None = None, *, tours: TourService | None = None) -> None:
        super().__init__(parent)
        self._views = views
        self._wall = wall
        self._tours = tours  # a view keeps its tiles' tours where there is a tour service
        self._current: str | None = None
        self._pending_shared: str | None = None  # a shared view's name the server is saving
        self._filling = False
        self._menu_extensions: list[Callable[[QMenu, View], None]] = []
        self.setObjectName("views-dock")

        self.list = QListWidget(self)
        self.list.setObjectName("views-list")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("view-name")
        self.shared_box = QCheckBox(self)
        self.shared_box.setObjectName("view-shared")
        self._save = QPushButton(self)
        self._save.setObjectName("view-save")
        self._open = QPushButton(self)
        self._rename = QPushButton(self)
        self._delete = QPushButton(self)
        self._delete.setObjectName("view-delete")

        save_row = QHBoxLayout()
        save_row.addWidget(self.name_edit, 1)
        save_row.addWidget(self.shared_box)
        save_row.addWidget(self._save)
        buttons = QHBoxLayout()
        for button in (self._open, self._rename, self._delete):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(save_row)

        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.list.customContextMenuRequested.connect(self._on_list_custom_context_menu_requested)
        self.name_edit.returnPressed.connect(self._on_save_clicked)
        self._save.clicked.connect(self._on_save_clicked)
        self._open.clicked.connect(self._on_open_clicked)
        self._rename.clicked.connect(self._on_rename_clicked)
        self._delete.clicked.connect(self._on_delete_clicked)
        views.views_changed.connect(self._on_views_views_changed)
        views.failed.connect(self._on_views_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        # Shared views change on other workstations; ask again while the dock is open.
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._on_refresh_timeout)
        self._refresh.start()
        self._retranslate()
        self._fill()

    # -- what the main window's actions call ---------------------------------------------
    @property
    def current(self) -> str | None:
        return self._current

    def open_view(self, view_id: str) -> bool:
        view = self._views.get(view_id)
        if view is None:
            return False
        if self._tours is not None:
            self._tours.apply_view(view)
        else:
            self._wall.load_json(view.wall_json())
        self._set_current(view.id)
        self.message.emit(self.tr("View \"{0}\" opened").format(view.name))
        return True

    def open_next(self, step: int) -> None:
        """Next (+1) or previous (-1) view in the list order, wrapping around."""
        ids = [v.id for v in self._views.views()]
        if not ids:
            return
        index = ids.index(self._current) + step if self._current in ids else (
            0 if step > 0 else -1)
        self.open_view(ids[index % len(ids)])

    def save_current(self, name: str, shared: bool = False) -> None:
        if not name.strip():
            self.message.emit(self.tr("Type a name for the view first."))
            return
        tours = self._tours.tile_tours() if self._tours is not None else None
        view = self._views.save(name, self._wall.to_json(), shared=shared, tours=tours)
        if view is None:
            self._pending_shared = name.strip().casefold()  # said when the server has it
            return
        self._set_current(view.id)
        self.message.emit(self.tr("View \"{0}\" saved").format(view.name))

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(_ID) if item is not None else None

    def add_menu_extension(self, extend: Callable[[QMenu, View], None]) -> None:
        """``extend(menu, view)`` adds to every view's context menu (the shell's "Send
        to…"), so that this widget needs none of the services behind it."""
        self._menu_extensions.append(extend)

    def build_context_menu(self, item: QListWidgetItem | None) -> QMenu:
        """The menu of a view in the list (it becomes the selected one), with what the
        extensions add; empty below the last view."""
        menu = QMenu(self)
        view = self._views.get(item.data(_ID)) if item is not None else None
        if item is None or view is None:
            return menu
        self.list.setCurrentItem(item)
        for text, slot in ((self.tr("Open"), self._on_open_clicked),
                           (self.tr("Rename"), self._on_rename_clicked),
                           (self.tr("Delete"), self._on_delete_clicked)):
            menu.addAction(text).triggered.connect(slot)
        for extend in self._menu_extensions:
            extend(menu, view)
        return menu

    # -- drawing -------------------------------------------------------------------------
    def _fill(self) -> None:
        selected = self.selected_id()
        self._filling = True
        self.list.clear()
        for view in self._views.views():
            item = QListWidgetItem(layout_icon(view.layout), view.name)
            item.setData(_ID, view.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(self._describe(view))
            font = item.font()
            font.setBold(view.id == self._current)  # the view on the wall now
            font.setItalic(view.shared)  # shared views read apart from personal ones
            item.setFont(font)
            self.list.addItem(item)
            if view.id == selected:
                self.list.setCurrentItem(item)
        self._filling = False

    def _describe(self, view: View) -> str:
        kind = (self.tr("shared by {0}").format(view.owner or "?") if view.shared
                else self.tr("personal"))
        text = self.tr("{0}: layout {1}, {2} cameras, {3}").format(
            view.name, view.layout.value, len(view.cameras), kind)
        if view.tours:
            text += "\n" + self.tr("{0} tiles on tour").format(len(view.tours))
        return text

    def _set_current(self, view_id: str | None) -> None:
        if view_id != self._current:
            self._current = view_id
            self._fill()
            self.current_changed.emit(view_id)

    def _retranslate(self) -> None:
        self.name_edit.setPlaceholderText(self.tr("Name of the view"))
        self.shared_box.setText(self.tr("Shared"))
        self.shared_box.setToolTip(self.tr("Every user sees a shared view"))
        self._save.setText(self.tr("Save"))
        self._save.setToolTip(self.tr("Save the wall as it is under this name"))
        self._open.setText(self.tr("Open"))
        self._rename.setText(self.tr("Rename"))
        self._delete.setText(self.tr("Delete"))
        self._fill()

    # -- slots ---------------------------------------------------------------------------
    @Slot()
    def _on_save_clicked(self) -> None:
        self.save_current(self.name_edit.text(), self.shared_box.isChecked())

    @Slot()
    def _on_open_clicked(self) -> None:
        view_id = self.selected_id()
        if view_id is not None:
            self.open_view(view_id)

    @Slot()
    def _on_rename_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    @Slot()
    def _on_delete_clicked(self) -> None:
        view_id = self.selected_id()
        if view_id is None:
            return
        if view_id == self._current:
            self._set_current(None)
        self._views.delete(view_id)

    @Slot(QPoint)
    def _on_list_custom_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.build_context_menu(self.list.itemAt(pos))
        if menu.actions():
            menu.exec(self.list.viewport().mapToGlobal(pos))
        menu.deleteLater()

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_view(item.data(_ID))

    @Slot(QListWidgetItem)
    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        view = self._views.get(item.data(_ID))
        if view is not None and item.text().strip() and item.text().strip() != view.name:
            self._views.rename(view.id, item.text())

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_list_current_item_changed(self, current, _previous) -> None:
        if current is not None and not self._filling:
            self.name_edit.setText(current.text())  # saving again replaces this view
            view = self._views.get(current.data(_ID))
            self.shared_box.setChecked(view is not None and view.shared)

    @Slot()
    def _on_views_views_changed(self) -> None:
        if self._current is not None and self._views.get(self._current) is None:
            self._set_current(None)
        if self._pending_shared is not None:
            saved = next((v for v in self._views.views()
                          if v.shared and v.name.casefold() == self._pending_shared), None)
            if saved is not None:
                self._pending_shared = None
                self._set_current(saved.id)
                self.message.emit(self.tr("View \"{0}\" saved").format(saved.name))
        self._fill()

    @Slot(object, str)
    def _on_views_failed(self, kind: ApiErrorKind, message: str) -> None:
        if kind is ApiErrorKind.FORBIDDEN:
            text = self.tr("You may not change this shared view.")
        elif kind is ApiErrorKind.UNREACHABLE:
            text = self.tr("The server cannot be reached; shared views are unavailable.")
        else:
            text = self.tr("The shared view was not changed: {0}").format(message or kind.value)
        self._pending_shared = None
        self.message.emit(text)
        self._fill()  # an edit the server refused goes back to the name it has

    @Slot()
    def _on_refresh_timeout(self) -> None:
        if self.isVisible() and self.list.state() != QListWidget.State.EditingState:
            self._views.refresh()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
