"""Alarms in the client core: the contract's JSON parsed into typed values, the service
that loads the open alarms at sign-in (a restart is a reload from the server), merges
pushed events, acknowledges with a note off the GUI thread and takes a 409 (someone else
first) in its stride; the rules' JSON both ways. The transport is a fake of the
ApiClient's call/get_bytes (tests/app/alarm_fakes.py); AlarmsApi runs on it as is."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from app.alarms import parse
from app.alarms.rule_form import RuleProblem, cleaned, problems
from app.alarms.rules import AlarmRulesService
from app.alarms.service import AlarmService
from app.alarms.types import (
    AckOutcome,
    AlarmFilter,
    AlarmKind,
    AlarmRule,
    RuleHours,
    TamperDetail,
)
from app.api.errors import ApiError
from app.motion.types import MotionRegion
from app.services.session import SessionService
from tests.app.alarm_fakes import JPEG, FakeAlarmServer, FakeTransport, alarm_json

WAIT_MS = 5000


def _signed_in(qtbot, runner, server: FakeAlarmServer, **service_args):
    session = SessionService(runner, api_factory=lambda url: FakeTransport(server, url))
    service = AlarmService(session, runner, **service_args)
    with qtbot.waitSignal(service.alarms_changed, timeout=WAIT_MS):
        session.login("http://fake", "operator1", "pw")
    return session, service


# -- parsing ----------------------------------------------------------------------------
def test_an_alarm_is_parsed_from_the_contract():
    alarm = parse.alarm({
        "id": 17, "rule_id": 3, "rule_name": "Taman malam", "kind": "tamper",
        "detail": "covered", "camera_id": "cam001", "camera_name": "Taman Tebet",
        "raised_at": "2026-12-05T14:02:03.120Z", "acknowledged_at": None,
        "acknowledged_by": None, "note": None, "has_snapshot": True})
    assert alarm.id == 17 and alarm.kind is AlarmKind.TAMPER
    assert alarm.tamper is TamperDetail.COVERED
    assert alarm.raised_at.tzinfo is not None and alarm.raised_at.microsecond == 120000
    assert alarm.open and alarm.has_snapshot
    acked = parse.alarm(alarm_json(5, kind="offline", detail="", acked_by="sup1", note="ok"))
    assert not acked.open and acked.acknowledged_by == "sup1" and acked.note == "ok"
    assert acked.tamper is None


@pytest.mark.parametrize("broken", [
    {}, {"id": 1}, dict(alarm_json(1), kind="smoke"), dict(alarm_json(1), raised_at="x"),
    "not an object"])
def test_what_is_not_an_alarm_is_a_bad_response(broken):
    with pytest.raises(ApiError):
        parse.alarm(broken)


def test_a_rule_goes_to_the_server_and_back_unchanged():
    rule = AlarmRule(None, "Taman malam", AlarmKind.MOTION, camera_id="cam001",
                     region=MotionRegion(0.1, 0.2, 0.3, 0.4), min_cells=2,
                     hours=RuleHours(time(22, 0), time(5, 0)), hold_s=2.0)
    body = parse.rule_body(rule)
    assert body == {"name": "Taman malam", "kind": "motion", "camera_id": "cam001",
                    "area": None, "region": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4},
                    "min_cells": 2, "hours": {"from": "22:00", "to": "05:00"},
                    "hold_s": 2.0, "threshold": None, "enabled": True}
    back = parse.rule(dict(body, id=9))
    assert back == AlarmRule(9, **{k: v for k, v in rule.__dict__.items() if k != "id"})


def test_the_rule_form_checks_and_cleans():
    crowd = AlarmRule(None, " ", AlarmKind.CROWD, region=MotionRegion(0, 0, 0.5, 0.5))
    assert set(problems(crowd)) == {RuleProblem.NO_NAME, RuleProblem.NO_SCOPE,
                                    RuleProblem.ZONE_NEEDS_CAMERA, RuleProblem.NO_THRESHOLD}
    motion = AlarmRule(None, " Gate ", AlarmKind.MOTION, camera_id="cam001",
                       area_id="jp", region=MotionRegion(), threshold=3.0)
    sent = cleaned(motion)
    assert sent.name == "Gate" and sent.area_id is None
    assert sent.region is None  # the whole picture is no zone
    assert sent.threshold is None  # only crowd rules have one
    tamper = cleaned(AlarmRule(None, "t", AlarmKind.TAMPER, camera_id="cam001",
                               region=MotionRegion(0, 0, 0.5, 0.5)))
    assert tamper.region is None and problems(tamper) == []
    assert problems(replace(crowd, name="c", area_id="jp", region=None, threshold=1.5)) == [
        RuleProblem.NO_THRESHOLD]  # the occupancy index is at most 1
    assert problems(replace(tamper, hold_s=-1)) == [RuleProblem.HOLD_OUT_OF_RANGE]
    assert parse.rule_body(tamper)["hold_s"] is None  # the server's default for the kind


# -- the service ------------------------------------------------------------------------
def test_sign_in_loads_the_open_alarms_newest_first(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1, minutes=0), alarm_json(2, "cam003", minutes=5),
                              alarm_json(3, minutes=2, acked_by="sup1")])
    _session, service = _signed_in(qtbot, runner, server)
    assert [a.id for a in service.alarms()] == [2, 1]
    assert service.open_count == 2
    assert service.alarmed_cameras() == frozenset({"cam001", "cam003"})
    assert service.may_acknowledge()
    method, path, params, _ = server.calls[0]
    assert (method, path, params["state"]) == ("GET", "/alarms", "open")


def test_open_alarms_come_back_after_a_restart(qtbot, runner):
    """Unacknowledged alarms survive a client restart: they are the server's."""
    server = FakeAlarmServer([alarm_json(1), alarm_json(2, minutes=1)])
    session, service = _signed_in(qtbot, runner, server)
    with qtbot.waitSignal(service.acknowledge_finished, timeout=WAIT_MS):
        service.acknowledge(1, "checked")
    session.logout()
    assert service.alarms() == [] and service.open_count == 0
    # A new client (a restart): only what is still open on the server.
    _session2, restarted = _signed_in(qtbot, runner, server)
    assert [a.id for a in restarted.alarms()] == [2]
    assert restarted.has_open_alarm("cam001")


