"""Areas and cameras as each role sees them; the server enforces the scope."""

import json

from tests.server.conftest import FLEET


def _ids(resp):
    assert resp.status_code == 200, resp.text
    return sorted(c["id"] for c in resp.json())


def _walk(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from _walk(node["children"], depth + 1)


def test_operator_sees_all_of_jakarta_with_the_real_kota_and_kecamatan(shared_api):
    tree = shared_api.get("/areas", shared_api.token("operator")).json()
    assert sorted(n["name"] for n in tree) == [
        "Jakarta Barat", "Jakarta Pusat", "Jakarta Selatan", "Jakarta Timur",
        "Jakarta Utara", "Kepulauan Seribu",
    ]  # fmt: skip
    kinds = [n["kind"] for n, _ in _walk(tree)]
    assert kinds.count("kota") == 6 and kinds.count("kecamatan") == 44
    selatan = next(n for n in tree if n["name"] == "Jakarta Selatan")
    tebet = next(n for n in selatan["children"] if n["name"] == "Tebet")
    # The import created kelurahan → RW → RT under the real kecamatan.
    kel = tebet["children"][0]
    assert (kel["name"], kel["kind"]) == ("Tebet Barat", "kelurahan")
    rw = kel["children"][0]
    assert (rw["name"], rw["kind"], rw["children"][0]["name"]) == ("RW 03", "rw", "RT 007")
    assert rw["children"][0]["kind"] == "rt" and rw["children"][0]["children"] == []


def test_police_sees_only_jakarta_selatan(shared_api):
    token = shared_api.token("police")
    tree = shared_api.get("/areas", token).json()
    assert [n["id"] for n in tree] == ["jakarta-selatan"]
    assert all(n["id"].startswith("jakarta-selatan") for n, _ in _walk(tree))
    assert _ids(shared_api.get("/cameras", token)) == ["cam001", "cam002"]


def test_camera_outside_scope_looks_exactly_like_an_unknown_one(shared_api):
    token = shared_api.token("police")
    outside = shared_api.get("/cameras/cam003", token)
    unknown = shared_api.get("/cameras/cam999", token)
    assert outside.status_code == unknown.status_code == 404
    assert (
        outside.json()["detail"]["code"] == unknown.json()["detail"]["code"] == "camera_not_found"
    )
    live = shared_api.get("/cameras/cam003/live", token)
    assert live.status_code == 404 and live.json()["detail"]["code"] == "camera_not_found"
    assert "rtsp" not in live.text
    assert shared_api.get("/cameras/cam001", token).status_code == 200


def test_camera_fields(shared_api):
    cam = shared_api.get("/cameras/cam001", shared_api.token("viewer")).json()
    assert cam == {
        "id": "cam001",
        "name": "Taman Tebet Eco Park",
        "area_id": "jakarta-selatan.tebet.tebet-barat.rw-03.rt-007",
        "area_path": ["Jakarta Selatan", "Tebet", "Tebet Barat", "RW 03", "RT 007"],
        "tags": ["banjir", "taman"],
        "ptz": True,
        "lat": -6.2,
        "lon": 106.8,
        "profiles": ["main", "sub"],
        # Imported without a probe: the sizes are not known.
        "streams": [{"profile": p, "width": None, "height": None, "fps": None}
                    for p in ("main", "sub")],
        "status": "unknown",  # no recorder runs in this app
    }


def test_filters_by_area_tag_and_text(shared_api):
    token = shared_api.token("operator")
    assert _ids(shared_api.get("/cameras", token)) == sorted(c["id"] for c in FLEET)
    assert _ids(shared_api.get("/cameras", token, area="jakarta-selatan")) == ["cam001", "cam002"]
    assert _ids(shared_api.get("/cameras", token, area="jakarta-selatan.tebet")) == ["cam001"]
    assert _ids(shared_api.get("/cameras", token, tag="banjir")) == ["cam001", "cam004"]
    assert _ids(shared_api.get("/cameras", token, q="taman")) == ["cam001", "cam002"]
    assert _ids(shared_api.get("/cameras", token, q="GAMBIR")) == ["cam003"]
    assert _ids(shared_api.get("/cameras", token, q="kebon jeruk")) == ["cam004"]  # area name
    assert _ids(shared_api.get("/cameras", token, q="taman", area="jakarta-selatan.tebet")) == [
        "cam001"
    ]
    assert _ids(shared_api.get("/cameras", token, tag="no-such-tag")) == []


def test_hostile_search_text_is_just_text(shared_api):
    token = shared_api.token("operator")
    for text in ("' OR 1=1 --", '"; DROP TABLE cameras; --', "%", "_", "\\", "cam%", "\x00"):
        assert _ids(shared_api.get("/cameras", token, q=text)) == [], text
        assert _ids(shared_api.get("/cameras", token, tag=text)) == [], text
    # Nothing was dropped.
    assert len(_ids(shared_api.get("/cameras", token))) == len(FLEET)
    too_long = shared_api.get("/cameras", token, q="x" * 5000)
    assert too_long.status_code == 422
    assert too_long.json()["detail"]["code"] == "validation_error"


def test_area_filter_outside_scope_or_unknown(shared_api):
    token = shared_api.token("police")
    outside = shared_api.get("/cameras", token, area="jakarta-pusat")
    assert outside.status_code == 403 and outside.json()["detail"]["code"] == "forbidden"
    unknown = shared_api.get("/cameras", token, area="jakarta-selatan.%")
    assert unknown.status_code == 404 and unknown.json()["detail"]["code"] == "area_not_found"


def test_reimport_updates_instead_of_duplicating(api):
    from server.camsim_import import import_fleet

    moved = json.loads(json.dumps(FLEET))
    moved[0]["name"] = "Tebet Eco Park (gerbang utara)"
    moved[0]["tags"] = ["taman"]
    moved.append(dict(moved[1], id="cam999", kota="Gotham", kecamatan="Nowhere"))
    assert import_fleet(api.ctx, moved) == len(FLEET)  # the fake city is skipped
    token = api.token("operator")
    cams = api.get("/cameras", token).json()
    assert [c["id"] for c in cams] == ["cam001", "cam002", "cam003", "cam004"]
    assert cams[0]["name"] == "Tebet Eco Park (gerbang utara)" and cams[0]["tags"] == ["taman"]
    roots = [n["name"] for n in api.get("/areas", token).json()]
    assert "Gotham" not in roots
