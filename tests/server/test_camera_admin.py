"""Camera administration through the real app on a real SQLite file: add with a sealed
password, edit, move, disable, remove and restore; named credentials; who may."""

from __future__ import annotations

from datetime import timedelta

from server.audit import query
from server.clock import utc_now
from server.retention import run_retention
from tests.server.conftest import make_api, stored_bytes
from tests.support.footage import record

PASSWORD = "Rahasia-Kamera-77"
TEBET = "jakarta-selatan.tebet"


def _call(api, method, path, token, body=None, **kw):
    return api.client.request(method, "/api/v1" + path, json=body,
                              headers={"Authorization": f"Bearer {token}"}, **kw)  # fmt: skip


def _camera(cam_id="cam101", **extra):
    body = {
        "id": cam_id, "name": "Pintu Air Manggarai", "area_id": TEBET,
        "tags": ["Banjir", "pintu-air"], "lat": -6.21, "lon": 106.85, "ptz": True,
        "onvif_url": "http://127.0.0.1:8081/onvif/device_service",
        "vendor": "Hikvision", "model": "DS-2DE4425IW",
        "streams": {"main": {"url": "rtsp://127.0.0.1:8554/Streaming/Channels/101",
                             "codec": "h264", "width": 1920, "height": 1080, "fps": 25},
                    "sub": {"url": "rtsp://127.0.0.1:8554/Streaming/Channels/102"}},
        "credentials": {"username": "admin", "password": PASSWORD},
    }  # fmt: skip
    return {**body, **extra}


