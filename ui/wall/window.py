"""A wall window: one WallWidget full-screen on one screen, for a monitor of the wall.

The main window stays the operator's console; each wall window only shows video."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.wall import WallService
from ui.tile.services import TileServices
from ui.wall.widget import WallWidget

NOTICE_MS = 5000  # long enough to read across a control room, short enough to not hide video


class WallWindow(QWidget):
    closed = Signal()

    def __init__(self, wall: WallService, services: TileServices,
                 parent: QWidget | None = None) -> None:
        # A top-level window even with a parent: the parent only owns its lifetime.
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wall-window")
        self.setStyleSheet("#wall-window { background: #000000; }")
        self.wall = wall
        self.screen_name = ""
        self.wall_widget = WallWidget(wall, services, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wall_widget)
        # Who changed this wall, said for a few seconds over the video.
        self.notice = QLabel(self)
        self.notice.setObjectName("wall-notice")
        self.notice.setStyleSheet("#wall-notice { background: rgba(0, 0, 0, 190); "
                                  "color: white; padding: 8px 16px; border-radius: 6px; "
                                  "font-size: 16pt; }")
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)
        # Esc first restores a maximised tile (the wall's own habit); Ctrl+Shift+W closes.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._on_escape_activated)
        QShortcut(QKeySequence("Ctrl+Shift+W"), self, self.close)
        self._retitle()

    def show_on(self, screen: QScreen) -> None:
        """Full-screen on ``screen``: move there first, so the window manager (or, with
        none, X itself) gives the full-screen state to that monitor."""
        self.screen_name = screen.name()
        self._retitle()
        if self.isFullScreen():
            self.showNormal()
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.wall_widget.setVisible(True)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.adjustSize()
        self.notice.move((self.width() - self.notice.width()) // 2, self.height() // 12)
        self.notice.raise_()
        self.notice.show()
        self._notice_timer.start(NOTICE_MS)

    def park(self) -> None:
        """Its screen is gone: hide, keeping the wall and its cameras for its return."""
        self.hide()

    def shutdown(self) -> None:
        self.wall_widget.shutdown()

    def _retitle(self) -> None:
        self.setWindowTitle(self.tr("Pantau wall: {0}").format(self.screen_name or "?"))

    def _on_escape_activated(self) -> None:
        if self.wall.maximised is not None:
            self.wall.toggle_maximised(self.wall.maximised)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wall_widget.shutdown()
        self.closed.emit()
        super().closeEvent(event)
