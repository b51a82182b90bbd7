"""Every keyboard action of the client, declared once: an id, a default shortcut and a
description. The operator may change a shortcut; changes are kept in the settings
("shortcuts": action id -> key sequence text) and the rest keeps its default."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.wall import Layout

CONTEXT = "Actions"  # translation context of the descriptions


class ActionId(enum.Enum):
    FULL_SCREEN = "full_screen"
    RESTORE = "restore"
    MAXIMISE_TILE = "maximise_tile"
    CLOSE_TILE = "close_tile"
    NEXT_TILE = "next_tile"
    PREVIOUS_TILE = "previous_tile"
    NEXT_VIEW = "next_view"
    PREVIOUS_VIEW = "previous_view"
    SAVE_VIEW = "save_view"
    TOUR_TOGGLE = "tour_toggle"
    TILE_TOUR = "tile_tour"
    SHOW_CAMERAS = "show_cameras"
    SHOW_VIEWS = "show_views"
    SHORTCUTS = "shortcuts"
    QUIT = "quit"
    CUSTOM_LAYOUT = "custom_layout"
    ADD_BOOKMARK = "add_bookmark"
    EXPORT = "export"
    VERIFY_EXPORT = "verify_export"
    BOOKMARKS = "bookmarks"
    PLAY_PAUSE = "play_pause"
    PLAY_FORWARD = "play_forward"
    PLAY_BACKWARD = "play_backward"
    FRAME_FORWARD = "frame_forward"
    FRAME_BACK = "frame_back"
    GO_TO_TIME = "go_to_time"
    ALL_LIVE = "all_live"
    INVESTIGATE = "investigate"
    MOTION_SEARCH = "motion_search"
    LAYOUT_1X1 = "layout_1x1"
    LAYOUT_2X2 = "layout_2x2"
    LAYOUT_3X3 = "layout_3x3"
    LAYOUT_4X4 = "layout_4x4"
    LAYOUT_5X5 = "layout_5x5"
    LAYOUT_6X6 = "layout_6x6"
    LAYOUT_7X7 = "layout_7x7"
    LAYOUT_8X8 = "layout_8x8"
    LAYOUT_1P5 = "layout_1p5"
    LAYOUT_1P7 = "layout_1p7"
    LAYOUT_2P8 = "layout_2p8"
    LAYOUT_1P12 = "layout_1p12"


@dataclass(frozen=True)
class ActionSpec:
    id: ActionId
    default_shortcut: str  # QKeySequence portable text; "" for none
    description: str  # English; shown through QCoreApplication.translate(CONTEXT, ...)


def _layout_action(layout: Layout) -> ActionId:
    return ActionId("layout_" + layout.value.replace("+", "p"))


LAYOUT_ACTIONS: dict[Layout, ActionId] = {layout: _layout_action(layout) for layout in Layout}

# Layouts by number keys: Ctrl+1..8 the even grids, Ctrl+Shift+1..4 the uneven ones.
_LAYOUT_KEYS = {
    Layout.L1X1: "Ctrl+1", Layout.L2X2: "Ctrl+2", Layout.L3X3: "Ctrl+3", Layout.L4X4: "Ctrl+4",
    Layout.L5X5: "Ctrl+5", Layout.L6X6: "Ctrl+6", Layout.L7X7: "Ctrl+7", Layout.L8X8: "Ctrl+8",
    Layout.L1P5: "Ctrl+Shift+1", Layout.L1P7: "Ctrl+Shift+2", Layout.L2P8: "Ctrl+Shift+3",
    Layout.L1P12: "Ctrl+Shift+4",
}

REGISTRY: tuple[ActionSpec, ...] = (
    ActionSpec(ActionId.FULL_SCREEN, "F11", QT_TRANSLATE_NOOP("Actions", "Full screen")),
    ActionSpec(ActionId.RESTORE, "Esc",
               QT_TRANSLATE_NOOP("Actions", "Restore the grid, leave full screen")),
    ActionSpec(ActionId.MAXIMISE_TILE, "Ctrl+Return",
               QT_TRANSLATE_NOOP("Actions", "Maximise the selected tile, or restore it")),
    ActionSpec(ActionId.CLOSE_TILE, "Ctrl+W",
               QT_TRANSLATE_NOOP("Actions", "Close the camera on the selected tile")),
    ActionSpec(ActionId.NEXT_TILE, "Alt+Right",
               QT_TRANSLATE_NOOP("Actions", "Select the next tile")),
    ActionSpec(ActionId.PREVIOUS_TILE, "Alt+Left",
               QT_TRANSLATE_NOOP("Actions", "Select the previous tile")),
    ActionSpec(ActionId.NEXT_VIEW, "Ctrl+PgDown", QT_TRANSLATE_NOOP("Actions", "Next view")),
    ActionSpec(ActionId.PREVIOUS_VIEW, "Ctrl+PgUp",
               QT_TRANSLATE_NOOP("Actions", "Previous view")),
    ActionSpec(ActionId.SAVE_VIEW, "Ctrl+S",
               QT_TRANSLATE_NOOP("Actions", "Save the wall as a view")),
    ActionSpec(ActionId.TOUR_TOGGLE, "Ctrl+T",
               QT_TRANSLATE_NOOP("Actions", "Start or stop the tour through the views")),
    ActionSpec(ActionId.TILE_TOUR, "Ctrl+Shift+T",
               QT_TRANSLATE_NOOP("Actions", "Tour the selected tile through the cameras the "
                                 "camera list shows, or stop its tour")),
    ActionSpec(ActionId.SHOW_CAMERAS, "Ctrl+Shift+C",
               QT_TRANSLATE_NOOP("Actions", "Show or hide the camera list")),
    ActionSpec(ActionId.SHOW_VIEWS, "Ctrl+Shift+V",
               QT_TRANSLATE_NOOP("Actions", "Show or hide the views")),
    ActionSpec(ActionId.SHORTCUTS, "F1",
               QT_TRANSLATE_NOOP("Actions", "Keyboard shortcuts")),
    ActionSpec(ActionId.QUIT, "Ctrl+Q", QT_TRANSLATE_NOOP("Actions", "Quit")),
    ActionSpec(ActionId.CUSTOM_LAYOUT, "Ctrl+Shift+L",
               QT_TRANSLATE_NOOP("Actions", "Custom layout…")),
    ActionSpec(ActionId.ADD_BOOKMARK, "Ctrl+B",
               QT_TRANSLATE_NOOP("Actions", "Bookmark the selected tile's camera now…")),
    ActionSpec(ActionId.EXPORT, "Ctrl+E",
               QT_TRANSLATE_NOOP("Actions", "Export evidence from the selected tile…")),
    ActionSpec(ActionId.VERIFY_EXPORT, "Ctrl+Shift+E",
               QT_TRANSLATE_NOOP("Actions", "Verify an evidence export…")),
    ActionSpec(ActionId.BOOKMARKS, "Ctrl+Shift+B",
               QT_TRANSLATE_NOOP("Actions", "Bookmarks: search, play, edit, protect…")),
    ActionSpec(ActionId.PLAY_PAUSE, "K",
               QT_TRANSLATE_NOOP("Actions", "Playback: pause or go on")),
    ActionSpec(ActionId.PLAY_FORWARD, "L",
               QT_TRANSLATE_NOOP("Actions", "Playback: play forward, again for faster")),
    ActionSpec(ActionId.PLAY_BACKWARD, "J",
               QT_TRANSLATE_NOOP("Actions", "Playback: play backwards, again for faster")),
    ActionSpec(ActionId.FRAME_FORWARD, ".",
               QT_TRANSLATE_NOOP("Actions", "Playback: one frame forward")),
    ActionSpec(ActionId.FRAME_BACK, ",",
               QT_TRANSLATE_NOOP("Actions", "Playback: one frame back")),
    ActionSpec(ActionId.GO_TO_TIME, "Ctrl+G",
               QT_TRANSLATE_NOOP("Actions", "Playback: go to a date and time")),
    ActionSpec(ActionId.ALL_LIVE, "Ctrl+L",
               QT_TRANSLATE_NOOP("Actions", "Back to live: every tile of the wall")),
    ActionSpec(ActionId.INVESTIGATE, "Ctrl+Shift+P",
               QT_TRANSLATE_NOOP("Actions", "Investigate the wall's cameras in a playback "
                                 "window; the wall stays live")),
    ActionSpec(ActionId.MOTION_SEARCH, "Ctrl+Shift+M",
               QT_TRANSLATE_NOOP("Actions", "Search an area's cameras for motion…")),
    *(ActionSpec(LAYOUT_ACTIONS[layout], key, QT_TRANSLATE_NOOP("Actions", "Layout"))
      for layout, key in _LAYOUT_KEYS.items()),
)

SPECS: dict[ActionId, ActionSpec] = {spec.id: spec for spec in REGISTRY}


class KeyScope(enum.Enum):
    """Where a fixed key works (the keys of the window's actions work everywhere in it)."""

    TILE = "tile"  # the tile clicked last (it has the keyboard focus)
    PTZ = "ptz"  # a tile in PTZ mode (P)
    WALL_WINDOW = "wall_window"  # a wall window on another monitor
    CAMERA_LIST = "camera_list"  # the camera list
    MASK_EDITOR = "mask_editor"  # the privacy masks of an export


@dataclass(frozen=True)
class FixedKey:
    keys: tuple[str, ...]  # QKeySequence portable texts; any of them does it
    scope: KeyScope
    description: str  # English; shown through QCoreApplication.translate(CONTEXT, ...)


# Keys that belong to one widget and cannot be changed. The keyboard help lists these
# with the actions; tests/ui/test_shortcuts_dialog.py presses every key on a tile and
# fails for one that does something and is not here.
FIXED_KEYS: tuple[FixedKey, ...] = (
    FixedKey(("P",), KeyScope.TILE,
             QT_TRANSLATE_NOOP("Actions", "PTZ mode on or off (PTZ cameras)")),
    FixedKey(("S",), KeyScope.TILE, QT_TRANSLATE_NOOP("Actions", "Save a snapshot")),
    FixedKey(("I",), KeyScope.TILE,
             QT_TRANSLATE_NOOP("Actions", "Stream information on or off")),
    FixedKey(("0",), KeyScope.TILE, QT_TRANSLATE_NOOP("Actions", "Reset the digital zoom")),
    FixedKey(("M",), KeyScope.TILE,
             QT_TRANSLATE_NOOP("Actions", "Search motion: draw a rectangle on the picture "
                               "(playback; Esc cancels)")),
    FixedKey(("Left", "Right", "Up", "Down"), KeyScope.PTZ,
             QT_TRANSLATE_NOOP("Actions", "Turn the camera while held")),
    FixedKey(("+", "=", "PgUp"), KeyScope.PTZ,
             QT_TRANSLATE_NOOP("Actions", "Zoom the camera in while held")),
    FixedKey(("-", "PgDown"), KeyScope.PTZ,
             QT_TRANSLATE_NOOP("Actions", "Zoom the camera out while held")),
    FixedKey(tuple(str(n) for n in range(1, 10)), KeyScope.PTZ,
             QT_TRANSLATE_NOOP("Actions", "Go to preset 1 to 9 of the PTZ list")),
    FixedKey(("Esc",), KeyScope.WALL_WINDOW,
             QT_TRANSLATE_NOOP("Actions", "Restore the maximised tile")),
    FixedKey(("Ctrl+Shift+W",), KeyScope.WALL_WINDOW,
             QT_TRANSLATE_NOOP("Actions", "Close the wall window")),
    FixedKey(("Alt+PgDown",), KeyScope.CAMERA_LIST,
             QT_TRANSLATE_NOOP("Actions", "Next page of the area on the wall")),
    FixedKey(("Alt+PgUp",), KeyScope.CAMERA_LIST,
             QT_TRANSLATE_NOOP("Actions", "Previous page of the area on the wall")),
    FixedKey(("Del", "Backspace"), KeyScope.MASK_EDITOR,
             QT_TRANSLATE_NOOP("Actions", "Remove the selected mask")),
)


class ShortcutMap:
    """The shortcut of every action: the operator's choice where there is one."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self._overrides: dict[ActionId, str] = {}
        for key, value in (overrides or {}).items():
            try:
                action = ActionId(key)
            except ValueError:
                continue  # an action that no longer exists
            if isinstance(value, str):
                self._overrides[action] = value

    def shortcut(self, action: ActionId) -> str:
        return self._overrides.get(action, SPECS[action].default_shortcut)

    def set(self, action: ActionId, shortcut: str) -> None:
        if shortcut == SPECS[action].default_shortcut:
            self._overrides.pop(action, None)
        else:
            self._overrides[action] = shortcut

    def conflicts(self, action: ActionId, shortcut: str) -> list[ActionId]:
        """Other actions already on this shortcut."""
        if not shortcut:
            return []
        return [spec.id for spec in REGISTRY
                if spec.id is not action and self.shortcut(spec.id) == shortcut]

    def to_json(self) -> dict[str, str]:
        return {action.value: key for action, key in sorted(
            self._overrides.items(), key=lambda item: item[0].value)}
