"""Sign-in abuse: (a) a burst of 50 wrong passwords from one address against a real
server process, for one account and across 50 names: how many reached the password
check (each audited with user and source), the rest refused; (b) slow spraying, one try
per account, 100 accounts in an hour, under the per-address limit of 20 in 10 minutes:
caught by the number of different accounts, alarmed once in the audit. Time in (b) is
the throttle's own clock, moved by the test (nothing sleeps)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.schema import audit_log
from server.throttle import (
    SLOW_AFTER,
    SOURCE_LIMIT,
    SOURCE_WINDOW,
    SPRAY_NAMES,
    SPRAY_PAUSE,
    SignInThrottle,
)
from tests.server.conftest import DEMO_PASSWORD, make_api
from tests.server.test_sign_in_throttling import TestClock
from tests.support.net import http_json
from tests.support.server_proc import run_server

WRONG = "Salah-Sandi-2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with run_server(tmp_path_factory.mktemp("abuse"), record=False) as srv:
        yield srv


def _burst(srv, names) -> list[tuple[int, str]]:
    answers = []
    for name in names:
        status, body = http_json("POST", srv.api + "/auth/login",
                                 {"username": name, "password": WRONG})
        answers.append((status, body["detail"]["code"]))
    return answers


def _failures(srv, admin_token) -> list[dict]:
    status, entries = http_json("GET", srv.api + "/audit?action=sign_in_failed&limit=5000",
                                token=admin_token)
    assert status == 200, entries
    return entries


def test_a_burst_of_50_wrong_passwords_for_one_account(server):
    admin = server.login("admin")
    before = len(_failures(server, admin))
    answers = _burst(server, ["operator"] * 50)
    checked = [a for a in answers if a == (401, "invalid_credentials")]
    # Three reach the password check; then each try must wait (429), and nothing the
    # burst sends while it waits is checked or counted.
    assert len(checked) == SLOW_AFTER, answers
    assert answers[SLOW_AFTER:] == [(429, "too_many_attempts")] * (50 - SLOW_AFTER)
    audited = _failures(server, admin)[: len(_failures(server, admin)) - before]
    assert len(audited) == SLOW_AFTER
    for entry in audited:
        assert entry["details"]["username"] == "operator"
        assert entry["details"]["source"] == "127.0.0.1"
        assert WRONG not in json.dumps(entry)
    assert WRONG not in server.log_text()
    print(f"burst on one account: {len(checked)} of 50 checked, {50 - len(checked)} refused")


def test_a_burst_of_50_wrong_passwords_across_accounts(server):
    admin = server.login("admin")
    before = len(_failures(server, admin))
    names = [f"petugas{i:02d}" for i in range(50)]
    answers = _burst(server, names)
    # The earlier test's three failures count for this address too.
    checked = [a for a in answers if a[0] == 401]
    assert len(checked) == SOURCE_LIMIT - SLOW_AFTER, answers
    assert set(answers[len(checked):]) == {(429, "too_many_attempts")}
    audited = _failures(server, admin)
    assert len(audited) - before == len(checked)
    assert {e["details"]["username"] for e in audited[: len(checked)]} == set(
        names[: len(checked)])
    assert {e["details"]["source"] for e in audited} == {"127.0.0.1"}
    # Even the right password is refused from that address while it holds.
    status, body = http_json("POST", server.api + "/auth/login",
                             {"username": "viewer", "password": DEMO_PASSWORD})
    assert (status, body["detail"]["code"]) == (429, "too_many_attempts")
    print(f"burst across accounts: {len(checked)} of 50 checked")


@pytest.fixture
def api(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        yield api


def _audit(api, action: str) -> list[dict]:
    with api.ctx.engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == action)
                            .order_by(audit_log.c.id))
        return [json.loads(r.details) for r in rows]


def test_slow_spraying_100_accounts_an_hour_is_caught_and_alarmed(api):
    clock = TestClock()
    api.client.app.state.sign_in_throttle = SignInThrottle(clock)
    spacing = timedelta(hours=1) / 100  # 36 s: 16.7 per 10 minutes, under SOURCE_LIMIT
    assert SOURCE_WINDOW / spacing < SOURCE_LIMIT
    answers = []
    for i in range(100):
        resp = api.client.post("/api/v1/auth/login",
                               json={"username": f"warga{i:03d}", "password": "Jakarta-2026"})
        answers.append((resp.status_code, resp.json()["detail"]["code"]))
        clock.advance(spacing)
    checked = [a for a in answers if a[0] == 401]
    assert len(checked) == SPRAY_NAMES, answers
    assert set(answers[SPRAY_NAMES:]) == {(429, "too_many_attempts")}
    assert len(_audit(api, "sign_in_failed")) == SPRAY_NAMES
    [alarm] = _audit(api, "sign_in_spray")
    assert alarm["source"] == "testclient" and alarm["accounts"] == SPRAY_NAMES

    refused = api.client.post("/api/v1/auth/login",
                              json={"username": "viewer", "password": DEMO_PASSWORD})
    assert refused.status_code == 429
    assert "many different accounts" in refused.json()["detail"]["message"]
    # Another address (another sector post) signs in as usual.
    other_post = TestClient(api.client.app, client=("10.20.30.40", 50000))
    assert other_post.post("/api/v1/auth/login", json={
        "username": "viewer", "password": DEMO_PASSWORD}).status_code == 200

    # An hour after its latest failure the address may try once more; one more
    # failure and it waits another hour. No second alarm for the same spray.
    clock.advance(SPRAY_PAUSE - spacing * (100 - SPRAY_NAMES))
    resp = api.client.post("/api/v1/auth/login",
                           json={"username": "warga100", "password": "Jakarta-2026"})
    assert resp.status_code == 401
    resp = api.client.post("/api/v1/auth/login",
                           json={"username": "viewer", "password": DEMO_PASSWORD})
    assert resp.status_code == 429
    assert resp.headers["Retry-After"] == str(int(SPRAY_PAUSE.total_seconds()))
    assert len(_audit(api, "sign_in_spray")) == 1
