"""A scope's whole camera list is kept and patched with the rows each change wrote: after
an edit, an addition, a removal, a camera disabled or moved into or out of a police
user's kecamatan, the admin and the police user get exactly what a list built from
every row gives, and the change went in as a patch. Over real SQLite (or PostgreSQL with
PANTAU_TEST_DATABASE=postgresql), through the server's API."""

from __future__ import annotations

import gzip
import io
import zlib

import urllib3
from sqlalchemy import update

from server.areas import find_city_file, load_city
from server.cameras import CameraSpec, upsert_camera
from server.catalog_cache import catalog_cache
from server.catalog_list import CHUNK
from server.city import seed_city
from server.clock import utc_now
from server.schema import cameras


def _get(api, token, path="/cameras", etag=None, **params):
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}
    if etag:
        headers["If-None-Match"] = etag
    resp = api.client.get("/api/v1" + path, headers=headers, params=params)
    assert resp.status_code in (200, 304), resp.text
    return resp


def _fresh(api, token, **params):
    """The same list built from every row, nothing kept."""
    cache = catalog_cache(api.ctx.engine)
    cache.forget_lists()
    cache.forget_built()
    return _get(api, token, **params).json()


def _admin(api, method, path, json=None):
    resp = api.client.request(method, "/api/v1/admin/cameras" + path, json=json,
                              headers={"Authorization": f"Bearer {api.token('admin')}"})
    assert resp.status_code < 300, resp.text


def _camera(cam_id, name, area_id):
    return {"id": cam_id, "name": name, "area_id": area_id, "tags": ["taman"],
            "streams": {"main": {"url": f"rtsp://127.0.0.1:9/{cam_id}"}}, "record": False}


def test_each_change_reaches_admin_and_police_as_a_patch(api):
    admin, police = api.token("admin"), api.token("police")
    cache = catalog_cache(api.ctx.engine)
    held = {who: _get(api, who) for who in (admin, police)}  # the lists are now kept

    def after(change, admin_ids, police_ids):
        patches = cache.patches
        change()
        seen = {}
        for who, ids in ((admin, admin_ids), (police, police_ids)):
            resp = _get(api, who, etag=held[who].headers["etag"])
            seen[who] = resp.json() if resp.status_code == 200 else held[who].json()
            assert [c["id"] for c in seen[who]] == ids
            held[who] = resp if resp.status_code == 200 else held[who]
        assert cache.patches > patches  # patched, not built again
        for who in (admin, police):
            assert seen[who] == _fresh(api, who)
        for who in (admin, police):
            held[who] = _get(api, who)  # kept again for the next change
        return seen

    assert [c["id"] for c in held[police].json()] == ["cam001", "cam002"]

    seen = after(lambda: _admin(api, "PUT", "/cam001", {"name": "Taman Tebet Baru"}),
                 ["cam001", "cam002", "cam003", "cam004"], ["cam001", "cam002"])
    assert seen[police][0]["name"] == "Taman Tebet Baru"

    seen = after(lambda: _admin(api, "POST", "", _camera("cam000", "Pos Tebet",
                                                           "jakarta-selatan.tebet")),
                 ["cam000", "cam001", "cam002", "cam003", "cam004"],
                 ["cam000", "cam001", "cam002"])
    assert seen[police][0]["area_path"] == ["Jakarta Selatan", "Tebet"]
    after(lambda: _admin(api, "POST", "", _camera("cam009", "Monas", "jakarta-pusat.gambir")),
          ["cam000", "cam001", "cam002", "cam003", "cam004", "cam009"],
          ["cam000", "cam001", "cam002"])

    # Moved into the police user's kota, and another out of it.
    seen = after(lambda: _admin(api, "PUT", "/cam003", {"area_id": "jakarta-selatan.tebet"}),
                 ["cam000", "cam001", "cam002", "cam003", "cam004", "cam009"],
                 ["cam000", "cam001", "cam002", "cam003"])
    assert seen[police][3]["area_path"] == ["Jakarta Selatan", "Tebet"]
    seen = after(lambda: _admin(api, "PUT", "/cam001", {"area_id": "jakarta-pusat.gambir"}),
                 ["cam000", "cam001", "cam002", "cam003", "cam004", "cam009"],
                 ["cam000", "cam002", "cam003"])
    assert seen[admin][1]["area_path"] == ["Jakarta Pusat", "Gambir"]

    after(lambda: _admin(api, "PUT", "/cam002", {"enabled": False}),
          ["cam000", "cam001", "cam003", "cam004", "cam009"], ["cam000", "cam003"])
    after(lambda: _admin(api, "PUT", "/cam002", {"enabled": True}),
          ["cam000", "cam001", "cam002", "cam003", "cam004", "cam009"],
          ["cam000", "cam002", "cam003"])
    after(lambda: _admin(api, "DELETE", "/cam000"),
          ["cam001", "cam002", "cam003", "cam004", "cam009"], ["cam002", "cam003"])


