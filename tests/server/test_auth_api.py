from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from server.schema import tokens, users
from server.tokens import token_digest

LOGIN = "/api/v1/auth/login"


def _error(resp):
    body = resp.json()
    assert set(body) == {"detail"} and set(body["detail"]) == {"code", "message"}, body
    assert body["detail"]["message"]
    return body["detail"]["code"]


def test_login_returns_token_expiry_and_user(api):
    resp = api.client.post(LOGIN, json={"username": "police", "password": "pantau-demo"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["user"] == {
        "username": "police",
        "display_name": body["user"]["display_name"],
        "roles": ["police"],
        "areas": ["jakarta-selatan"],
        "must_change_password": False,
    }
    assert body["expires_at"].endswith("Z")
    expires = datetime.fromisoformat(body["expires_at"])
    lifetime = expires - datetime.now(UTC)
    assert timedelta(hours=11, minutes=59) < lifetime <= timedelta(hours=12)
    me = api.get("/auth/me", body["token"])
    assert me.status_code == 200 and me.json()["username"] == "police"


def test_wrong_password_and_unknown_user_get_the_same_answer(api):
    wrong = api.client.post(LOGIN, json={"username": "operator", "password": "nope"})
    unknown = api.client.post(LOGIN, json={"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert _error(wrong) == "invalid_credentials"
    assert wrong.json() == unknown.json()


def test_database_holds_only_hashes(api):
    token = api.token("operator")
    with api.ctx.engine.connect() as conn:
        stored = [r.token_sha256 for r in conn.execute(select(tokens))]
        hashes = [r.password_hash for r in conn.execute(select(users))]
    assert token not in stored and token_digest(token) in stored
    assert all("pantau-demo" not in h for h in hashes)


def test_requests_without_or_with_a_bad_token_are_refused(api):
    missing = api.get("/cameras")
    assert missing.status_code == 401 and _error(missing) == "not_authenticated"
    assert missing.headers["www-authenticate"] == "Bearer"
    for bad in ("garbage", "x" * 5000, "' OR '1'='1"):
        resp = api.get("/cameras", bad)
        assert resp.status_code == 401 and _error(resp) == "invalid_token", bad
    basic = api.client.get("/api/v1/cameras", headers={"Authorization": "Basic YWRtaW46eA=="})
    assert basic.status_code == 401 and _error(basic) == "not_authenticated"


def test_expired_token_is_refused(api):
    token = api.token("operator")
    assert api.get("/auth/me", token).status_code == 200
    # Twelve hours pass: move the stored expiry into the past.
    with api.ctx.engine.begin() as conn:
        conn.execute(
            update(tokens)
            .where(tokens.c.token_sha256 == token_digest(token))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    resp = api.get("/auth/me", token)
    assert resp.status_code == 401 and _error(resp) == "token_expired"


def test_logout_ends_only_that_session(api):
    first, second = api.token("operator"), api.token("operator")
    resp = api.client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {first}"})
    assert resp.status_code == 204
    after = api.get("/auth/me", first)
    assert after.status_code == 401 and _error(after) == "invalid_token"
    assert api.get("/auth/me", second).status_code == 200


def test_login_with_bad_bodies_answers_in_the_error_shape(api):
    for kwargs in (
        {"json": {}},
        {"json": {"username": "operator"}},
        {"json": {"username": "", "password": "x"}},
        {"json": {"username": "a" * 1000, "password": "x"}},
        {"content": b"not json", "headers": {"content-type": "application/json"}},
        {"json": ["operator", "pantau-demo"]},
    ):
        resp = api.client.post(LOGIN, **kwargs)
        assert resp.status_code == 422, kwargs
        assert _error(resp) == "validation_error"


def test_only_playback_accepts_a_token_in_the_query_for_players_without_headers(api):
    token = api.token("operator")
    rng = {"start": "2025-05-01T03:00:00Z", "end": "2025-05-01T03:10:00Z"}
    ok = api.get("/cameras/cam001/playback", access_token=token, **rng)
    assert ok.status_code == 404 and _error(ok) == "no_recording"  # signed in; nothing there
    bad = api.get("/cameras/cam001/playback", access_token="forged", **rng)
    assert bad.status_code == 401 and _error(bad) == "invalid_token"
    elsewhere = api.get("/cameras", access_token=token)
    assert elsewhere.status_code == 401 and _error(elsewhere) == "not_authenticated"
