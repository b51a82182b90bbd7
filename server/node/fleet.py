"""A node's place in the fleet: its row in ``nodes`` (registered, heartbeat), and the
cameras it records, held through lease rows in ``camera_leases`` that expire on the
database's clock unless renewed.

Every ``poll_s`` the node's lease keeper looks once (``tick``):

- heartbeat, and renew its leases well before they end;
- pass a camera it holds to the node that asked for it (``handover_to``: the camera's
  pinned node, back up) — the holder stops, the pinned node starts at its next look,
  so the gap is about two looks plus a connection, less than a segment;
- ask for its own pinned cameras that another node holds;
- let go of cameras no longer to be recorded (disabled, removed, recording off);
- claim free cameras: a camera nobody holds (never leased, let go, or its holder's
  lease ran out: a node killed or cut off) goes to its pinned node when that is up, else
  to the up node with the most room for its capacity; every node computes the same plan
  from the same rows, and the claim itself is one conditional UPDATE (or an INSERT
  guarded by the primary key), so two nodes never both win. A free camera whose planned
  node has not taken it after ``GRACE_LOOKS`` looks is taken by any node with room.

A node that dies stops renewing: its leases end within ``lease_s`` and the next look
of any other node takes its cameras. Cameras already held are not moved to even out
the load (every move is a gap); only pins move them back.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from server.node.recorder.manager import recorded_pins
from server.nodes import DEFAULT_LEASE_S, database_now, node_infos
from server.schema import camera_leases, nodes

log = logging.getLogger(__name__)

# A free camera that its planned node has not claimed after this many looks is taken by
# any node with room (the planned one may be full, starting, or about to be counted down).
GRACE_LOOKS = 3


@dataclass(frozen=True)
class NodeIdentity:
    name: str
    capacity: int
    http_url: str | None = None
    relay_host: str | None = None
    relay_port: int | None = None


@dataclass(frozen=True)
class _Lease:
    camera_id: str
    node: str
    expires_at: datetime
    handover_to: str | None


class LeaseKeeper:
    """Not thread-safe: one thread (the node's fleet loop) calls it."""

    def __init__(self, engine: Engine, me: NodeIdentity, lease_s: float = DEFAULT_LEASE_S,
                 now: Callable[[Connection], datetime] = database_now) -> None:
        self._engine = engine
        self.me = me
        self.lease_s = lease_s
        # Looks are frequent (a handover waits for them), lease writes are not.
        self.poll_s = min(2.0, lease_s / 5)
        self._now = now
        self._renewed_at: datetime | None = None
        self._free_looks: Counter[str] = Counter()
        self.held: frozenset[str] = frozenset()

    @property
    def _lease(self) -> timedelta:
        return timedelta(seconds=self.lease_s)

    def register(self) -> None:
        with self._engine.begin() as conn:
            now = self._now(conn)
            values = {
                "http_url": self.me.http_url,
                "relay_host": self.me.relay_host,
                "relay_port": self.me.relay_port,
                "capacity": self.me.capacity,
                "started_at": now,
                "heartbeat_at": now,
                "stopped_at": None,
            }
            changed = conn.execute(
                update(nodes).where(nodes.c.name == self.me.name).values(**values)
            ).rowcount
            if not changed:
                conn.execute(insert(nodes).values(name=self.me.name, **values))
        log.info("node %s registered (capacity %d cameras)", self.me.name, self.me.capacity)

    def tick(self, stats: dict | None = None) -> frozenset[str]:
        """One look; returns the cameras this node must record now."""
        with self._engine.begin() as conn:
            now = self._now(conn)
            conn.execute(
                update(nodes)
                .where(nodes.c.name == self.me.name)
                .values(heartbeat_at=now, stopped_at=None,
                        stats=json.dumps(stats) if stats is not None else nodes.c.stats)
            )
            self._renew(conn, now)
            leases = [_Lease(*row) for row in conn.execute(select(
                camera_leases.c.camera_id, camera_leases.c.node, camera_leases.c.expires_at,
                camera_leases.c.handover_to))]
            live = {le.camera_id: le for le in leases if le.expires_at > now}
            up = {n.name: n for n in node_infos(conn) if n.up(now, self.lease_s)}
            pins = recorded_pins(conn)
            self._hand_over(conn, now, live, up)
            self._ask_back(conn, live, up, pins)
            self._let_go(conn, live, pins)
            self._claim_free(conn, now, live, up, pins)
            held = conn.execute(select(camera_leases.c.camera_id).where(
                camera_leases.c.node == self.me.name, camera_leases.c.expires_at > now))
            self.held = frozenset(held.scalars())
        return self.held

    def stop(self) -> None:
        """A clean stop: every lease let go at once, the node marked stopped, so the
        others take its cameras at their next look instead of after the lease time."""
        with self._engine.begin() as conn:
            now = self._now(conn)
            conn.execute(delete(camera_leases).where(camera_leases.c.node == self.me.name))
            conn.execute(update(nodes).where(nodes.c.name == self.me.name)
                         .values(stopped_at=now, heartbeat_at=now))
        self.held = frozenset()
        log.info("node %s stopped: its cameras are free", self.me.name)

    # --- one look, in order --------------------------------------------------------

    def _renew(self, conn: Connection, now: datetime) -> None:
        # A third of the lease between writes: two renewals may fail (a busy database)
        # before a lease is lost.
        if self._renewed_at is not None and now - self._renewed_at < self._lease / 3:
            return
        conn.execute(
            update(camera_leases)
            .where(camera_leases.c.node == self.me.name, camera_leases.c.expires_at > now)
            .values(expires_at=now + self._lease)
        )
        self._renewed_at = now

    def _hand_over(self, conn: Connection, now: datetime, live: dict[str, _Lease],
                   up: dict) -> None:
        for lease in list(live.values()):
            if lease.node != self.me.name or lease.handover_to is None:
                continue
            if lease.handover_to in up:
                conn.execute(
                    update(camera_leases)
                    .where(camera_leases.c.camera_id == lease.camera_id,
                           camera_leases.c.node == self.me.name)
                    .values(node=lease.handover_to, since=now, expires_at=now + self._lease,
                            handover_to=None)
                )
                live[lease.camera_id] = _Lease(lease.camera_id, lease.handover_to,
                                               now + self._lease, None)
                log.info("%s: handed over to node %s", lease.camera_id, lease.handover_to)
            else:  # the asker went down again
                conn.execute(update(camera_leases)
                             .where(camera_leases.c.camera_id == lease.camera_id)
                             .values(handover_to=None))

    def _ask_back(self, conn: Connection, live: dict[str, _Lease], up: dict,
                  pins: dict[str, str | None]) -> None:
        for camera_id, pin in pins.items():
            lease = live.get(camera_id)
            if (pin != self.me.name or lease is None or lease.node == self.me.name
                    or lease.node not in up or lease.handover_to == self.me.name):
                continue
            conn.execute(update(camera_leases)
                         .where(camera_leases.c.camera_id == camera_id,
                                camera_leases.c.node == lease.node)
                         .values(handover_to=self.me.name))
            log.info("%s: pinned here, asked node %s for it", camera_id, lease.node)

    def _let_go(self, conn: Connection, live: dict[str, _Lease],
                pins: dict[str, str | None]) -> None:
        mine = sorted(c for c, le in live.items() if le.node == self.me.name)
        gone = [c for c in mine if c not in pins]
        unpinned = [c for c in mine if c in pins and pins[c] != self.me.name]
        # Over capacity (it was lowered): the last unpinned ones go to nodes with room.
        excess = max(0, len(mine) - len(gone) - self.me.capacity)
        released = gone + (unpinned[len(unpinned) - excess:] if excess else [])
        for camera_id in released:
            conn.execute(delete(camera_leases).where(camera_leases.c.camera_id == camera_id,
                                                     camera_leases.c.node == self.me.name))
            live.pop(camera_id, None)

    def _claim_free(self, conn: Connection, now: datetime, live: dict[str, _Lease],
                    up: dict, pins: dict[str, str | None]) -> None:
        load = Counter(le.node for le in live.values())
        free = sorted(c for c in pins if c not in live)
        self._free_looks = Counter({c: self._free_looks[c] + 1 for c in free})
        for camera_id in free:
            pin = pins[camera_id]
            if pin is not None and pin in up:
                planned = pin  # a pin outranks capacity: an administrator's decision
            else:
                room = [n for n in up.values() if load[n.name] < n.capacity]
                if not room:
                    continue
                planned = min(room, key=lambda n: (load[n.name] / n.capacity, n.name)).name
            load[planned] += 1
            mine = planned == self.me.name
            stale = (self._free_looks[camera_id] > GRACE_LOOKS and pin not in up
                     and load[self.me.name] < self.me.capacity)
            if (mine or stale) and self._claim(conn, camera_id, now):
                if not mine:
                    load[planned] -= 1
                    load[self.me.name] += 1
                live[camera_id] = _Lease(camera_id, self.me.name, now + self._lease, None)

    def _claim(self, conn: Connection, camera_id: str, now: datetime) -> bool:
        values = {"node": self.me.name, "since": now, "expires_at": now + self._lease,
                  "handover_to": None}
        taken = conn.execute(
            update(camera_leases)
            .where(and_(camera_leases.c.camera_id == camera_id,
                        camera_leases.c.expires_at <= now))
            .values(**values)
        ).rowcount
        if not taken:
            try:
                with conn.begin_nested():
                    conn.execute(insert(camera_leases).values(camera_id=camera_id, **values))
            except IntegrityError:  # another node's row, alive: not ours
                return False
        log.info("%s: recorded by node %s from now", camera_id, self.me.name)
        return True