def test_pushed_alarms_are_merged_and_announced(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1)])
    _session, service = _signed_in(qtbot, runner, server)
    with qtbot.waitSignal(service.alarm_raised, timeout=WAIT_MS) as raised:
        service.apply_event({"type": "alarm", "camera_id": "cam004",
                             "alarm": alarm_json(7, "cam004", kind="crowd", detail="",
                                                 minutes=9)})
    assert raised.args[0].id == 7
    assert [a.id for a in service.alarms()] == [7, 1]
    assert service.has_open_alarm("cam004") and service.open_count == 2
    # Someone acknowledges it elsewhere: the event says so, the camera stops flashing.
    with qtbot.waitSignal(service.cameras_changed, timeout=WAIT_MS) as changed:
        service.apply_event({"type": "alarm_acknowledged", "camera_id": "cam004",
                             "alarm": alarm_json(7, "cam004", kind="crowd", detail="",
                                                 minutes=9, acked_by="sup1")})
    assert changed.args[0] == frozenset({"cam001"})
    assert service.open_count == 1
    assert [a.id for a in service.alarms(AlarmFilter.ALL)] == [7, 1]
    # A late copy of the raise never reopens it; a repeat is not news.
    with qtbot.assertNotEmitted(service.alarm_raised):
        service.apply_event({"type": "alarm", "alarm": alarm_json(7, "cam004")})
        service.apply_event({"type": "alarm", "alarm": alarm_json(1)})
        service.apply_event({"type": "alarm", "alarm": {"id": "garbage"}})
    assert service.open_count == 1


def test_pushed_alarms_outside_the_scope_are_dropped(qtbot, runner):
    server = FakeAlarmServer([])
    _session, service = _signed_in(qtbot, runner, server,
                                   in_scope=lambda camera_id: camera_id != "cam999")
    service.apply_event({"type": "alarm", "alarm": alarm_json(8, "cam999")})
    assert service.alarms() == []


