"""The crowd level in the client core (issue 17): the server's occupancy answer parsed
into typed points, gaps kept as gaps (runs, and NaN between them in what a plot draws),
the crowd rules that apply to a camera (its own, its areas'), and the service that
loads a chart off the GUI thread and drops a superseded load. The transport is a fake
of the ApiClient's ``call`` (tests/app/crowd_fakes.py); the real APIs run on it."""

from __future__ import annotations

import math
import threading
from datetime import timedelta

import pytest

from app.alarms import parse as alarm_parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.occupancy import OccupancyApi, points
from app.api.parse import parse_time
from app.crowd.series import point_at, series
from app.crowd.service import CrowdChartService
from app.crowd.types import (
    SAMPLE_EVERY,
    CrowdChart,
    CrowdRange,
    area_chain,
    crowd_thresholds,
    segments,
)
from app.domain import Area, AreaKind, Camera
from tests.app.crowd_fakes import (
    NOW,
    FakeCrowdServer,
    FakeCrowdTransport,
    SignedIn,
    crowd_rule_json,
    point_json,
)

WAIT_MS = 5000
BUCKET = 144.0  # 24 hours in 600 points

AREAS = [Area("jp", "Jakarta Pusat", AreaKind.KOTA, (
    Area("jp.menteng", "Menteng", AreaKind.KECAMATAN, (
        Area("jp.menteng.gondangdia", "Gondangdia", AreaKind.KELURAHAN),)),
    Area("jp.gambir", "Gambir", AreaKind.KECAMATAN))),
    Area("js", "Jakarta Selatan", AreaKind.KOTA)]
SUROPATI = Camera("cam001", "Taman Suropati", "jp.menteng.gondangdia",
                  ("Jakarta Pusat", "Menteng", "Gondangdia"))


class _Cameras:
    """The catalog as the service reads it."""

    def camera(self, camera_id: str) -> Camera | None:
        return SUROPATI if camera_id == SUROPATI.id else None

    def areas(self) -> list[Area]:
        return AREAS


def _day(levels: list[float | None], start=None) -> list[dict]:
    """Buckets of 144 s from ``start``; None: nothing measured (no point)."""
    start = start or NOW - timedelta(hours=2)
    return [point_json(start + timedelta(seconds=BUCKET * n), BUCKET, level,
                       min(1.0, level + 0.1))
            for n, level in enumerate(levels) if level is not None]


# -- parsing ------------------------------------------------------------------------------
def test_points_are_parsed_from_the_contract():
    found = points({"camera_id": "cam001", "points": [
        {"start": "2026-12-05T12:00:00Z", "end": "2026-12-05T12:02:24Z", "level": 0.12,
         "peak": 0.3, "moving": 0.05}]})
    assert len(found) == 1
    point = found[0]
    assert point.start == parse_time("2026-12-05T12:00:00Z") and point.start.tzinfo
    assert point.end - point.start == timedelta(seconds=144)
    assert (point.level, point.peak, point.moving) == (0.12, 0.3, 0.05)
    assert points({"camera_id": "cam001", "points": []}) == ()


@pytest.mark.parametrize("broken", [
    {}, {"points": None}, {"points": [{"start": "x", "end": "y", "level": 0, "peak": 0}]},
    {"points": [dict(point_json(NOW, 60, 0.2), level=1.5)]},
    {"points": [dict(point_json(NOW, 60, 0.2), peak=-0.1)]},
    {"points": [{"start": "2026-12-05T12:00:00Z", "end": "2026-12-05T12:01:00Z"}]},
    "not an object"])
def test_anything_else_is_a_bad_response(broken):
    with pytest.raises(ApiError) as raised:
        points(broken)
    assert raised.value.kind is ApiErrorKind.BAD_RESPONSE


def test_the_call_asks_for_the_range_in_utc_and_caps_the_points():
    server = FakeCrowdServer({"cam001": _day([0.1, 0.2])})
    api = OccupancyApi(FakeCrowdTransport(server))
    found = api.occupancy("cam001", NOW - timedelta(hours=6), NOW, 5000)
    assert [p.level for p in found] == [0.1, 0.2]
    method, path, params = server.calls[-1]
    assert (method, path) == ("GET", "/cameras/cam001/occupancy")
    assert params == {"start": "2026-12-05T08:00:00Z", "end": "2026-12-05T14:00:00Z",
                      "points": "1500"}
    api.occupancy("cam001", NOW - timedelta(hours=6), NOW, 1)
    assert server.calls[-1][2]["points"] == "10"
    with pytest.raises(ApiError) as raised:
        api.occupancy("cam999", NOW - timedelta(hours=6), NOW)
    assert raised.value.kind is ApiErrorKind.NOT_FOUND


