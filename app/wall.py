"""The wall as plain data: a layout, which camera is on which tile, which tile fills the
wall. JSON in and out; a view draws it, a future server pushes it."""

from __future__ import annotations

import contextlib
import enum
from dataclasses import dataclass, field
from typing import Any


class Layout(enum.Enum):
    L1X1 = "1x1"
    L2X2 = "2x2"
    L3X3 = "3x3"
    L4X4 = "4x4"

    @property
    def columns(self) -> int:
        return int(self.value.split("x")[0])

    @property
    def rows(self) -> int:
        return int(self.value.split("x")[1])

    @property
    def count(self) -> int:
        return self.columns * self.rows

    @classmethod
    def parse(cls, text: str) -> Layout:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown layout {text!r}; use one of "
                             + ", ".join(m.value for m in cls)) from None


MAX_TILES = max(layout.count for layout in Layout)


@dataclass
class WallModel:
    layout: Layout = Layout.L2X2
    # Tiles beyond the current layout keep their camera, so going 4x4 -> 2x2 -> 4x4
    # gives the operator back the wall they had.
    assignments: dict[int, str] = field(default_factory=dict)
    maximised: int | None = None

    def visible_count(self) -> int:
        return self.layout.count

    def camera_at(self, index: int) -> str | None:
        return self.assignments.get(index)

    def assign(self, index: int, camera_id: str | None) -> None:
        if not 0 <= index < MAX_TILES:
            raise IndexError(index)
        if camera_id:
            self.assignments[index] = camera_id
        else:
            self.assignments.pop(index, None)

    def first_free(self) -> int | None:
        for index in range(self.visible_count()):
            if index not in self.assignments:
                return index
        return None

    def fill(self, camera_ids: list[str]) -> None:
        """Put these cameras in order on the visible tiles, replacing what was there."""
        self.assignments = {i: cam for i, cam in enumerate(camera_ids[:self.visible_count()])}
        self.maximised = None

    def set_layout(self, layout: Layout) -> None:
        self.layout = layout
        if self.maximised is not None and self.maximised >= layout.count:
            self.maximised = None

    def to_json(self) -> dict[str, Any]:
        return {"layout": self.layout.value,
                "tiles": {str(i): cam for i, cam in sorted(self.assignments.items())},
                "maximised": self.maximised}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WallModel:
        """A wall from JSON; anything unusable falls back to an empty 2x2 part by part."""
        model = cls()
        if not isinstance(data, dict):
            return model
        with contextlib.suppress(ValueError):
            model.layout = Layout(data.get("layout", model.layout.value))
        tiles = data.get("tiles")
        if isinstance(tiles, dict):
            for key, cam in tiles.items():
                if str(key).isdigit() and 0 <= int(key) < MAX_TILES and isinstance(cam, str):
                    model.assignments[int(key)] = cam
        maximised = data.get("maximised")
        if isinstance(maximised, int) and 0 <= maximised < model.layout.count:
            model.maximised = maximised
        return model
