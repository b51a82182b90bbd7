"""The city overview's plain projection and its area labels, without widgets."""

from __future__ import annotations

import math

from app.domain import Camera
from app.services.maps import UNITS_PER_DEGREE, convex_hull, overview


def _cam(cam_id: str, lat: float | None, lon: float | None, kota: str, kec: str) -> Camera:
    return Camera(cam_id, cam_id, "x", (kota, kec), lat=lat, lon=lon)


def test_projection_keeps_east_right_north_up_and_distances_true():
    cams = [_cam("a", -6.20, 106.80, "Jakarta Pusat", "Gambir"),
            _cam("b", -6.20, 106.81, "Jakarta Pusat", "Gambir"),  # 0.01 deg east
            _cam("c", -6.19, 106.80, "Jakarta Pusat", "Menteng"),  # 0.01 deg north
            _cam("d", None, None, "Jakarta Pusat", "Menteng")]  # no coordinates: left out
    points, labels = overview(cams)
    at = {p.camera_id: (p.x, p.y) for p in points}
    assert set(at) == {"a", "b", "c"}
    east = at["b"][0] - at["a"][0]
    north = at["a"][1] - at["c"][1]
    assert abs(north - 0.01 * UNITS_PER_DEGREE) < 1e-6
    # A degree of longitude is a little shorter than one of latitude here.
    middle = math.radians((-6.20 - 6.20 - 6.19) / 3)
    assert abs(east - 0.01 * UNITS_PER_DEGREE * math.cos(middle)) < 1e-6 and east < north
    kota = [label for label in labels if label.level == 0]
    assert [k.text for k in kota] == ["Jakarta Pusat"]
    assert set(kota[0].outline) == set(at.values())  # every camera is on the outline
    assert {label.text for label in labels if label.level == 1} == {"Gambir", "Menteng"}


def test_convex_hull_leaves_out_inner_points():
    square = [(0, 0), (4, 0), (4, 4), (0, 4)]
    assert set(convex_hull([*square, (2, 2), (1, 3)])) == set(square)
    assert convex_hull([(1, 1), (1, 1)]) == ((1, 1),)
