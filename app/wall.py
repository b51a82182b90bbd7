"""The wall as plain data: a layout of cells, which camera is on which tile, which tile
fills the wall. JSON in and out; a view draws it, the server shares it.

A layout is a grid of rows x columns with one tile per cell; a cell may span several
rows and columns (the large tile of a 1+7 wall). Tiles are numbered in cell order, so
the large tiles come first and a camera keeps its tile number across layouts.
"""

from __future__ import annotations

import contextlib
import enum
from dataclasses import dataclass, field
from typing import Any

MAX_SIDE = 8  # 8x8: the most tiles an operator can still read on one monitor


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    rowspan: int = 1
    colspan: int = 1

    def covers(self) -> set[tuple[int, int]]:
        return {(r, c) for r in range(self.row, self.row + self.rowspan)
                for c in range(self.column, self.column + self.colspan)}


@dataclass(frozen=True)
class Grid:
    """A custom layout: any rows x columns grid whose cells may span. Cells must not
    overlap; grid positions that no cell covers stay black."""

    rows: int
    columns: int
    cells: tuple[Cell, ...]

    def __post_init__(self) -> None:
        if not (1 <= self.rows <= MAX_SIDE and 1 <= self.columns <= MAX_SIDE):
            raise ValueError(f"a grid has 1 to {MAX_SIDE} rows and columns")
        if not self.cells:
            raise ValueError("a grid needs at least one cell")
        taken: set[tuple[int, int]] = set()
        for cell in self.cells:
            if (cell.row < 0 or cell.column < 0 or cell.rowspan < 1 or cell.colspan < 1
                    or cell.row + cell.rowspan > self.rows
                    or cell.column + cell.colspan > self.columns):
                raise ValueError(f"cell {cell} lies outside the {self.rows}x{self.columns} grid")
            if taken & cell.covers():
                raise ValueError(f"cell {cell} overlaps another cell")
            taken |= cell.covers()

    @property
    def count(self) -> int:
        return len(self.cells)

    @property
    def value(self) -> str:
        """The text form, e.g. "4x4:0,0,2,2;0,2;..." (row,column[,rowspan,colspan])."""
        parts = []
        for c in self.cells:
            spans = f",{c.rowspan},{c.colspan}" if (c.rowspan, c.colspan) != (1, 1) else ""
            parts.append(f"{c.row},{c.column}{spans}")
        return f"{self.rows}x{self.columns}:" + ";".join(parts)

    @classmethod
    def parse(cls, text: str) -> Grid:
        size, _, body = text.strip().lower().partition(":")
        try:
            rows, columns = (int(n) for n in size.split("x"))
            cells = []
            for part in filter(None, body.split(";")):
                numbers = [int(n) for n in part.split(",")]
                if len(numbers) not in (2, 4):
                    raise ValueError(part)
                cells.append(Cell(*numbers))
        except ValueError:
            raise ValueError(f"unreadable grid {text!r}; write ROWSxCOLUMNS:row,column"
                             "[,rowspan,colspan];...") from None
        return cls(rows, columns, tuple(cells))


def _uniform(rows: int, columns: int) -> tuple[Cell, ...]:
    return tuple(Cell(r, c) for r in range(rows) for c in range(columns))


def _big_and_border(side: int, big: int) -> tuple[Cell, ...]:
    """One big square in the top-left corner, small tiles along its right and bottom."""
    small = [Cell(r, c) for r in range(side) for c in range(side) if r >= big or c >= big]
    return (Cell(0, 0, big, big), *small)


def _centre_and_ring() -> tuple[Cell, ...]:
    # 1+12: the big tile in the middle of a 4x4, twelve small ones around it.
    ring = [Cell(r, c) for r in range(4) for c in range(4) if not (r in (1, 2) and c in (1, 2))]
    return (Cell(1, 1, 2, 2), *ring)


def _two_and_eight() -> tuple[Cell, ...]:
    # 2+8: two big tiles side by side on top of a 4x4, eight small ones below.
    return (Cell(0, 0, 2, 2), Cell(0, 2, 2, 2), *(Cell(r, c) for r in (2, 3) for c in range(4)))


