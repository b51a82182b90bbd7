"""ExportService against the real server on a real socket: it queues an export, follows
it to the end, downloads the three files and verifies them; refusals come back as
signals."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest

from app.api.errors import ApiErrorKind
from app.api.exports import ExportState
from app.services.exports import ExportService
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.live_app import serve_app


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("exports") / "data"
    with serve_app(data, FLEET, prepare=footage(data, 12)) as (url, _app):
        yield url


def _service(qtbot, runner, url, user, folder):
    return ExportService(logged_in(qtbot, runner, url, user), runner,
                         export_dir=lambda: folder, poll_ms=100)


def test_an_export_is_followed_downloaded_and_verified(qtbot, runner, server, tmp_path):
    exports = _service(qtbot, runner, server, "supervisor", tmp_path / "exports")
    states = []
    exports.export_changed.connect(lambda job: states.append(job.state))
    with qtbot.waitSignal(exports.verified, timeout=30_000) as checked:
        exports.create("cam001", FOOTAGE_T0 + timedelta(seconds=2),
                       FOOTAGE_T0 + timedelta(seconds=6), "Tabrak lari", "LP/9/XI/2026",
                       "Andi")
    path, result = checked.args
    assert result.ok, result.summary()
    assert states[0] is ExportState.QUEUED and states[-1] is ExportState.DONE
    files = sorted(p.name.split(".", 1)[1] for p in (tmp_path / "exports").rglob("*.*"))
    assert files == ["manifest.json", "manifest.sig", "mp4", "pubkey.pem"]
    manifest = json.loads(next((tmp_path / "exports").rglob("*.manifest.json")).read_text())
    assert manifest["case_number"] == "LP/9/XI/2026"
    # Trusted because it is the key of the server signed in to, not the folder's copy.
    assert [c.name for c in result.checks][-1] == "signer"


def test_a_c2pa_export_comes_with_each_pictures_time(qtbot, runner, server, tmp_path):
    exports = _service(qtbot, runner, server, "supervisor", tmp_path / "exports")
    with qtbot.waitSignal(exports.verified, timeout=30_000) as checked:
        exports.create("cam001", FOOTAGE_T0 + timedelta(seconds=2),
                       FOOTAGE_T0 + timedelta(seconds=6), "Tabrak lari", "LP/9/XI/2026",
                       "Andi", c2pa=True)
    path, result = checked.args
    assert result.ok, result.summary()
    files = sorted(p.name.split(".", 1)[1] for p in (tmp_path / "exports").rglob("*.*"))
    assert files == ["frames.csv", "manifest.json", "manifest.sig", "mp4", "pubkey.pem"]
    manifest = json.loads(next((tmp_path / "exports").rglob("*.manifest.json")).read_text())
    times = next((tmp_path / "exports").rglob("*.frames.csv")).read_bytes()
    assert hashlib.sha256(times).hexdigest() == manifest["frame_times"]["sha256"]
    assert manifest["c2pa"]["embedded"] is True


def test_an_operator_is_told_no(qtbot, runner, server, tmp_path):
    exports = _service(qtbot, runner, server, "operator", tmp_path)
    with qtbot.waitSignal(exports.failed, timeout=10_000) as refused:
        ticket = exports.create("cam001", FOOTAGE_T0, FOOTAGE_T0 + timedelta(seconds=3),
                                "Tabrak lari", "LP/9")
    assert refused.args[0] == ticket and refused.args[1] is ApiErrorKind.FORBIDDEN
    assert "export" in refused.args[2]
