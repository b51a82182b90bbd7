"""``python -m server <command> …``: administration from the command line, one module a
command, each exposing ``main(argv) -> int``. ``python -m server [options]`` (no
command) serves."""

from __future__ import annotations

import importlib

# command word -> module under server.commands
COMMANDS: dict[str, str] = {
    "retention": "retention",
    "keys": "keys",
    "db": "db",
    "cameras": "cameras",
    "users": "users",
    "node": "node",
}


def find(word: str):
    """The ``main`` of command ``word``, or None when it is not a command."""
    module = COMMANDS.get(word)
    if module is None:
        return None
    return importlib.import_module(f"server.commands.{module}").main
