"""The "Send to…" menu: every registered workstation and its monitors; choosing one
pushes a camera, a named view or the whole wall there through the server. Added to the
menus of the wall's tiles, of the camera tree's cameras and of the views dock's views."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Slot
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMenu, QWidget

from app.services.push import PushService
from app.services.views import View
from app.services.wall import WallService
from app.wall import Layout, WallModel, layout_to_json
from ui.cameras.tree import CameraIdRole, CameraTreeWidget
from ui.tile.widget import TileWidget
from ui.views.dock import ViewsDockWidget
from ui.wall.widget import WallWidget


def wall_as_view(wall: WallService) -> str:
    """The wall as a view spec every client can open: LAYOUT:ID,ID,... (empty tiles
    kept as empty places)."""
    cameras = [wall.camera_at(i) or "" for i in range(wall.visible_count())]
    while cameras and not cameras[-1]:
        cameras.pop()
    spec = layout_to_json(wall.layout)
    return f"{spec}:{','.join(cameras)}" if cameras else spec


MAX_VIEW_TEXT = 200  # the longest view the server's push accepts


def view_as_spec(view: View) -> str:
    """What to push for a named view: its contents as LAYOUT:ID,ID,... (the receiving
    wall needs no copy of a personal view), or its name where that cannot be written
    (a custom grid has ':' of its own) or is longer than the server takes; a receiver
    finds a shared view by its name."""
    if not isinstance(view.layout, Layout):
        return view.name
    cameras = [view.cameras.get(i, "") for i in range(WallModel(view.layout).visible_count())]
    while cameras and not cameras[-1]:
        cameras.pop()
    spec = f"{view.layout.value}:{','.join(cameras)}" if cameras else view.layout.value
    return spec if len(spec) <= MAX_VIEW_TEXT else view.name


class SendToMenu(QMenu):
    """Sends ``camera()`` when it gives a camera id; else ``view()`` (a view text) when
    there is a ``view``; else the whole ``wall``."""

    def __init__(self, push: PushService, wall: WallService, camera=lambda: None,
                 parent: QWidget | None = None, *, view=None) -> None:
        super().__init__(parent)
        self._view = view
        self.setObjectName("send-to-menu")
        self._push = push
        self._wall = wall
        self._camera = camera
        self._submenus: list[QMenu] = []
        self.setTitle(self.tr("Send to…"))
        self.aboutToShow.connect(self._on_self_about_to_show)
        push.workstations_changed.connect(self._on_push_workstations_changed)
        self._fill()

    @Slot()
    def _on_self_about_to_show(self) -> None:
        self._push.load_workstations()  # the list refreshes while the menu is open
        self._fill()

    @Slot(object)
    def _on_push_workstations_changed(self, _stations) -> None:
        self._fill()

    def _fill(self) -> None:
        self.clear()
        for sub in self._submenus:
            sub.deleteLater()  # clear() leaves sub-menus behind
        # Our own parented sub-menus, kept referenced: a QMenu made by addMenu(str)
        # could be collected with its Python wrapper while the menu still shows it.
        self._submenus: list[QMenu] = []
        stations = self._push.workstations()
        if not stations:
            self.addAction(self.tr("No workstation is connected")).setEnabled(False)
            return
        for station in stations:
            sub = QMenu(station["name"] if station.get("online", True)
                        else self.tr("{0} (offline)").format(station["name"]), self)
            self._submenus.append(sub)
            self.addMenu(sub)
            for monitor in station.get("monitors", []):
                index = monitor.get("index", 0)
                label = self.tr("Monitor {0} ({1})").format(index + 1, monitor.get("name", ""))
                action = sub.addAction(label)
                action.setObjectName(f"send-{station['name']}-{index}")
                action.triggered.connect(
                    lambda _=False, name=station["name"], i=index: self.send(name, i))

    def send(self, workstation: str, monitor: int) -> None:
        camera_id = self._camera()
        if camera_id:
            self._push.push_camera(workstation, monitor, camera_id)
        elif self._view is not None:
            view = self._view()
            if view:
                self._push.push_view(workstation, monitor, view)
        else:
            self._push.push_view(workstation, monitor, wall_as_view(self._wall))


class TileSendTo(QObject):
    """Adds "Send to…" (this tile's camera) to the context menu of every tile of a wall,
    present and future, through the tile's own public build_context_menu(): the tile
    keeps its menu, the push service stays out of the tile."""

    def __init__(self, wall_widget: WallWidget, push: PushService) -> None:
        super().__init__(wall_widget)
        self._wall_widget = wall_widget
        self._push = push
        wall_widget.installEventFilter(self)  # to see tiles being added
        for tile in wall_widget.tiles():
            tile.installEventFilter(self)

    def menu_for(self, tile: TileWidget) -> QMenu:
        menu = tile.build_context_menu()
        menu.addSeparator()
        send = SendToMenu(self._push, self._wall_widget.wall, lambda: tile.camera_id, menu)
        send.setEnabled(bool(tile.camera_id))
        menu.addMenu(send)
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ChildPolished, not ChildAdded: by then a new tile is a whole TileWidget.
        if event.type() == QEvent.Type.ChildPolished and watched is self._wall_widget:
            child = event.child()
            if isinstance(child, TileWidget):
                child.installEventFilter(self)
        elif event.type() == QEvent.Type.ContextMenu and isinstance(watched, TileWidget) \
                and isinstance(event, QContextMenuEvent):
            self.menu_for(watched).exec(event.globalPos())
            return True
        return False


class TreeSendTo(QObject):
    """Adds "Send to…" (the camera of the row) to the camera tree's context menus, as
    TileSendTo does for tiles."""

    def __init__(self, tree: CameraTreeWidget, push: PushService, wall: WallService) -> None:
        super().__init__(tree)
        self._tree = tree
        self._push = push
        self._wall = wall
        tree.add_menu_extension(self._extend)

    def _extend(self, menu: QMenu, index: QModelIndex) -> None:
        camera_id = index.data(CameraIdRole) if index.isValid() else None
        if camera_id:
            if menu.actions():
                menu.addSeparator()
            menu.addMenu(SendToMenu(self._push, self._wall, lambda: camera_id, menu))


class ViewsSendTo(QObject):
    """Adds "Send to…" (the view) to the views dock's context menus."""

    def __init__(self, dock: ViewsDockWidget, push: PushService, wall: WallService) -> None:
        super().__init__(dock)
        self._dock = dock
        self._push = push
        self._wall = wall
        dock.add_menu_extension(self._extend)

    def _extend(self, menu: QMenu, view: View) -> None:
        menu.addSeparator()
        menu.addMenu(SendToMenu(self._push, self._wall, parent=menu,
                                view=lambda: view_as_spec(view)))
