"""OFFLINE and FROZEN rules, evaluated on the node that records the camera.

The signal is the recorder's own state per camera (server/node/recorder/states.py):

- An *outage* is any stretch in which the recorder writes nothing while it should:
  RECONNECTING, OFFLINE or STALLED, from the first look that sees one of them to the
  first look that sees RECORDING again. DISABLED, PAUSED_FOR_SPACE and a camera this
  node does not record are no outage of the camera's making and end one.
- OFFLINE rules raise once per outage when it has lasted ``hold_s``.
- FROZEN rules raise once per outage that *began* STALLED, when it has lasted
  ``hold_s``. STALLED is the recorder saying "connected, but nothing is written": what
  camsim's ``POST /cameras/<id>/freeze`` does (the session stays open, no video), seen
  STALLED_AFTER_S (2 s) after the last picture. The recorder gives up on the silent
  session READ_TIMEOUT_S (5 s) after it and reconnects, so a frozen camera goes on to
  RECONNECTING and OFFLINE like a lost one: only the outage's first state tells them
  apart. A camera that goes away with its connection closed (powered off, rebooted,
  camsim's ``offline``) is RECONNECTING at once, never STALLED. Honest limit: a cable cut
  that leaves the TCP connection half-open also begins STALLED and counts as frozen; the
  recorder does not say whether its reconnects open a session that then stays silent.
- A frozen outage raises the FROZEN rule only, not an OFFLINE rule of the same camera:
  one condition, one alarm. A camera with only an OFFLINE rule still raises it.

Looks run every LOOK_S on their own thread (STALLED lasts only about 3 s before the
reconnect, so the fleet thread's poll, up to 2 s, could miss it); the rules of the
node's cameras are read again every RULES_EVERY_S, not per look.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from server.alarms.kinds import AlarmKind
from server.alarms.rules import AlarmRule, active_at, rules_by_camera
from server.alarms.store import raise_alarm
from server.clock import utc_now
from server.node.recorder.states import RecorderState

log = logging.getLogger(__name__)

LOOK_S = 0.5
RULES_EVERY_S = 3.0
KINDS = frozenset({AlarmKind.OFFLINE, AlarmKind.FROZEN})
# Not writing while it should: the camera's doing (or the network's).
DOWN = frozenset({RecorderState.RECONNECTING, RecorderState.OFFLINE, RecorderState.STALLED})


@dataclass
class Outage:
    since: float  # time.monotonic() of the first look that saw it
    frozen: bool  # began STALLED: connected, no pictures
    raised: set[int] = field(default_factory=set)  # rule ids raised for this outage


class HealthRules:
    """Watches ``states()`` (camera id → recorder state of the cameras this node records)
    and raises the OFFLINE and FROZEN alarms its rules ask for."""

    def __init__(self, engine: Engine, node: str | None,
                 states: Callable[[], dict[str, RecorderState]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._node = node
        self._states = states
        self._clock = clock
        self._outages: dict[str, Outage] = {}
        self._rules: dict[str, list[AlarmRule]] = {}
        self._rules_read = float("-inf")
        self._rules_cameras: frozenset[str] = frozenset()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="alarm-health", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(LOOK_S):
            try:
                self.look()
            except SQLAlchemyError as exc:
                log.warning("alarm health rules: the database did not answer (%s)", exc)
            except Exception:  # noqa: BLE001 — the next look tries again
                log.exception("alarm health rules failed")

    def look(self) -> list[int]:
        """One look at every camera; the ids of the alarms raised."""
        states = self._states()
        now = self._clock()
        for cam in list(self._outages):
            if states.get(cam) not in DOWN:
                del self._outages[cam]  # recording again (or no longer this node's)
        for cam, state in states.items():
            if state in DOWN and cam not in self._outages:
                self._outages[cam] = Outage(now, state is RecorderState.STALLED)
        if not self._outages:
            return []
        self._refresh_rules(frozenset(states), now)
        raised = []
        for cam, outage in self._outages.items():
            raised += self._raise_due(cam, outage, now)
        return raised

    def _refresh_rules(self, cameras: frozenset[str], now: float) -> None:
        if now - self._rules_read < RULES_EVERY_S and cameras <= self._rules_cameras:
            return
        with self._engine.connect() as conn:
            self._rules = rules_by_camera(conn, sorted(cameras), KINDS)
        self._rules_read, self._rules_cameras = now, cameras

    def _raise_due(self, cam: str, outage: Outage, now: float) -> list[int]:
        rules = self._rules.get(cam, [])
        has_frozen = any(r.kind is AlarmKind.FROZEN for r in rules)
        lasted = now - outage.since
        at = utc_now()
        raised = []
        for rule in rules:
            if rule.id in outage.raised or lasted < rule.hold_s or not active_at(rule, at):
                continue
            if rule.kind is AlarmKind.FROZEN:
                if not outage.frozen:
                    continue
                detail = f"no new picture for {lasted:.0f} s (connected, nothing sent)"
            else:
                if outage.frozen and has_frozen:
                    continue  # the FROZEN rule tells of it
                detail = f"offline for {lasted:.0f} s"
            raised.append(raise_alarm(self._engine, rule, rule.kind, cam, at, detail, None,
                                      self._node))
            outage.raised.add(rule.id)
            log.info("%s: alarm %s raised (%s, rule %d)", cam, rule.kind.value, detail, rule.id)
        return raised
