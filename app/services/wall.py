"""The wall the operator is looking at: a WallModel plus change signals for its views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.services.playback_sync import PlaybackSync
from app.wall import MAX_TILES, AnyLayout, Cell, Layout, MapRef, WallModel

# The layouts a wall grows into when cameras find no empty tile: the even grids, whose
# tile numbers keep every camera on its tile.
_GROWTH = (Layout.L2X2, Layout.L3X3, Layout.L4X4, Layout.L5X5, Layout.L6X6, Layout.L7X7,
           Layout.L8X8)


@dataclass(frozen=True)
class Placement:
    """Cameras put on empty tiles only: which goes where, which found no empty tile, and
    the smallest even layout whose empty tiles would take them all (None: none does)."""

    targets: dict[int, str]  # tile -> camera
    left_over: tuple[str, ...]
    larger: Layout | None


class WallService(QObject):
    layout_changed = Signal(object)  # Layout | Grid
    tile_changed = Signal(int)  # which camera (or map) is on this tile changed
    maximised_changed = Signal(object)  # int | None
    selected_changed = Signal(object)  # int | None

    def __init__(self, model: WallModel | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model or WallModel()
        # The clock this wall's tiles follow in playback (a view plays back as one).
        self.sync = PlaybackSync(self)
        self._selected: int | None = None

    @property
    def layout(self) -> AnyLayout:
        return self._model.layout

    @property
    def maximised(self) -> int | None:
        return self._model.maximised

    @property
    def selected(self) -> int | None:
        return self._selected

    def visible_count(self) -> int:
        return self._model.visible_count()

    def cells(self) -> tuple[Cell, ...]:
        """Where each visible tile sits, in tile order."""
        return self._model.cells()

    def camera_at(self, index: int) -> str | None:
        return self._model.camera_at(index)

    def map_at(self, index: int) -> MapRef | None:
        """The map the tile shows in place of a camera, if it does."""
        return self._model.map_at(index)

    def show_map(self, index: int, ref: MapRef) -> None:
        if self._model.map_at(index) == ref:
            return
        self._model.show_map(index, ref)
        self.tile_changed.emit(index)

    def visible_cameras(self) -> list[str | None]:
        return [self._model.camera_at(i) for i in range(self.visible_count())]

    def set_layout(self, layout: AnyLayout) -> None:
        if layout == self._model.layout:
            return
        old_max = self._model.maximised
        self._model.set_layout(layout)
        if self._selected is not None and self._selected >= layout.count:
            self.select(None)
        self.layout_changed.emit(layout)
        if old_max != self._model.maximised:
            self.maximised_changed.emit(self._model.maximised)

    def assign(self, index: int, camera_id: str | None) -> None:
        if (self._model.camera_at(index) == (camera_id or None)
                and self._model.map_at(index) is None):
            return
        self._model.assign(index, camera_id)
        self.tile_changed.emit(index)

    def clear(self, index: int) -> None:
        self.assign(index, None)

    def is_free(self, index: int) -> bool:
        """Nothing on the tile the operator could lose by putting a camera there."""
        return self._model.camera_at(index) is None and self._model.map_at(index) is None

    def free_tiles(self, count: int | None = None) -> list[int]:
        """The empty tiles among the first ``count`` (the visible ones), the selected one
        first when it is empty: the operator pointed at it."""
        free = [i for i in range(self.visible_count() if count is None else count)
                if self.is_free(i)]
        if self._selected in free:
            free.remove(self._selected)
            free.insert(0, self._selected)
        return free

    def plan_placement(self, camera_ids: list[str]) -> Placement:
        """Where these cameras go without replacing anything on the wall."""
        free = self.free_tiles()
        targets = dict(zip(free, camera_ids, strict=False))
        left_over = tuple(camera_ids[len(targets):])
        larger = None
        if left_over:
            larger = next((layout for layout in _GROWTH if layout.count > self.visible_count()
                           and len(self.free_tiles(layout.count)) >= len(camera_ids)), None)
        return Placement(targets, left_over, larger)

    def put(self, targets: dict[int, str]) -> None:
        for index, camera_id in targets.items():
            self.assign(index, camera_id)

    def place(self, camera_id: str) -> int | None:
        """Put a camera where an operator expects it: on the selected tile, else on the
        first free one. None when the wall is full and no tile is selected."""
        index = self._selected if self._selected is not None else self._model.first_free()
        if index is not None:
            self.assign(index, camera_id)
        return index

    def drop(self, index: int, camera_ids: list[str]) -> None:
        """Cameras dropped on a tile: the first goes there, the rest on the next free
        visible tiles after it."""
        if not camera_ids:
            return
        self.assign(index, camera_ids[0])
        rest = list(camera_ids[1:])
        for other in range(index + 1, self.visible_count()):
            if not rest:
                break
            if self._model.camera_at(other) is None and self._model.map_at(other) is None:
                self.assign(other, rest.pop(0))

    def fill(self, camera_ids: list[str]) -> None:
        before = dict(self._model.assignments)
        had_maps = dict(self._model.maps)
        had_max = self._model.maximised
        self._model.fill(list(camera_ids))
        for index in sorted(set(before) | set(self._model.assignments) | set(had_maps)):
            if (before.get(index) != self._model.camera_at(index)
                    or had_maps.get(index) != self._model.map_at(index)):
                self.tile_changed.emit(index)
        if had_max is not None:
            self.maximised_changed.emit(None)

    def toggle_maximised(self, index: int) -> None:
        if not 0 <= index < self.visible_count():
            return
        self._model.maximised = None if self._model.maximised == index else index
        self.maximised_changed.emit(self._model.maximised)

    def select(self, index: int | None) -> None:
        if index is not None and not 0 <= index < MAX_TILES:
            return
        if index != self._selected:
            self._selected = index
            self.selected_changed.emit(index)

    def to_json(self) -> dict[str, Any]:
        return self._model.to_json()

    def load_json(self, data: dict[str, Any]) -> None:
        model = WallModel.from_json(data)
        self.set_layout(model.layout)
        for index in range(MAX_TILES):
            ref = model.map_at(index)
            if ref is not None:
                self.show_map(index, ref)
            else:
                self.assign(index, model.camera_at(index))
        if model.maximised != self._model.maximised:
            self._model.maximised = model.maximised
            self.maximised_changed.emit(model.maximised)
