"""Where the client keeps its files; environment overrides keep tests and kiosks apart."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

APP_NAME = "Pantau"
ORG_NAME = "Pantau"


def _standard(location: QStandardPaths.StandardLocation, fallback: str) -> Path:
    found = QStandardPaths.writableLocation(location)
    if not found:
        return Path.home() / fallback
    path = Path(found)
    # Without a QCoreApplication naming us, Qt returns the generic directory.
    return path if path.name.lower() == APP_NAME.lower() else path / APP_NAME.lower()


def config_dir() -> Path:
    override = os.environ.get("PANTAU_CONFIG_DIR")
    if override:
        return Path(override)
    return _standard(QStandardPaths.StandardLocation.AppConfigLocation, ".config/pantau")


def log_dir() -> Path:
    override = os.environ.get("PANTAU_LOG_DIR")
    if override:
        return Path(override)
    return _standard(QStandardPaths.StandardLocation.AppLocalDataLocation,
                     ".local/share/pantau") / "log"
