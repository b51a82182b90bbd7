"""The camera tree: kota → kecamatan → kelurahan → RW → RT with cameras as leaves,
filtered as the operator types, dragged or double-clicked onto the wall. Cameras in
trouble (offline, stale, not recorded: CameraStatusService) carry a mark and say why;
an area says how many of its cameras are down.

Built for a whole city (30,000+ cameras): the model is a lazy QAbstractItemModel over
plain nodes, cameras numbered in tree order so that every node covers one contiguous
range of them. A search answers the sorted positions that match; how many cameras are
below a node, and which children stay visible, are two bisections in that answer,
computed only for the rows the view asks for."""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from itertools import chain
from operator import attrgetter

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import search
from app.domain import Area, Camera
from app.services.camera_status import (
    CameraStatusService,
    CameraTrouble,
    Trouble,
    since_text,
)
from app.services.cameras import CameraService
from app.services.wall import WallService
from ui.cameras.placement_dialog import PlacementChoice, PlacementDialog
from ui.shell.i18n import language_notifier
from ui.shell.resources import icon

CAMERA_IDS_MIME = "application/x-pantau-camera-ids"
CameraIdRole = Qt.ItemDataRole.UserRole + 1
AreaIdRole = Qt.ItemDataRole.UserRole + 2
CameraCountRole = Qt.ItemDataRole.UserRole + 3
SEARCH_DELAY_MS = 60  # typing faster than this filters once, after the last key
EXPAND_ALL_BELOW = 300  # matches; above it only kota and kecamatan open
INDEX_SLICE = 1000  # search texts made per idle slice (about a millisecond each)
# More changed marks than this at once repaint the whole tree instead of row by row.
MARKS_ONE_BY_ONE = 200
# The tiles' badge colours (ui/tile/widget.py): the same trouble looks the same.
TROUBLE_COLOURS = {Trouble.OFFLINE: "#c62828", Trouble.STALE: "#ef6c00",
                   Trouble.NOT_RECORDING: "#f9a825"}

AnyIndex = QModelIndex | QPersistentModelIndex


def encode_camera_ids(ids: list[str]) -> bytes:
    return "\n".join(ids).encode("utf-8")


def decode_camera_ids(data: bytes) -> list[str]:
    return [line for line in bytes(data).decode("utf-8", "replace").split("\n") if line]


class _Node:
    """An area (camera None) or a camera leaf; cameras [lo, hi) in tree order, the last
    `own` of them the area's own (after its sub-areas' ones). Children are made when
    the view first asks for them."""

    __slots__ = ("parent", "area", "name", "area_id", "camera", "lo", "hi", "own",
                 "depth", "kids")

    def __init__(self, parent: _Node | None, name: str, lo: int, hi: int,
                 area: Area | None = None, camera: Camera | None = None) -> None:
        self.parent = parent
        self.area = area
        self.name = name
        self.area_id = area.id if area is not None else ""
        self.camera = camera
        self.lo, self.hi = lo, hi
        self.own = 0
        self.depth = parent.depth + 1 if parent is not None else 0
        self.kids: list[_Node] | None = None


