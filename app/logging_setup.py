"""The one logging funnel: stdlib logging into a rotating file, Qt's own messages routed
in, secrets masked on the way, and an excepthook that logs and tells the UI."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from app import paths
from app.logmask import mask_text

LOG_FILE = "pantau.log"
CRASH_FILE = "crash.log"  # native crashes (a decoder or Qt segfault) leave a trace here
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

ErrorCallback = Callable[[type[BaseException], BaseException, TracebackType | None], None]

_qt_log = logging.getLogger("qt")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class MaskingFilter(logging.Filter):
    """Masks URL credentials and secret query values in every record, whoever logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        return True


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO,
                  console: bool = True) -> Path:
    """Configure the root logger once; returns the log file's path."""
    directory = log_dir or paths.log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_pantau", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5,
                                             encoding="utf-8")]
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler._pantau = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(MaskingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    qInstallMessageHandler(_on_qt_message)
    _enable_faulthandler(directory / CRASH_FILE)
    return path


_crash_file = None


def _enable_faulthandler(path: Path) -> None:
    # A segfault in libav* or Qt never reaches logging; faulthandler writes every
    # thread's Python stack to this file instead, so a vanished client leaves a trace.
    global _crash_file
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
    _crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (lives as long as we do)
    faulthandler.enable(_crash_file, all_threads=True)


def _on_qt_message(msg_type: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.category})" if context.category and context.category != "default" else ""
    _qt_log.log(_QT_LEVELS.get(msg_type, logging.WARNING), "%s%s", message, where)


def install_excepthook(on_error: ErrorCallback | None = None) -> None:
    """Log every uncaught exception (main thread and others) and hand it to ``on_error``,
    which the UI uses to show it. qasync routes slot exceptions here too."""

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logging.getLogger("pantau.crash").critical("uncaught exception",
                                                   exc_info=(exc_type, exc, tb))
        if on_error is not None:
            try:
                on_error(exc_type, exc, tb)
            except Exception:  # showing the error must never raise a second one
                logging.getLogger("pantau.crash").exception("error callback failed")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        logging.getLogger("pantau.crash").critical(
            "uncaught exception in thread %s", args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook
