from datetime import UTC, datetime

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient, normalise_server_url
from app.domain import AreaKind, CameraStatus
from tests.app.local_http import CAMERAS, LOGIN_OK, WRONG_PASSWORD, serve
from tests.support.net import free_port


def _error(call) -> ApiError:
    with pytest.raises(ApiError) as info:
        call()
    return info.value


def test_login_returns_the_session_and_later_calls_carry_the_token():
    with serve({("POST", "/api/v1/auth/login"): LOGIN_OK,
                ("GET", "/api/v1/cameras"): CAMERAS}) as (url, seen):
        api = ApiClient(url)
        session = api.login("operator", "pantau-demo")
        cameras = api.cameras(q="taman")
    assert session.user.display_name == "Operator"
    assert session.expires_at == datetime(2030, 1, 1, tzinfo=UTC)
    assert seen[0]["authorization"] is None
    assert seen[1]["authorization"] == "Bearer tok-123"
    assert seen[1]["path"] == "/api/v1/cameras?q=taman"
    assert [c.id for c in cameras] == ["cam001", "cam002", "cam003"]
    assert cameras[0].ptz and cameras[0].area_path == ("Jakarta Pusat", "Menteng")
    assert cameras[2].status is CameraStatus.UNKNOWN  # unknown words do not break us


def test_wrong_password_is_invalid_credentials_with_the_servers_words():
    with serve({("POST", "/api/v1/auth/login"): WRONG_PASSWORD}) as (url, _):
        error = _error(lambda: ApiClient(url).login("operator", "nope"))
    assert error.kind is ApiErrorKind.INVALID_CREDENTIALS
    assert error.message == "Wrong user name or password"
    assert error.status == 401


@pytest.mark.parametrize(("status", "body", "kind"), [
    (401, {"detail": {"code": "token_expired", "message": "expired"}},
     ApiErrorKind.UNAUTHORIZED),
    (403, {"detail": {"code": "forbidden_area", "message": "not your area"}},
     ApiErrorKind.FORBIDDEN),
    (404, {"detail": {"code": "no_recording", "message": "nothing recorded"}},
     ApiErrorKind.NO_RECORDING),
    (404, {"detail": {"code": "camera_not_found", "message": "no camera"}},
     ApiErrorKind.NOT_FOUND),
    (422, {"detail": {"code": "bad_time", "message": "start after end"}},
     ApiErrorKind.BAD_REQUEST),
    (500, {"detail": {"code": "internal", "message": "disk full"}}, ApiErrorKind.SERVER_ERROR),
    (502, b"<html>bad gateway</html>", ApiErrorKind.SERVER_ERROR),
    (200, b"<html>not json</html>", ApiErrorKind.BAD_RESPONSE),
    (200, {"spans": "nope"}, ApiErrorKind.BAD_RESPONSE),
])
def test_error_mapping(status, body, kind):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    end = datetime(2025, 1, 1, 0, 5, tzinfo=UTC)
    with serve({("GET", "/api/v1/cameras/cam001/recordings"): (status, body)}) as (url, _):
        error = _error(lambda: ApiClient(url).recordings("cam001", start, end))
    assert error.kind is kind


def test_unreachable_server():
    api = ApiClient(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    error = _error(api.areas)
    assert error.kind is ApiErrorKind.UNREACHABLE


def test_areas_parse_into_a_tree():
    from tests.app.local_http import AREAS
    with serve({("GET", "/api/v1/areas"): AREAS}) as (url, _):
        areas = ApiClient(url).areas()
    assert [a.name for a in areas[0].walk()] == ["Jakarta Pusat", "Menteng", "Gambir"]
    assert areas[0].children[0].kind is AreaKind.KECAMATAN


def test_playback_url_carries_utc_times_and_no_secret():
    api = ApiClient("127.0.0.1:8080/")
    api.set_token("tok")
    url = api.playback_url("cam 1", datetime(2025, 1, 1, 7, tzinfo=UTC),
                           datetime(2025, 1, 1, 7, 5, tzinfo=UTC))
    assert url == ("http://127.0.0.1:8080/api/v1/cameras/cam%201/playback?"
                   "start=2025-01-01T07%3A00%3A00Z&end=2025-01-01T07%3A05%3A00Z")
    assert api.auth_headers() == {"Authorization": "Bearer tok"}
    assert normalise_server_url(" https://pantau.example/ ") == "https://pantau.example"
