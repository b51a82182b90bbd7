"""Sign-in throttling on the real API and database: a guessed password slows down and
then locks, spraying from one address is cut off, an administrator lifts a lock.

Time is the throttle's own clock, moved by the test (nothing sleeps); everything else
(the sign-in, the tables, the audit) is the real thing. TestClient's address is
"testclient"; a second client stands for another computer.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.clock import utc_now, wib
from server.schema import audit_log
from server.throttle import (
    LOCK_AFTER,
    LOCK_FOR,
    QUIET_RESETS_AFTER,
    SLOW_AFTER,
    SLOW_FIRST_DELAY,
    SOURCE_LIMIT,
    SOURCE_WINDOW,
    SignInThrottle,
)
from tests.server.conftest import DEMO_PASSWORD

LOGIN = "/api/v1/auth/login"
WRONG = "Salah-Sandi-2026"


class TestClock:
    """The throttle's clock, moved by hand."""

    __test__ = False

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(api) -> TestClock:
    clock = TestClock()
    api.client.app.state.sign_in_throttle = SignInThrottle(clock)
    return clock


def _login(client, username: str, password: str):
    return client.post(LOGIN, json={"username": username, "password": password})


def _code(resp) -> str:
    return resp.json()["detail"]["code"]


def _audit(api, action: str) -> list[dict]:
    with api.ctx.engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == action)
                            .order_by(audit_log.c.id))
        return [{"actor": r.actor, **json.loads(r.details)} for r in rows]


def _admin_view(api, admin_token: str, username: str) -> dict:
    users = api.client.get("/api/v1/admin/users",
                           headers={"Authorization": f"Bearer {admin_token}"}).json()
    return next(u for u in users if u["username"] == username)


def _lock(api, clock, username: str) -> None:
    """Wrong passwords, each after the wait the previous one earned, until locked."""
    for attempt in range(1, LOCK_AFTER + 1):
        resp = _login(api.client, username, WRONG)
        expected = 423 if attempt == LOCK_AFTER else 401
        assert resp.status_code == expected, (attempt, resp.json())
        clock.advance(SLOW_FIRST_DELAY * 2 ** max(0, attempt - SLOW_AFTER))


def test_a_burst_of_wrong_passwords_slows_down_then_locks_the_account(api, clock):
    admin = api.token("admin")
    for _ in range(SLOW_AFTER):
        resp = _login(api.client, "operator", WRONG)
        assert resp.status_code == 401 and _code(resp) == "invalid_credentials"
    # Slowed: even the right password waits.
    slowed = _login(api.client, "operator", DEMO_PASSWORD)
    assert slowed.status_code == 429 and _code(slowed) == "too_many_attempts"
    assert slowed.headers["Retry-After"] == "5"
    assert "wait 5 seconds" in slowed.json()["detail"]["message"]
    clock.advance(timedelta(seconds=5))
    assert _login(api.client, "operator", WRONG).status_code == 401
    slower = _login(api.client, "operator", WRONG)
    assert slower.status_code == 429 and slower.headers["Retry-After"] == "10"
    clock.advance(timedelta(seconds=10))

    locked = _login(api.client, "operator", WRONG)
    assert locked.status_code == 423 and _code(locked) == "account_locked"
    until = clock.now + LOCK_FOR
    assert locked.headers["Retry-After"] == str(int(LOCK_FOR.total_seconds()))
    assert wib(until)[:19] in locked.json()["detail"]["message"]
    view = _admin_view(api, admin, "operator")
    assert view["failed_logins"] == LOCK_AFTER and view["locked_until"] is not None

    # The right password does not open a locked account, until the lock ends.
    clock.advance(LOCK_FOR - timedelta(seconds=1))
    during = _login(api.client, "operator", DEMO_PASSWORD)
    assert during.status_code == 423 and during.headers["Retry-After"] == "1"
    clock.advance(timedelta(seconds=1))
    after = _login(api.client, "operator", DEMO_PASSWORD)
    assert after.status_code == 200
    assert _admin_view(api, admin, "operator")["failed_logins"] == 0

    failed = _audit(api, "sign_in_failed")
    assert failed == [{"actor": None, "username": "operator", "source": "testclient"}] * LOCK_AFTER
    lock_rows = _audit(api, "account_locked")
    assert len(lock_rows) == 1
    assert lock_rows[0]["username"] == "operator" and lock_rows[0]["source"] == "testclient"
    assert DEMO_PASSWORD not in str(failed + lock_rows) and WRONG not in str(failed + lock_rows)


