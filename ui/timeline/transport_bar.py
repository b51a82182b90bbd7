"""The playback controls under the wall: pause, speed, direction, frame steps, a jump to
a date and time (WIB), back to live, and which clock they steer (the wall's, or the
selected tile's own when it is unlinked)."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from app.services.playback_sync import SPEEDS, PlaybackSync, SyncState
from app.timefmt import format_wib, parse_wib
from ui.shell.i18n import language_notifier


def speed_text(speed: float) -> str:
    return f"1/{round(1 / speed)}×" if speed < 1 else f"{speed:g}×"


class TransportBar(QWidget):
    live_requested = Signal()  # back to live, every tile of the wall
    start_requested = Signal(object, bool)  # (datetime | None, paused): start from live

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transport-bar")
        self._sync: PlaybackSync | None = None
        self._own_tile: int | None = None  # the selected tile, when it has its own clock
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(4)

        def button(name: str, text: str, slot) -> QToolButton:
            widget = QToolButton(self)
            widget.setObjectName(name)
            widget.setText(text)
            widget.setAutoRaise(True)
            widget.clicked.connect(slot)
            row.addWidget(widget)
            return widget

        self.backward_button = button("transport-backward", "◀◀", self.play_backward)
        self.step_back_button = button("transport-step-back", "◀|", lambda: self.step(-1))
        self.pause_button = button("transport-pause", "❚❚", self.toggle_paused)
        self.step_forward_button = button("transport-step-forward", "|▶",
                                          lambda: self.step(1))
        self.forward_button = button("transport-forward", "▶▶", self.play_forward)
        self.speed_box = QComboBox(self)
        self.speed_box.setObjectName("transport-speed")
        for speed in SPEEDS:
            self.speed_box.addItem(speed_text(speed), speed)
        self.speed_box.activated.connect(self._on_speed_box_activated)
        row.addWidget(self.speed_box)
        self.position_label = QLabel(self)
        self.position_label.setObjectName("transport-position")
        self.position_label.setMinimumWidth(260)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.position_label, 1)
        self.jump_edit = QLineEdit(self)
        self.jump_edit.setObjectName("transport-jump")
        self.jump_edit.returnPressed.connect(self.jump)
        row.addWidget(self.jump_edit)
        self.jump_button = button("transport-jump-go", "", self.jump)
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("transport-clock")
        row.addWidget(self.clock_label)
        self.live_button = button("transport-live", "", self.live_requested.emit)
        self.live_button.setAutoRaise(False)
        self.message = ""  # the last complaint (a date that is not one), shown as tooltip
        language_notifier().language_changed.connect(self._retranslate)
        self._retranslate()

    # -- binding ------------------------------------------------------------------------
    @property
    def sync(self) -> PlaybackSync | None:
        return self._sync

    def set_sync(self, sync: PlaybackSync, own_tile: int | None = None) -> None:
        """Steer ``sync``: the wall's clock, or tile ``own_tile``'s own."""
        if self._sync is not None:
            with contextlib.suppress(RuntimeError):  # a removed tile took its clock
                self._sync.changed.disconnect(self._refresh)
        self._sync, self._own_tile = sync, own_tile
        sync.changed.connect(self._refresh)
        self._refresh()

    # -- actions (buttons and the window's shortcuts) ------------------------------------
    def toggle_paused(self) -> None:
        sync = self._sync
        if sync is None:
            return
        if sync.state is SyncState.LIVE:
            self.start_requested.emit(None, True)  # freeze the wall on this moment
        else:
            sync.toggle_paused()

    def play_forward(self) -> None:
        """Forward at 1x; again while playing forward: faster."""
        self._play(reverse=False)

    def play_backward(self) -> None:
        self._play(reverse=True)

    def _play(self, reverse: bool) -> None:
        sync = self._sync
        if sync is None:
            return
        if sync.state is SyncState.LIVE:
            self.start_requested.emit(None, False)
            if sync.state is SyncState.LIVE:
                return
            if reverse:
                sync.set_reverse(True)
            return
        if sync.state is SyncState.PLAYING and sync.reverse() == reverse:
            sync.faster(1)
            return
        if sync.reverse() != reverse:
            sync.set_speed(1.0)
            sync.set_reverse(reverse)
        sync.set_paused(False)

    def step(self, frames: int) -> None:
        sync = self._sync
        if sync is None:
            return
        if sync.state is SyncState.LIVE:
            self.start_requested.emit(None, True)
        else:
            sync.step(frames)

    def jump(self) -> None:
        text = self.jump_edit.text().strip()
        if not text or self._sync is None:
            return
        try:
            at = parse_wib(text)
        except ValueError as exc:
            self.message = str(exc)
            self.jump_edit.setToolTip(self.message)
            self.jump_edit.setStyleSheet("QLineEdit { border: 1px solid #c62828; }")
            return
        self.message = ""
        self.jump_edit.setStyleSheet("")
        self.jump_edit.setToolTip(self.tr("A date and time in WIB, e.g. 2026-11-22 14:03:05"))
        if self._sync.state is SyncState.LIVE:
            self.start_requested.emit(at, False)
        else:
            self._sync.play_from(at)
        self.jump_edit.clearFocus()  # J, K, L and the frame keys work again at once

    def focus_jump(self) -> None:
        self.jump_edit.setFocus()
        self.jump_edit.selectAll()

    # -- showing ------------------------------------------------------------------------
    def position_text(self) -> str:
        return self.position_label.text()

    @Slot()
    def _refresh(self) -> None:
        sync = self._sync
        state = SyncState.LIVE if sync is None else sync.state
        playing = state is not SyncState.LIVE
        for widget in (self.speed_box, self.step_back_button, self.step_forward_button):
            widget.setEnabled(playing)
        # Live has no speed: a box reading "1×" there was taken for a setting of the wall.
        self.speed_box.setVisible(playing)
        self.live_button.setEnabled(playing)
        self.pause_button.setText("▶" if state is SyncState.PAUSED else "❚❚")
        if not playing:
            self.position_label.setText(self.tr("Live"))
        else:
            position = sync.position()
            arrow = "◀ " if sync.reverse() else ""
            status = self.tr("Paused") if state is SyncState.PAUSED else \
                arrow + speed_text(sync.speed())
            self.position_label.setText(
                f"{format_wib(position, millis=True)}   {status}" if position else status)
            index = self.speed_box.findData(sync.speed())
            if index >= 0:
                self.speed_box.setCurrentIndex(index)
        self.clock_label.setText(
            self.tr("Wall clock") if self._own_tile is None
            else self.tr("Tile {0}: own clock").format(self._own_tile + 1))

    @Slot(int)
    def _on_speed_box_activated(self, index: int) -> None:
        if self._sync is not None:
            self._sync.set_speed(float(self.speed_box.itemData(index)))

    def _retranslate(self, *_args) -> None:
        self.jump_edit.setPlaceholderText(self.tr("Go to (WIB) 2026-11-22 14:03"))
        metrics = self.jump_edit.fontMetrics()  # the hint whole, in either language
        self.jump_edit.setMinimumWidth(max(metrics.horizontalAdvance(text) for text in (
            "2026-11-22 14:03:05", self.jump_edit.placeholderText())) + 16)
        self.jump_button.setText(self.tr("Go"))
        self.live_button.setText(self.tr("Back to live"))
        self.backward_button.setToolTip(self.tr("Play backwards; again for faster (J)"))
        self.step_back_button.setToolTip(self.tr("One frame back (,)"))
        self.pause_button.setToolTip(self.tr("Pause or go on (K)"))
        self.step_forward_button.setToolTip(self.tr("One frame forward (.)"))
        self.forward_button.setToolTip(self.tr("Play forward; again for faster (L)"))
        self.speed_box.setToolTip(self.tr("Playback speed"))
        self.live_button.setToolTip(self.tr("Every tile of the wall back to live (Ctrl+L)"))
        self._refresh()
