"""PTZ lock arbitration, sequence numbers and click-to-center geometry, on their own."""

from datetime import UTC, datetime, timedelta

import pytest

from server.ptz.fov import FovModel
from server.ptz.lock import Locked, Outcome, PtzLocks, priority_of
from server.users import Role


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


def test_priority_takes_equal_waits_and_idle_frees():
    clock = Clock()
    locks = PtzLocks(timedelta(seconds=30), clock)
    op = priority_of([Role.OPERATOR])
    police = priority_of([Role.POLICE])
    assert (op, police, priority_of([Role.VIEWER])) == (1, 2, 0)
    assert locks.acquire("cam1", "ani", "Ani", op).outcome is Outcome.TAKEN
    with pytest.raises(Locked) as held:
        locks.acquire("cam1", "budi", "Budi", op)  # equal priority waits
    assert held.value.holder.username == "ani"
    assert locks.acquire("cam1", "ani", "Ani", op).outcome is Outcome.RENEWED
    taken = locks.acquire("cam1", "polres", "Polres", police)
    assert taken.outcome is Outcome.PREEMPTED and taken.previous.username == "ani"
    with pytest.raises(Locked):
        locks.acquire("cam1", "ani", "Ani", op)  # lower priority cannot take it back
    clock.now += timedelta(seconds=29)
    assert locks.holder("cam1")[0].username == "polres"
    clock.now += timedelta(seconds=2)
    held_now, expired = locks.holder("cam1")
    assert held_now is None and expired.username == "polres"
    assert locks.acquire("cam1", "ani", "Ani", op).outcome is Outcome.TAKEN
    assert locks.release("cam1", "budi") is None  # not Budi's to release
    assert locks.release("cam1", "budi", force=True).username == "ani"


def test_late_commands_are_dropped_per_session():
    locks = PtzLocks(timedelta(seconds=30), Clock())
    assert locks.accept("cam1", "s1", 0) and locks.accept("cam1", "s1", 2)
    assert not locks.accept("cam1", "s1", 1) and not locks.accept("cam1", "s1", 2)
    assert locks.accept("cam1", "s2", 1)  # another client's numbers are its own
    assert locks.accept("cam2", "s1", 1)


def test_center_turns_by_half_the_picture_at_its_edge():
    fov = FovModel()
    assert fov.center_on(1.0, 0.0, 0.0) == (1.0, -0.0)
    assert fov.center_on(0.5, -1.0, 0.0) == (0.5, 1.0)  # above centre: tilt up
    pan, tilt = fov.center_on(1.0, 1.0, 1.0)
    assert pan == pytest.approx(1 / 8) and tilt == pytest.approx(-1 / 8)