def test_an_edit_outside_the_police_scope_keeps_their_etag(api):
    admin, police = api.token("admin"), api.token("police")
    before = {who: _get(api, who).headers["etag"] for who in (admin, police)}
    _admin(api, "PUT", "/cam004", {"name": "Permukiman Kebon Jeruk Utara"})
    assert _get(api, police, etag=before[police]).status_code == 304
    assert _get(api, admin, etag=before[admin]).status_code == 200


def test_status_left_out_on_request_and_statuses_apart(api):
    token = api.token("police")
    with_status = _get(api, token).json()
    without = _get(api, token, status="false")
    assert [c.pop("status") for c in with_status] == ["unknown", "unknown"]
    assert without.json() == with_status  # the same cameras, no status field
    statuses = _get(api, token, "/camera-statuses")
    assert statuses.json() == {}  # nothing recorded: every camera unknown
    etag = statuses.headers["etag"]
    assert _get(api, token, "/camera-statuses", etag=etag).status_code == 304
    assert _get(api, token, etag=without.headers["etag"], status="false").status_code == 304
    assert _get(api, token, etag=without.headers["etag"]).status_code == 200


def test_a_city_slice_patched_across_chunks_reads_as_built(api):
    """Hundreds of cameras (several chunks): cameras put before the first, between
    chunks and after the last, a whole chunk's worth removed, renamed rows written by a
    module that knows nothing of the catalog; gzipped as one member every client reads."""
    engine = api.ctx.engine
    with engine.begin() as conn:
        load_city(conn, find_city_file())
    seed_city(engine, total=4 * CHUNK)
    admin, police = api.token("admin"), api.token("police")
    cache = catalog_cache(engine)
    for who in (admin, police):
        _get(api, who)
    first = _get(api, admin).json()
    assert len(first) == 4 * CHUNK + 4
    area = first[0]["area_id"]
    with engine.begin() as conn:
        for cam_id in ("a0001", "city00300x", "zz999"):
            upsert_camera(conn, CameraSpec(cam_id, f"Baru {cam_id}", area, None, None, False,
                                           ("baru",), {}, None))
        gone = [c["id"] for c in first[CHUNK: 2 * CHUNK + 10]]
        conn.execute(update(cameras).where(cameras.c.id.in_(gone))
                     .values(removed_at=utc_now(), updated_at=utc_now()))
        conn.execute(update(cameras).where(cameras.c.id.in_([first[5]["id"],
                                                             first[-1]["id"]]))
                     .values(name="Nama Baru", updated_at=utc_now()))
    patches = cache.patches
    patched = {who: _get(api, who) for who in (admin, police)}
    assert cache.patches == patches + 2
    ids = [c["id"] for c in patched[admin].json()]
    assert ids[0] == "a0001" and ids[-1] == "zz999" and "city00300x" in ids
    assert not set(gone) & set(ids)
    names = {c["id"]: c["name"] for c in patched[admin].json()}
    assert names[first[5]["id"]] == names[first[-1]["id"]] == "Nama Baru"
    body = patched[admin].read()  # as httpx (TestClient) decoded it
    for who in (admin, police):
        assert patched[who].json() == _fresh(api, who)
    # The bytes on the wire: one gzip member, read whole by zlib, gzip and urllib3.
    etag = _get(api, admin).headers["etag"]
    zipped = cache.gzipped_body(etag, _not_built).gzipped
    one = zlib.decompressobj(31)
    assert one.decompress(zipped) == body and one.eof and one.unused_data == b""
    assert gzip.decompress(zipped) == body
    wire = urllib3.HTTPResponse(body=io.BytesIO(zipped), preload_content=False,
                                headers={"Content-Encoding": "gzip"})
    assert wire.read(decode_content=True) == body


def _not_built():
    raise AssertionError("the answer was not kept")
