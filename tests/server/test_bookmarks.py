"""Bookmarks through the API on a real database: create with pre/post roll, search,
edit, protect; who may do what is the server's decision."""

from __future__ import annotations

from datetime import timedelta

from server.clock import to_wire
from tests.server.conftest import FOOTAGE_T0 as T0


def _call(api, method, path, token, body=None, **params):
    return api.client.request(method, "/api/v1" + path, json=body, params=params or None,
                              headers={"Authorization": f"Bearer {token}"})


def _mark(api, token, camera="cam001", at_s=8, title="Motor dicuri", **more):
    body = {"camera_id": camera, "at": to_wire(T0 + timedelta(seconds=at_s)),
            "pre_roll_s": 5, "post_roll_s": 4, "title": title, **more}
    return _call(api, "POST", "/bookmarks", token, body)


def test_create_search_edit_and_delete(api):
    operator = api.token("operator")
    resp = _mark(api, operator, description="Pelaku berjaket merah",
                 tags=["Pencurian", "motor ", "pencurian"])
    assert resp.status_code == 201, resp.text
    mark = resp.json()
    assert mark["start"] == to_wire(T0 + timedelta(seconds=3))
    assert mark["end"] == to_wire(T0 + timedelta(seconds=12))
    assert mark["tags"] == ["motor", "pencurian"] and mark["author"] == "operator"
    assert mark["camera_name"] == "Taman Tebet Eco Park" and mark["protected"] is False
    other = _mark(api, api.token("supervisor"), camera="cam003", at_s=100,
                  title="Kecelakaan", tags=["lalu lintas"]).json()

    def ids(**params):
        return [b["id"] for b in _call(api, "GET", "/bookmarks", operator, **params).json()]

    assert ids() == [other["id"], mark["id"]]  # newest moment first
    assert ids(q="JAKET") == [mark["id"]]  # description, any case
    assert ids(q="tebet") == [mark["id"]]  # camera name
    assert ids(tag="lalu lintas") == [other["id"]]
    assert ids(camera_id="cam003") == [other["id"]]
    assert ids(author="supervisor") == [other["id"]]
    assert ids(area="jakarta-pusat") == [other["id"]]
    assert ids(start=to_wire(T0), end=to_wire(T0 + timedelta(seconds=4))) == [mark["id"]]

    edited = _call(api, "PUT", f"/bookmarks/{mark['id']}", operator,
                   {"title": "Motor Honda dicuri", "tags": ["curanmor"]})
    assert edited.json()["title"] == "Motor Honda dicuri" and edited.json()["tags"] == ["curanmor"]
    # Another operator's bookmark is not this operator's to change; a supervisor's is.
    assert _call(api, "PUT", f"/bookmarks/{other['id']}", operator,
                 {"title": "x"}).status_code == 403
    assert _call(api, "DELETE", f"/bookmarks/{mark['id']}", operator).status_code == 204
    assert _call(api, "GET", f"/bookmarks/{mark['id']}", operator).status_code == 404
    actions = [e["action"] for e in api.get("/audit", api.token("admin"), action="bookmark.")
               .json()]
    assert actions == ["bookmark.deleted", "bookmark.updated", "bookmark.created",
                       "bookmark.created"]


def test_protect_unprotect_and_scope(api):
    operator, supervisor, police = (api.token(u) for u in ("operator", "supervisor", "police"))
    mark = _mark(api, operator).json()
    protected = _call(api, "POST", f"/bookmarks/{mark['id']}/protect", operator).json()
    assert protected["protected"] is True and protected["protected_by"] == "operator"
    # Protected: it cannot be deleted, nor its range shrunk, and only a supervisor frees it.
    assert _call(api, "DELETE", f"/bookmarks/{mark['id']}", operator).json()["detail"][
        "code"] == "bookmark_protected"
    shrink = _call(api, "PUT", f"/bookmarks/{mark['id']}", operator,
                   {"end": to_wire(T0 + timedelta(seconds=9))})
    assert shrink.status_code == 409
    refused = _call(api, "DELETE", f"/bookmarks/{mark['id']}/protect", operator)
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "forbidden"
    assert _call(api, "GET", f"/bookmarks/{mark['id']}", operator).json()["protected"] is True
    freed = _call(api, "DELETE", f"/bookmarks/{mark['id']}/protect", supervisor).json()
    assert freed["protected"] is False
    # The police user sees Jakarta Selatan only: cam003's bookmarks are not there for them.
    pusat = _mark(api, supervisor, camera="cam003").json()
    assert _call(api, "GET", f"/bookmarks/{pusat['id']}", police).status_code == 404
    assert pusat["id"] not in [b["id"] for b in _call(api, "GET", "/bookmarks", police).json()]
    assert _mark(api, police, camera="cam003").status_code == 404
    assert _mark(api, api.token("viewer")).status_code == 403
    assert _mark(api, operator, title="").status_code == 422
    assert _mark(api, operator, pre_roll_s=99999).status_code == 422
