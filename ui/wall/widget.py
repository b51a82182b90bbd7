"""The wall: the layout's cells drawn as tiles from the WallService, a cell spanning
rows and columns where the layout says so. Knows nothing of the window it sits in, so a
wall window per monitor can host it as it is. A tile that holds a map (WallService.map_at)
shows a map widget in its cell instead of its video; the tile itself stays, idle."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QWidget

from app.services.wall import WallService
from app.wall import AnyLayout
from ui.maps.tile import MapTileWidget
from ui.tile.services import TileServices
from ui.tile.widget import TileWidget


class WallWidget(QWidget):
    tile_sync_changed = Signal()  # a tile was unlinked from the wall's clock, or relinked
    tile_motion_drawn = Signal(int, object)  # tile index, MotionRegion drawn on it
    tile_motion_clear_requested = Signal(int)  # tile index

    def __init__(self, wall: WallService, services: TileServices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wall = wall
        self._services = services
        streams = services.streams
        self._tiles: list[TileWidget] = []
        self._map_tiles: dict[int, MapTileWidget] = {}
        self.setObjectName("wall")
        self.setStyleSheet("#wall { background: #000000; }")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        wall.layout_changed.connect(self._on_wall_layout_changed)
        wall.maximised_changed.connect(self._on_wall_maximised_changed)
        wall.tile_changed.connect(self._on_wall_tile_changed)
        streams.frames_ready.connect(self._on_streams_frames_ready)
        self._rebuild()

    @property
    def wall(self) -> WallService:
        return self._wall

    def tiles(self) -> list[TileWidget]:
        """The visible layout's tiles in grid order (row by row)."""
        return list(self._tiles)

    def tile(self, index: int) -> TileWidget:
        return self._tiles[index]

    def map_tile(self, index: int) -> MapTileWidget | None:
        """The map shown on this tile in place of its video, if it shows one."""
        return self._map_tiles.get(index)

    def shutdown(self) -> None:
        for tile in self._tiles:
            tile.release()

    @Slot(object)
    def _on_wall_layout_changed(self, layout: AnyLayout) -> None:
        self._rebuild()

    @Slot(object)
    def _on_streams_frames_ready(self, keys: frozenset) -> None:
        for tile in self._tiles:
            tile.show_new_frames(keys)

    @Slot(object)
    def _on_wall_maximised_changed(self, maximised: int | None) -> None:
        self._arrange()

    @Slot(int)
    def _on_wall_tile_changed(self, index: int) -> None:
        if index < len(self._tiles) and (
                self._map_widget_ref(index) != self._wall.map_at(index)):
            self._arrange()

    def _map_widget_ref(self, index: int):
        widget = self._map_tiles.get(index)
        return widget.ref if widget is not None else None

    def _sync_map_tiles(self) -> None:
        """A map widget for each visible tile that holds a map, none for the others."""
        maps, states = self._services.maps, self._services.map_states
        for index in list(self._map_tiles):
            ref = self._wall.map_at(index) if index < len(self._tiles) else None
            if ref != self._map_tiles[index].ref or maps is None:
                widget = self._map_tiles.pop(index)
                self._grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        if maps is None or states is None:
            return
        for index in range(len(self._tiles)):
            ref = self._wall.map_at(index)
            if ref is not None and index not in self._map_tiles:
                self._map_tiles[index] = MapTileWidget(index, ref, self._wall, maps,
                                                       self._services.cameras, states, self)

    def _rebuild(self) -> None:
        count = self._wall.visible_count()
        # Keep the tiles that stay, so their streams go on without a reconnect.
        while len(self._tiles) > count:
            tile = self._tiles.pop()
            self._grid.removeWidget(tile)
            tile.release()
            tile.deleteLater()
        while len(self._tiles) < count:
            tile = TileWidget(len(self._tiles), self._wall, self._services, self)
            tile.sync_changed.connect(self.tile_sync_changed)
            index = len(self._tiles)
            tile.motion.region_drawn.connect(
                lambda region, i=index: self.tile_motion_drawn.emit(i, region))
            tile.motion.clear_requested.connect(
                lambda i=index: self.tile_motion_clear_requested.emit(i))
            self._tiles.append(tile)
        self._arrange()

    def _arrange(self) -> None:
        self._sync_map_tiles()
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for widget in self._map_tiles.values():
            self._grid.removeWidget(widget)
        # Stretch every row and column of the largest grid alike, then only those in
        # use: a 1+7 wall's rows are equal whether or not a row holds a small tile.
        for line in range(self._grid.rowCount()):
            self._grid.setRowStretch(line, 0)
        for line in range(self._grid.columnCount()):
            self._grid.setColumnStretch(line, 0)
        maximised = self._wall.maximised
        if maximised is None:
            for row in range(self._wall.layout.rows):
                self._grid.setRowStretch(row, 1)
            for column in range(self._wall.layout.columns):
                self._grid.setColumnStretch(column, 1)
        else:
            self._grid.setRowStretch(0, 1)
            self._grid.setColumnStretch(0, 1)
        cells = self._wall.cells()
        for tile in self._tiles:
            shown_map = self._map_tiles.get(tile.tile_index)
            if maximised is None or tile.tile_index == maximised:
                cell = cells[tile.tile_index]
                # The map in the tile's place; the tile idles (it holds no camera).
                widget = shown_map if shown_map is not None else tile
                if maximised is None:
                    self._grid.addWidget(widget, cell.row, cell.column, cell.rowspan,
                                         cell.colspan)
                else:
                    self._grid.addWidget(widget, 0, 0)
                if shown_map is not None:
                    tile.hide()
                    tile.set_active(False)
                    shown_map.show()
                    continue
                tile.set_active(True)
                tile.show()
            else:
                if shown_map is not None:
                    shown_map.hide()
                # Hidden tiles stop decoding; restoring the grid pulls them again.
                tile.hide()
                tile.set_active(False)
