"""Workstation registry and push: who may push what, to where, and bad input."""

from __future__ import annotations

import pytest

MONITORS = {"monitors": [{"index": 0, "name": "HDMI-1", "geometry": [0, 0, 1920, 1080]},
                         {"index": 1, "name": "HDMI-2", "geometry": [1920, 0, 1920, 1080],
                          "wall": True}]}


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def registered(shared_api):
    token = shared_api.token("operator")
    resp = shared_api.client.put("/api/v1/walls/wallpc", json=MONITORS, headers=auth(token))
    assert resp.status_code == 200, resp.text
    return shared_api, token


def push(api, token, body, station="wallpc", index=1):
    return api.client.post(f"/api/v1/walls/{station}/monitors/{index}/push", json=body,
                           headers=auth(token))


def test_registered_workstation_is_listed_with_its_monitors(registered):
    api, token = registered
    listed = api.client.get("/api/v1/walls", headers=auth(token)).json()
    station = next(s for s in listed if s["name"] == "wallpc")
    assert station["username"] == "operator"
    assert station["users"] == ["operator"]  # the first to register it
    assert [(m["index"], m["name"], m["wall"]) for m in station["monitors"]] == [
        (0, "HDMI-1", False), (1, "HDMI-2", True)]


def test_push_of_a_camera_and_of_a_view_is_accepted(registered):
    api, token = registered
    resp = push(api, token, {"camera_id": "cam001"})
    assert resp.status_code == 202, resp.text
    assert resp.json()["event"] == {"type": "push", "workstation": "wallpc", "monitor": 1,
                                    "from": "operator", "camera_id": "cam001"}
    resp = push(api, token, {"view": "Banjir Selatan"})
    assert resp.status_code == 202
    assert resp.json()["event"]["view"] == "Banjir Selatan"


def test_walls_need_a_signed_in_user(registered):
    api, _ = registered
    assert api.client.get("/api/v1/walls").status_code == 401
    assert api.client.put("/api/v1/walls/x", json=MONITORS).status_code == 401
    assert api.client.post("/api/v1/walls/wallpc/monitors/0/push",
                           json={"camera_id": "cam001"}).status_code == 401


def test_viewer_may_not_push(registered):
    api, _ = registered
    resp = push(api, api.token("viewer"), {"camera_id": "cam001"})
    assert resp.status_code == 403
    assert resp.json()["detail"]["code"] == "forbidden"


def test_police_cannot_push_a_camera_outside_their_areas(registered):
    api, _ = registered
    police = api.token("police")
    resp = api.client.put("/api/v1/walls/polsek-tebet", json=MONITORS, headers=auth(police))
    assert resp.status_code == 200, resp.text
    resp = push(api, police, {"camera_id": "cam001"}, "polsek-tebet")  # Jakarta Selatan
    assert resp.status_code == 202, resp.text
    resp = push(api, police, {"camera_id": "cam003"}, "polsek-tebet")  # Jakarta Pusat
    assert resp.status_code == 404
    assert resp.json()["detail"]["code"] == "camera_not_found"


@pytest.mark.parametrize("station, index, body, status", [
    ("nowhere", 0, {"camera_id": "cam001"}, 404),  # not registered
    ("wallpc", 5, {"camera_id": "cam001"}, 404),  # no such monitor
    ("wallpc", 0, {}, 422),  # neither camera nor view
    ("wallpc", 0, {"camera_id": "cam001", "view": "A"}, 422),  # both
    ("wallpc", 0, {"camera_id": ""}, 422),
    ("wallpc", -1, {"camera_id": "cam001"}, 422),
    ("bad name!", 0, {"camera_id": "cam001"}, 422),
])
def test_bad_pushes_are_refused_in_the_one_error_shape(registered, station, index, body,
                                                       status):
    api, token = registered
    resp = push(api, token, body, station, index)
    assert resp.status_code == status, resp.text
    assert set(resp.json()["detail"]) >= {"code", "message"}


def test_bad_registration_is_refused(registered):
    api, token = registered
    bad = {"monitors": [{"index": 0, "geometry": [0, 0]}]}
    resp = api.client.put("/api/v1/walls/wallpc2", json=bad, headers=auth(token))
    assert resp.status_code == 422
