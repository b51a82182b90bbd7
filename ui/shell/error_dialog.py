"""Shows an uncaught exception to the operator; the log already has the traceback."""

from __future__ import annotations

from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.logmask import mask_text


def show_uncaught(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None, log_path: str = "") -> None:
    if QApplication.instance() is None:
        return

    def show() -> None:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "Pantau: unexpected error"))
        box.setText(QCoreApplication.translate(
            "ErrorDialog", "Something went wrong inside Pantau. The wall keeps running."))
        details = f"{exc_type.__name__}: {mask_text(str(exc))}"
        if log_path:
            details += "\n\n" + QCoreApplication.translate(
                "ErrorDialog", "Details are in the log file:") + f"\n{log_path}"
        box.setInformativeText(details)
        box.setModal(False)
        box.show()

    # Never open a dialog from inside whatever just raised: do it on the next turn.
    QTimer.singleShot(0, show)