class Layout(enum.Enum):
    """The layouts the toolbar offers; a Grid is the operator's own."""

    L1X1 = "1x1"
    L2X2 = "2x2"
    L3X3 = "3x3"
    L4X4 = "4x4"
    L5X5 = "5x5"
    L6X6 = "6x6"
    L7X7 = "7x7"
    L8X8 = "8x8"
    L1P5 = "1+5"
    L1P7 = "1+7"
    L2P8 = "2+8"
    L1P12 = "1+12"

    @property
    def grid(self) -> Grid:
        return _PRESET_GRIDS[self]

    @property
    def rows(self) -> int:
        return self.grid.rows

    @property
    def columns(self) -> int:
        return self.grid.columns

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.grid.cells

    @property
    def count(self) -> int:
        return self.grid.count

    @classmethod
    def parse(cls, text: str) -> Layout | Grid:
        """A preset by its name, or a custom grid in Grid's text form."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            pass
        if ":" in text:
            return Grid.parse(text)
        raise ValueError(f"unknown layout {text!r}; use one of "
                         + ", ".join(m.value for m in cls) + " or a custom grid like "
                         "3x3:0,0,2,2;0,2;1,2;2,0;2,1;2,2")


_PRESET_GRIDS: dict[Layout, Grid] = {
    **{lay: Grid(n, n, _uniform(n, n))
       for n, lay in enumerate([Layout.L1X1, Layout.L2X2, Layout.L3X3, Layout.L4X4,
                                Layout.L5X5, Layout.L6X6, Layout.L7X7, Layout.L8X8], 1)},
    Layout.L1P5: Grid(3, 3, _big_and_border(3, 2)),
    Layout.L1P7: Grid(4, 4, _big_and_border(4, 3)),
    Layout.L2P8: Grid(4, 4, _two_and_eight()),
    Layout.L1P12: Grid(4, 4, _centre_and_ring()),
}

AnyLayout = Layout | Grid
MAX_TILES = MAX_SIDE * MAX_SIDE


@dataclass(frozen=True)
class MapRef:
    """A map on a tile in place of a camera: a map picture by its server id, or the city
    overview (map_id None)."""

    map_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"map_id": self.map_id}

    @classmethod
    def from_json(cls, raw: Any) -> MapRef | None:
        if not isinstance(raw, dict):
            return None
        map_id = raw.get("map_id")
        if map_id is None or (isinstance(map_id, int) and not isinstance(map_id, bool)):
            return cls(map_id)
        return None


def layout_to_json(layout: AnyLayout) -> str:
    return layout.value


def layout_from_json(raw: Any) -> AnyLayout:
    """A layout from its stored text; ValueError when it is not one."""
    if not isinstance(raw, str):
        raise ValueError(f"not a layout: {raw!r}")
    return Layout.parse(raw)


@dataclass
class WallModel:
    layout: AnyLayout = Layout.L2X2
    # Tiles beyond the current layout keep their camera, so going 4x4 -> 2x2 -> 4x4
    # gives the operator back the wall they had.
    assignments: dict[int, str] = field(default_factory=dict)
    maximised: int | None = None
    # Tiles that show a map instead of a camera (a tile holds one or the other).
    maps: dict[int, MapRef] = field(default_factory=dict)

    def visible_count(self) -> int:
        return self.layout.count

    def cells(self) -> tuple[Cell, ...]:
        return self.layout.cells

    def camera_at(self, index: int) -> str | None:
        return self.assignments.get(index)

    def map_at(self, index: int) -> MapRef | None:
        return self.maps.get(index)

    def show_map(self, index: int, ref: MapRef) -> None:
        if not 0 <= index < MAX_TILES:
            raise IndexError(index)
        self.assignments.pop(index, None)
        self.maps[index] = ref

    def assign(self, index: int, camera_id: str | None) -> None:
        """A camera on the tile (None: empty); a map there gives way."""
        if not 0 <= index < MAX_TILES:
            raise IndexError(index)
        self.maps.pop(index, None)
        if camera_id:
            self.assignments[index] = camera_id
        else:
            self.assignments.pop(index, None)

    def first_free(self) -> int | None:
        for index in range(self.visible_count()):
            if index not in self.assignments and index not in self.maps:
                return index
        return None

    def fill(self, camera_ids: list[str]) -> None:
        """Put these cameras in order on the visible tiles, replacing what was there."""
        self.assignments = {i: cam for i, cam in enumerate(camera_ids[:self.visible_count()])}
        self.maps = {i: ref for i, ref in self.maps.items() if i >= self.visible_count()}
        self.maximised = None

    def set_layout(self, layout: AnyLayout) -> None:
        self.layout = layout
        if self.maximised is not None and self.maximised >= layout.count:
            self.maximised = None

    def to_json(self) -> dict[str, Any]:
        data = {"layout": layout_to_json(self.layout),
                "tiles": {str(i): cam for i, cam in sorted(self.assignments.items())},
                "maximised": self.maximised}
        if self.maps:  # only then: a wall without maps reads as before
            data["maps"] = {str(i): ref.to_json() for i, ref in sorted(self.maps.items())}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WallModel:
        """A wall from JSON; anything unusable falls back to an empty 2x2 part by part."""
        model = cls()
        if not isinstance(data, dict):
            return model
        with contextlib.suppress(ValueError):
            model.layout = layout_from_json(data.get("layout", model.layout.value))
        tiles = data.get("tiles")
        if isinstance(tiles, dict):
            for key, cam in tiles.items():
                if str(key).isdigit() and 0 <= int(key) < MAX_TILES and isinstance(cam, str):
                    model.assignments[int(key)] = cam
        maps = data.get("maps")
        if isinstance(maps, dict):
            for key, raw in maps.items():
                ref = MapRef.from_json(raw)
                if str(key).isdigit() and 0 <= int(key) < MAX_TILES and ref is not None:
                    model.show_map(int(key), ref)
        maximised = data.get("maximised")
        if isinstance(maximised, int) and 0 <= maximised < model.layout.count:
            model.maximised = maximised
        return model
