"""Alarm rules (issue 17): validation with clear messages, the rules a camera falls under
(its own and every area's above it), WIB hours across midnight, and the API's CRUD within
the user's areas, audited."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from server.alarms.kinds import AlarmKind
from server.alarms.rules import (
    DEFAULT_HOLD_S,
    AlarmRule,
    Region,
    RuleError,
    RuleSpec,
    active_at,
    check_spec,
    create_rule,
    rules_by_camera,
    rules_for,
)

SELATAN = "jakarta-selatan"
TEBET = "jakarta-selatan.tebet"


def _hours(hours_from: str | None, hours_to: str | None) -> AlarmRule:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return AlarmRule(1, "r", AlarmKind.MOTION, "cam001", None, None, 2, hours_from, hours_to,
                     0.0, None, True, "admin", now, now)


def _wib(hour: int, minute: int = 0) -> datetime:
    # WIB is UTC+7: 22:00 WIB on 2 Jan is 15:00 UTC on 2 Jan; 03:00 WIB is 20:00 UTC the day before.
    utc_hour = (hour - 7) % 24
    day = 2 if hour >= 7 else 1
    return datetime(2026, 1, day, utc_hour, minute, tzinfo=UTC)


def test_hours_across_midnight_in_wib():
    night = _hours("22:00", "06:00")
    assert [active_at(night, _wib(h, m)) for h, m in
            [(21, 59), (22, 0), (23, 30), (0, 0), (3, 0), (5, 59), (6, 0), (12, 0)]] == [
        False, True, True, True, True, True, False, False]
    day = _hours("08:00", "17:30")
    assert [active_at(day, _wib(h, m)) for h, m in [(7, 59), (8, 0), (17, 29), (17, 30)]] == [
        False, True, True, False]
    assert active_at(_hours(None, None), _wib(3))
    with pytest.raises(ValueError):
        active_at(day, datetime(2026, 1, 1, 9))  # naive: which zone?


@pytest.mark.parametrize(("spec", "words"), [
    (RuleSpec("", AlarmKind.OFFLINE, camera_id="cam001"), "name"),
    (RuleSpec("x", AlarmKind.OFFLINE), "exactly one of camera_id and area"),
    (RuleSpec("x", AlarmKind.OFFLINE, camera_id="cam001", area_id=SELATAN), "exactly one"),
    (RuleSpec("x", AlarmKind.OFFLINE, camera_id="cam001", region=Region(0, 0, 1, 1)),
     "Only a motion rule has a region"),
    (RuleSpec("x", AlarmKind.MOTION, camera_id="cam001", region=Region(0.5, 0, 0.6, 1)),
     "outside the picture"),
    (RuleSpec("x", AlarmKind.MOTION, camera_id="cam001", region=Region(0, 0, 0, 1)),
     "above 0"),
    (RuleSpec("x", AlarmKind.MOTION, camera_id="cam001", hours_from="22:00"), "both"),
    (RuleSpec("x", AlarmKind.MOTION, camera_id="cam001", hours_from="24:00", hours_to="06:00"),
     "HH:MM"),
    (RuleSpec("x", AlarmKind.MOTION, camera_id="cam001", hours_from="06:00", hours_to="06:00"),
     "the same"),
    (RuleSpec("x", AlarmKind.CROWD, camera_id="cam001"), "threshold"),
    (RuleSpec("x", AlarmKind.OFFLINE, camera_id="cam001", threshold=0.5),
     "Only a crowd rule has a threshold"),
    (RuleSpec("x", AlarmKind.OFFLINE, camera_id="cam001", hold_s=-1), "hold_s"),
    (RuleSpec("x", AlarmKind.MOTION, camera_id="cam001", min_cells=0), "min_cells"),
])  # fmt: skip
def test_a_bad_rule_says_what_to_change(spec, words):
    with pytest.raises(RuleError, match=words):
        check_spec(spec)


def test_defaults_by_kind():
    for kind in AlarmKind:
        threshold = 0.7 if kind is AlarmKind.CROWD else None
        spec = check_spec(RuleSpec(" n ", kind, camera_id="cam001", threshold=threshold))
        assert (spec.name, spec.hold_s, spec.min_cells) == ("n", DEFAULT_HOLD_S[kind], 2)
    assert DEFAULT_HOLD_S[AlarmKind.OFFLINE] == 30 and DEFAULT_HOLD_S[AlarmKind.FROZEN] == 15


def test_rules_for_a_camera_are_its_own_and_every_area_above_it(api):
    with api.ctx.engine.begin() as conn:
        own = create_rule(conn, RuleSpec("own", AlarmKind.OFFLINE, camera_id="cam001"), "t")
        kota = create_rule(conn, RuleSpec("kota", AlarmKind.FROZEN, area_id=SELATAN), "t")
        kec = create_rule(conn, RuleSpec("kec", AlarmKind.TAMPER, area_id=TEBET), "t")
        create_rule(conn, RuleSpec("off", AlarmKind.OFFLINE, camera_id="cam001",
                                   enabled=False), "t")
        create_rule(conn, RuleSpec("other", AlarmKind.OFFLINE, camera_id="cam002"), "t")
        create_rule(conn, RuleSpec("pusat", AlarmKind.OFFLINE, area_id="jakarta-pusat"), "t")
        with pytest.raises(RuleError, match="No camera"):
            create_rule(conn, RuleSpec("x", AlarmKind.OFFLINE, camera_id="nope"), "t")
        with pytest.raises(RuleError, match="No area"):
            create_rule(conn, RuleSpec("x", AlarmKind.OFFLINE, area_id="jakarta-selatan.x"), "t")
    with api.ctx.engine.connect() as conn:
        assert [r.id for r in rules_for(conn, "cam001")] == [own.id, kota.id, kec.id]
        # cam002 is in Jakarta Selatan but not in Tebet.
        assert [r.name for r in rules_for(conn, "cam002")] == ["kota", "other"]
        assert [r.name for r in rules_for(conn, "cam003")] == ["pusat"]
        assert rules_for(conn, "unknown") == []
        health = rules_by_camera(conn, ["cam001", "cam002", "cam004"],
                                 frozenset({AlarmKind.OFFLINE, AlarmKind.FROZEN}))
        assert {cam: [r.name for r in rules] for cam, rules in health.items()} == {
            "cam001": ["own", "kota"], "cam002": ["kota", "other"], "cam004": []}


def _bearer(api, user: str) -> dict:
    return {"Authorization": f"Bearer {api.token(user)}"}


def test_rules_api_crud_in_scope_and_audited(api):
    admin, police = _bearer(api, "admin"), _bearer(api, "police")
    c = api.client
    night = {"name": "Taman malam", "kind": "motion", "camera_id": "cam001",
             "region": {"x": 0.5, "y": 0.5, "w": 0.5, "h": 0.5}, "min_cells": 3,
             "hours": {"from": "22:00", "to": "05:00"}}
    resp = c.post("/api/v1/alarm-rules", json=night, headers=admin)
    assert resp.status_code == 201, resp.text
    rule = resp.json()
    assert {k: rule[k] for k in night} == night
    assert (rule["area"], rule["hold_s"], rule["threshold"], rule["enabled"]) == (
        None, 0.0, None, True)
    pusat = c.post("/api/v1/alarm-rules", headers=admin, json={
        "name": "Pusat offline", "kind": "offline", "area": "jakarta-pusat"}).json()
    assert pusat["hold_s"] == 30.0

    # Police (Jakarta Selatan) sees cam001's rule, not Jakarta Pusat's, and may not edit.
    assert [r["id"] for r in c.get("/api/v1/alarm-rules", headers=police).json()] == [
        rule["id"]]
    assert c.get(f"/api/v1/alarm-rules/{pusat['id']}", headers=police).status_code == 404
    resp = c.patch(f"/api/v1/alarm-rules/{rule['id']}", json={"enabled": False},
                   headers=police)
    assert resp.status_code == 403 and resp.json()["detail"]["code"] == "forbidden"
    assert c.post("/api/v1/alarm-rules", headers=_bearer(api, "operator"),
                  json=night).status_code == 403

    # A partial edit keeps the rest; null clears hours; a new kind takes its default hold.
    resp = c.patch(f"/api/v1/alarm-rules/{rule['id']}", headers=admin,
                   json={"hours": None, "min_cells": 5})
    assert resp.status_code == 200, resp.text
    assert (resp.json()["hours"], resp.json()["min_cells"], resp.json()["region"]) == (
        None, 5, night["region"])
    resp = c.patch(f"/api/v1/alarm-rules/{rule['id']}", headers=admin,
                   json={"kind": "frozen"})
    assert resp.status_code == 422 and "region" in resp.json()["detail"]["message"]
    resp = c.patch(f"/api/v1/alarm-rules/{rule['id']}", headers=admin,
                   json={"kind": "frozen", "region": None})
    assert (resp.json()["kind"], resp.json()["hold_s"]) == ("frozen", 15.0)

    # Hostile or wrong input: 4xx with a message.
    for body, status in [
        ({**night, "camera_id": "cam003"}, 201),  # admin sees every camera
        ({**night, "camera_id": "cam999"}, 404),
        ({**night, "area": "jakarta-selatan"}, 422),  # both a camera and an area
        ({**night, "hours": {"from": "25:00", "to": "05:00"}}, 422),
        ({**night, "region": {"x": 2, "y": 0, "w": 1, "h": 1}}, 422),
        ({**night, "name": "x" * 201}, 422),
        ({**night, "name": "a\x00b"}, 422),
        ({**night, "kind": "earthquake"}, 422),
        ({**night, "extra": 1}, 422),
        ({"name": "crowd", "kind": "crowd", "camera_id": "cam001"}, 422),
    ]:
        resp = c.post("/api/v1/alarm-rules", json=body, headers=admin)
        assert resp.status_code == status, (body, resp.text)
        if status >= 400:
            assert resp.json()["detail"]["message"]
    resp = c.post("/api/v1/alarm-rules", headers=police,
                  json={"name": "x", "kind": "offline", "camera_id": "cam001"})
    assert resp.status_code == 403  # police may not set rules, even in their area
    resp = c.post("/api/v1/alarm-rules", headers=_bearer(api, "supervisor"),
                  json={"name": "s", "kind": "offline", "area": "jakarta-selatan.tebet"})
    assert resp.status_code == 201, resp.text

    assert c.delete(f"/api/v1/alarm-rules/{pusat['id']}", headers=admin).status_code == 204
    assert c.delete(f"/api/v1/alarm-rules/{pusat['id']}", headers=admin).status_code == 404

    changes = c.get("/api/v1/audit", headers=admin,
                    params={"action": "alarm_rule_changed"}).json()
    # Four created (one by the supervisor), two edits (the refused one is not), one delete.
    assert Counter(e["details"]["change"] for e in changes) == {
        "created": 4, "updated": 2, "deleted": 1}
    assert changes[0]["details"]["area_id"] == "jakarta-pusat"
    assert {e["actor"] for e in changes} == {"admin", "supervisor"}
