"""A client signed in to a test server, and footage for serve_app to hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.services.session import SessionService
from app.tasks import TaskRunner
from tests.server.conftest import DEMO_PASSWORD, FOOTAGE_T0
from tests.support.footage import record


def logged_in(qtbot, runner: TaskRunner, url: str, user: str) -> SessionService:
    """A SessionService signed in as a demo user (waits for the answer)."""
    session = SessionService(runner)
    with qtbot.waitSignal(session.logged_in, timeout=10_000):
        session.login(url, user, DEMO_PASSWORD)
    return session


def footage(data_dir: Path, seconds: float, camera_id: str = "cam001") -> Callable:
    """serve_app's ``prepare``: ``seconds`` of cam001 from FOOTAGE_T0 (10 fps, a
    keyframe a second, 4 s segments)."""

    def prepare(ctx) -> None:
        record(ctx.engine, data_dir, camera_id, FOOTAGE_T0, seconds=seconds, segment_s=4,
               fps=10, gop=10)

    return prepare
