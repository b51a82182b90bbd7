"""Settings for every test tier: Qt without a screen unless a tier brings its own X
server, and a private config/log dir so no test touches a real user's files."""

from __future__ import annotations

import gc
import os
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_PRIVATE = tempfile.mkdtemp(prefix="pantau-tests-")
os.environ.setdefault("PANTAU_CONFIG_DIR", os.path.join(_PRIVATE, "config"))
os.environ.setdefault("PANTAU_LOG_DIR", os.path.join(_PRIVATE, "log"))


@pytest.fixture
def runner(qtbot):
    """The client's TaskRunner (its worker threads), shut down after the test."""
    from app.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_gui_thread():
    """Widgets and services of a test form reference cycles; collected later by
    whichever thread happens to trigger the garbage collector (a server's, an engine's),
    their Qt objects would be destroyed off the GUI thread, which crashes Qt. Collect
    them here, on the GUI thread, after every test of every tier (the client core's
    services are Qt objects too)."""
    yield
    gc.collect()
