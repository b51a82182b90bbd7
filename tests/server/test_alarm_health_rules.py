"""OFFLINE and FROZEN rules on the recording node (server/alarms/health_rules.py): the
outage logic on a stepped clock, then end to end against real camsim cameras that go
offline or freeze, through a real server whose recorder reports what it sees."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from server.alarms.health_rules import HealthRules
from server.alarms.kinds import AlarmKind
from server.alarms.rules import RuleSpec, create_rule
from server.alarms.store import list_alarms
from server.node.recorder.states import RecorderState as S
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server

EVERYWHERE = frozenset({"jakarta-selatan", "jakarta-pusat", "jakarta-barat"})


class Stepped:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _kinds(api) -> list[tuple[str, str]]:
    with api.ctx.engine.connect() as conn:
        return [(a.camera_id, a.kind.value) for a in reversed(list_alarms(conn, EVERYWHERE))]


def test_one_alarm_per_outage_and_a_frozen_outage_is_frozen(api):
    with api.ctx.engine.begin() as conn:
        create_rule(conn, RuleSpec("off 1", AlarmKind.OFFLINE, camera_id="cam001", hold_s=10), "t")
        # cam002: both kinds; cam003 (Jakarta Pusat): an area rule; cam004: none.
        create_rule(conn, RuleSpec("off 2", AlarmKind.OFFLINE, camera_id="cam002", hold_s=10), "t")
        create_rule(conn, RuleSpec("frz 2", AlarmKind.FROZEN, camera_id="cam002", hold_s=5), "t")
        create_rule(conn, RuleSpec("pusat", AlarmKind.FROZEN, area_id="jakarta-pusat",
                                   hold_s=5), "t")
    states = {cam: S.RECORDING for cam in ("cam001", "cam002", "cam003", "cam004")}
    clock = Stepped()
    rules = HealthRules(api.ctx.engine, "node-a", lambda: dict(states), clock)

    def step(seconds: float, **now: S) -> list[int]:
        states.update(now)
        clock.now += seconds
        return rules.look()

    assert step(1) == []
    # cam001 lost, cam002 frozen (STALLED first), cam003 lost (not frozen), cam004 lost.
    assert step(1, cam001=S.RECONNECTING, cam002=S.STALLED, cam003=S.RECONNECTING,
                cam004=S.OFFLINE) == []
    assert step(4.9, cam002=S.RECONNECTING) == []
    assert len(step(0.2)) == 1  # cam002's FROZEN after 5 s
    assert _kinds(api) == [("cam002", "frozen")]
    assert step(4.5, cam001=S.OFFLINE) == []
    assert len(step(0.5, cam001=S.RECONNECTING)) == 1  # cam001's OFFLINE after 10 s
    # Long after: nothing more for this outage; cam002's OFFLINE rule stays quiet (its
    # FROZEN rule told of it); cam003's area FROZEN rule does not fit a lost camera.
    assert step(120) == []
    assert _kinds(api) == [("cam002", "frozen"), ("cam001", "offline")]
    # Back (RECORDING), lost again: a new outage, a new alarm. A DISABLED camera is no
    # outage; one no longer recorded here is forgotten.
    assert step(1, cam001=S.RECORDING, cam002=S.DISABLED) == []
    assert step(1, cam001=S.RECONNECTING, cam002=S.STALLED) == []
    del states["cam003"]
    assert len(step(10.5)) == 2
    assert _kinds(api)[2:] == [("cam001", "offline"), ("cam002", "frozen")]


def test_hours_hold_an_alarm_back_until_they_begin(api):
    wib_hour = (datetime.now(UTC) + timedelta(hours=7)).hour
    later = f"{(wib_hour + 2) % 24:02d}:00"
    with api.ctx.engine.begin() as conn:
        create_rule(conn, RuleSpec("later", AlarmKind.OFFLINE, camera_id="cam001", hold_s=0,
                                   hours_from=later, hours_to=f"{(wib_hour + 3) % 24:02d}:00"),
                    "t")
    clock = Stepped()
    rules = HealthRules(api.ctx.engine, None, lambda: {"cam001": S.OFFLINE}, clock)
    assert rules.look() == []
    clock.now += 60
    assert rules.look() == []


# --- end to end ------------------------------------------------------------------------

HOLD_S = 2.0
DEADLINE_S = 60.0


def _post_rule(srv, token: str, **rule) -> dict:
    status, body = http_json("POST", srv.api + "/alarm-rules", rule, token=token)
    assert status == 201, body
    return body


def _alarms(srv, token: str) -> list[dict]:
    status, body = http_json("GET", srv.api + "/alarms?state=all", token=token)
    assert status == 200, body
    return body


def _wait_for(srv, token: str, camera_id: str, kind: str) -> list[dict]:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = _alarms(srv, token)
        if any(a["camera_id"] == camera_id and a["kind"] == kind for a in found):
            return found
        time.sleep(0.25)
    raise AssertionError(f"no {kind} alarm for {camera_id} in {DEADLINE_S:.0f} s: "
                         f"{_alarms(srv, token)}\n{srv.log_text()[-3000:]}")


def _wait_recording(srv, cams: list[str]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        states = srv.recorder_states()
        if all(states.get(c) == "recording" for c in cams):
            return
        time.sleep(0.25)
    raise AssertionError(f"not recording: {srv.recorder_states()}")


@pytest.fixture
def fleet_and_server(tmp_path):
    with run_camsim(tmp_path, cameras=4, ptz=0, fps=10) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url) as srv:
        _wait_recording(srv, ["cam001", "cam002", "cam003", "cam004"])
        yield fleet, srv


def _brief(alarms: list[dict]) -> list[tuple[str, str]]:
    return sorted((a["camera_id"], a["kind"]) for a in alarms)


@pytest.mark.slow  # against camsim: once on SQLite (the alarm store runs on both elsewhere)
def test_offline_camera_with_a_rule_raises_exactly_one_alarm(fleet_and_server):
    fleet, srv = fleet_and_server
    token = srv.token("admin")
    _post_rule(srv, token, name="cam001 offline", kind="offline", camera_id="cam001",
               hold_s=HOLD_S)
    _post_rule(srv, token, name="cam003 offline", kind="offline", camera_id="cam003",
               hold_s=HOLD_S)
    # A lost camera's connection closes: it is offline, not frozen.
    _post_rule(srv, token, name="cam001 frozen", kind="frozen", camera_id="cam001",
               hold_s=HOLD_S)
    # cam002 (no rule) goes first: an alarm of its would come before cam001's.
    fleet.offline("cam002")
    fleet.offline("cam001")
    _wait_for(srv, token, "cam001", "offline")
    # cam003 goes later still: by its alarm, cam001 has been offline well past another
    # hold, and a second alarm of cam001 would be there.
    fleet.offline("cam003")
    found = _wait_for(srv, token, "cam003", "offline")
    assert _brief(found) == [("cam001", "offline"), ("cam003", "offline")]
    assert found[-1]["detail"].startswith("offline for ")


@pytest.mark.slow
def test_frozen_camera_with_a_rule_raises_a_frozen_alarm(fleet_and_server):
    fleet, srv = fleet_and_server
    token = srv.token("admin")
    _post_rule(srv, token, name="cam001 frozen", kind="frozen", camera_id="cam001",
               hold_s=HOLD_S)
    _post_rule(srv, token, name="cam003 frozen", kind="frozen", camera_id="cam003",
               hold_s=HOLD_S)
    # An OFFLINE rule that must stay quiet for a camera that freezes but has a FROZEN
    # rule, and a frozen camera without any rule (cam002).
    _post_rule(srv, token, name="cam001 offline", kind="offline", camera_id="cam001",
               hold_s=HOLD_S)
    fleet.freeze("cam002")
    fleet.freeze("cam001")
    _wait_for(srv, token, "cam001", "frozen")
    fleet.freeze("cam003")
    found = _wait_for(srv, token, "cam003", "frozen")
    assert _brief(found) == [("cam001", "frozen"), ("cam003", "frozen")]
    assert found[-1]["detail"].startswith("no new picture for ")