class CameraTreeModel(QAbstractItemModel):
    """Areas and cameras; a drag carries the ids of every shown camera it covers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = {name: icon(name) for name in ("area", "camera", "camera-ptz")}
        self._root = _Node(None, "", 0, 0)
        self._root.kids = []
        self._order: list[Camera] = []  # cameras in tree order
        # Area id → its cameras [lo, hi), for areas with sub-areas only: a leaf area's
        # (30,000 RTs) follows from its siblings when its parent is first expanded.
        self._span: dict[str, tuple[int, int]] = {}
        self._by_area: dict[str, Sequence[Camera]] = {}  # area id → its own cameras, by name
        self._index: search.SearchIndex | None = None  # ready once every haystack is made
        self._haystacks: list[str] = []  # search texts in tree order, made in idle slices
        self._index_timer = QTimer(self)
        self._index_timer.setInterval(0)  # runs when the event queue is empty
        self._index_timer.timeout.connect(self._on_index_timer_timeout)
        self._matches: list[int] | None = None  # None: no query, everything shown
        self._shown: dict[int, list[_Node]] = {}  # id(node) → its visible children
        self._row: dict[int, int] = {}  # id(node) → its row among them
        self._troubles: dict[str, CameraTrouble] = {}
        self._positions: dict[str, int] | None = None  # camera id → tree order, when asked
        self._down_at: list[int] = []  # sorted positions of the cameras down
        self._unrecorded_at: list[int] = []  # … and of those only not recorded
        self._marked: dict[tuple[str, str], QIcon] = {}
        # How a trouble's start reads (the status service's clock, when there is one).
        self.since_text: Callable[[CameraTrouble], str] = lambda t: since_text(
            t.since, datetime.now(UTC))

    # -- building and filtering ------------------------------------------------------

    def rebuild(self, areas: list[Area], cameras: list[Camera], other_label: str) -> None:
        # 60,000 new small objects would set off several full garbage collections
        # over the whole heap (most of the time otherwise); none of them is cyclic
        # garbage, so collection waits until they are built.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._rebuild(areas, cameras, other_label)
        finally:
            if gc_was_enabled:
                gc.enable()

    def _rebuild(self, areas: list[Area], cameras: list[Camera], other_label: str) -> None:
        self.beginResetModel()
        self._index_timer.stop()
        by_area = self._by_area = _by_area(cameras)
        self._order = []
        self._span = {}
        self._walk(areas, by_area)
        self._root = _Node(None, "", 0, len(self._order))
        self._root.kids = self._area_nodes(self._root, areas, 0)
        if len(self._order) < len(cameras):  # cameras whose area the user cannot see
            placed = {a.id for top in areas for a in top.walk()}
            strays = [c for area_id, cams in by_area.items() if area_id not in placed
                      for c in cams]
            lo = len(self._order)
            self._order.extend(sorted(strays, key=_by_name))
            other = _Node(self._root, other_label, lo, len(self._order))
            other.own = other.hi - other.lo
            self._root.kids.append(other)
            self._root.hi = len(self._order)
        self._index = None
        self._haystacks = []
        self._matches = None
        self._forget_rows()
        self._positions = None
        self._place_troubles()
        self.endResetModel()
        # The search index is not needed to show the tree: it is made in slices when the
        # event loop is idle, so the first keystroke finds it ready.
        self._index_timer.start()

    def set_query(self, query: str) -> None:
        matches = self._search_index().search(query) if query.strip() else None
        self.beginResetModel()
        self._matches = matches
        self._forget_rows()
        self.endResetModel()

    def search_ready(self) -> bool:
        return self._index is not None

    def _search_index(self) -> search.SearchIndex:
        if self._index is None:
            self._index_timer.stop()
            self._add_haystacks(len(self._order))  # what the idle slices have not done
            self._index = search.SearchIndex(self._haystacks)
        return self._index

    def _add_haystacks(self, count: int) -> None:
        done = len(self._haystacks)
        haystack = search.haystack
        self._haystacks.extend(haystack(c) for c in self._order[done:done + count])

    @Slot()
    def _on_index_timer_timeout(self) -> None:
        self._add_haystacks(INDEX_SLICE)
        if len(self._haystacks) >= len(self._order):
            self._search_index()

    def shown_count(self) -> int:
        return self._count(self._root)

    def total_count(self) -> int:
        return len(self._order)

    def shown_camera_ids(self) -> list[str]:
        return self._ids_in(self._root)

    def camera_ids_under(self, index: AnyIndex) -> list[str]:
        return self._ids_in(self._node(index))

    def index_of_camera(self, camera_id: str) -> QModelIndex:
        position = self._position_of(camera_id)
        if position is None:
            return QModelIndex()
        if self._matches is not None and not self._in(position):
            return QModelIndex()
        node = self._root
        while node.camera is None:  # descend through the one child covering it
            node = next(c for c in self._children(node) if c.lo <= position < c.hi)
        return self.createIndex(self._row[id(node)], 0, node)

    # -- cameras in trouble --------------------------------------------------------------

    def set_troubles(self, troubles: dict[str, CameraTrouble]) -> None:
        """Mark these cameras (and count them on their areas); repaint what changed."""
        old = self._troubles
        changed = {cam for cam in old.keys() | troubles.keys() if old.get(cam) != troubles.get(cam)}
        self._troubles = dict(troubles)
        self._place_troubles()
        if len(changed) > MARKS_ONE_BY_ONE:
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
            return
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                 Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole]
        for camera_id in changed:
            index = self.index_of_camera(camera_id) if self._order else QModelIndex()
            while index.isValid():  # the camera and every area above it
                self.dataChanged.emit(index, index, roles)
                index = index.parent()

    def trouble_counts(self, index: AnyIndex) -> tuple[int, int]:
        """(cameras down, cameras only not recorded) under a row, filter or not."""
        node = self._node(index)
        down, unrecorded = self._down_at, self._unrecorded_at
        return (bisect_left(down, node.hi) - bisect_left(down, node.lo),
                bisect_left(unrecorded, node.hi) - bisect_left(unrecorded, node.lo))

    def _position_of(self, camera_id: str) -> int | None:
        if self._positions is None:
            self._positions = {c.id: i for i, c in enumerate(self._order)}
        return self._positions.get(camera_id)

    def _place_troubles(self) -> None:
        down, unrecorded = [], []
        for camera_id, trouble in self._troubles.items():
            position = self._position_of(camera_id) if self._order else None
            if position is not None:
                (down if trouble.down else unrecorded).append(position)
        self._down_at, self._unrecorded_at = sorted(down), sorted(unrecorded)

    def _marked_icon(self, name: str, colour: str) -> QIcon:
        """The row's icon with a coloured dot in its corner."""
        marked = self._marked.get((name, colour))
        if marked is None:
            pixmap = QPixmap(self._icons[name].pixmap(32, 32))
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QColor("#ffffff"))
            painter.setBrush(QColor(colour))
            painter.drawEllipse(17, 17, 14, 14)
            painter.end()
            marked = self._marked[(name, colour)] = QIcon(pixmap)
        return marked

    def _trouble_tip(self, trouble: CameraTrouble) -> str:
        since = self.since_text(trouble)
        texts = {Trouble.OFFLINE: self.tr("Offline since {0}"),
                 Trouble.STALE: self.tr("No new picture since {0}"),
                 Trouble.NOT_RECORDING: self.tr("Not recording since {0}")}
        tip = texts[trouble.trouble].format(since)
        if trouble.down and not trouble.recording:
            tip += "\n" + self.tr("Not recording")
        return tip

    def _area_data(self, node: _Node, index: AnyIndex, role: int):
        down, unrecorded = self.trouble_counts(index) if self._troubles else (0, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"{node.name} ({self._count(node)})"
            marks = ([self.tr("{0} down").format(down)] if down else []) + (
                [self.tr("{0} not recording").format(unrecorded)] if unrecorded else [])
            return text + (" · " + ", ".join(marks) if marks else "")
        if role == Qt.ItemDataRole.DecorationRole:
            if down or unrecorded:
                return self._marked_icon("area", TROUBLE_COLOURS[
                    Trouble.OFFLINE if down else Trouble.NOT_RECORDING])
            return self._icons["area"]
        if role == Qt.ItemDataRole.ToolTipRole and (down or unrecorded):
            return "\n".join(([self.tr("Cameras down: {0}").format(down)] if down else [])
                             + ([self.tr("Not recording: {0}").format(unrecorded)]
                                if unrecorded else []))
        return None

    # -- QAbstractItemModel ------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        children = self._children(self._node(parent))
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: AnyIndex = QModelIndex()):  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(self._row[id(parent)], 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self._node(parent)))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:
        node = self._node(parent)
        return node.camera is None and self._count(node) > 0

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        camera = node.camera
        if camera is None and role in (Qt.ItemDataRole.DisplayRole,
                                       Qt.ItemDataRole.DecorationRole,
                                       Qt.ItemDataRole.ToolTipRole):
            return self._area_data(node, index, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.name
        if role == CameraIdRole:
            return camera.id if camera else None
        if role == AreaIdRole:
            return None if camera else (node.area_id or None)
        if role == CameraCountRole:
            return None if camera else self._count(node)
        trouble = self._troubles.get(camera.id) if camera is not None else None
        if role == Qt.ItemDataRole.DecorationRole:
            name = "camera-ptz" if camera.ptz else "camera"
            if trouble is not None:
                return self._marked_icon(name, TROUBLE_COLOURS[trouble.trouble])
            return self._icons[name]
        if role == Qt.ItemDataRole.ToolTipRole and camera is not None:
            tip = " › ".join(camera.area_path)
            if camera.tags:
                tip += "\n#" + " #".join(camera.tags)
            reason = f"\n{self._trouble_tip(trouble)}" if trouble is not None else ""
            return f"{camera.id}{reason}\n{tip}"
        if (role == Qt.ItemDataRole.ForegroundRole and trouble is not None
                and trouble.down):
            return Qt.GlobalColor.gray
        return None

    def mimeTypes(self) -> list[str]:
        return [CAMERA_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids: list[str] = []
        seen: set[str] = set()
        for index in indexes:
            for camera_id in self.camera_ids_under(index):
                if camera_id not in seen:
                    seen.add(camera_id)
                    ids.append(camera_id)
        data = QMimeData()
        data.setData(CAMERA_IDS_MIME, encode_camera_ids(ids))
        data.setText(", ".join(ids[:50]))
        return data

    # -- internals -----------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def _count(self, node: _Node) -> int:
        matches = self._matches
        if matches is None:
            return node.hi - node.lo
        return bisect_left(matches, node.hi) - bisect_left(matches, node.lo)

    def _in(self, position: int) -> bool:
        matches = self._matches or []
        at = bisect_left(matches, position)
        return at < len(matches) and matches[at] == position

    def _children(self, node: _Node) -> list[_Node]:
        shown = self._shown.get(id(node))
        if shown is None:
            if node.kids is None:
                node.kids = self._make_children(node)
            if self._matches is None:
                shown = node.kids
            else:
                shown = [c for c in node.kids if self._count(c) > 0]
            self._shown[id(node)] = shown
            rows = self._row
            for row, child in enumerate(shown):
                rows[id(child)] = row
        return shown

    def _make_children(self, node: _Node) -> list[_Node]:
        kids: list[_Node] = []
        if node.area is not None:
            kids = self._area_nodes(node, node.area.children, node.lo)
        order = self._order
        for position in range(node.hi - node.own, node.hi):
            kids.append(_Node(node, order[position].name, position, position + 1,
                              camera=order[position]))
        return kids

    def _area_nodes(self, parent: _Node, areas: Sequence[Area], lo: int) -> list[_Node]:
        """Nodes for sibling areas whose cameras start at ``lo``, leaving out those
        without any camera below them (a city has thousands of RTs, most without a
        camera yet)."""
        nodes: list[_Node] = []
        span, get = self._span, self._by_area.get
        for area in areas:
            own = len(get(area.id) or ())
            hi = span[area.id][1] if area.children else lo + own
            if hi > lo:
                node = _Node(parent, area.name, lo, hi, area=area)
                node.own = own
                nodes.append(node)
            lo = hi
        return nodes

    def _ids_in(self, node: _Node) -> list[str]:
        order = self._order
        if self._matches is None:
            return [order[i].id for i in range(node.lo, node.hi)]
        m = self._matches
        return [order[i].id for i in m[bisect_left(m, node.lo):bisect_left(m, node.hi)]]

    def _forget_rows(self) -> None:
        self._shown = {}
        self._row = {}

    def _walk(self, areas: list[Area], by_area: dict[str, Sequence[Camera]]) -> None:
        """Number the cameras in tree order: each area's cameras follow its sub-areas'
        ones. Only areas with sub-areas get a span; the leaves (30,000 RTs) under one
        parent are numbered in one C-level pass. (Locals, not attributes.)"""
        order, span = self._order, self._span
        get, extend = by_area.get, order.extend
        flatten = chain.from_iterable

        def walk(area: Area) -> None:
            lo = len(order)
            children = area.children
            if any(map(_children_of, children)):
                for child in children:
                    if child.children:
                        walk(child)
                    else:
                        cameras = get(child.id)
                        if cameras:
                            extend(cameras)
            else:  # leaves only, like an RW's RTs
                extend(flatten(filter(None, map(get, map(_id_of, children)))))
            cameras = get(area.id)
            if cameras:
                extend(cameras)
            span[area.id] = (lo, len(order))

        for area in areas:
            if area.children:
                walk(area)
            else:
                extend(get(area.id) or ())


_children_of = attrgetter("children")
_id_of = attrgetter("id")


def _by_area(cameras: list[Camera]) -> dict[str, Sequence[Camera]]:
    """Each area's own cameras, sorted by name. A city has one camera per RT: a dict
    of one-camera tuples, built in C, serves unless two cameras share an area."""
    by_area: dict[str, Sequence[Camera]] = dict(
        zip(map(attrgetter("area_id"), cameras), zip(cameras), strict=True))
    if len(by_area) == len(cameras):
        return by_area
    lists: dict[str, list[Camera]] = {}
    for camera in cameras:
        lists.setdefault(camera.area_id, []).append(camera)
    for shared in lists.values():
        if len(shared) > 1:
            shared.sort(key=_by_name)
    return lists  # type: ignore[return-value]


def _by_name(camera: Camera) -> str:
    return camera.name.casefold()


class CameraTreeWidget(QWidget):
    camera_activated = Signal(str)  # double-clicked: the shell's wall places it
    placement_failed = Signal(str)  # a translated sentence for the status bar

    def __init__(self, cameras: CameraService, wall: WallService,
                 parent: QWidget | None = None, *,
                 status: CameraStatusService | None = None) -> None:
        super().__init__(parent)
        self._cameras = cameras
        self._wall = wall
        self._status = status
        self._query = ""
        self._page_ids: list[str] = []  # the area on the wall, page by page
        self._page = 0
        self._page_tiles: list[int] | None = None  # the tiles it pages over; None: all
        self.placement_dialog: PlacementDialog | None = None  # the question, while asked
        self._menu_extensions: list[Callable[[QMenu, QModelIndex], None]] = []
        self.setObjectName("camera-tree")

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("camera-search")
        self.search_box.setClearButtonEnabled(True)
        self.model = CameraTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("camera-tree-view")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setExpandsOnDoubleClick(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("camera-count")
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("area-to-wall")
        self.previous_button = QPushButton("◀", self)
        self.next_button = QPushButton("▶", self)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("area-page")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        pages = QHBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.addWidget(self.show_button, 1)
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label)
        pages.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(pages)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Alt+PgDown", self.next_page), ("Alt+PgUp", self.previous_page)):
            QShortcut(QKeySequence(keys), self, slot, context=context)

        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        self.show_button.clicked.connect(self._on_show_button_clicked)
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        if status is not None:
            self.model.since_text = status.since_text
            status.changed.connect(self._on_status_changed)
            self._on_status_changed()
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.search_box.setPlaceholderText(self.tr("Search: name, area, tag…"))
        self.show_button.setText(self.tr("Show area on wall"))
        self.show_button.setToolTip(self.tr("Puts the selected area's cameras on the wall, "
                                            "one page at a time (Alt+PgDown, Alt+PgUp)"))
        self._on_cameras_catalog_changed()  # "Other" and the count label
        self._update_pages()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    def flush_search(self) -> None:
        """Apply a query still waiting for the typing to pause."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._on_search_timer_timeout()

    def visible_camera_ids(self) -> list[str]:
        """Camera ids the filtered tree shows, top to bottom (collapsed ones included)."""
        self.flush_search()
        return self.model.shown_camera_ids()

    def index_of_camera(self, camera_id: str) -> QModelIndex:
        self.flush_search()
        return self.model.index_of_camera(camera_id)

    def locate(self, camera_id: str) -> bool:
        """Select the camera's row and scroll to it (clearing a search that hides it)."""
        index = self.index_of_camera(camera_id)
        if not index.isValid() and self._query:
            self.search_box.clear()
            index = self.index_of_camera(camera_id)
        if not index.isValid():
            return False
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setCurrentIndex(index)
        return True

    @Slot()
    def _on_status_changed(self) -> None:
        if self._status is not None:
            self.model.set_troubles({t.camera_id: t for t in self._status.troubles()})

    def add_menu_extension(self, extend: Callable[[QMenu, QModelIndex], None]) -> None:
        """``extend(menu, index)`` adds to every context menu of a row (the shell's
        "Send to…"), so that this widget needs none of the services behind it."""
        self._menu_extensions.append(extend)

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        """The menu of the row at ``index``: an area offers its cameras on the wall;
        then what the extensions add."""
        menu = QMenu(self)
        if index.isValid() and not index.data(CameraIdRole):
            area = QPersistentModelIndex(index)  # the menu may outlive a model reset
            action = menu.addAction(self.tr("Show area on wall"))
            action.setObjectName("area-to-wall-action")
            action.triggered.connect(lambda _=False: area.isValid() and self.show_area(area))
        for extend in self._menu_extensions:
            extend(menu, index)
        return menu

    # -- an area on the wall, page by page -------------------------------------------------

    def show_area(self, index: AnyIndex) -> None:
        """The area's cameras on the empty tiles; on a wall without any, page by page.
        When they do not fit, the operator is asked (see PlacementDialog)."""
        ids = self.model.camera_ids_under(index)
        free = self._wall.free_tiles()
        if not ids:
            return
        if len(free) == self._wall.visible_count():  # nothing on the wall to lose
            self._start_pages(ids, None)
            return
        shown = set(self._wall.visible_cameras())
        placement = self._wall.plan_placement([c for c in ids if c not in shown])
        if not placement.left_over:
            self._start_pages([], None)
            self._wall.put(placement.targets)
            return

        def chosen(choice: PlacementChoice) -> None:
            if choice is PlacementChoice.LARGER_LAYOUT:
                self._start_pages([], None)
                self._wall.set_layout(placement.larger)
                self._wall.put(self._wall.plan_placement(
                    [*placement.targets.values(), *placement.left_over]).targets)
            elif choice is PlacementChoice.REPLACE:
                self._start_pages(ids, None)
            elif choice is PlacementChoice.EMPTY_ONLY:
                self._start_pages(ids, sorted(free))
        text = self.tr("Cameras in the area: {0}. Empty tiles: {1}.").format(len(ids), len(free))
        self._ask(text, placement.larger, self.tr("Replace the wall, page by page"),
                  bool(free), chosen)

    def put_camera(self, camera_id: str) -> None:
        """A double-clicked camera: on the selected tile if it is empty, else on the first
        empty one; already on the wall, its tile is selected. Never over another camera
        without asking."""
        shown = self._wall.visible_cameras()
        if camera_id in shown:
            self._wall.select(shown.index(camera_id))
            self.placement_failed.emit(self.tr("Already on tile {0}.").format(
                shown.index(camera_id) + 1))
            return
        placement = self._wall.plan_placement([camera_id])
        if not placement.left_over:
            self._wall.put(placement.targets)
            return
        selected = self._wall.selected
        if selected is not None and selected >= self._wall.visible_count():
            selected = None
        if selected is None and placement.larger is None:
            self.placement_failed.emit(self.tr("The wall is full: select the tile to replace."))
            return

        def chosen(choice: PlacementChoice) -> None:
            if choice is PlacementChoice.LARGER_LAYOUT:
                self._wall.set_layout(placement.larger)
                self._wall.put(self._wall.plan_placement([camera_id]).targets)
            elif choice is PlacementChoice.REPLACE and selected is not None:
                self._wall.assign(selected, camera_id)
        camera = self._cameras.camera(camera_id)
        replace = "" if selected is None else self.tr("Replace tile {0}").format(selected + 1)
        self._ask(self.tr("No empty tile for {0}.").format(camera.name if camera else camera_id),
                  placement.larger, replace, False, chosen)

    def _ask(self, text: str, larger, replace: str, empty_only: bool, chosen) -> None:
        if self.placement_dialog is not None:
            self.placement_dialog.deleteLater()
        dialog = self.placement_dialog = PlacementDialog(
            text, larger=larger, replace=replace, empty_only=empty_only, parent=self)
        dialog.chosen.connect(chosen)
        dialog.open()

    def _start_pages(self, ids: list[str], tiles: list[int] | None) -> None:
        self._page_ids, self._page_tiles = ids, tiles
        if ids:
            self._show_page(0)
        else:
            self._page = 0
            self._update_pages()

    def next_page(self) -> None:
        self._show_page(self._page + 1)

    def previous_page(self) -> None:
        self._show_page(self._page - 1)

    def page(self) -> tuple[int, int]:
        """(page shown, pages), counted from 1; (0, 0) when no area is on the wall."""
        pages = -(-len(self._page_ids) // len(self._tiles_paged()))
        return (self._page + 1 if pages else 0, pages)

    def _tiles_paged(self) -> list[int]:
        """The tiles an area pages over: the wall's, or the empty ones the operator chose."""
        count = max(1, self._wall.visible_count())
        tiles = [t for t in self._page_tiles or range(count) if t < count]
        return tiles or [0]

    def _show_page(self, page: int) -> None:
        tiles = self._tiles_paged()
        size = len(tiles)
        pages = -(-len(self._page_ids) // size)
        if not pages or not 0 <= page < pages:
            return
        self._page = page
        chunk = self._page_ids[page * size:(page + 1) * size]
        if self._page_tiles is None:
            self._wall.fill(chunk)
        else:  # the rest of the wall stays as the operator left it
            for n, tile in enumerate(tiles):
                self._wall.assign(tile, chunk[n] if n < len(chunk) else None)
        self._update_pages()

    def _update_pages(self) -> None:
        shown, pages = self.page()
        self.page_label.setText(f"{shown}/{pages}" if pages else "")
        self.previous_button.setEnabled(shown > 1)
        self.next_button.setEnabled(shown < pages)

    @Slot()
    def _on_show_button_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.show_area(index)

    # -- catalog and search -------------------------------------------------------------------

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self.model.rebuild(self._cameras.areas(), self._cameras.cameras(), self.tr("Other"))
        self.model.set_query(self._query)
        self._after_filter()

    @Slot(str)
    def _on_search_box_text_changed(self, _text: str) -> None:
        self._search_timer.start()  # restarts: never filters while keys keep coming

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._query = self.search_box.text().strip()
        self.model.set_query(self._query)
        self._after_filter()

    @Slot(QPoint)
    def _on_view_custom_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.build_context_menu(self.view.indexAt(pos))
        if menu.actions():
            menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        camera_id = index.data(CameraIdRole)
        if not camera_id:
            return  # an area: the view expands or collapses it
        self.camera_activated.emit(camera_id)
        self.put_camera(camera_id)

    def _after_filter(self) -> None:
        total = self.model.total_count()
        if self._query:
            shown = self.model.shown_count()
            if shown <= EXPAND_ALL_BELOW:
                self.view.expandAll()
            else:
                self.view.expandToDepth(1)  # kota and kecamatan
            self.count_label.setText(self.tr("{0} of {1} cameras").format(shown, total))
        else:
            for row in range(self.model.rowCount()):  # the kota level stays open
                self.view.expand(self.model.index(row, 0))
            self.count_label.setText(self.tr("{0} cameras").format(total))
