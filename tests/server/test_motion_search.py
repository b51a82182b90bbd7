"""Motion search through the API over stored blocks (server/motion, server/api/motion.py),
on SQLite and PostgreSQL: region, merging, coverage, scope, limits; and retention taking
the motion of deleted footage with it while held footage keeps its motion."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

from server.clock import to_wire, utc_now
from server.motion.blocks import MotionBlock, add_block
from server.motion.grid import COLUMNS, ROWS, pack
from server.schema import motion_blocks
from tests.server.conftest import make_api
from tests.support.footage import record

T0 = utc_now().replace(second=0, microsecond=0) - timedelta(hours=2)
CORNER = {"x": 0.75, "y": 0.0, "w": 0.25, "h": 0.25}  # the top right


def _grid(*cells: tuple[int, int]) -> bytes:
    grid = np.zeros((ROWS, COLUMNS), dtype=bool)
    for col, row in cells:
        grid[row, col] = True
    return pack(grid)


def _store(api, camera_id: str, minute: int, moving: list[tuple[int, bytes]],
           seconds: int = 60) -> None:
    start = T0 + timedelta(minutes=minute)
    block = MotionBlock(camera_id, start, start + timedelta(seconds=seconds), moving)
    with api.ctx.engine.begin() as conn:
        add_block(conn, block, None)


def _search(api, token, **body):
    body.setdefault("start", to_wire(T0))
    body.setdefault("end", to_wire(T0 + timedelta(hours=1)))
    return api.client.post("/api/v1/motion/search", json=body,
                           headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def stored(api):
    corner, middle = _grid((30, 1)), _grid((16, 9))
    # cam001: the corner moves at 0:10-0:12 and 0:14 (one hit: 1 s apart), and at 2:30;
    # the middle moves at 1:05. Minute 3 was not analysed.
    _store(api, "cam001", 0, [(10, corner), (11, corner), (12, corner), (14, corner)])
    _store(api, "cam001", 1, [(5, middle)])
    _store(api, "cam001", 2, [(30, _grid((30, 1), (16, 9)))])
    _store(api, "cam001", 4, [])
    _store(api, "cam003", 0, [(20, corner)])  # Jakarta Pusat
    return api


def test_a_corner_search_finds_the_corner_moments_merged_and_nothing_else(stored):
    api = stored
    answer = _search(api, api.token("operator"), camera_ids=["cam001"], region=CORNER)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["grid"] == {"columns": 32, "rows": 18} and found["window_s"] == 1.0
    assert [(h["start"], h["end"], h["cells"]) for h in found["hits"]] == [
        (to_wire(T0 + timedelta(seconds=10)), to_wire(T0 + timedelta(seconds=15)), 1),
        (to_wire(T0 + timedelta(seconds=150)), to_wire(T0 + timedelta(seconds=151)), 1),
    ]
    # minutes 0-2 and 4 were analysed; minute 3 was not
    assert [(a["start"], a["end"]) for a in found["analysed"]] == [
        (to_wire(T0), to_wire(T0 + timedelta(minutes=3))),
        (to_wire(T0 + timedelta(minutes=4)), to_wire(T0 + timedelta(minutes=5))),
    ]
    assert found["truncated"] is False


def test_a_search_where_nothing_moved_finds_nothing(stored):
    api = stored
    bottom_left = {"x": 0.0, "y": 0.75, "w": 0.25, "h": 0.25}
    found = _search(api, api.token("operator"), camera_ids=["cam001"], region=bottom_left)
    assert found.json()["hits"] == []
    whole = _search(api, api.token("operator"), camera_ids=["cam001"]).json()
    assert len(whole["hits"]) == 3  # without a region: any motion
    narrow = _search(api, api.token("operator"), camera_ids=["cam001"], region=CORNER,
                     start=to_wire(T0 + timedelta(seconds=13)),
                     end=to_wire(T0 + timedelta(seconds=100)))
    assert [h["start"] for h in narrow.json()["hits"]] == [to_wire(T0 + timedelta(seconds=14))]


def test_an_area_search_covers_its_cameras_in_the_users_scope_only(stored):
    api = stored
    areas = api.get("/areas", api.token("operator")).json()
    pusat = next(a["id"] for a in areas if a["name"] == "Jakarta Pusat")
    selatan = next(a["id"] for a in areas if a["name"] == "Jakarta Selatan")
    found = _search(api, api.token("operator"), area=pusat, region=CORNER).json()
    assert [(h["camera_id"], h["start"]) for h in found["hits"]] == [
        ("cam003", to_wire(T0 + timedelta(seconds=20)))]
    police = api.token("police")  # Jakarta Selatan only
    assert _search(api, police, area=pusat).status_code == 403
    assert _search(api, police, camera_ids=["cam003"]).status_code == 404
    mine = _search(api, police, area=selatan, region=CORNER).json()
    assert {h["camera_id"] for h in mine["hits"]} == {"cam001"}


def test_limit_keeps_the_oldest_and_says_so(stored):
    api = stored
    found = _search(api, api.token("operator"), camera_ids=["cam001", "cam003"], limit=2).json()
    assert [h["camera_id"] for h in found["hits"]] == ["cam001", "cam003"]
    assert found["truncated"] is True


@pytest.mark.parametrize(("body", "status"), [
    ({}, 422),  # neither cameras nor area
    ({"camera_ids": ["cam001"], "area": "x"}, 422),
    ({"camera_ids": ["cam001"], "end": "2026-01-01T00:00:00Z"}, 400),  # before start
    ({"camera_ids": ["cam001"], "start": "2026-01-01T00:00:00Z",
      "end": "2026-02-05T00:00:00Z"}, 400),  # longer than 31 days
    ({"camera_ids": ["cam001"], "region": {"x": 0.5, "y": 0, "w": 0, "h": 1}}, 422),
    ({"camera_ids": ["cam001"], "region": {"x": -1, "y": 0, "w": 1, "h": 1}}, 422),
    ({"camera_ids": ["nope"]}, 404),
    ({"area": "no-such-area"}, 404),
    ({"camera_ids": ["cam001"], "start": "yesterday"}, 400),
])
def test_bad_searches_get_clear_errors(api, body, status):
    answer = _search(api, api.token("operator"), **body)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"]["message"]


def test_too_many_camera_days_is_refused(api):
    ids = ["cam001", "cam002", "cam003", "cam004"]
    answer = _search(api, api.token("operator"), camera_ids=ids, start=to_wire(T0),
                     end=to_wire(T0 + timedelta(days=31)))
    assert answer.status_code == 400 and "camera-days" in answer.json()["detail"]["message"]


def test_signed_out_searches_are_refused(api):
    assert api.client.post("/api/v1/motion/search", json={}).status_code == 401


def test_retention_takes_the_motion_of_deleted_footage_and_keeps_held_footages(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    old = (utc_now() - timedelta(days=40)).replace(second=0, microsecond=0)
    record(api.ctx.engine, data, "cam001", old, seconds=20, segment_s=4, fps=10, gop=10)
    minute = timedelta(minutes=1)
    corner = _grid((30, 1))
    with api.ctx.engine.begin() as conn:
        # the footage's own time (a protected part of it), and an hour later without footage
        add_block(conn, MotionBlock("cam001", old, old + timedelta(seconds=20),
                                    [(6, corner), (15, corner)]), None)
        add_block(conn, MotionBlock("cam001", old + 60 * minute, old + 61 * minute,
                                    [(1, corner)]), None)
    with client:
        operator, supervisor = api.token("operator"), api.token("supervisor")
        headers = {"Authorization": f"Bearer {operator}"}
        mark = api.client.post("/api/v1/bookmarks", headers=headers, json={
            "camera_id": "cam001", "at": to_wire(old + timedelta(seconds=6)),
            "pre_roll_s": 1, "post_roll_s": 1, "title": "Bukti"}).json()
        api.client.post(f"/api/v1/bookmarks/{mark['id']}/protect", headers=headers)

        def hits():
            return [h["start"] for h in _search(
                api, supervisor, camera_ids=["cam001"], start=to_wire(old),
                end=to_wire(old + 2 * 60 * minute)).json()["hits"]]

        assert hits() == [to_wire(old + timedelta(seconds=s)) for s in (6, 15, 3601)]
        report = api.client.post("/api/v1/retention/run",
                                 headers={"Authorization": f"Bearer {supervisor}"}).json()
        assert report["kept_protected"] == 1
        # The block under the protected segment stays, whole; the one without footage goes.
        assert hits() == [to_wire(old + timedelta(seconds=s)) for s in (6, 15)]
        with api.ctx.engine.connect() as conn:
            kept = conn.execute(select(motion_blocks.c.start_utc)).scalars().all()
        assert kept == [old]
