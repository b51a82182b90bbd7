"""A node's place in the fleet: its row in ``nodes`` (registered, heartbeat), and the
cameras it records, held through lease rows in ``camera_leases`` that expire on the
database's clock unless renewed.

Every ``poll_s`` the node's lease keeper looks (``tick``), reading only its own leases
and the asks for its pins:

- heartbeat;
- pass a camera it holds to the node that asked for it (``handover_to``: the camera's
  pinned node, back up) — the holder stops, the pinned node starts at its next look,
  so the gap is about two looks plus a connection, less than a segment;
- ask for its own pinned cameras that another node holds.

Every ``full_every`` (a fifth of the lease time) a full look also reads the fleet:

- renew its leases;
- let go of cameras no longer to be recorded (disabled, removed, recording off);
- claim free cameras: a camera nobody holds (never leased, let go, or its holder's
  lease ran out: a node killed or cut off) goes to its pinned node when that is up, else
  to the up node with the most room for its capacity; every node computes the same plan
  from the same rows, and the claim itself is one conditional UPDATE (or an INSERT
  guarded by the primary key), so two nodes never both win. A free camera whose planned
  node has not taken it after ``GRACE_LOOKS`` full looks is taken by any node with room.

A lease lasts the lease time less one full look. A node that dies stops renewing: its
leases end by then and the next full look of any other node, within the lease time,
takes its cameras. Cameras already held are not moved to even out the load (every move
is a gap); only pins move them back.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from server.node.recorder.manager import recorded_pins, recorded_query
from server.nodes import DEFAULT_LEASE_S, database_now, node_infos
from server.schema import camera_leases, cameras, nodes

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


@dataclass
class _View:
    """What one look needs, read in a few indexed queries whatever the fleet's size."""

    mine: dict[str, _Lease]  # live leases of this node
    pinned_here: list[_Lease]  # live leases of other nodes on cameras pinned here
    load: Counter[str]  # live leases per node
    free: dict[str, str | None]  # cameras to record that no live lease holds, with pins


def _read(conn: Connection, me: str, now: datetime, full: bool) -> _View:
    live = camera_leases.c.expires_at > now
    columns = (camera_leases.c.camera_id, camera_leases.c.node, camera_leases.c.expires_at,
               camera_leases.c.handover_to)
    mine = {row[0]: _Lease(*row) for row in conn.execute(
        select(*columns).where(camera_leases.c.node == me, live))}
    pinned_here = [_Lease(*row) for row in conn.execute(
        select(*columns).join(cameras, cameras.c.id == camera_leases.c.camera_id)
        .where(cameras.c.pinned_node == me, camera_leases.c.node != me, live))]
    if not full:
        return _View(mine, pinned_here, Counter(), {})
    load = Counter({node: count for node, count in conn.execute(
        select(camera_leases.c.node, func.count()).where(live)
        .group_by(camera_leases.c.node))})
    held = select(camera_leases.c.camera_id).where(
        camera_leases.c.camera_id == cameras.c.id, live)
    free = {row[0]: row[1] for row in conn.execute(recorded_query().where(~exists(held)))}
    return _View(mine, pinned_here, load, free)


