"""Where the client's icons, themes and translations are, in a checkout and when frozen."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return base / "resources"


def icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def theme_qss(name: str = "dark") -> str:
    path = resources_dir() / "themes" / f"{name}.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
