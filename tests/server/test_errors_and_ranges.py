"""Bad input, unknown routes and internal failures all answer in the one error shape."""

from datetime import UTC, datetime, timedelta

import pytest

from server.recordings import Segment, add_segment


def _code(resp, status):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"detail"} and set(body["detail"]) == {"code", "message"}, body
    return body["detail"]["code"]


def test_unknown_route_and_wrong_method(shared_api):
    assert _code(shared_api.client.get("/api/v1/nothing-here"), 404) == "not_found"
    assert _code(shared_api.client.delete("/api/v1/health"), 405) == "method_not_allowed"


def test_internal_error_does_not_leak(api):
    def boom():
        raise RuntimeError("secret at /srv/pantau/keys and sqlite:///x.db")

    api.client.app.add_api_route("/api/v1/boom", boom)
    resp = api.client.get("/api/v1/boom")
    assert _code(resp, 500) == "internal_error"
    assert "secret" not in resp.text and "sqlite" not in resp.text and "Traceback" not in resp.text


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("2025-05-01T03:00:00Z", "2025-05-01T03:00:00Z", "invalid_range"),
        ("2025-05-01T04:00:00Z", "2025-05-01T03:00:00Z", "invalid_range"),
        ("yesterday", "2025-05-01T03:00:00Z", "invalid_time"),
        ("2025-05-01T03:00:00Z", "2025-13-01T03:00:00Z", "invalid_time"),
        ("2025-05-01T03:00:00", "2025-05-01T04:00:00", "invalid_time"),  # no zone
        ("2025-05-01T03:00:00Z", "2025-06-01T03:00:01Z", "range_too_long"),
        ("1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z", "range_too_long"),
        ("1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "invalid_time"),  # past year 2999
        ("0001-01-01T00:00:00+05:00", "2025-05-01T03:00:00Z", "invalid_time"),
        ("' OR 1=1 --", "2025-05-01T03:00:00Z", "invalid_time"),
    ],
)
def test_bad_time_ranges(shared_api, start, end, code):
    token = shared_api.token("operator")
    for what in ("recordings", "playback"):
        resp = shared_api.get(f"/cameras/cam001/{what}", token, start=start, end=end)
        assert _code(resp, 400) == code, (what, start, end)


def test_spans_reach_back_a_month_but_playback_a_day(shared_api):
    token = shared_api.token("operator")
    month = {"start": "2025-05-01T03:00:00Z", "end": "2025-05-31T03:00:00Z"}
    spans = shared_api.get("/cameras/cam001/recordings", token, **month)
    assert spans.status_code == 200 and spans.json()["spans"] == []
    day_and_a_second = {"start": "2025-05-01T03:00:00Z", "end": "2025-05-02T03:00:01Z"}
    played = shared_api.get("/cameras/cam001/playback", token, **day_and_a_second)
    assert _code(played, 400) == "range_too_long"


def test_missing_range_and_oversized_parameters(shared_api):
    token = shared_api.token("operator")
    missing = shared_api.get("/cameras/cam001/recordings", token)
    assert _code(missing, 422) == "validation_error"
    assert "start" in missing.json()["detail"]["message"]
    huge = shared_api.get("/cameras/cam001/recordings", token, start="2" * 500, end="x")
    assert _code(huge, 422) == "validation_error"


def test_a_range_with_no_recording(shared_api):
    token = shared_api.token("operator")
    params = {"start": "2025-05-01T03:00:00Z", "end": "2025-05-01T03:10:00Z"}
    spans = shared_api.get("/cameras/cam001/recordings", token, **params)
    assert spans.json() == {"camera_id": "cam001", "spans": [], "gaps": []}
    play = shared_api.get("/cameras/cam001/playback", token, **params)
    assert _code(play, 404) == "no_recording"
    outside = shared_api.get("/cameras/cam003/playback", shared_api.token("police"), **params)
    assert _code(outside, 404) == "camera_not_found"


def test_spans_merge_adjacent_segments_and_show_gaps(api):
    t0 = datetime(2025, 5, 1, 3, 0, tzinfo=UTC)

    def seg(a, b):
        return Segment("cam001", t0 + timedelta(seconds=a), t0 + timedelta(seconds=b),
                       f"recordings/cam001/x{a}.mp4", 1000, 10)  # fmt: skip

    with api.ctx.engine.begin() as conn:
        for a, b in [(0, 10), (10, 20), (20, 30), (45, 55), (55, 60), (300, 310)]:
            add_segment(conn, seg(a, b))
        add_segment(conn, Segment("cam002", t0, t0 + timedelta(hours=1), "r/c2.mp4", 1, 1))
    token = api.token("operator")
    resp = api.get(
        "/cameras/cam001/recordings",
        token,
        start="2025-05-01T03:00:05Z",
        end="2025-05-01T10:05:00+07:00",  # WIB; the 03:05 segment starts at end,
    )
    assert resp.json() == {
        "camera_id": "cam001",
        "spans": [
            {"start": "2025-05-01T03:00:05.000Z", "end": "2025-05-01T03:00:30.000Z"},
            {"start": "2025-05-01T03:00:45.000Z", "end": "2025-05-01T03:01:00.000Z"},
        ],
        "gaps": [],  # nothing lost: between the spans nothing was recorded
    }
    # The segments exist in the index but not on disk: nothing to play.
    play = api.get(
        "/cameras/cam001/playback", token, start="2025-05-01T03:00:00Z", end="2025-05-01T03:00:10Z"
    )
    assert _code(play, 404) == "no_recording"


def test_openapi_document_describes_the_api(shared_api):
    doc = shared_api.client.get("/openapi.json").json()
    for path in (
        "/api/v1/auth/login", "/api/v1/auth/me", "/api/v1/areas", "/api/v1/cameras",
        "/api/v1/cameras/{camera_id}/live", "/api/v1/cameras/{camera_id}/recordings",
        "/api/v1/cameras/{camera_id}/playback", "/api/v1/health",
    ):  # fmt: skip
        assert path in doc["paths"], path
    assert (
        "video/mp4"
        in doc["paths"]["/api/v1/cameras/{camera_id}/playback"]["get"]["responses"]["200"][
            "content"
        ]
    )


def test_health_needs_no_sign_in(shared_api):
    # Without sign-in: what monitoring needs, nothing about cameras or folders.
    body = shared_api.client.get("/api/v1/health").json()
    assert set(body) == {"status", "version"} and body["status"] in ("ok", "degraded")
    signed_in = shared_api.get("/health", shared_api.token("admin")).json()
    assert signed_in["storage"]["free_bytes"] > 0
    assert signed_in["recorder"] == {"cameras": {}}