class LeaseKeeper:
    """Not thread-safe: one thread (the node's fleet loop) calls it."""

    def __init__(self, engine: Engine, me: NodeIdentity, lease_s: float = DEFAULT_LEASE_S,
                 now: Callable[[Connection], datetime] = database_now) -> None:
        self._engine = engine
        self.me = me
        self.lease_s = lease_s
        # Looks are frequent (a handover waits for them), lease writes are not.
        self.poll_s = min(2.0, lease_s / 5)
        # The whole fleet (free cameras, every node's load) is read this often; between,
        # a look reads only this node's leases and the asks for its pins.
        self.full_every = timedelta(seconds=lease_s / 5)
        self._full_at: datetime | None = None
        self.renewed = time.monotonic()  # this node's clock at its last renewal
        self._now = now
        self._free_looks: Counter[str] = Counter()
        self.held: frozenset[str] = frozenset()

    @property
    def lease_ttl(self) -> timedelta:
        """How long a lease lasts unrenewed: the lease time less one full look, so a dead
        node's cameras are taken within the lease time by the next full look."""
        return timedelta(seconds=self.lease_s) - self.full_every

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

    def tick(self, stats: dict | None = None, full: bool = False) -> frozenset[str]:
        """One look; returns the cameras this node must record now. A full one (``full``,
        or every ``full_every``) also renews, lets go and claims free cameras."""
        with self._engine.begin() as conn:
            now = self._now(conn)
            conn.execute(
                update(nodes)
                .where(nodes.c.name == self.me.name)
                .values(heartbeat_at=now, stopped_at=None,
                        stats=json.dumps(stats) if stats is not None else nodes.c.stats)
            )
            full = full or self._full_at is None or now - self._full_at >= self.full_every
            view = _read(conn, self.me.name, now, full)
            up = {n.name: n for n in node_infos(conn, with_stats=False)
                  if n.up(now, self.lease_s)}
            self._hand_over(conn, now, view, up)
            self._ask_back(conn, view, up)
            if full:
                asked_at = time.monotonic()  # before the renewal: errs early
                self._renew(conn, now)
                self._let_go(conn, view)
                self._claim_free(conn, now, view, up)
                self._full_at = now
            held = conn.execute(select(camera_leases.c.camera_id).where(
                camera_leases.c.node == self.me.name, camera_leases.c.expires_at > now))
            self.held = frozenset(held.scalars())
        if full:
            self.renewed = asked_at  # committed
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
        # At every full look: four may fail (a busy database) before a lease is lost.
        conn.execute(
            update(camera_leases)
            .where(camera_leases.c.node == self.me.name, camera_leases.c.expires_at > now)
            .values(expires_at=now + self.lease_ttl)
        )

    def _hand_over(self, conn: Connection, now: datetime, view: _View, up: dict) -> None:
        for lease in list(view.mine.values()):
            if lease.handover_to is None:
                continue
            if lease.handover_to in up:
                conn.execute(
                    update(camera_leases)
                    .where(camera_leases.c.camera_id == lease.camera_id,
                           camera_leases.c.node == self.me.name)
                    .values(node=lease.handover_to, since=now, expires_at=now + self.lease_ttl,
                            handover_to=None)
                )
                del view.mine[lease.camera_id]
                view.load[self.me.name] -= 1
                view.load[lease.handover_to] += 1
                log.info("%s: handed over to node %s", lease.camera_id, lease.handover_to)
            else:  # the asker went down again
                conn.execute(update(camera_leases)
                             .where(camera_leases.c.camera_id == lease.camera_id)
                             .values(handover_to=None))

    def _ask_back(self, conn: Connection, view: _View, up: dict) -> None:
        for lease in view.pinned_here:
            if lease.node not in up or lease.handover_to == self.me.name:
                continue  # a holder that is down loses it by itself
            conn.execute(update(camera_leases)
                         .where(camera_leases.c.camera_id == lease.camera_id,
                                camera_leases.c.node == lease.node)
                         .values(handover_to=self.me.name))
            log.info("%s: pinned here, asked node %s for it", lease.camera_id, lease.node)

    def _let_go(self, conn: Connection, view: _View) -> None:
        mine = sorted(view.mine)
        pins = recorded_pins(conn, ids=mine) if mine else {}
        gone = [c for c in mine if c not in pins]
        unpinned = [c for c in mine if c in pins and pins[c] != self.me.name]
        # Over capacity (it was lowered): the last unpinned ones go to nodes with room.
        excess = max(0, len(mine) - len(gone) - self.me.capacity)
        released = gone + (unpinned[len(unpinned) - excess:] if excess else [])
        for camera_id in released:
            conn.execute(delete(camera_leases).where(camera_leases.c.camera_id == camera_id,
                                                     camera_leases.c.node == self.me.name))
            del view.mine[camera_id]
            view.load[self.me.name] -= 1

    def _claim_free(self, conn: Connection, now: datetime, view: _View, up: dict) -> None:
        load = view.load
        free = sorted(view.free)
        self._free_looks = Counter({c: self._free_looks[c] + 1 for c in free})
        for camera_id in free:
            pin = view.free[camera_id]
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
            if (mine or stale) and self._claim(conn, camera_id, now) and not mine:
                load[planned] -= 1
                load[self.me.name] += 1

    def _claim(self, conn: Connection, camera_id: str, now: datetime) -> bool:
        values = {"node": self.me.name, "since": now, "expires_at": now + self.lease_ttl,
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