# -- gaps ---------------------------------------------------------------------------------
def test_a_missing_bucket_is_a_gap_not_a_zero():
    found = points({"points": _day([0.1, 0.2, None, None, 0.0, 0.3, None, 0.4])})
    runs = segments(found)
    assert [[p.level for p in run] for run in runs] == [[0.1, 0.2], [0.0, 0.3], [0.4]]
    drawn = series(CrowdChart("cam001", NOW - timedelta(hours=2), NOW, found))
    # Two NaNs between three runs; a measured zero stays a zero; x rises throughout.
    nans = [n for n, v in enumerate(drawn.level) if math.isnan(v)]
    assert len(nans) == 2 and all(math.isnan(drawn.peak[n]) for n in nans)
    assert [v for v in drawn.level if not math.isnan(v)] == pytest.approx(
        [10, 20, 0, 30, 40, 40])  # the lone last bucket spans its width: two ends
    assert drawn.x == sorted(drawn.x)
    assert drawn.x[0] == pytest.approx(found[0].start.timestamp() + BUCKET / 2)
    assert drawn.x[-2:] == [found[-1].start.timestamp(), found[-1].end.timestamp()]


def test_the_point_at_a_time_is_its_bucket_or_none_in_a_gap():
    found = points({"points": _day([0.1, None, 0.3])})
    chart = CrowdChart("cam001", NOW - timedelta(hours=2), NOW, found)
    assert point_at(chart, found[0].start) is found[0]
    assert point_at(chart, found[0].end - timedelta(seconds=1)) is found[0]
    assert point_at(chart, found[0].end + timedelta(seconds=1)) is None
    assert point_at(chart, found[1].start + timedelta(seconds=5)) is found[1]
    assert point_at(chart, found[0].start - timedelta(seconds=1)) is None


def test_buckets_that_touch_are_one_run():
    found = points({"points": _day([0.1, 0.2, 0.3])})
    assert len(segments(found)) == 1
    # Minute buckets: one or two without a sample are the node's timing, three a gap.
    start = NOW - timedelta(hours=1)
    minutes = points({"points": [point_json(start + timedelta(minutes=n), 60, 0.2)
                                 for n in (0, 1, 3, 6, 7, 11, 12)]})
    assert [len(run) for run in segments(minutes)] == [5, 2]
    assert not any(math.isnan(v) for v in series(
        CrowdChart("cam001", NOW - timedelta(hours=2), NOW, found)).level)
    assert segments(()) == []


# -- the rules that apply -----------------------------------------------------------------
def test_the_area_chain_comes_from_the_catalog_or_the_dotted_id():
    assert area_chain(SUROPATI, AREAS) == ("jp", "jp.menteng", "jp.menteng.gondangdia")
    flat = Camera("cam009", "Elsewhere", "js.tebet.x")
    assert area_chain(flat, AREAS) == ("js", "js.tebet", "js.tebet.x")
    tree = [Area("menteng", "Menteng", AreaKind.KECAMATAN,
                 (Area("rt05", "RT 05", AreaKind.RT),))]
    assert area_chain(Camera("c", "C", "rt05"), tree) == ("menteng", "rt05")


def test_a_cameras_crowd_thresholds_are_its_own_and_its_areas_crowd_rules():
    rules = alarm_parse.rules([
        crowd_rule_json(1, "Suropati ramai", 0.45, camera_id="cam001"),
        crowd_rule_json(2, "Menteng padat", 0.3, area="jp.menteng"),
        crowd_rule_json(3, "Gambir", 0.2, area="jp.gambir"),  # another area
        crowd_rule_json(4, "Other camera", 0.5, camera_id="cam002"),
        crowd_rule_json(5, "Motion", 0.0, camera_id="cam001", kind="motion"),
        crowd_rule_json(6, "Kota off", 0.6, area="jp", enabled=False),
        crowd_rule_json(7, "jp.m is not jp.menteng", 0.7, area="jp.m")])
    found = crowd_thresholds(rules, "cam001", area_chain(SUROPATI, AREAS))
    assert [(t.rule_id, t.level, t.enabled, t.camera_rule) for t in found] == [
        (2, 0.3, True, False), (1, 0.45, True, True), (6, 0.6, False, False)]


