"""A schemathesis run against the server's own /openapi.json: every operation, signed in
as an administrator (the role that reaches every route), examples bounded so the run
stays around a minute. Zero 5xx, and every error answer is in the server's one shape
{"detail": {"code", "message"}}.

The app runs over ASGI on a real SQLite database in a temporary directory, with the demo
fleet and 4 s of footage on cam001 (so playback, thumbnails and exports have something
to cut). Left out, each for a reason: the event stream (it never ends), sign-out (it
would end the run's session), and the camera probe/preview (they connect to whatever
address the fuzzer writes; the server talks to cameras, never to the world from a test).

At 6 examples per operation (and at 12) the run found no 5xx on this tree. A 5xx found
later in a file another engineer owns: mark that operation xfail(strict=True) with the
issue bullet it belongs to (pytest_collection_modifyitems on the label), so the rest
stays guarded.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase

from server.app import build_context, create_app
from server.camsim_import import import_fleet
from server.settings import Settings
from server.users import authenticate, open_session
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.footage import record

EXAMPLES_PER_OPERATION = 6  # ~75 operations, ~40 s of CPU (12 took 80 s, found no more)

_EXCLUDED = (
    ("GET", "/api/v1/events"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/admin/cameras/probe"),
    ("POST", "/api/v1/admin/cameras/preview"),
)


def _app_and_token():
    data = Path(tempfile.mkdtemp(prefix="pantau-fuzz-"))
    atexit.register(shutil.rmtree, data, True)
    ctx = build_context(Settings(data_dir=data, demo=True, record=False, relay=False))
    import_fleet(ctx, FLEET)
    record(ctx.engine, data, "cam001", datetime(2026, 11, 22, 3, tzinfo=UTC), seconds=4,
           segment_s=2, fps=10, gop=10)
    with ctx.engine.begin() as conn:
        token, _ = open_session(conn, authenticate(conn, "admin", DEMO_PASSWORD))
    return create_app(ctx, start_services=False), token


APP, TOKEN = _app_and_token()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
for method, path in _EXCLUDED:
    schema = schema.exclude(method=method, path=path)


@schemathesis.check
def error_shape(ctx, response, case) -> None:
    """Every 4xx/5xx answer is {"detail": {"code": str, "message": str}}."""
    if response.status_code < 400:
        return
    body = response.json()
    detail = body.get("detail") if isinstance(body, dict) else None
    assert isinstance(detail, dict), f"{case.operation.label}: error without detail: {body}"
    assert isinstance(detail.get("code"), str) and isinstance(detail.get("message"), str), (
        f"{case.operation.label}: error without code and message: {body}")


@schemathesis.check
def signed_in(ctx, response, case) -> None:
    """The token holds for the whole run: a request that carried it and got 401 would
    mean everything after it tested only the door. (Schemathesis also sends requests
    with the header left out or altered, on purpose: those may well get 401.)"""
    carried = response.request.headers.get("Authorization") == f"Bearer {TOKEN}"
    if carried and case.operation.path != "/api/v1/auth/login":
        assert response.status_code != 401, f"{case.operation.label}: 401 {response.text}"


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing input is printed
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,  # the same inputs every run: a red run is reproducible
)
def test_api_answers_without_5xx_and_in_the_error_shape(case):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[schemathesis.checks.not_a_server_error, error_shape, signed_in],
    )
