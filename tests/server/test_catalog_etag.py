"""GET /areas and GET /cameras answer an ETag; sent back in If-None-Match while nothing
the user can see has changed, they cost a 304 with no body. Any camera edited, added or
removed, or a new area, gives a new ETag; a police user's differs from an admin's."""

from __future__ import annotations

from server.areas import ensure_path
from server.cameras import CameraSpec, upsert_camera


def _get(api, path, token, etag=None, **params):
    headers = {"Authorization": f"Bearer {token}"}
    if etag:
        headers["If-None-Match"] = etag
    return api.client.get("/api/v1" + path, headers=headers, params=params)


def _etag(resp):
    assert resp.status_code == 200, resp.text
    assert resp.headers["etag"]
    return resp.headers["etag"]


def test_unchanged_catalog_costs_a_304_without_body(api):
    token = api.token("operator")
    for path in ("/areas", "/cameras"):
        first = _get(api, path, token)
        etag = _etag(first)
        again = _get(api, path, token, etag)
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        # A client with an old ETag (or none) gets the whole answer again.
        assert _get(api, path, token, 'W/"0123"').json() == first.json()
    filtered = _get(api, "/cameras", token, q="TAMAN")
    assert [c["id"] for c in filtered.json()] == ["cam001", "cam002"]
    assert _get(api, "/cameras", token, _etag(filtered), q="TAMAN").status_code == 304
    # Another filter is another answer: the list's ETag does not validate it.
    assert _get(api, "/cameras", token, _etag(filtered), q="gambir").status_code == 200


def test_big_answers_go_gzipped_and_read_the_same(api):
    token = api.token("admin")
    zipped = api.client.get("/api/v1/cameras", headers={
        "Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"})
    plain = api.client.get("/api/v1/cameras", headers={
        "Authorization": f"Bearer {token}", "Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json() and len(plain.json()) == 4
    assert zipped.headers["etag"] == plain.headers["etag"]
    # Content-Length is what went over the wire: the gzipped bytes.
    assert int(zipped.headers["content-length"]) < len(plain.content)


def test_police_etag_differs_from_admin_and_is_their_own_list(api):
    police, admin = api.token("police"), api.token("admin")
    for path in ("/areas", "/cameras"):
        police_etag = _etag(_get(api, path, police))
        admin_etag = _etag(_get(api, path, admin))
        assert police_etag != admin_etag
        # An admin's ETag never validates a police user's cache, nor the reverse.
        assert _get(api, path, police, admin_etag).status_code == 200
        assert _get(api, path, admin, police_etag).status_code == 200
    assert [c["id"] for c in _get(api, "/cameras", police).json()] == ["cam001", "cam002"]


def _changes(api, token, change) -> tuple[dict, dict]:
    """The catalog (ETag, answer) before and after ``change``, revalidated."""
    before = {p: _get(api, p, token) for p in ("/areas", "/cameras")}
    change()
    after = {p: _get(api, p, token, _etag(before[p])) for p in before}
    return before, after


def test_a_camera_edited_added_or_removed_gives_a_new_etag(api):
    token, admin = api.token("operator"), api.token("admin")
    auth = {"Authorization": f"Bearer {admin}"}

    def rename():
        resp = api.client.put("/api/v1/admin/cameras/cam003", headers=auth,
                              json={"name": "Stasiun Gambir Timur"})
        assert resp.status_code == 200, resp.text

    before, after = _changes(api, token, rename)
    assert after["/cameras"].status_code == 200
    assert {c["id"]: c["name"] for c in after["/cameras"].json()}["cam003"] == (
        "Stasiun Gambir Timur")
    assert after["/areas"].status_code == 304  # no area changed
    assert [c["id"] for c in _get(api, "/cameras", token, q="gambir timur").json()] == [
        "cam003"]

    def add():
        with api.ctx.engine.begin() as conn:
            area_id = ensure_path(conn, "Jakarta Pusat", "Gambir", ["Kebon Kelapa", "RW 09",
                                                                    "RT 009"])
            upsert_camera(conn, CameraSpec("cam005", "Monas Barat", area_id, None, None,
                                           False, ("landmark",), {}, None))

    _, after = _changes(api, token, add)
    assert after["/areas"].status_code == 200  # a new kelurahan, RW and RT
    assert "Kebon Kelapa" in after["/areas"].text
    assert "cam005" in [c["id"] for c in after["/cameras"].json()]
    assert [c["id"] for c in _get(api, "/cameras", token, q="monas").json()] == ["cam005"]

    def remove():
        resp = api.client.delete("/api/v1/admin/cameras/cam005", headers=auth)
        assert resp.status_code == 204, resp.text

    _, after = _changes(api, token, remove)
    assert after["/cameras"].status_code == 200
    assert "cam005" not in [c["id"] for c in after["/cameras"].json()]
    assert _get(api, "/cameras", token, q="monas").json() == []


def test_a_disabled_camera_leaves_the_list_with_a_new_etag(api):
    token, admin = api.token("police"), api.token("admin")

    def disable():
        resp = api.client.put("/api/v1/admin/cameras/cam002",
                              headers={"Authorization": f"Bearer {admin}"},
                              json={"enabled": False})
        assert resp.status_code == 200, resp.text

    _, after = _changes(api, token, disable)
    assert [c["id"] for c in after["/cameras"].json()] == ["cam001"]


def test_a_page_says_the_total(api):
    token = api.token("admin")
    page = _get(api, "/cameras", token, limit=2, offset=1)
    assert [c["id"] for c in page.json()] == ["cam002", "cam003"]
    assert page.headers["x-total-count"] == "4"
    assert _get(api, "/cameras", token, limit=0).json()["detail"]["code"] == "validation_error"
