"""Runs the client: QApplication, the logging funnel, qasync's event loop, the shell."""

from __future__ import annotations

import asyncio
import logging
import sys

import qasync
from PySide6.QtWidgets import QApplication

from app import paths
from app.config import ClientConfig
from app.logging_setup import install_excepthook, setup_logging
from app.version import __version__
from ui.shell.error_dialog import show_uncaught
from ui.shell.shell import ClientShell

log = logging.getLogger(__name__)


def run(config: ClientConfig) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(paths.ORG_NAME)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    log_path = setup_logging()
    install_excepthook(lambda t, e, tb: show_uncaught(t, e, tb, str(log_path)))
    log.info("Pantau %s starting (config: %s)", __version__, config)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    shell = ClientShell(config)
    finished: asyncio.Future[int] = loop.create_future()

    def finish(code: int) -> None:
        if not finished.done():
            finished.set_result(code)

    shell.start_failed.connect(lambda _reason: finish(0))
    app.aboutToQuit.connect(lambda: finish(0))
    shell.start()
    with loop:
        code = loop.run_until_complete(finished)
    shell.shutdown()
    log.info("Pantau stopped with exit code %d", code)
    return code