def test_acknowledge_sends_the_note_off_the_gui_thread(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1)])
    _session, service = _signed_in(qtbot, runner, server)
    with qtbot.waitSignal(service.acknowledge_finished, timeout=WAIT_MS) as done:
        assert service.acknowledge(1, "  a cat on the lens  ") is None
        assert service.acknowledging(1)  # sent, not answered yet: the call is a worker's
    alarm_id, outcome, alarm, _message = done.args
    assert (alarm_id, outcome) == (1, AckOutcome.DONE)
    assert alarm.acknowledged_by == "operator1" and alarm.note == "a cat on the lens"
    assert server.calls[-1][:2] == ("POST", "/alarms/1/acknowledge")
    assert server.calls[-1][3] == {"note": "a cat on the lens"}
    assert service.open_count == 0 and not service.has_open_alarm("cam001")
    assert not service.acknowledging(1)


def test_a_note_over_2000_characters_is_refused_here(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1)])
    _session, service = _signed_in(qtbot, runner, server)
    calls = len(server.calls)
    assert service.acknowledge(1, "x" * 2001) is AckOutcome.NOTE_TOO_LONG
    assert len(server.calls) == calls


def test_409_someone_else_first_is_said_and_the_list_refreshed(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1), alarm_json(2, minutes=1)])
    _session, service = _signed_in(qtbot, runner, server)
    server.acknowledge_as(1, "sup1", "seen")  # another operator, before our click lands
    with qtbot.waitSignal(service.acknowledge_finished, timeout=WAIT_MS) as done:
        service.acknowledge(1, "mine")
    assert done.args[1] is AckOutcome.ALREADY
    qtbot.waitUntil(lambda: service.open_count == 1, timeout=WAIT_MS)  # the refresh
    assert [a.id for a in service.alarms()] == [2]
    assert server.calls[-1][:2] == ("GET", "/alarms")


def test_history_brings_acknowledged_alarms_and_snapshots_come_as_bytes(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1), alarm_json(2, minutes=1, acked_by="sup1")])
    _session, service = _signed_in(qtbot, runner, server)
    with qtbot.waitSignal(service.history_loaded, timeout=WAIT_MS):
        service.load_history()
    assert [a.id for a in service.alarms(AlarmFilter.ALL)] == [2, 1]
    assert server.calls[-1][2]["state"] == "all"
    with qtbot.waitSignal(service.snapshots.snapshot_ready, timeout=WAIT_MS) as ready:
        service.snapshots.request(2)
    assert ready.args == [2, JPEG]


def test_a_reconnected_event_stream_reloads_the_open_alarms(qtbot, runner):
    server = FakeAlarmServer([alarm_json(1)])
    _session, service = _signed_in(qtbot, runner, server)
    service.set_event_stream_open(True)
    service.set_event_stream_open(False)
    server.alarms[4] = alarm_json(4, "cam002", minutes=3)  # raised during the break
    server.acknowledge_as(1, "sup1")
    with qtbot.waitSignal(service.alarms_changed, timeout=WAIT_MS):
        service.set_event_stream_open(True)
    assert [a.id for a in service.alarms()] == [4]


def test_rules_are_listed_saved_and_deleted_by_supervisors(qtbot, runner):
    server = FakeAlarmServer([], roles=("supervisor",))
    session = SessionService(runner, api_factory=lambda url: FakeTransport(server, url))
    rules = AlarmRulesService(session, runner)
    assert not rules.allowed()
    with qtbot.waitSignal(session.logged_in, timeout=WAIT_MS):
        session.login("http://fake", "sup1", "pw")
    assert rules.allowed()
    rule = AlarmRule(None, "Gate", AlarmKind.CROWD, area_id="jp", threshold=0.7)
    with qtbot.waitSignal(rules.saved, timeout=WAIT_MS) as saved:
        rules.save(rule)
    assert saved.args[0].id == 1 and saved.args[0].threshold == 0.7
    assert server.calls[-1][:2] == ("POST", "/alarm-rules")
    with qtbot.waitSignal(rules.saved, timeout=WAIT_MS):
        rules.save(AlarmRule(1, "Gate 2", AlarmKind.CROWD, area_id="jp", threshold=0.9))
    assert server.calls[-1][:2] == ("PATCH", "/alarm-rules/1")
    assert [r.name for r in rules.rules()] == ["Gate 2"]
    with qtbot.waitSignal(rules.deleted, timeout=WAIT_MS):
        rules.delete(1)
    assert rules.rules() == [] and server.rules == {}