def test_add_edit_disable_remove_restore(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    with client:
        admin, operator = api.token("admin"), api.token("operator")
        made = _call(api, "POST", "/admin/cameras", admin, _camera())
        assert made.status_code == 201, made.text
        cam = made.json()
        assert cam["has_credentials"] is True and cam["credential_id"] is None
        assert cam["tags"] == ["banjir", "pintu-air"] and cam["status"] == "unknown"
        assert [s["profile"] for s in cam["streams"]] == ["main", "sub"]
        assert cam["streams"][0]["width"] == 1920 and cam["area_path"] == [
            "Jakarta Selatan",
            "Tebet",
        ]
        assert PASSWORD not in made.text

        # The password is sealed: not in the database file, and the server opens it.
        assert PASSWORD.encode() not in stored_bytes(data)
        from server.camera_access import source_url

        with api.ctx.engine.connect() as conn:
            url = source_url(conn, api.ctx.vault, "cam101", "main")
        assert url == f"rtsp://admin:{PASSWORD}@127.0.0.1:8554/Streaming/Channels/101"

        listed = {c["id"]: c for c in _call(api, "GET", "/cameras", operator).json()}
        # The operator's catalog names each stream's picture, for the tiles' ladder.
        assert listed["cam101"]["streams"] == [
            {"profile": "main", "width": 1920, "height": 1080, "fps": 25.0},
            {"profile": "sub", "width": None, "height": None, "fps": None},
        ]

        again = _call(api, "POST", "/admin/cameras", admin, _camera())
        assert again.status_code == 409 and again.json()["detail"]["code"] == "camera_exists"
        nowhere = _call(api, "POST", "/admin/cameras", admin, _camera("cam102", area_id="x.y"))
        assert nowhere.status_code == 404
        assert nowhere.json()["detail"]["code"] == "area_not_found"
        leaky = _camera("cam103")
        leaky["streams"]["main"]["url"] = f"rtsp://admin:{PASSWORD}@127.0.0.1/x"
        refused = _call(api, "POST", "/admin/cameras", admin, leaky)
        assert refused.status_code == 422 and PASSWORD not in refused.text
        assert "main.url" in refused.json()["detail"]["message"]

        # Move to Gambir, retention 7 days, recording off: one answer, one audit entry.
        moved = _call(
            api,
            "PUT",
            "/admin/cameras/cam101",
            admin,
            {"area_id": "jakarta-pusat.gambir", "retention_days": 7, "record": False},
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["area_path"] == ["Jakarta Pusat", "Gambir"]
        assert moved.json()["retention_days"] == 7 and moved.json()["record"] is False
        same = _call(api, "PUT", "/admin/cameras/cam101", admin, {"retention_days": 7})
        assert same.json()["updated_at"] == moved.json()["updated_at"]  # nothing changed

        off = _call(api, "PUT", "/admin/cameras/cam101", admin, {"enabled": False})
        assert off.json()["status"] == "disabled" and off.json()["enabled"] is False
        ids = [c["id"] for c in _call(api, "GET", "/cameras", operator).json()]
        assert "cam101" not in ids
        assert _call(api, "GET", "/cameras/cam101", operator).status_code == 404
        listed = {c["id"]: c for c in _call(api, "GET", "/admin/cameras", admin).json()}
        assert listed["cam101"]["status"] == "disabled"

        assert _call(api, "DELETE", "/admin/cameras/cam101", admin).status_code == 204
        listed = [c["id"] for c in _call(api, "GET", "/admin/cameras", admin).json()]
        assert "cam101" not in listed
        assert _call(api, "DELETE", "/admin/cameras/cam101", admin).status_code == 404
        reused = _call(api, "POST", "/admin/cameras", admin, _camera())
        assert reused.status_code == 409 and "restore" in reused.json()["detail"]["message"]
        back = _call(api, "POST", "/admin/cameras", admin, _camera(restore=True))
        assert back.status_code == 201 and back.json()["enabled"] is True

        with api.ctx.engine.connect() as conn:
            actions = [e.action for e in query(conn, camera_id="cam101")][::-1]
            details = [e.details for e in query(conn, camera_id="cam101")]
        assert actions == ["camera_added", "camera_updated", "camera_disabled",
                           "camera_removed", "camera_added"]  # fmt: skip
        assert all(PASSWORD not in str(d) for d in details)
        assert details[-2]["area_id"] == {"from": TEBET, "to": "jakarta-pusat.gambir"}


def test_only_admins_administer(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        for role in ("supervisor", "operator", "police", "viewer"):
            token = api.token(role)
            for method, path, body in (("GET", "/admin/cameras", None),
                                       ("POST", "/admin/cameras", _camera()),
                                       ("GET", "/admin/credentials", None),
                                       ("GET", "/admin/vendor-patterns", None),
                                       ("POST", "/admin/cameras/import", None)):  # fmt: skip
                resp = _call(api, method, path, token, body)
                assert resp.status_code == 403, (role, path)
                assert resp.json()["detail"]["code"] == "forbidden"


def test_named_credentials(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    with client:
        admin = api.token("admin")
        put = _call(
            api,
            "PUT",
            "/admin/credentials/hik-default",
            admin,
            {"username": "operator1", "password": PASSWORD},
        )
        assert put.status_code == 204
        body = _camera("cam110", credentials=None, credential_id="hik-default")
        made = _call(api, "POST", "/admin/cameras", admin, body)
        assert made.status_code == 201, made.text
        assert made.json()["credential_id"] == "hik-default"
        listed = _call(api, "GET", "/admin/credentials", admin).json()
        assert {"id": "hik-default", "username": "operator1", "cameras": 1} in listed
        assert PASSWORD not in str(listed)
        busy = _call(api, "DELETE", "/admin/credentials/hik-default", admin)
        assert busy.status_code == 409 and busy.json()["detail"]["code"] == "credential_in_use"
        missing = _call(
            api,
            "POST",
            "/admin/cameras",
            admin,
            _camera("cam111", credentials=None, credential_id="nope"),
        )
        assert missing.status_code == 404

        # Switching the camera to its own account frees the named one.
        own = _call(
            api,
            "PUT",
            "/admin/cameras/cam110",
            admin,
            {"credentials": {"username": "root", "password": "lain-lagi-123"}},
        )
        assert own.json()["credential_id"] is None and own.json()["has_credentials"]
        assert _call(api, "DELETE", "/admin/credentials/hik-default", admin).status_code == 204
        assert PASSWORD.encode() not in stored_bytes(data)
        with api.ctx.engine.connect() as conn:
            assert all(PASSWORD not in str(e.details) for e in query(conn))


def test_vendor_patterns(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        patterns = _call(api, "GET", "/admin/vendor-patterns", api.token("admin")).json()
    have = {(p["vendor"], p["profile"]): p["path"] for p in patterns}
    assert have[("hikvision", "main")] == "/Streaming/Channels/101"
    assert have[("hikvision", "third")] == "/Streaming/Channels/103"
    assert have[("dahua", "sub")] == "/cam/realmonitor?channel=1&subtype=1"
    assert have[("axis", "main")].startswith("/axis-media/media.amp?")


def test_retention_follows_the_cameras_own_days(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    ten_days_ago = (utc_now() - timedelta(days=10)).replace(microsecond=0)
    short = record(api.ctx.engine, data, "cam001", ten_days_ago, seconds=4, segment_s=4)
    kept = record(api.ctx.engine, data, "cam002", ten_days_ago, seconds=4, segment_s=4)
    with client:
        admin = api.token("admin")
        assert (
            _call(api, "PUT", "/admin/cameras/cam001", admin, {"retention_days": 7}).status_code
            == 200
        )
    # The server keeps 30 days; cam001 keeps 7, so only its 10-day-old footage goes.
    report = run_retention(api.ctx.engine, data, utc_now(), timedelta(days=30))
    assert report.deleted_segments == 1
    assert not (data / short[0].path).exists() and (data / kept[0].path).exists()
    # And a camera keeping longer than the server outlives the server's period.
    with api.ctx.engine.begin() as conn:
        from server.schema import cameras

        conn.execute(cameras.update().where(cameras.c.id == "cam002").values(retention_days=60))
    report = run_retention(api.ctx.engine, data, utc_now(), timedelta(days=5))
    assert report.deleted_segments == 0 and (data / kept[0].path).exists()
