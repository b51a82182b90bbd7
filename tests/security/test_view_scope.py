"""Shared views keep area scope: a police user is shown only their area's cameras of a
view the operator shared, cannot save another area's camera into one (nor probe for
it), and cannot change a view that holds cameras they cannot see. TestClient over a
real database."""

from __future__ import annotations

import pytest

from tests.server.conftest import make_api

# cam001, cam002: Jakarta Selatan (police's); cam003 Jakarta Pusat, cam004 Jakarta Barat.


@pytest.fixture
def api(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        yield api


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _save(api, token, body, view_id=None):
    if view_id is None:
        return api.client.post("/api/v1/views", headers=_auth(token), json=body)
    return api.client.put(f"/api/v1/views/{view_id}", headers=_auth(token), json=body)


MIXED = {"name": "Banjir", "layout": "2x2", "shared": True,
         "cameras": {"0": "cam001", "1": "cam003", "2": "cam004"},
         "tours": {"3": ["cam002", "cam003", "cam001"]}}


def test_out_of_area_cameras_of_a_shared_view_are_not_shown(api):
    operator, police = api.token("operator"), api.token("police")
    created = _save(api, operator, MIXED)
    assert created.status_code == 201, created.text
    view_id = created.json()["id"]
    for answer in (api.get(f"/views/{view_id}", police).json(),
                   next(v for v in api.get("/views", police).json() if v["id"] == view_id)):
        assert answer["cameras"] == {"0": "cam001"}
        assert answer["tours"] == {"3": ["cam002", "cam001"]}
        assert answer["hidden_cameras"] == 3
        assert "cam003" not in str(answer) and "cam004" not in str(answer)
    whole = api.get(f"/views/{view_id}", operator).json()
    assert whole["cameras"] == MIXED["cameras"] and whole["hidden_cameras"] == 0


@pytest.mark.parametrize("cameras, tours", [
    ({"0": "cam003"}, {}),  # another kota's camera on a tile
    ({}, {"0": ["cam001", "cam004"]}),  # ... or in a tour
    ({"0": "cam999"}, {}),  # no such camera: the same answer, nothing to probe
])
def test_saving_a_camera_outside_ones_areas_is_refused(api, cameras, tours):
    police = api.token("police")
    body = {"name": "Pos", "layout": "2x2", "shared": False, "cameras": cameras,
            "tours": tours}
    resp = _save(api, police, body)
    assert resp.status_code == 404, resp.text
    assert resp.json()["detail"]["code"] == "camera_not_found"
    assert api.get("/views", police).json() == []  # nothing saved
    ok = _save(api, police, dict(body, cameras={"0": "cam001"}, tours={}))
    assert ok.status_code == 201
    resp = _save(api, police, body, ok.json()["id"])
    assert resp.status_code == 404
    assert api.get(f"/views/{ok.json()['id']}", police).json()["cameras"] == {"0": "cam001"}


def test_a_view_with_cameras_one_cannot_see_is_not_theirs_to_change(api):
    """A supervisor of one kota saving the view as shown to them would drop the other
    kota's cameras: refused, and the view is unchanged."""
    from server.user_admin import create_user
    from server.users import Role

    with api.ctx.engine.begin() as conn:
        create_user(conn, username="spv.selatan", display_name="Spv Selatan",
                    roles=[Role.SUPERVISOR], area_ids=["jakarta-selatan"],
                    password="Selatan-Supervisor-2026", must_change=False)
    operator = api.token("operator")
    selatan = api.token("spv.selatan", "Selatan-Supervisor-2026")
    view_id = _save(api, operator, MIXED).json()["id"]
    shown = api.get(f"/views/{view_id}", selatan).json()
    body = {k: shown[k] for k in ("name", "layout", "shared", "cameras", "tours")}
    for resp in (_save(api, selatan, dict(body, name="Banjir Selatan"), view_id),
                 api.client.delete(f"/api/v1/views/{view_id}", headers=_auth(selatan))):
        assert resp.status_code == 403, resp.text
        assert resp.json()["detail"]["code"] == "forbidden"
    assert api.get(f"/views/{view_id}", operator).json()["cameras"] == MIXED["cameras"]
