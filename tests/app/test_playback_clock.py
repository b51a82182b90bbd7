"""The playback clock alone, on a fake monotonic clock."""

from __future__ import annotations

import threading

import pytest

from app.streams.clock import PlaybackClock


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_position_moves_at_its_rate_and_stands_while_paused():
    t = FakeTime()
    clock = PlaybackClock(1000.0, monotonic=t)
    t.now += 2
    assert clock.position() == pytest.approx(1002.0)
    clock.set_rate(8.0)
    t.now += 0.5
    assert clock.position() == pytest.approx(1006.0)
    clock.set_paused(True)
    t.now += 10
    assert clock.position() == pytest.approx(1006.0)
    clock.set_rate(-0.125)
    clock.set_paused(False)
    t.now += 8
    assert clock.position() == pytest.approx(1005.0)


def test_serial_counts_seeks_and_turns_not_speed_or_steps():
    clock = PlaybackClock(0.0)
    serial = clock.state().serial
    clock.set_rate(4.0)
    clock.step_to(1.0)
    clock.set_paused(True)
    assert clock.state().serial == serial
    clock.set_rate(-4.0)
    assert clock.state().serial == serial + 1
    clock.seek(5.0)
    assert clock.state().serial == serial + 2


def test_due_depends_on_direction():
    clock = PlaybackClock(10.0, paused=True)
    assert clock.is_due(9.5) and not clock.is_due(10.5)
    clock.set_rate(-1.0)
    assert clock.is_due(10.5) and not clock.is_due(9.5)


@pytest.mark.parametrize("rate", [0.1, 20.0, -17.0])
def test_speeds_outside_eighth_to_sixteen_are_refused(rate):
    with pytest.raises(ValueError):
        PlaybackClock(0.0, rate=rate)


def test_a_waiter_wakes_on_a_seek_and_says_it_is_left_behind():
    clock = PlaybackClock(0.0, paused=True)
    stop = threading.Event()
    answers = []
    waiter = threading.Thread(
        target=lambda: answers.append(clock.wait_due(5.0, 0, stop, lambda: None)))
    waiter.start()
    clock.seek(6.0)
    waiter.join(5)
    assert answers == [False]
    # Stepping forward while paused keeps the stream: the frame becomes due.
    waiter = threading.Thread(
        target=lambda: answers.append(clock.wait_due(6.5, 1, stop, lambda: None)))
    waiter.start()
    clock.step_to(6.5)
    waiter.join(5)
    assert answers == [False, True]
