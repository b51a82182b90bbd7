import json

from server.city import AREAS_FILE, CITY_CAMERAS, generate, seed_city
from tests.server.conftest import FLEET, make_api


def test_one_camera_per_rt_under_every_real_kecamatan():
    areas, cameras = generate()
    assert len(cameras) == CITY_CAMERAS == 30_418
    assert len({c["id"] for c in cameras}) == CITY_CAMERAS
    city = json.loads(AREAS_FILE.read_text())
    assert [a["name"] for a in areas] == [k["name"] for k in city["kota"]]
    for kota, area in zip(city["kota"], areas, strict=True):
        assert [k["name"] for k in area["children"]] == kota["kecamatan"]
    rts = [rt["id"] for kota in areas for kec in kota["children"] for kel in kec["children"]
           for rw in kel["children"] for rt in rw["children"]]
    assert sorted(rts) == sorted(c["area_id"] for c in cameras)
    tebet = next(c for c in cameras if c["name"] == "Taman Tebet Eco Park")
    assert tebet["area_path"][:2] == ["Jakarta Selatan", "Tebet"] and "park" in tebet["tags"]


def test_city_cameras_borrow_camsim_video_round_robin():
    _, cameras = generate(total=100, camsim_cameras=16)
    assert len(cameras) == 100
    assert [c["camsim_id"] for c in cameras[:17:8]] == ["cam001", "cam009", "cam001"]
    assert generate(total=5)[1][0]["camsim_id"] is None


def test_seeded_city_is_served_within_each_users_scope(tmp_path):
    api, client = make_api(tmp_path)
    with client:
        assert seed_city(api.ctx.engine) == CITY_CAMERAS
        assert seed_city(api.ctx.engine) == 0  # once per database
        everything = api.get("/cameras", api.token("operator")).json()
        assert len(everything) == CITY_CAMERAS + len(FLEET)
        police = api.get("/cameras", api.token("police")).json()
        assert {c["area_path"][0] for c in police} == {"Jakarta Selatan"}
        assert len(police) == 6910 + 2  # the city's and camsim's in Jakarta Selatan
        tree = api.get("/areas", api.token("police")).json()
        assert [k["name"] for k in tree] == ["Jakarta Selatan"]
        eco = next(c for c in police if c["name"] == "Taman Tebet Eco Park"
                   and c["id"].startswith("city"))
        assert eco["tags"] == ["landmark", "park"]
