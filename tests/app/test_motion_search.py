"""Motion search in the client core: the request the server reads, its answer parsed
into typed values (over a real socket), the region maths of a rectangle drawn on a
letterboxed, zoomed tile, and the service that drops a superseded search."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.api.motion import MotionApi, request_body, result
from app.motion.region import picture_point, region_from_drag, tile_rect
from app.motion.service import MotionSearchService
from app.motion.types import (
    MAX_RANGE,
    MotionHit,
    MotionQuery,
    MotionRegion,
    MotionSearchResult,
    uncovered,
)
from tests.app.local_http import serve

T0 = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
ANSWER = {
    "grid": {"columns": 32, "rows": 18}, "window_s": 1.0,
    "hits": [
        {"camera_id": "cam001", "start": "2026-12-05T10:40:00Z",
         "end": "2026-12-05T10:40:05Z", "cells": 3},
        {"camera_id": "cam001", "start": "2026-12-05T10:12:03Z",
         "end": "2026-12-05T10:12:09Z", "cells": 7},
    ],
    "analysed": [{"camera_id": "cam001", "start": "2026-12-05T10:00:00Z",
                  "end": "2026-12-05T11:00:00Z"}],
    "truncated": True,
}


def _query(**more) -> MotionQuery:
    return MotionQuery(T0, T0 + timedelta(hours=2), camera_ids=("cam001",), **more)


# -- types and region maths ---------------------------------------------------------------
def test_a_region_is_normalised_and_clamped_to_the_picture():
    region = MotionRegion.from_corners(1.3, 0.8, 0.75, -0.2)
    assert region == MotionRegion(0.75, 0.0, pytest.approx(0.25), 0.8)
    assert MotionRegion(0.9, 0.5, 0.5, -0.2).normalised() == MotionRegion(
        0.9, pytest.approx(0.3), pytest.approx(0.1), pytest.approx(0.2))
    assert MotionRegion().whole and not MotionRegion(0, 0, 0.5, 1).whole
    assert MotionRegion.from_corners(0.3, 0.3, 0.3, 0.6).empty


def test_a_drag_on_a_letterboxed_tile_is_measured_on_the_picture_shown():
    shown = (0.0, 60.0, 320.0, 180.0)  # a 16:9 picture in a 320x300 tile: bars above/below
    assert picture_point(240, 60, shown) == (0.75, 0.0)
    assert picture_point(10, 5, shown) == (pytest.approx(10 / 320), 0.0)  # on the bar
    region = region_from_drag((320, 105), (240, 0), shown)
    assert region == MotionRegion(0.75, 0.0, 0.25, 0.25)


def test_a_drag_on_a_zoomed_tile_is_mapped_through_the_part_shown():
    shown = (0.0, 0.0, 200.0, 100.0)
    source = (0.5, 0.5, 0.5, 0.5)  # zoomed 2x into the bottom-right quarter
    region = region_from_drag((0, 0), (100, 50), shown, source)
    assert region == MotionRegion(0.5, 0.5, 0.25, 0.25)
    assert tile_rect(region, shown, source) == (0.0, 0.0, 100.0, 50.0)
    assert tile_rect(MotionRegion(0, 0, 0.2, 0.2), shown, source) is None  # out of view


def test_the_range_is_capped_at_31_days_and_the_limit_at_2000():
    end = T0 + timedelta(days=40)
    capped = MotionQuery(T0, end, camera_ids=("cam001",), limit=5000).capped()
    assert capped.end - capped.start == MAX_RANGE and capped.end == end
    assert capped.limit == 2000


def test_uncovered_stretches():
    spans = [(T0 + timedelta(minutes=10), T0 + timedelta(minutes=20)),
             (T0 + timedelta(minutes=15), T0 + timedelta(minutes=30))]
    assert uncovered(T0, T0 + timedelta(hours=1), spans) == [
        (T0, T0 + timedelta(minutes=10)),
        (T0 + timedelta(minutes=30), T0 + timedelta(hours=1))]
    assert uncovered(T0, T0 + timedelta(hours=1), [(T0, T0 + timedelta(hours=2))]) == []


# -- the wire ----------------------------------------------------------------------------
def test_request_body_names_cameras_or_an_area():
    body = request_body(_query(region=MotionRegion(0.75, 0.0, 0.25, 0.25)))
    assert body == {"camera_ids": ["cam001"], "area": None, "start": "2026-12-05T10:00:00Z",
                    "end": "2026-12-05T12:00:00Z",
                    "region": {"x": 0.75, "y": 0.0, "w": 0.25, "h": 0.25}, "limit": 500}
    by_area = request_body(MotionQuery(T0, T0 + timedelta(hours=1), area_id="menteng"))
    assert by_area["area"] == "menteng" and by_area["camera_ids"] is None
    assert by_area["region"] is None  # the whole picture


def test_answer_parsed_into_hits_oldest_first_with_analysed_spans():
    found = result(_query(), ANSWER)
    assert [h.start for h in found.hits] == [datetime(2026, 12, 5, 10, 12, 3, tzinfo=UTC),
                                             datetime(2026, 12, 5, 10, 40, tzinfo=UTC)]
    assert found.hits[0].cells == 7 and found.hits[0].duration == timedelta(seconds=6)
    assert found.truncated and (found.columns, found.rows) == (32, 18)
    assert found.not_analysed("cam001") == [(T0 + timedelta(hours=1), T0 + timedelta(hours=2))]
    assert found.not_analysed("cam009") == [(T0, T0 + timedelta(hours=2))]


@pytest.mark.parametrize("bad", [{}, {"hits": [{"camera_id": "x"}]}, [],
                                 {"hits": [{"camera_id": "c", "start": "soon",
                                            "end": "later"}]}])
def test_a_malformed_answer_is_a_bad_response(bad):
    with pytest.raises(ApiError) as caught:
        result(_query(), bad)
    assert caught.value.kind is ApiErrorKind.BAD_RESPONSE


def test_search_over_http_posts_the_query_and_maps_errors():
    routes = {("POST", "/api/v1/motion/search"): (200, ANSWER)}
    with serve(routes) as (url, seen):
        client = ApiClient(url)
        client.set_token("tok")
        found = MotionApi(client).search(_query())
        assert len(found.hits) == 2
        assert json.loads(seen[0]["body"])["camera_ids"] == ["cam001"]
        assert seen[0]["authorization"] == "Bearer tok"
    for status, kind in ((404, ApiErrorKind.NOT_FOUND), (403, ApiErrorKind.FORBIDDEN),
                         (422, ApiErrorKind.BAD_REQUEST)):
        refused = {("POST", "/api/v1/motion/search"): (status, {"detail": {
            "code": "x", "message": "no"}})}
        with serve(refused) as (url, _seen), pytest.raises(ApiError) as caught:
            MotionApi(ApiClient(url)).search(_query())
        assert caught.value.kind is kind


# -- the service -------------------------------------------------------------------------
class _Session:
    api = object()


class _SlowApi:
    """Answers each search when its gate opens (the fake transport of this one module)."""

    gates: dict[str, threading.Event] = {}
    calls: list[MotionQuery] = []

    def __init__(self, _client) -> None:
        pass

    def search(self, query: MotionQuery) -> MotionSearchResult:
        _SlowApi.calls.append(query)
        name = query.camera_ids[0] if query.camera_ids else query.area_id
        _SlowApi.gates.setdefault(name, threading.Event()).wait(5)
        if name == "refused":
            raise ApiError(ApiErrorKind.FORBIDDEN, "not your area")
        return MotionSearchResult(query, (MotionHit(name, query.start, query.end, 1),), (),
                                  False)


def test_service_drops_a_superseded_search_and_answers_the_newest(qtbot, runner):
    _SlowApi.gates, _SlowApi.calls = {}, []
    service = MotionSearchService(_Session(), runner, api_factory=_SlowApi)
    finished = []
    service.search_finished.connect(lambda rid, res: finished.append((rid, res)))
    old = service.search(MotionQuery(T0, T0 + timedelta(hours=1), camera_ids=("old",)))
    new = service.search(MotionQuery(T0, T0 + timedelta(hours=1), camera_ids=("new",)))
    other = service.search(MotionQuery(T0, T0 + timedelta(hours=1), area_id="menteng"),
                           owner="area")
    for name in ("new", "old", "menteng"):
        _SlowApi.gates.setdefault(name, threading.Event()).set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5000)
    qtbot.wait(100)  # the old answer arrives too, and is dropped
    assert sorted(rid for rid, _ in finished) == [new, other]
    assert old not in [rid for rid, _ in finished]
    assert service.latest[""].hits[0].camera_id == "new"


def test_service_reports_failures_and_a_logged_out_session(qtbot, runner):
    _SlowApi.gates, _SlowApi.calls = {"refused": threading.Event()}, []
    _SlowApi.gates["refused"].set()
    service = MotionSearchService(_Session(), runner, api_factory=_SlowApi)
    with qtbot.waitSignal(service.search_failed, timeout=5000) as failed:
        rid = service.search(MotionQuery(T0, T0 + timedelta(hours=1), area_id="refused"))
    assert failed.args[:2] == [rid, ApiErrorKind.FORBIDDEN]

    class _Out:
        api = None

    logged_out = MotionSearchService(_Out(), runner, api_factory=_SlowApi)
    with qtbot.waitSignal(logged_out.search_failed, timeout=5000) as failed:
        logged_out.search(_query())
    assert failed.args[1] is ApiErrorKind.UNAUTHORIZED


# -- the timeline's marks -----------------------------------------------------------------
def test_marks_are_one_cameras_hits_in_pixels_at_least_two_wide():
    from app.motion.marks import MotionMarks
    from app.timeline import TimelineModel

    query = MotionQuery(T0, T0 + timedelta(hours=1), camera_ids=("cam001", "cam002"))
    hits = (MotionHit("cam001", T0 + timedelta(minutes=15), T0 + timedelta(minutes=15,
                                                                           seconds=1), 2),
            MotionHit("cam002", T0 + timedelta(minutes=30), T0 + timedelta(minutes=45), 9))
    marks = MotionMarks()
    marks.set_result(MotionSearchResult(query, hits, (), False))
    model = TimelineModel(T0 + timedelta(hours=1), 3600, timedelta(hours=1))
    [(x0, x1, hit)] = marks.visible(model, "cam001")
    assert (x0, x1) == (pytest.approx(900.0), pytest.approx(902.0)) and hit is hits[0]
    assert marks.hit_at(model, "cam001", 903.0) is hits[0]
    assert marks.hit_at(model, "cam001", 1000.0) is None
    assert [h for _a, _b, h in marks.visible(model, "cam002")] == [hits[1]]
    assert marks.not_analysed(model, "cam001") == [(0.0, 3600.0)]
    marks.clear()
    assert marks.visible(model, "cam001") == [] and not marks.active


# -- against the real server's endpoint (no footage: nothing analysed) -------------------
def test_the_real_server_reads_the_request_of_a_camera_and_of_an_area(qtbot, runner,
                                                                     tmp_path):
    from tests.server.conftest import FLEET
    from tests.support.client_session import logged_in
    from tests.support.live_app import serve_app

    with serve_app(tmp_path / "data", FLEET) as (url, _app):
        session = logged_in(qtbot, runner, url, "admin")
        api = MotionApi(session.api)
        region = MotionRegion(0.75, 0.0, 0.25, 0.25)
        found = api.search(_query(region=region))
        assert found.hits == () and not found.truncated
        assert found.not_analysed("cam001") == [(T0, T0 + timedelta(hours=2))]
        area = session.api.areas()[0].id
        by_area = api.search(MotionQuery(T0, T0 + timedelta(hours=1), area_id=area))
        assert by_area.hits == () and (by_area.columns, by_area.rows) == (32, 18)
        with pytest.raises(ApiError) as caught:
            api.search(MotionQuery(T0, T0 + timedelta(hours=1), camera_ids=("nope",)))
        assert caught.value.kind is ApiErrorKind.NOT_FOUND
