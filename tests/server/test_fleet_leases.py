"""The lease keeper (server/node/fleet.py) of several nodes on one real database (SQLite
here, PostgreSQL in make test's second server run): cameras split by capacity, exactly
one holder at every moment, a dead node's cameras taken after the lease time and not
before, a pinned camera handed back, a clean stop freeing cameras at once.

The keepers run in this process, one look at a time, on a clock the test moves: the
order of looks is the test's, so each step is the state a real fleet passes through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from server.node.fleet import GRACE_LOOKS, LeaseKeeper, NodeIdentity
from server.nodes import lease_holders
from server.schema import camera_leases, cameras
from tests.server.conftest import make_api

LEASE_S = 30.0
CAMERAS = {"cam001", "cam002", "cam003", "cam004"}


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)

    def __call__(self, _conn) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def fleet(tmp_path, database_url):
    api, client = make_api(tmp_path / "data", database_url=database_url)
    clock = Clock()

    def keeper(name: str, capacity: int = 10) -> LeaseKeeper:
        k = LeaseKeeper(api.ctx.engine, NodeIdentity(name, capacity), LEASE_S, now=clock)
        k.register()
        return k

    with client:
        yield api.ctx.engine, clock, keeper


def holders(engine, clock: Clock) -> dict[str, str]:
    with engine.connect() as conn:
        return lease_holders(conn, clock.at)


def test_cameras_split_by_capacity_and_each_has_one_holder(fleet):
    engine, clock, keeper = fleet
    a, b = keeper("node-a", capacity=10), keeper("node-b", capacity=10)
    held_a = a.tick()
    held_b = b.tick()
    assert len(held_a) == 2 and len(held_b) == 2
    assert held_a | held_b == CAMERAS and not held_a & held_b
    # Looked at again, nothing moves (every move would be a gap in a recording).
    clock.advance(5)
    assert (a.tick(), b.tick()) == (held_a, held_b)


def test_capacity_is_a_ceiling_and_the_rest_waits_unrecorded(fleet):
    engine, clock, keeper = fleet
    small = keeper("small", capacity=1)
    for _ in range(GRACE_LOOKS + 2):
        small.tick()
        clock.advance(2)
    assert len(small.held) == 1
    assert set(holders(engine, clock)) == small.held


def test_a_dead_node_s_cameras_move_after_the_lease_and_not_before(fleet):
    engine, clock, keeper = fleet
    a, b = keeper("node-a"), keeper("node-b")
    held_a = a.tick()
    b.tick()
    killed = clock.at
    # node-a dies (kill -9: no stop, no more looks). Until its leases end, node-b keeps
    # its hands off: a camera is never recorded by two nodes. node-b looks every
    # poll_s, as a node does; within the lease time it has them all.
    while not held_a <= b.tick():
        assert not b.held & held_a
        assert all(holders(engine, clock).get(c) in (None, "node-a") for c in held_a)
        clock.advance(b.poll_s)
        assert clock.at - killed <= timedelta(seconds=LEASE_S), "not taken in time"
    assert b.held == CAMERAS
    assert set(holders(engine, clock).values()) == {"node-b"}
    assert clock.at - killed > timedelta(seconds=LEASE_S / 2)  # not before its leases end


def test_a_pinned_camera_goes_home_when_its_node_is_back(fleet):
    engine, clock, keeper = fleet
    with engine.begin() as conn:
        conn.execute(update(cameras).where(cameras.c.id == "cam001")
                     .values(pinned_node="node-a"))
    b = keeper("node-b")
    # node-a is not up: its pinned camera is recorded by whoever can.
    for _ in range(GRACE_LOOKS + 2):
        b.tick()
        clock.advance(1)
    assert "cam001" in b.held
    a = keeper("node-a")
    seen = []
    for _ in range(4):  # a asks, b hands over, a starts: looks of the two in turn
        a.tick()
        b.tick()
        seen.append(holders(engine, clock).get("cam001"))
        clock.advance(1)
    assert "cam001" in a.held and "cam001" not in b.held
    # Never unheld between the two (the gap is the time a recorder takes to connect).
    assert None not in seen


def test_a_clean_stop_frees_its_cameras_at_once(fleet):
    engine, clock, keeper = fleet
    a, b = keeper("node-a"), keeper("node-b")
    a.tick()
    b.tick()
    a.stop()
    clock.advance(b.full_every.total_seconds())  # the next full look, far within the lease
    assert b.tick() == CAMERAS


def test_a_disabled_camera_is_let_go_and_a_live_lease_cannot_be_taken(fleet):
    engine, clock, keeper = fleet
    a, b = keeper("node-a"), keeper("node-b")
    a.tick()
    b.tick()
    victim = sorted(a.held)[0]
    with engine.begin() as conn:
        conn.execute(update(cameras).where(cameras.c.id == victim).values(enabled=False))
    clock.advance(a.full_every.total_seconds())
    assert victim not in a.tick()
    with engine.connect() as conn:
        assert conn.execute(select(camera_leases).where(
            camera_leases.c.camera_id == victim)).first() is None
    # The claim is a database-guarded step: a node cannot take a held, unexpired lease.
    other = sorted(b.held)[0]
    with engine.begin() as conn:
        assert not a._claim(conn, other, clock.at)
    assert holders(engine, clock)[other] == "node-b"
