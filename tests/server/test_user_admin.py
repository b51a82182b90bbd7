"""User administration over the real API on a real SQLite database: what an
administrator does in the Users screen, and what the person concerned then sees."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from server.password_policy import MIN_LENGTH, common_passwords
from server.schema import audit_log, views

ADMIN_USERS = "/api/v1/admin/users"
LOGIN = "/api/v1/auth/login"
FIRST_PASSWORD = "Pos-Tebet-Awal-2026"  # chosen by the administrator
OWN_PASSWORD = "Sandi-Sendiri-Polsek-7"  # chosen by the officer


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _code(resp) -> str:
    body = resp.json()
    assert set(body["detail"]) == {"code", "message"} and body["detail"]["message"], body
    return body["detail"]["code"]


def _create(api, admin, username="polsek.tebet", password=FIRST_PASSWORD, **fields):
    body = {"username": username, "display_name": "Polsek Tebet", "roles": ["police"],
            "areas": ["jakarta-selatan.tebet"], "password": password, **fields}
    return api.client.post(ADMIN_USERS, headers=_auth(admin), json=body)


def _login(api, username, password):
    return api.client.post(LOGIN, json={"username": username, "password": password})


def _ready_user(api, admin, username="polsek.tebet", **fields) -> str:
    """Created by the admin, first sign-in done, own password chosen: a working token."""
    assert _create(api, admin, username, **fields).status_code == 201
    token = _login(api, username, FIRST_PASSWORD).json()["token"]
    changed = api.client.post("/api/v1/auth/password", headers=_auth(token),
                              json={"old_password": FIRST_PASSWORD, "new_password": OWN_PASSWORD})
    assert changed.status_code == 204, changed.text
    return token


def _audit(api, action: str) -> list[dict]:
    with api.ctx.engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == action)
                            .order_by(audit_log.c.id))
        return [{"actor": r.actor, **json.loads(r.details)} for r in rows]


def _audit_text(api) -> str:
    with api.ctx.engine.connect() as conn:
        rows = conn.execute(select(audit_log))
        return "\n".join(f"{r.actor} {r.action} {r.details}" for r in rows)


@pytest.mark.parametrize("role", ["supervisor", "operator", "police", "viewer"])
def test_only_admins_administer_users(api, role):
    token = api.token(role)
    calls = [
        ("GET", ADMIN_USERS, None),
        ("POST", ADMIN_USERS, {"username": "x1", "roles": ["viewer"], "areas": ["jakarta-pusat"],
                               "password": OWN_PASSWORD}),
        ("PUT", f"{ADMIN_USERS}/viewer", {"display_name": "Hacked"}),
        ("DELETE", f"{ADMIN_USERS}/viewer", None),
        ("POST", f"{ADMIN_USERS}/viewer/reset-password", {"password": OWN_PASSWORD}),
        ("POST", f"{ADMIN_USERS}/viewer/unlock", None),
    ]
    for method, path, body in calls:
        resp = api.client.request(method, path, headers=_auth(token), json=body)
        assert resp.status_code == 403 and _code(resp) == "forbidden", (method, path)
    listed = api.client.get(ADMIN_USERS, headers=_auth(api.token("admin"))).json()
    assert {u["username"] for u in listed} == {"admin", "supervisor", "operator", "police",
                                               "viewer"}
    assert next(u for u in listed if u["username"] == "viewer")["display_name"] == "Viewer"


def test_a_new_account_must_choose_its_own_password_first(api):
    admin = api.token("admin")
    created = _create(api, admin)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["must_change_password"] is True and user["disabled"] is False
    assert user["roles"] == ["police"] and user["areas"] == ["jakarta-selatan.tebet"]
    assert user["locked_until"] is None and user["failed_logins"] == 0
    assert user["created_at"].endswith("Z")
    assert user in api.client.get(ADMIN_USERS, headers=_auth(admin)).json()

    signed_in = _login(api, "polsek.tebet", FIRST_PASSWORD)
    assert signed_in.status_code == 200
    assert signed_in.json()["user"]["must_change_password"] is True
    token = signed_in.json()["token"]
    # The password someone else chose opens nothing else, media links included.
    for path in ("/api/v1/areas", "/api/v1/views", "/api/v1/bookmarks",
                 "/api/v1/cameras/cam001/recordings?start=2026-01-01T00:00:00Z"
                 "&end=2026-01-01T01:00:00Z"):
        resp = api.client.get(path, headers=_auth(token))
        assert resp.status_code == 403 and _code(resp) == "password_change_required", path
    media = api.client.get("/api/v1/cameras/cam001/playback", params={
        "access_token": token, "start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:01:00Z"})
    assert media.status_code == 403 and _code(media) == "password_change_required"
    me = api.client.get("/api/v1/auth/me", headers=_auth(token))
    assert me.status_code == 200 and me.json()["must_change_password"] is True

    change = "/api/v1/auth/password"
    wrong = api.client.post(change, headers=_auth(token),
                            json={"old_password": "not-the-password", "new_password": OWN_PASSWORD})
    assert wrong.status_code == 422 and _code(wrong) == "wrong_password"
    for weak, rule in (("pendek", f"at least {MIN_LENGTH} characters"),
                       ("Jakarta123", "commonly used"),
                       ("POLSEK.TEBET", "user name"),
                       ("xxxxxxxxxxxx", "one character"),
                       (FIRST_PASSWORD, "differ from the current")):
        resp = api.client.post(change, headers=_auth(token),
                               json={"old_password": FIRST_PASSWORD, "new_password": weak})
        assert resp.status_code == 422 and _code(resp) == "weak_password", weak
        assert rule in resp.json()["detail"]["message"], resp.json()
    done = api.client.post(change, headers=_auth(token),
                           json={"old_password": FIRST_PASSWORD, "new_password": OWN_PASSWORD})
    assert done.status_code == 204
    assert api.client.get("/api/v1/areas", headers=_auth(token)).status_code == 200
    assert api.client.get("/api/v1/auth/me", headers=_auth(token)).json()[
        "must_change_password"] is False
    assert _login(api, "polsek.tebet", FIRST_PASSWORD).status_code == 401
    again = _login(api, "polsek.tebet", OWN_PASSWORD)
    assert again.status_code == 200 and again.json()["user"]["must_change_password"] is False

    assert _audit(api, "user_created") == [{
        "actor": "admin", "username": "polsek.tebet", "display_name": "Polsek Tebet",
        "roles": ["police"], "areas": ["jakarta-selatan.tebet"]}]
    assert _audit(api, "password_changed") == [
        {"actor": "polsek.tebet", "username": "polsek.tebet", "source": "testclient"}]
    text = _audit_text(api)
    for secret in (FIRST_PASSWORD, OWN_PASSWORD, "not-the-password", "Jakarta123"):
        assert secret not in text


def test_changing_ones_password_ends_ones_other_sessions(api):
    admin = api.token("admin")
    token = _ready_user(api, admin)
    other_pc = _login(api, "polsek.tebet", OWN_PASSWORD).json()["token"]
    resp = api.client.post("/api/v1/auth/password", headers=_auth(token),
                           json={"old_password": OWN_PASSWORD, "new_password": "Lain-Lagi-Sandi-8"})
    assert resp.status_code == 204
    assert api.client.get("/api/v1/areas", headers=_auth(other_pc)).status_code == 401
    assert api.client.get("/api/v1/areas", headers=_auth(token)).status_code == 200


def test_bad_accounts_are_refused_and_nothing_is_created(api):
    admin = api.token("admin")
    before = api.client.get(ADMIN_USERS, headers=_auth(admin)).json()
    cases = [
        ({"username": "operator"}, 409, "user_exists"),
        ({"username": "Operator"}, 409, "user_exists"),  # a name differing in case only
        ({"areas": ["jakarta-selatan.nowhere"]}, 404, "area_not_found"),
        ({"areas": []}, 422, "validation_error"),
        ({"roles": []}, 422, "validation_error"),
        ({"roles": ["superuser"]}, 422, "validation_error"),
        ({"username": "bad name"}, 422, "validation_error"),
        ({"password": "pendek"}, 422, "weak_password"),
        ({"password": "RAHASIA1234"}, 422, "weak_password"),
        ({"password": "indonesia123"}, 422, "weak_password"),
        ({"password": "pantau-demo"}, 422, "weak_password"),  # the documented demo one
        ({"password": "Polsek.Tebet"}, 422, "weak_password"),
        ({"password": "1111111111111"}, 422, "weak_password"),
        ({"is_admin": True}, 422, "validation_error"),
    ]
    for fields, status, code in cases:
        resp = _create(api, admin, **fields)
        assert (resp.status_code, _code(resp)) == (status, code), (fields, resp.json())
    assert api.client.get(ADMIN_USERS, headers=_auth(admin)).json() == before
    assert _audit(api, "user_created") == []
    assert "indonesia" in common_passwords() and "rahasia" in common_passwords()


def test_roles_and_areas_change_at_once_at_any_level(api):
    admin = api.token("admin")
    token = _ready_user(api, admin)
    tree = api.client.get("/api/v1/areas", headers=_auth(token)).json()
    assert [a["id"] for a in tree] == ["jakarta-selatan.tebet"]

    heard: list[str] = []
    api.ctx.user_listeners.append(heard.append)
    kelurahan = "jakarta-selatan.tebet.tebet-barat"
    resp = api.client.put(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin), json={
        "display_name": "Polsek Tebet Barat", "roles": ["police", "operator"],
        "areas": [kelurahan, "jakarta-pusat.gambir"]})
    assert resp.status_code == 200, resp.text
    user = resp.json()
    assert user["display_name"] == "Polsek Tebet Barat"
    assert user["roles"] == ["operator", "police"]
    assert user["areas"] == ["jakarta-pusat.gambir", kelurahan]
    assert heard == ["polsek.tebet"]
    # The same token sees the new areas on its next request.
    tree = api.client.get("/api/v1/areas", headers=_auth(token)).json()
    assert sorted(a["id"] for a in tree) == ["jakarta-pusat.gambir", kelurahan]
    me = api.client.get("/api/v1/auth/me", headers=_auth(token)).json()
    assert me["roles"] == ["operator", "police"]

    missing = api.client.put(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin),
                             json={"areas": [kelurahan, "jakarta-utara.atlantis"]})
    assert missing.status_code == 404 and _code(missing) == "area_not_found"
    assert "jakarta-utara.atlantis" in missing.json()["detail"]["message"]
    for bad in ({"roles": []}, {"areas": []}, {"password": OWN_PASSWORD}, {"roles": ["root"]}):
        resp = api.client.put(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin), json=bad)
        assert resp.status_code == 422 and _code(resp) == "validation_error", bad
    nobody = api.client.put(f"{ADMIN_USERS}/nobody", headers=_auth(admin),
                            json={"display_name": "X"})
    assert nobody.status_code == 404 and _code(nobody) == "user_not_found"
    listed = {u["username"]: u for u in api.client.get(ADMIN_USERS, headers=_auth(admin)).json()}
    assert listed["polsek.tebet"]["areas"] == ["jakarta-pusat.gambir", kelurahan]
    assert _audit(api, "user_updated") == [{
        "actor": "admin", "username": "polsek.tebet", "display_name": "Polsek Tebet Barat",
        "roles": ["operator", "police"], "areas": ["jakarta-pusat.gambir", kelurahan]}]


def test_a_disabled_user_is_out_at_once_and_an_enabled_one_signs_in_again(api):
    admin = api.token("admin")
    token = _ready_user(api, admin)
    heard: list[str] = []
    api.ctx.user_listeners.append(heard.append)
    off = api.client.put(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin),
                         json={"disabled": True})
    assert off.status_code == 200 and off.json()["disabled"] is True
    assert heard == ["polsek.tebet"]
    gone = api.client.get("/api/v1/areas", headers=_auth(token))
    assert gone.status_code == 401 and _code(gone) == "invalid_token"
    refused = _login(api, "polsek.tebet", OWN_PASSWORD)
    assert refused.status_code == 401 and _code(refused) == "invalid_credentials"

    on = api.client.put(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin),
                        json={"disabled": False})
    assert on.status_code == 200 and on.json()["disabled"] is False
    # Enabling does not bring the old session back; signing in does.
    assert api.client.get("/api/v1/areas", headers=_auth(token)).status_code == 401
    assert _login(api, "polsek.tebet", OWN_PASSWORD).status_code == 200
    assert [a["actor"] for a in _audit(api, "user_disabled")] == ["admin"]
    assert [a["username"] for a in _audit(api, "user_enabled")] == ["polsek.tebet"]


def test_an_admin_cannot_remove_themselves(api):
    admin = api.token("admin")
    for method, path, body in (
        ("PUT", f"{ADMIN_USERS}/admin", {"disabled": True}),
        ("PUT", f"{ADMIN_USERS}/admin", {"roles": ["supervisor"]}),
        ("DELETE", f"{ADMIN_USERS}/admin", None),
    ):
        resp = api.client.request(method, path, headers=_auth(admin), json=body)
        assert resp.status_code == 409 and _code(resp) == "cannot_remove_self", (method, body)
    assert api.client.get("/api/v1/auth/me", headers=_auth(admin)).json()["roles"] == ["admin"]


def test_deleting_a_user_keeps_their_shared_views_and_their_name_on_bookmarks(api):
    admin = api.token("admin")
    token = _ready_user(api, admin)
    for name, shared in (("Tebet pagi", True), ("Punya saya", False)):
        made = api.client.post("/api/v1/views", headers=_auth(token), json={
            "name": name, "layout": "2x2", "cameras": {"0": "cam001"}, "shared": shared})
        assert made.status_code == 201, made.text
    mark = api.client.post("/api/v1/bookmarks", headers=_auth(token), json={
        "camera_id": "cam001", "at": "2026-11-22T03:00:00Z", "title": "Genangan"})
    assert mark.status_code == 201, mark.text
    heard: list[str] = []
    api.ctx.user_listeners.append(heard.append)

    resp = api.client.delete(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin))
    assert resp.status_code == 204
    assert heard == ["polsek.tebet"]
    assert api.client.get("/api/v1/areas", headers=_auth(token)).status_code == 401
    assert _login(api, "polsek.tebet", OWN_PASSWORD).status_code == 401
    names = [u["username"] for u in api.client.get(ADMIN_USERS, headers=_auth(admin)).json()]
    assert "polsek.tebet" not in names
    seen = {v["name"]: v for v in api.client.get("/api/v1/views", headers=_auth(admin)).json()}
    assert seen["Tebet pagi"]["owner"] == "admin"
    with api.ctx.engine.connect() as conn:
        assert conn.execute(select(views).where(views.c.name == "Punya saya")).first() is None
    kept = api.client.get(f"/api/v1/bookmarks/{mark.json()['id']}", headers=_auth(admin)).json()
    assert kept["author"] == "polsek.tebet"
    assert _audit(api, "user_deleted")[0]["actor"] == "admin"
    again = api.client.delete(f"{ADMIN_USERS}/polsek.tebet", headers=_auth(admin))
    assert again.status_code == 404 and _code(again) == "user_not_found"
    # The name is free again: a new account starts with nothing of the old one.
    assert _create(api, admin).status_code == 201
    fresh = _login(api, "polsek.tebet", FIRST_PASSWORD).json()
    assert fresh["user"]["must_change_password"] is True


def test_a_reset_password_ends_sessions_and_must_be_changed(api):
    admin = api.token("admin")
    token = _ready_user(api, admin)
    weak = api.client.post(f"{ADMIN_USERS}/polsek.tebet/reset-password", headers=_auth(admin),
                           json={"password": "jakarta123"})
    assert weak.status_code == 422 and _code(weak) == "weak_password"
    assert api.client.get("/api/v1/areas", headers=_auth(token)).status_code == 200

    heard: list[str] = []
    api.ctx.user_listeners.append(heard.append)
    reset = api.client.post(f"{ADMIN_USERS}/polsek.tebet/reset-password", headers=_auth(admin),
                            json={"password": "Sementara-Dari-Admin-1"})
    assert reset.status_code == 200 and reset.json()["must_change_password"] is True
    assert heard == ["polsek.tebet"]
    assert api.client.get("/api/v1/areas", headers=_auth(token)).status_code == 401
    assert _login(api, "polsek.tebet", OWN_PASSWORD).status_code == 401
    back = _login(api, "polsek.tebet", "Sementara-Dari-Admin-1").json()
    assert back["user"]["must_change_password"] is True
    resp = api.client.get("/api/v1/views", headers=_auth(back["token"]))
    assert _code(resp) == "password_change_required"
    assert _audit(api, "password_reset") == [{"actor": "admin", "username": "polsek.tebet"}]
    assert "Sementara-Dari-Admin-1" not in _audit_text(api)
    nobody = api.client.post(f"{ADMIN_USERS}/nobody/reset-password", headers=_auth(admin),
                             json={"password": "Sementara-Dari-Admin-1"})
    assert nobody.status_code == 404 and _code(nobody) == "user_not_found"
