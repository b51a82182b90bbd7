"""Maps through the real app on a real database: a picture is checked before it is kept
(PNG/JPEG that decodes, within size bounds, a clear sentence for anything else), only
administrators change maps and every change is audited, and a user sees the maps and the
cameras on them of their own areas only."""

from __future__ import annotations

import struct
import zlib

import av
import numpy as np

from server.audit import query
from server.onboarding.preview import jpeg
from server.users import Role, upsert_user
from tests.server.conftest import DEMO_PASSWORD

SELATAN, TEBET, PUSAT = "jakarta-selatan", "jakarta-selatan.tebet", "jakarta-pusat"


def png(width: int = 64, height: int = 48) -> bytes:
    """A real PNG, written by hand (grey rows, filter 0)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    rows = b"".join(b"\0" + bytes([(y * 5) % 256] * width) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def a_jpeg() -> bytes:
    frame = av.VideoFrame.from_ndarray(np.full((120, 160, 3), 90, np.uint8), format="rgb24")
    return jpeg(frame)


def _call(api, method, path, token, **kw):
    return api.client.request(method, "/api/v1" + path,
                              headers={"Authorization": f"Bearer {token}",
                                       **kw.pop("headers", {})}, **kw)


def _upload(api, token, data: bytes, name="Taman Tebet", area=SELATAN, kind="image/png"):
    return _call(api, "POST", "/admin/maps", token, content=data,
                 params={"name": name, "area_id": area}, headers={"Content-Type": kind})


def test_upload_keeps_a_real_picture_and_refuses_garbage(api):
    admin = api.token("admin")
    made = _upload(api, admin, png(64, 48))
    assert made.status_code == 201, made.text
    assert (made.json()["width"], made.json()["height"]) == (64, 48)
    image = _call(api, "GET", f"/maps/{made.json()['id']}/image", admin)
    assert image.headers["content-type"] == "image/png" and image.content == png(64, 48)
    photo = _upload(api, admin, a_jpeg(), name="Gambir", kind="image/jpeg")
    assert photo.status_code == 201 and photo.json()["image_type"] == "image/jpeg"

    def refused(data: bytes, kind="image/png") -> str:
        resp = _upload(api, admin, data, kind=kind)
        assert resp.status_code == 422, resp.text
        return resp.json()["detail"]["message"]

    assert "not a PNG or JPEG" in refused(b"GIF89a" + b"\0" * 100)
    assert "not a PNG or JPEG" in refused(b"hello, this is text", kind="image/jpeg")
    whole = png(64, 48)
    assert "damaged" in refused(whole[:60])  # a header that promises what is not there
    forged = whole[:16] + struct.pack(">II", 30_000, 30_000) + whole[24:]
    assert "30000 x 30000 pixels" in refused(forged)  # a bomb: refused before decoding
    assert "image/png or image/jpeg" in refused(whole, kind="text/plain")
    too_big = _upload(api, admin, whole + b"\0" * (18 << 20))
    assert too_big.status_code == 413  # the body cap, before the route reads it
    names = [m["name"] for m in _call(api, "GET", "/maps", admin).json()]
    assert names == ["Gambir", "Taman Tebet"]  # nothing refused was kept


def test_only_admins_change_maps_and_every_change_is_audited(api):
    admin, operator = api.token("admin"), api.token("operator")
    map_id = _upload(api, admin, png()).json()["id"]
    for method, path, body in (("PUT", f"/admin/maps/{map_id}", {"name": "x"}),
                               ("DELETE", f"/admin/maps/{map_id}", None),
                               ("PUT", f"/admin/maps/{map_id}/cameras/cam001",
                                {"x": 0.5, "y": 0.5}),
                               ("DELETE", f"/admin/maps/{map_id}/cameras/cam001", None)):
        assert _call(api, method, path, operator, json=body).status_code == 403, path
    assert _upload(api, operator, png()).status_code == 403

    placed = _call(api, "PUT", f"/admin/maps/{map_id}/cameras/cam001", admin,
                   json={"x": 0.25, "y": 0.75, "heading": 450, "fov": 60})
    assert placed.json() == {"camera_id": "cam001", "x": 0.25, "y": 0.75, "heading": 90.0,
                             "fov": 60.0}
    moved = _call(api, "PUT", f"/admin/maps/{map_id}/cameras/cam001", admin,
                  json={"x": 0.5, "y": 0.5})
    assert moved.json()["heading"] is None
    for bad in ({"x": 1.5, "y": 0.5}, {"x": 0.5, "y": 0.5, "heading": 10},
                {"x": 0.5, "y": 0.5, "heading": 10, "fov": 0}):
        resp = _call(api, "PUT", f"/admin/maps/{map_id}/cameras/cam001", admin, json=bad)
        assert resp.status_code == 422, bad
    gone = _call(api, "PUT", f"/admin/maps/{map_id}/cameras/nope", admin, json={"x": 0, "y": 0})
    assert gone.json()["detail"]["code"] == "camera_not_found"
    assert _call(api, "GET", f"/maps/{map_id}", admin).json()["placements"] == [
        {"camera_id": "cam001", "x": 0.5, "y": 0.5, "heading": None, "fov": None}]
    renamed = _call(api, "PUT", f"/admin/maps/{map_id}", admin, json={"name": "Tebet Eco Park"})
    assert renamed.json()["name"] == "Tebet Eco Park"
    assert _call(api, "PUT", f"/admin/maps/{map_id}", admin,
                 json={"area_id": "nowhere"}).json()["detail"]["code"] == "area_not_found"
    assert _call(api, "DELETE", f"/admin/maps/{map_id}/cameras/cam001", admin).status_code == 204
    assert _call(api, "DELETE", f"/admin/maps/{map_id}", admin).status_code == 204
    assert _call(api, "GET", f"/maps/{map_id}", admin).status_code == 404
    with api.ctx.engine.connect() as conn:
        actions = [e.action for e in reversed(query(conn, action_prefix="map_"))]
        details = query(conn, action_prefix="map_camera_placed")[-1].details
    assert actions == ["map_added", "map_camera_placed", "map_camera_placed", "map_updated",
                       "map_camera_unplaced", "map_removed"]
    assert details["map_id"] == map_id and details["heading"] == 90.0


def test_a_supervisor_reads_the_audit_of_maps_in_their_areas_only(api):
    with api.ctx.engine.begin() as conn:
        upsert_user(conn, "spv-sel", DEMO_PASSWORD, "Supervisor Selatan", [Role.SUPERVISOR],
                    [SELATAN])
    admin, supervisor = api.token("admin"), api.token("spv-sel")
    ours = _upload(api, admin, png(), name="Denah Tebet", area=SELATAN).json()["id"]
    theirs = _upload(api, admin, png(), name="Denah Gambir", area=PUSAT).json()["id"]
    for map_id in (ours, theirs):
        _call(api, "PUT", f"/admin/maps/{map_id}", admin, json={"name": f"Peta {map_id}"})
        _call(api, "DELETE", f"/admin/maps/{map_id}", admin)
    rows = _call(api, "GET", "/audit", supervisor, params={"action": "map_"}).json()
    assert {(r["action"], r["details"]["map_id"]) for r in rows} == {
        ("map_added", ours), ("map_updated", ours), ("map_removed", ours)}
    assert "Gambir" not in str(rows) and PUSAT not in str(rows)
    everything = _call(api, "GET", "/audit", admin, params={"action": "map_"}).json()
    assert len(everything) == 6


def test_users_see_the_maps_and_cameras_of_their_areas(api):
    with api.ctx.engine.begin() as conn:
        upsert_user(conn, "tebet", DEMO_PASSWORD, "Polsek Tebet", [Role.POLICE], [TEBET])
    admin, police, tebet = api.token("admin"), api.token("police"), api.token("tebet")
    city = _upload(api, admin, png(), name="Selatan", area=SELATAN).json()["id"]
    park = _upload(api, admin, png(), name="Tebet Eco Park", area=TEBET).json()["id"]
    pusat = _upload(api, admin, png(), name="Monas", area=PUSAT).json()["id"]
    for cam in ("cam001", "cam002", "cam003"):  # Tebet, Kebayoran Baru, Gambir
        _call(api, "PUT", f"/admin/maps/{city}/cameras/{cam}", admin, json={"x": 0.1, "y": 0.2})

    def seen(token) -> dict[str, list[str]]:
        return {m["name"]: [p["camera_id"] for p in m["placements"]]
                for m in _call(api, "GET", "/maps", token).json()}

    assert seen(admin) == {"Monas": [], "Selatan": ["cam001", "cam002", "cam003"],
                           "Tebet Eco Park": []}
    # Jakarta Selatan's police: the maps of its kota, with its kota's cameras only.
    assert seen(police) == {"Selatan": ["cam001", "cam002"], "Tebet Eco Park": []}
    # A post of Tebet: its own map, and the kota's map above it, with Tebet's camera only.
    assert seen(tebet) == {"Selatan": ["cam001"], "Tebet Eco Park": []}
    for path in (f"/maps/{pusat}", f"/maps/{pusat}/image"):
        assert _call(api, "GET", path, police).status_code == 404
    assert _call(api, "GET", f"/maps/{park}/image", tebet).status_code == 200
    one = _call(api, "GET", f"/maps/{city}", tebet).json()
    assert [p["camera_id"] for p in one["placements"]] == ["cam001"]
