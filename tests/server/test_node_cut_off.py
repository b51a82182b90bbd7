"""A node that cannot reach the database stops recording a look before its leases can
end (server/node/runtime.py), so no camera is recorded by two nodes; while its leases
are still good it keeps recording through a failed look. The keeper and recorder here
are stand-ins: what is tested is the node's decision."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy.exc import OperationalError

from server.node.runtime import RecordingNode


class _Keeper:
    poll_s = 2.0
    lease_ttl = timedelta(seconds=24)

    def __init__(self, renewed_ago_s: float) -> None:
        self.renewed = time.monotonic() - renewed_ago_s
        self.held = frozenset({"cam001"})

    def tick(self, _stats, full=False):
        raise OperationalError("SELECT 1", {}, Exception("the database went away"))


class _Recorder:
    def __init__(self) -> None:
        self.assigned: list[frozenset[str]] = []

    def assign(self, cameras: frozenset[str]) -> None:
        self.assigned.append(cameras)


def _node(renewed_ago_s: float) -> RecordingNode:
    node = RecordingNode.__new__(RecordingNode)
    node.keeper = _Keeper(renewed_ago_s)
    node.recorder = _Recorder()
    node.stats = lambda: {}
    node._full_now = False  # noqa: SLF001
    node.identity = type("I", (), {"name": "rec-01"})()
    return node


def test_a_failed_look_keeps_recording_while_the_leases_hold():
    node = _node(renewed_ago_s=5)
    node._look()  # noqa: SLF001
    assert node.recorder.assigned == []  # nothing changed: still recording cam001
    assert node.keeper.held == {"cam001"}


def test_cut_off_near_the_end_of_its_leases_it_stops_recording():
    node = _node(renewed_ago_s=24 - 2 + 0.5)  # within a look of the leases' end
    node._look()  # noqa: SLF001
    assert node.recorder.assigned == [frozenset()]
    assert node.keeper.held == frozenset()
