"""One recording node at work: its recorder records exactly the cameras its lease keeper
holds, looked at every ``poll_s``; the storage guard pauses it on a full disk; the
heartbeat carries the node's figures (cameras, ingest, volumes) for /api/v1/nodes.

The same class runs inside the API process (``python -m server``, one embedded node)
and on its own (``python -m server node``)."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from server.alarms.health_rules import HealthRules
from server.context import ServerContext
from server.node.analytics.manager import AnalyticsManager
from server.node.fleet import LeaseKeeper, NodeIdentity
from server.node.recorder.manager import RecorderManager
from server.node.recorder.states import RecorderState
from server.node.relay.server import RelayServer
from server.node.relay.service import recorder_source, smallest_source
from server.settings import Settings
from server.storage_guard import StorageGuard

log = logging.getLogger(__name__)

# A user disabled on the API loses live through this node's relay within this long (the
# API's own relay hears of it at once).
VIEWERS_EVERY_S = 5.0


def embedded_identity(settings: Settings, relay: RelayServer | None) -> NodeIdentity:
    """The node inside the API process: its relay is the one live URLs name already."""
    assert settings.node_name is not None
    return NodeIdentity(settings.node_name, settings.node_capacity, None, settings.relay_host,
                        relay.port if relay is not None else None)


class RecordingNode:
    def __init__(self, ctx: ServerContext, identity: NodeIdentity, relay: RelayServer | None,
                 guard: StorageGuard, lease_s: float) -> None:
        self._ctx = ctx
        self.identity = identity
        self.keeper = LeaseKeeper(ctx.engine, identity, lease_s)
        self.analytics = (AnalyticsManager(ctx.engine, smallest_source(ctx, relay),
                                           identity.name)
                          if ctx.settings.analytics else None)
        self.recorder = RecorderManager(ctx.engine, ctx.settings, recorder_source(ctx, relay),
                                        node=identity.name, volumes=guard.volumes,
                                        analytics=self.analytics)
        self._guard = guard
        self._relay = relay
        self._halt = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fleet", daemon=True)
        self._full_now = False
        # OFFLINE and FROZEN alarm rules of the cameras recorded here (docs/alarms.md).
        self.health_rules = HealthRules(ctx.engine, identity.name, self.recorder.states)

    @property
    def name(self) -> str:
        return self.identity.name

    def start(self) -> None:
        """Registered, nothing recorded until the first look has taken leases (within
        this call: recording starts as soon as it did on one machine)."""
        self._guard.pause_and_resume(self.recorder)
        if not self._ctx.settings.record:  # --no-record: no leases, every camera "disabled"
            self._guard.check()
            self.recorder.start()
            self._guard.start()
            return
        self.keeper.register()
        self.recorder.assign(frozenset())
        self._guard.check()
        self.recorder.start()
        self._look()
        self._guard.start()
        self._thread.start()
        self.health_rules.start()

    def wake(self, _camera_id: str | None = None) -> None:
        """A full look now (a camera changed: its lease follows at once)."""
        self._full_now = True
        self._wake.set()

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()
        if not self._thread.is_alive():  # --no-record
            self._guard.stop()
            self.recorder.stop()
            return
        self._thread.join(timeout=10)
        self.health_rules.stop()
        self._guard.stop()
        self.recorder.stop()  # each camera closes and indexes its open segment
        try:
            self.keeper.stop()
        except SQLAlchemyError as exc:  # leases then end by themselves
            log.warning("node %s: letting go of its leases failed: %s", self.name, exc)

    def stats(self) -> dict:
        states = self.recorder.states()
        return {
            "cameras": sorted(self.keeper.held),
            # What the API tells of these cameras (server/fleet_status.py).
            "states": {cam: state.value for cam, state in states.items()},
            "statuses": {cam: s.value for cam, s in self.recorder.camera_statuses().items()},
            "recording": sum(1 for s in states.values() if s is RecorderState.RECORDING),
            "ingest_bps": round(self.recorder.ingest_bps(), 1),
            "volumes": self._guard.volumes.report(),
        }

    # --- the fleet thread ----------------------------------------------------------

    def _run(self) -> None:
        viewers_checked = time.monotonic()
        while not self._halt.is_set():
            self._wake.wait(self.keeper.poll_s)
            self._wake.clear()
            if self._halt.is_set():
                return
            self._look()
            if self._relay is not None and time.monotonic() - viewers_checked >= VIEWERS_EVERY_S:
                viewers_checked = time.monotonic()
                try:
                    self._relay.recheck_viewers()
                except SQLAlchemyError as exc:
                    log.warning("node %s: viewers not rechecked: %s", self.name, exc)

    def _look(self) -> None:
        full, self._full_now = self._full_now, False
        try:
            held = self.keeper.tick(self.stats(), full=full)
        except SQLAlchemyError as exc:
            log.warning("node %s: the database did not answer (%s)", self.name, exc)
            self._cut_off()
            return
        self.recorder.assign(held)

    def _cut_off(self) -> None:
        # Unrenewed, its leases end and other nodes take its cameras: stop a look before
        # they may, so no camera is recorded by two nodes.
        unrenewed = time.monotonic() - self.keeper.renewed
        if unrenewed > self.keeper.lease_ttl.total_seconds() - self.keeper.poll_s:
            if self.keeper.held:
                log.error("node %s: cut off from the database; recording stops", self.name)
            self.keeper.held = frozenset()
            self.recorder.assign(frozenset())
