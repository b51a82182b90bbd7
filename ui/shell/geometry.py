"""Window geometry: the one place that uses QSettings, kept apart from user options."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from app import paths


def _store() -> QSettings:
    return QSettings(str(paths.config_dir() / "geometry.ini"), QSettings.Format.IniFormat)


def restore(window: QMainWindow, name: str) -> bool:
    store = _store()
    geometry, state = store.value(f"{name}/geometry"), store.value(f"{name}/state")
    restored = bool(geometry) and window.restoreGeometry(geometry)
    if state:
        window.restoreState(state)
    return restored


def save(window: QMainWindow, name: str) -> None:
    store = _store()
    store.setValue(f"{name}/geometry", window.saveGeometry())
    store.setValue(f"{name}/state", window.saveState())
    store.sync()
