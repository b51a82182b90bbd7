"""Which clock a wall's transport bar steers: the selected tile's, which is the wall's
clock unless that tile plays on its own. One per wall with a transport bar (the main
window's, the investigation window's); it rebinds when the selection or a tile's clock
changes and says where the steered clock stands, for the timeline's playhead."""

from __future__ import annotations

import contextlib
from datetime import datetime

from PySide6.QtCore import QObject, Signal, Slot

from app.services.playback_sync import PlaybackSync
from app.services.wall import WallService
from ui.tile.widget import TileWidget
from ui.timeline.transport_bar import TransportBar
from ui.wall.widget import WallWidget


class TransportBinding(QObject):
    position_changed = Signal(object)  # datetime | None: the steered clock's moment

    def __init__(self, wall: WallService, wall_widget: WallWidget, transport: TransportBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wall = wall
        self._wall_widget = wall_widget
        self._transport = transport
        self._bound: PlaybackSync | None = None
        wall.selected_changed.connect(self.rebind)
        wall_widget.tile_sync_changed.connect(self.rebind)
        self.rebind()

    def selected_tile(self) -> TileWidget | None:
        index = self._wall.selected
        tiles = self._wall_widget.tiles()
        return tiles[index] if index is not None and index < len(tiles) else None

    def steered_sync(self) -> PlaybackSync:
        tile = self.selected_tile()
        return tile.sync if tile is not None else self._wall.sync

    def position(self) -> datetime | None:
        return self._bound.position() if self._bound is not None else None

    @Slot()
    def rebind(self, *_args) -> None:
        sync, tile = self.steered_sync(), self.selected_tile()
        if sync is not self._bound:
            if self._bound is not None:
                with contextlib.suppress(RuntimeError):  # a removed tile took its clock
                    self._bound.changed.disconnect(self._on_bound_changed)
            self._bound = sync
            sync.changed.connect(self._on_bound_changed)
        self._transport.set_sync(sync, None if tile is None or tile.linked else tile.tile_index)
        self._on_bound_changed()

    @Slot()
    def _on_bound_changed(self) -> None:
        self.position_changed.emit(self.position())
