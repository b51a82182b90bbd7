"""The one settings schema: every option declared once, typed, with a default and a
description, stored as JSON in the user config dir. Window geometry is not here (it
belongs to ui/shell/geometry.py, the one QSettings user)."""

from __future__ import annotations

import enum
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app import paths

log = logging.getLogger(__name__)


class EngineChoice(enum.Enum):
    AUTO = "auto"  # libVLC where it can open the URL, PyAV otherwise
    PYAV = "pyav"
    VLC = "vlc"


class VlcOutput(enum.Enum):
    WINDOW = "window"  # libVLC draws into the tile's native window (cheapest)
    FRAMES = "frames"  # libVLC hands pictures over; shared decode, zoom and overlays on them


class Language(enum.Enum):
    ENGLISH = "en"
    INDONESIAN = "id"


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    description: str

    def coerce(self, raw: Any) -> Any:
        """The stored value as this option's type, or the default if it is unusable."""
        try:
            if isinstance(self.type, type) and issubclass(self.type, enum.Enum):
                return self.type(raw)
            if self.type is float and isinstance(raw, int | float) and not isinstance(raw, bool):
                return float(raw)
            if self.type is int and isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if self.type in (str, bool, dict, list) and isinstance(raw, self.type):
                return raw
        except ValueError:
            pass
        return self.default

    def dump(self, value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else value


SCHEMA: tuple[Option, ...] = (
    Option("server_url", str, "http://127.0.0.1:8080", "Address of the Pantau server."),
    Option("username", str, "", "The last user who logged in on this computer."),
    Option("remember_password", bool, False,
           "Keep the password in the operating system's keyring (never in a file)."),
    Option("language", Language, Language.ENGLISH, "Language of the user interface."),
    Option("engine", EngineChoice, EngineChoice.AUTO, "Which stream engine decodes video."),
    Option("stale_timeout_s", float, 3.0,
           "Seconds without a new picture before a tile says the picture is stale."),
    Option("connect_timeout_s", float, 5.0, "Seconds to wait for a camera to answer."),
    Option("snapshot_dir", str, "",
           "Folder for tile snapshots (empty: the user's Pictures/Pantau)."),
    Option("ptz_speed", float, 0.5,
           "PTZ: how fast the arrow keys and the pad turn a camera (0.1 to 1 of its top speed)."),
    Option("export_dir", str, "",
           "Folder for downloaded evidence exports (empty: the user's Videos/Pantau exports)."),
    Option("decoder_processes", int, 0,
           "Processes that decode live PyAV streams (0: one per core, at most four; "
           "-1: decode inside the client's own process)."),
    Option("vlc_network_caching_ms", int, 300,
           "libVLC engine: milliseconds of network buffering (lower: less delay)."),
    Option("vlc_video_output", VlcOutput, VlcOutput.WINDOW,
           "libVLC engine: draw into the tile's own window ('window': no picture passes "
           "through Pantau) or hand pictures over ('frames': one decode shared by tiles)."),
    Option("stream_ladder", bool, True,
           "Each tile pulls its camera's smallest stream that fills it (off: the sub "
           "stream, the main one when maximised)."),
    Option("tile_engines", dict, {},
           "Engine per tile index ('auto', 'pyav', 'vlc'); tiles not listed use 'engine'."),
    Option("playback_minutes", int, 5, "How far back 'Playback: last minutes' starts."),
    Option("last_wall", dict, {}, "The wall as it was when the client last closed."),
    Option("views", list, [], "Personal named views: a layout and its cameras under a name."),
    Option("shortcuts", dict, {},
           "Keyboard shortcuts the operator changed: action id -> key (the rest default)."),
    Option("tour_dwell_s", float, 10.0, "Seconds a tour shows each view or camera."),
    Option("wall_windows", list, [],
           "Wall windows: which wall is on which screen (screen name and geometry)."),
    Option("workstation", str, "",
           "Name this computer's walls go by when others push to them (empty: host name)."),
    Option("alarm_sound", bool, False,
           "Beep when a new alarm arrives (the system's beep: no sound files are played)."),
)

_BY_KEY = {option.key: option for option in SCHEMA}
FILE_NAME = "settings.json"


class Settings(QObject):
    """Typed access to the schema; saves on every change, tells listeners what changed."""

    value_changed = Signal(str, object)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or (paths.config_dir() / FILE_NAME)
        self._values: dict[str, Any] = {o.key: o.default for o in SCHEMA}
        self._load()

    @staticmethod
    def schema() -> tuple[Option, ...]:
        return SCHEMA

    def get(self, key: str) -> Any:
        return self._values[_BY_KEY[key].key]

    def set(self, key: str, value: Any) -> None:
        option = _BY_KEY[key]
        coerced = option.coerce(option.dump(value))
        if self._values[key] == coerced:
            return
        self._values[key] = coerced
        self.save()
        self.value_changed.emit(key, coerced)

    def as_dict(self) -> dict[str, Any]:
        return {o.key: o.dump(self._values[o.key]) for o in SCHEMA}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write a temporary file and rename it, so a crash never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.as_dict(), handle, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

    def _load(self) -> None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable, using defaults: %s", self.path, exc)
            return
        if not isinstance(raw, dict):
            log.warning("settings file %s is not an object, using defaults", self.path)
            return
        for option in SCHEMA:
            if option.key in raw:
                self._values[option.key] = option.coerce(raw[option.key])
