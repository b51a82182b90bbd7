"""The server's version: the installed package's, which app/version.py feeds."""

from __future__ import annotations

import importlib.metadata


def server_version() -> str:
    try:
        return importlib.metadata.version("pantau")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
