"""Settings for every test tier: Qt without a screen unless a tier brings its own X
server, and a private config/log dir so no test touches a real user's files."""

from __future__ import annotations

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