def test_an_admin_lifts_a_lock(api, clock):
    admin = api.token("admin")
    _lock(api, clock, "police")
    assert _login(api.client, "police", DEMO_PASSWORD).status_code == 423
    resp = api.client.post("/api/v1/admin/users/police/unlock",
                           headers={"Authorization": f"Bearer {admin}"})
    assert resp.status_code == 200
    assert resp.json()["locked_until"] is None and resp.json()["failed_logins"] == 0
    assert _login(api.client, "police", DEMO_PASSWORD).status_code == 200
    assert _audit(api, "account_unlocked") == [
        {"actor": "admin", "username": "police", "was_locked": True}]


def test_a_success_starts_the_count_over_and_quiet_time_forgets(api, clock):
    for _ in range(SLOW_AFTER - 1):
        assert _login(api.client, "viewer", WRONG).status_code == 401
    assert _login(api.client, "viewer", DEMO_PASSWORD).status_code == 200
    # Without the reset the second of these would already be slowed.
    for _ in range(SLOW_AFTER):
        assert _login(api.client, "viewer", WRONG).status_code == 401
    assert _login(api.client, "viewer", DEMO_PASSWORD).status_code == 429

    # One mistyped password a quarter of an hour never adds up to a lock.
    for _ in range(LOCK_AFTER + 1):
        assert _login(api.client, "supervisor", WRONG).status_code == 401
        clock.advance(QUIET_RESETS_AFTER)
    assert _login(api.client, "supervisor", DEMO_PASSWORD).status_code == 200


def test_a_name_that_is_no_account_gets_the_same_answers(api, clock):
    """So a guesser cannot tell which names exist from the throttle."""
    steps = []
    for _ in range(LOCK_AFTER + 2):
        real = _login(api.client, "operator", WRONG)
        invented = _login(api.client, "operator2", WRONG)
        assert (real.status_code, real.json(), real.headers.get("Retry-After")) == (
            invented.status_code, invented.json(), invented.headers.get("Retry-After"))
        steps.append(real.status_code)
        clock.advance(timedelta(seconds=10))
    assert steps == [401, 401, 401, 401, 423, 423, 423]
    # Only real accounts are reported locked; every failure is in the audit.
    assert [r["username"] for r in _audit(api, "account_locked")] == ["operator"]
    assert {r["username"] for r in _audit(api, "sign_in_failed")} == {"operator", "operator2"}


def test_slow_spraying_across_accounts_from_one_address_is_refused(api, clock):
    names = ["admin", "supervisor", "operator", "police", "viewer"] + [
        f"petugas{i:02d}" for i in range(SOURCE_LIMIT - 5)]
    # One common password per account, twenty seconds apart: no account is ever slowed.
    for name in names:
        resp = _login(api.client, name, "Jakarta-2026")
        assert resp.status_code == 401, (name, resp.json())
        clock.advance(timedelta(seconds=20))
    clock.advance(timedelta(seconds=-20))  # the last try was just now
    refused = _login(api.client, "viewer", DEMO_PASSWORD)  # even the right password
    assert refused.status_code == 429 and _code(refused) == "too_many_attempts"
    waited = SOURCE_WINDOW - timedelta(seconds=20 * (SOURCE_LIMIT - 1))
    assert refused.headers["Retry-After"] == str(int(waited.total_seconds()))
    assert "from this computer" in refused.json()["detail"]["message"]

    # Another sector post (another address) signs in as usual meanwhile.
    other_post = TestClient(api.client.app, client=("10.20.30.40", 50000))
    assert _login(other_post, "viewer", DEMO_PASSWORD).status_code == 200

    clock.advance(waited)
    assert _login(api.client, "viewer", DEMO_PASSWORD).status_code == 200
    sources = {r["source"] for r in _audit(api, "sign_in_failed")}
    assert sources == {"testclient"}
    assert len(_audit(api, "sign_in_failed")) == SOURCE_LIMIT


def test_guesses_sent_all_at_once_are_counted_one_by_one(api, clock):
    """A script firing many guesses together gets no more tries than one typing."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: _login(api.client, "operator", WRONG).status_code,
                                range(8)))
    assert sorted(answers) == [401] * SLOW_AFTER + [429] * (8 - SLOW_AFTER)
    assert len(_audit(api, "sign_in_failed")) == SLOW_AFTER
