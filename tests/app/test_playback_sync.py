"""PlaybackSync alone: which changes make the tiles open new streams, and which the
open streams follow by themselves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QTimer

from app.services.playback_sync import PlaybackSync, SyncState

T = datetime(2026, 11, 22, 3, 0, 0, tzinfo=UTC)


@pytest.fixture
def sync(qtbot):
    return PlaybackSync()


def _reopens(qtbot, sync, action) -> int:
    """How many times the tiles are told to reopen for ``action``: counted once the
    event loop has turned (the request is made then), up to a later signal that
    follows every turn's requests."""
    _turn(qtbot, sync)  # the reopens of earlier steps are made
    count = []
    sync.reopen_requested.connect(lambda: count.append(1))
    action()
    _turn(qtbot, sync)
    sync.reopen_requested.disconnect()
    return len(count)


def _turn(qtbot, sync) -> None:
    with qtbot.waitSignal(sync.changed):
        QTimer.singleShot(0, sync.changed.emit)  # queued after any reopen of this turn


def test_starting_seeking_and_going_live(qtbot, sync):
    assert sync.state is SyncState.LIVE and sync.position() is None
    assert _reopens(qtbot, sync, lambda: sync.play_from(T, paused=True)) == 1
    assert sync.state is SyncState.PAUSED and sync.position() == T
    assert _reopens(qtbot, sync, lambda: sync.play_from(T.replace(second=30))) == 1
    assert sync.state is SyncState.PAUSED  # a seek keeps the pause
    with qtbot.waitSignal(sync.live_requested):
        sync.go_live()
    assert sync.state is SyncState.LIVE


def test_speed_changes_reopen_only_across_keyframes_only(qtbot, sync):
    sync.play_from(T, paused=True)
    assert _reopens(qtbot, sync, lambda: sync.set_speed(2.0)) == 0
    assert not sync.keyframes_only()
    assert _reopens(qtbot, sync, lambda: sync.set_speed(8.0)) == 1
    assert sync.keyframes_only()
    assert _reopens(qtbot, sync, lambda: sync.faster(1)) == 0
    assert sync.speed() == 16.0
    sync.faster(1)
    assert sync.speed() == 16.0  # the fastest stays
    assert _reopens(qtbot, sync, lambda: sync.set_reverse(True)) == 1
    assert sync.reverse() and sync.keyframes_only()
    sync.set_reverse(False)
    assert _reopens(qtbot, sync, lambda: sync.set_speed(1 / 8)) == 1  # full streams again
    sync.faster(-3)
    assert sync.speed() == 1 / 8


def test_frame_steps_pause_and_only_backwards_reopens(qtbot, sync):
    sync.play_from(T)
    sync.clock.note_frame_spacing(0.1)
    before = sync.clock.position()
    assert _reopens(qtbot, sync, lambda: sync.step(1)) == 0
    assert sync.state is SyncState.PAUSED
    assert sync.clock.position() == pytest.approx(before + 0.1, abs=0.05)
    at = sync.clock.position()
    assert _reopens(qtbot, sync, lambda: sync.step(-2)) == 1
    assert sync.clock.position() == pytest.approx(at - 0.2)


def test_an_unlinked_clock_starts_where_the_wall_is(qtbot, sync):
    sync.play_from(T, paused=True)
    sync.set_speed(4.0)
    own = PlaybackSync()
    own.adopt(sync)
    assert own.position() == T and own.speed() == 4.0 and own.state is SyncState.PAUSED
    own.set_paused(False)
    assert sync.state is SyncState.PAUSED  # the wall's clock is not moved by it


def test_changes_in_one_turn_reopen_once(qtbot, sync):
    """J from live starts the clock and turns it in one go; three quick L presses move
    through speeds: the tiles open one set of streams, for the last state."""
    def start_backwards() -> None:
        sync.play_from(T)
        sync.set_reverse(True)

    assert _reopens(qtbot, sync, start_backwards) == 1
    assert sync.reverse() and sync.keyframes_only()
    assert _reopens(qtbot, sync, lambda: [sync.set_reverse(False), sync.faster(3)]) == 1


def test_going_live_cancels_a_reopen_not_yet_made(qtbot, sync):
    sync.play_from(T)
    count = []
    sync.reopen_requested.connect(lambda: count.append(1))
    with qtbot.waitSignal(sync.live_requested):
        sync.go_live()
    _turn(qtbot, sync)
    assert count == []
