"""The transport bar and the Playback menu steering a wall's clock (no streams: what
the controls do to the clock, and what the bar says)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.actions import ActionId
from app.services.playback_sync import PlaybackSync, SyncState
from ui.shell.main_window import MainWindow
from ui.timeline.transport_bar import TransportBar

T = datetime(2026, 11, 22, 3, 0, 0, tzinfo=UTC)  # 10:00 WIB


@pytest.fixture
def bar(qtbot):
    widget = TransportBar()
    qtbot.addWidget(widget)
    sync = PlaybackSync()
    widget.set_sync(sync)
    return widget, sync


def test_live_until_started_then_the_buttons_steer_the_clock(qtbot, bar):
    widget, sync = bar
    assert widget.position_text() == "Live" and not widget.step_back_button.isEnabled()
    widget.show()
    assert not widget.speed_box.isVisible()  # live has no speed to show
    with qtbot.waitSignal(widget.start_requested) as started:
        qtbot.mouseClick(widget.pause_button, Qt.MouseButton.LeftButton)
    assert started.args == [None, True]  # freeze on the latest recorded moment

    sync.play_from(T, paused=True)
    assert widget.position_text().startswith("2026-11-22 10:00:00.000 WIB")
    assert "Paused" in widget.position_text() and widget.step_back_button.isEnabled()
    assert widget.speed_box.isVisible() and widget.speed_box.currentText() == "1×"
    qtbot.mouseClick(widget.forward_button, Qt.MouseButton.LeftButton)
    assert sync.state is SyncState.PLAYING and sync.speed() == 1.0 and not sync.reverse()
    qtbot.mouseClick(widget.forward_button, Qt.MouseButton.LeftButton)
    assert sync.speed() == 2.0  # again: faster
    qtbot.mouseClick(widget.backward_button, Qt.MouseButton.LeftButton)
    assert sync.reverse() and sync.speed() == 1.0
    assert "◀ 1×" in widget.position_text()
    widget.speed_box.activated.emit(widget.speed_box.findText("16×"))
    assert sync.speed() == 16.0 and sync.reverse()
    qtbot.mouseClick(widget.pause_button, Qt.MouseButton.LeftButton)
    assert sync.state is SyncState.PAUSED
    with qtbot.waitSignal(widget.live_requested):
        qtbot.mouseClick(widget.live_button, Qt.MouseButton.LeftButton)
    sync.go_live()
    assert widget.position_text() == "Live" and not widget.speed_box.isVisible()


def test_jump_takes_a_wib_time_and_refuses_what_is_not_one(qtbot, bar):
    widget, sync = bar
    sync.play_from(T, paused=True)
    widget.jump_edit.setText("kemarin sore")
    qtbot.keyClick(widget.jump_edit, Qt.Key.Key_Return)
    assert "not a date and time" in widget.message and sync.position() == T
    widget.jump_edit.setText("2026-11-22 09:30:15")
    qtbot.keyClick(widget.jump_edit, Qt.Key.Key_Return)
    assert widget.message == "" and sync.position() == T - timedelta(minutes=29, seconds=45)


def test_the_bar_says_whose_clock_it_steers(qtbot, bar):
    widget, sync = bar
    assert widget.clock_label.text() == "Wall clock"
    widget.set_sync(PlaybackSync(), own_tile=2)
    assert widget.clock_label.text() == "Tile 3: own clock"


def test_the_window_plays_the_wall_from_the_timeline_and_brings_it_back_live(qtbot, services):
    services.wall.select(0)
    window = MainWindow(services.session, services.wall, services.tiles)
    qtbot.addWidget(window)
    window.timeline.seek_requested.emit(T)
    sync = services.wall.sync
    assert sync.state is SyncState.PLAYING and sync.position() >= T
    assert window.transport.sync is sync
    window.actions_by_id[ActionId.PLAY_PAUSE].trigger()
    assert sync.state is SyncState.PAUSED
    window.timeline.seek_requested.emit(T + timedelta(seconds=30))
    assert sync.state is SyncState.PAUSED and sync.position() == T + timedelta(seconds=30)
    tile = window.wall_widget.tile(0)
    tile.unlink()  # the selected tile on its own clock: the bar steers that one now
    assert window.transport.sync is tile.sync and window.transport.sync is not sync
    window.all_live()
    assert sync.state is SyncState.LIVE and tile.linked
    assert window.transport.position_text() == "Live"
