"""Rules of the UI code that a crash taught us."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def test_no_widget_overrides_change_event():
    # With PySide6 6.9 a Python changeEvent on a top-level widget makes Qt crash in
    # QApplicationPrivate::notifyActiveWindowChange; re-translation goes through
    # ui.shell.i18n.language_notifier() instead.
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in sorted(UI.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name == "changeEvent"
    ]
    assert offenders == []
