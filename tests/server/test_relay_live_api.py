"""GET /cameras/{id}/live and PUT /admin/areas/{id} through the real application on a
real database (TestClient); the relay behind the URLs is exercised in test_relay.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.app import build_context, create_app
from server.camsim_import import import_fleet
from server.clock import utc_now
from server.node.relay.tickets import TicketKind, TicketSigner, load_or_create_key
from server.schema import users
from server.settings import Settings
from tests.server.conftest import FLEET, Api

CAMERA_PASSWORD = "kamera-Rahasia-77"


def _api(data_dir, **settings) -> tuple[Api, TestClient]:
    ctx = build_context(Settings(data_dir=data_dir, demo=True, record=False, **settings))
    import_fleet(ctx, FLEET)
    client = TestClient(create_app(ctx, start_services=False), raise_server_exceptions=False)
    return Api(client, ctx), client


@pytest.fixture
def live_api(tmp_path):
    api, client = _api(tmp_path / "data")
    with client:
        yield api


def _ticket(api: Api, url: str):
    raw = parse_qs(urlsplit(url).query)["ticket"][0]
    return TicketSigner(load_or_create_key(api.ctx.settings.data_dir)).verify(raw, utc_now())


def test_a_live_url_goes_through_the_relay_with_a_ticket_for_this_user(live_api):
    token = live_api.token("operator")
    for profile in ("main", "sub"):
        answer = live_api.get("/cameras/cam003/live", token, profile=profile).json()
        relay_port = live_api.client.app.state.relay.port
        assert answer["url"].startswith(f"rtsp://testserver:{relay_port}/cam003/{profile}?ticket=")
        assert answer["via"] == "relay" and answer["profile"] == profile
        assert (answer["codec"], answer["width"], answer["height"]) == (None, None, None)
        expires = datetime.fromisoformat(answer["expires_at"].replace("Z", "+00:00"))
        assert timedelta(seconds=55) < expires - utc_now() <= timedelta(seconds=60)
        ticket = _ticket(live_api, answer["url"])
        assert (ticket.kind, ticket.camera_id, ticket.profile.value) == (
            TicketKind.VIEWER, "cam003", profile)  # fmt: skip
        with live_api.ctx.engine.connect() as conn:
            operator_id = conn.execute(
                select(users.c.id).where(users.c.username == "operator")).scalar()
        assert ticket.user_id == operator_id
    again = live_api.get("/cameras/cam003/live", token).json()
    assert again["url"] != answer["url"]  # a fresh ticket every time


def test_unknown_profile_and_outside_camera_get_clear_errors(live_api):
    token = live_api.token("operator")
    bad = live_api.get("/cameras/cam003/live", token, profile="hd")
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "validation_error"
    third = live_api.get("/cameras/cam003/live", token, profile="third")
    assert third.status_code == 404 and third.json()["detail"]["code"] == "profile_not_found"
    outside = live_api.get("/cameras/cam003/live", live_api.token("police"))
    assert outside.status_code == 404 and outside.json()["detail"]["code"] == "camera_not_found"
    assert "ticket" not in outside.text and "rtsp" not in outside.text


def test_relay_host_names_the_advertised_host(tmp_path):
    api, client = _api(tmp_path / "data", relay_host="cctv.jakarta.example")
    with client:
        url = api.get("/cameras/cam001/live", api.token("viewer")).json()["url"]
    assert urlsplit(url).hostname == "cctv.jakarta.example"


def test_a_direct_site_hands_out_camera_urls_only_for_cameras_without_passwords(live_api):
    admin = live_api.token("admin")
    headers = {"Authorization": f"Bearer {admin}"}
    refused = live_api.client.put(
        "/api/v1/admin/areas/jakarta-barat", json={"live_direct": True},
        headers={"Authorization": f"Bearer {live_api.token('operator')}"})
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "forbidden"
    missing = live_api.client.put("/api/v1/admin/areas/atlantis", json={"live_direct": True},
                                  headers=headers)
    assert missing.status_code == 404 and missing.json()["detail"]["code"] == "area_not_found"
    # The whole kota: its kelurahan, RW and RT below follow.
    done = live_api.client.put("/api/v1/admin/areas/jakarta-barat", json={"live_direct": True},
                               headers=headers)
    assert done.status_code == 200 and done.json()["live_direct"] is True
    assert live_api.get("/admin/areas/jakarta-barat", admin).json()["live_direct"] is True
    token = live_api.token("operator")
    direct = live_api.get("/cameras/cam004/live", token).json()
    assert direct == {"url": "rtsp://127.0.0.1:8554/cam004/main", "profile": "main",
                      "expires_at": None, "codec": None, "width": None, "height": None,
                      "via": "direct"}
    assert live_api.get("/cameras/cam003/live", token).json()["via"] == "relay"  # elsewhere
    # A camera with a password stays behind the relay even on a direct site.
    edited = live_api.client.put(
        "/api/v1/admin/cameras/cam004",
        json={"credentials": {"username": "admin", "password": CAMERA_PASSWORD}},
        headers=headers)
    assert edited.status_code == 200, edited.text
    relayed = live_api.get("/cameras/cam004/live", token)
    assert relayed.json()["via"] == "relay" and CAMERA_PASSWORD not in relayed.text
    audit = live_api.get("/audit", admin, action="area_updated").json()
    entries = audit["entries"] if isinstance(audit, dict) else audit
    assert [e["details"] for e in entries] == [{"area_id": "jakarta-barat", "live_direct": True}]
