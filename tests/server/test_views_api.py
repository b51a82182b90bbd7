"""/api/v1/views on a real SQLite database: who sees and who may change what."""


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _create(api, token, name, shared, layout="1+7", cameras=None, tours=None):
    resp = api.client.post("/api/v1/views", headers=_auth(token), json={
        "name": name, "layout": layout, "cameras": cameras or {"0": "cam001"},
        "shared": shared, "tours": tours or {}})
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_shared_views_are_seen_by_all_personal_only_by_their_owner(api):
    operator, police = api.token("operator"), api.token("police")
    shared = _create(api, operator, "Banjir", True, cameras={"0": "cam004", "7": "cam001"},
                     tours={"7": ["cam001", "cam002"]})
    mine = _create(api, operator, "Pagi", False, layout="3x3:0,0,2,2;0,2;1,2;2,0;2,1;2,2")
    assert (shared["owner"], shared["layout"], shared["cameras"], shared["tours"]) == (
        "operator", "1+7", {"0": "cam004", "7": "cam001"}, {"7": ["cam001", "cam002"]})
    assert [v["name"] for v in api.get("/views", operator).json()] == ["Banjir", "Pagi"]
    assert [v["name"] for v in api.get("/views", police).json()] == ["Banjir"]
    resp = api.get(f"/views/{mine['id']}", police)
    assert resp.status_code == 404
    assert resp.json()["detail"]["code"] == "not_found"
    assert api.get(f"/views/{mine['id']}", operator).json()["layout"].startswith("3x3:")


def test_only_the_owner_or_a_supervisor_changes_a_shared_view(api):
    operator, police = api.token("operator"), api.token("police")
    supervisor, viewer = api.token("supervisor"), api.token("viewer")
    view = _create(api, operator, "Banjir", True)
    path = f"/api/v1/views/{view['id']}"
    body = {"name": "Banjir Selatan", "layout": "2x2", "cameras": {}, "shared": True}

    resp = api.client.put(path, headers=_auth(police), json=body)
    assert resp.status_code == 403
    assert resp.json()["detail"]["code"] == "forbidden"
    assert "operator" in resp.json()["detail"]["message"]
    assert api.client.delete(path, headers=_auth(viewer)).status_code == 403

    resp = api.client.put(path, headers=_auth(supervisor), json=body)
    assert resp.status_code == 200 and resp.json()["name"] == "Banjir Selatan"
    assert resp.json()["owner"] == "operator"  # editing does not take it over
    unshare = dict(body, shared=False)
    assert api.client.put(path, headers=_auth(supervisor), json=unshare).status_code == 403
    assert api.client.put(path, headers=_auth(operator), json=unshare).status_code == 200
    assert api.get("/views", supervisor).json() == []  # personal again: the owner's
    assert api.client.delete(path, headers=_auth(supervisor)).status_code == 404
    assert api.client.delete(path, headers=_auth(operator)).status_code == 204
    assert api.get("/views", operator).json() == []


def test_bad_views_are_refused_in_the_error_shape(api):
    viewer = api.token("viewer")
    resp = api.client.post("/api/v1/views", headers=_auth(viewer),
                           json={"name": "x", "layout": "2x2", "shared": True})
    assert resp.status_code == 403 and resp.json()["detail"]["code"] == "forbidden"
    for body in ({"name": " ", "layout": "2x2"}, {"name": "x", "layout": "drop table"},
                 {"name": "x", "layout": "2x2", "cameras": {"64": "cam001"}},
                 {"name": "x", "layout": "2x2", "tours": {"1": ["cam001", ""]}}):
        resp = api.client.post("/api/v1/views", headers=_auth(viewer), json=body)
        assert resp.status_code == 422, body
        assert resp.json()["detail"]["code"] == "validation_error"
    assert api.client.get("/api/v1/views").json()["detail"]["code"] == "not_authenticated"
