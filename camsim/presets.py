"""PTZ presets of one camera, kept as JSON in the data directory across restarts."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from camsim.ptz import Position

MAX_PRESETS = 64


@dataclass(frozen=True)
class Preset:
    token: str
    name: str
    position: Position


class PresetLimitError(Exception):
    pass


class PresetStore:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._presets: dict[str, Preset] = {}
        if path.is_file():
            for item in json.loads(path.read_text(encoding="utf-8")):
                self._presets[item["token"]] = Preset(
                    item["token"], item["name"], Position(**item["position"])
                )

    def all(self) -> list[Preset]:
        with self._lock:
            return list(self._presets.values())

    def get(self, token: str) -> Preset | None:
        with self._lock:
            return self._presets.get(token)

    def save(self, position: Position, name: str | None, token: str | None) -> Preset:
        """Create a preset, or overwrite the one with ``token``."""
        with self._lock:
            if token is None:
                if len(self._presets) >= MAX_PRESETS:
                    raise PresetLimitError
                token = self._free_token()
            preset = Preset(token, name or f"Preset {token}", position)
            self._presets[token] = preset
            self._write()
            return preset

    def remove(self, token: str) -> bool:
        with self._lock:
            if self._presets.pop(token, None) is None:
                return False
            self._write()
            return True

    def _free_token(self) -> str:
        number = 1
        while str(number) in self._presets:
            number += 1
        return str(number)

    def _write(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        items = [
            {"token": p.token, "name": p.name, "position": asdict(p.position)}
            for p in self._presets.values()
        ]
        tmp.write_text(json.dumps(items, indent=1), encoding="utf-8")
        os.replace(tmp, self._path)