def test_ranges_are_their_lengths():
    assert CrowdRange.HOURS_6.span == timedelta(hours=6)
    assert CrowdRange.HOURS_24.span == timedelta(hours=24)
    assert CrowdRange.DAYS_7.span == timedelta(days=7)
    assert CrowdRange.DAYS_30.span == timedelta(days=30)
    assert all(10 <= r.points <= 1500 for r in CrowdRange)
    # Never a bucket shorter than the node's sample: it would be a false gap.
    assert all(r.span / r.points >= SAMPLE_EVERY for r in CrowdRange)


# -- the service --------------------------------------------------------------------------
def _service(server: FakeCrowdServer | None, runner) -> CrowdChartService:
    return CrowdChartService(SignedIn(server), runner, _Cameras(), clock=lambda: NOW)


def test_the_service_loads_points_and_thresholds_off_the_gui_thread(qtbot, runner):
    main = threading.get_ident()
    seen_on: list[int] = []
    server = FakeCrowdServer({"cam001": _day([0.1, None, 0.5])},
                             [crowd_rule_json(1, "Ramai", 0.45, camera_id="cam001")])
    original = server.handle

    def handle(*args):
        seen_on.append(threading.get_ident())
        return original(*args)

    server.handle = handle
    service = _service(server, runner)
    with qtbot.waitSignal(service.chart_loaded, timeout=WAIT_MS) as loaded:
        request = service.load("cam001", CrowdRange.HOURS_6)
    assert loaded.args[0] == request
    chart: CrowdChart = loaded.args[1]
    assert chart.camera_id == "cam001" and chart.end == NOW
    assert chart.start == NOW - timedelta(hours=6)
    assert [p.level for p in chart.points] == [0.1, 0.5]
    assert len(chart.segments()) == 2
    assert [(t.name, t.level) for t in chart.thresholds] == [("Ramai", 0.45)]
    assert chart.rules_known
    assert seen_on and main not in seen_on
    params = server.occupancy_calls()[-1]
    assert (params["start"], params["end"]) == ("2026-12-05T08:00:00Z", "2026-12-05T14:00:00Z")


def test_a_newer_load_of_the_same_owner_drops_the_older(qtbot, runner):
    server = FakeCrowdServer({"cam001": _day([0.1]), "cam002": _day([0.2])})
    server.gates["cam001"] = threading.Event()
    service = _service(server, runner)
    loaded: list[tuple[int, CrowdChart]] = []
    service.chart_loaded.connect(lambda rid, chart: loaded.append((rid, chart)))
    old = service.load("cam001", CrowdRange.HOURS_24, owner="w")
    new = service.load("cam002", CrowdRange.HOURS_24, owner="w")
    other = service.load("cam002", CrowdRange.DAYS_7, owner="other window")
    qtbot.waitUntil(lambda: len(loaded) == 2, timeout=WAIT_MS)
    server.gates["cam001"].set()
    qtbot.wait(200)  # the old answer arrives too, and is dropped
    assert sorted(rid for rid, _ in loaded) == [new, other]
    assert old not in [rid for rid, _ in loaded]
    assert not service.pending("w") and not service.pending("other window")


def test_failures_are_said_with_their_kind_and_missing_rules_do_not_hide_the_chart(
        qtbot, runner):
    server = FakeCrowdServer({"cam001": _day([0.1])})
    service = _service(server, runner)
    with qtbot.waitSignal(service.load_failed, timeout=WAIT_MS) as failed:
        request = service.load("cam404", CrowdRange.HOURS_6)
    assert failed.args[:2] == [request, ApiErrorKind.NOT_FOUND]
    server.rules_refused = True
    with qtbot.waitSignal(service.chart_loaded, timeout=WAIT_MS) as loaded:
        service.load("cam001", CrowdRange.HOURS_6)
    assert not loaded.args[1].rules_known and loaded.args[1].thresholds == ()
    assert len(loaded.args[1].points) == 1
    signed_out = _service(None, runner)
    with qtbot.waitSignal(signed_out.load_failed, timeout=WAIT_MS) as failed:
        signed_out.load("cam001", CrowdRange.HOURS_6)
    assert failed.args[1] is ApiErrorKind.UNAUTHORIZED


def test_cancel_forgets_the_load_in_flight(qtbot, runner):
    server = FakeCrowdServer({"cam001": _day([0.1])})
    server.gates["cam001"] = threading.Event()
    service = _service(server, runner)
    answers: list[int] = []
    service.chart_loaded.connect(lambda rid, _c: answers.append(rid))
    service.load("cam001", CrowdRange.HOURS_6, owner="w")
    service.cancel("w")
    server.gates["cam001"].set()
    qtbot.wait(200)
    assert answers == [] and not service.pending("w")
