"""The cameras suggested for an incident's place: by coordinates, by a camera's name,
by the most precise area the place names."""

from __future__ import annotations

from app.domain import Camera
from app.places import distance_m, parse_coordinates, suggest

JS = "Jakarta Selatan"
CAMERAS = [
    Camera("cam001", "Taman Tebet Eco Park", "a", (JS, "Tebet", "Tebet Barat", "RW 03"),
           lat=-6.2365, lon=106.8540),
    Camera("cam002", "Halte Tebet Barat", "b", (JS, "Tebet", "Tebet Barat", "RW 05"),
           lat=-6.2330, lon=106.8510),
    Camera("cam003", "Stasiun Tebet", "c", (JS, "Tebet", "Tebet Timur", "RW 01"),
           lat=-6.2262, lon=106.8583),
    Camera("cam004", "Taman Langsat", "d", (JS, "Kebayoran Baru", "Selong", "RW 01"),
           lat=-6.2370, lon=106.8000),
    Camera("cam005", "Stasiun Gambir", "e", ("Jakarta Pusat", "Gambir", "Gambir", "RW 02"),
           lat=-6.1767, lon=106.8306),
    Camera("cam006", "Pos RW tanpa peta", "f", (JS, "Tebet", "Tebet Barat", "RW 03")),
]


def _ids(found):
    return [s.camera.id for s in found]


def test_coordinates_suggest_the_nearest_cameras_first():
    assert parse_coordinates("-6.2360, 106.8535") == (-6.236, 106.8535)
    assert parse_coordinates("Tebet 12") is None
    found = suggest("-6.2360, 106.8535", CAMERAS, limit=3)
    assert _ids(found) == ["cam001", "cam002", "cam003"]
    assert found[0].distance_m < 100 < found[1].distance_m
    assert not found[0].named


def test_a_camera_named_comes_first_then_its_neighbours():
    found = suggest("depan stasiun gambir", CAMERAS)
    assert _ids(found) == ["cam005"]  # the others are kilometres away: not near
    assert found[0].named and found[0].distance_m == 0
    found = suggest("Taman Langsat", CAMERAS + [
        Camera("cam007", "Pasar Santa", "g", (JS, "Kebayoran", "Rawa Barat", "RW 02"),
               lat=-6.2400, lon=106.8050)])
    assert _ids(found) == ["cam004", "cam007"] and not found[1].named
    assert 500 < found[1].distance_m < 700


def test_coordinates_far_from_every_camera_give_the_nearest_one():
    assert _ids(suggest("-6.3000, 106.9000", CAMERAS)) == ["cam001"]


def test_the_most_precise_area_named_gives_its_cameras():
    found = suggest("Jl. Tebet Barat Dalam IV", CAMERAS)
    # The kelurahan Tebet Barat (not the whole kecamatan Tebet): its three cameras,
    # the one without coordinates last; then the nearest others.
    assert set(_ids(found)[:2]) == {"cam001", "cam002"} and _ids(found)[2] == "cam006"
    assert all(s.named for s in found[:3]) and not found[3].named
    assert found[2].distance_m is None
    assert _ids(suggest("kebayoran baru", CAMERAS, limit=1)) == ["cam004"]


def test_a_place_nobody_knows_suggests_nothing():
    assert suggest("Bandung", CAMERAS) == []
    assert suggest("  ", CAMERAS) == []
    assert 1100 < distance_m((-6.2365, 106.8540), (-6.2262, 106.8583)) < 1300
