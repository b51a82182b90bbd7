"""kill -9 during an export, on a real server process: after the restart the half-written
export is failed as interrupted (never offered as done, its partial files gone), the
exports still queued run, and the same export can be asked again and verifies."""

from __future__ import annotations

import time
from datetime import timedelta

from app.verify import verify_export
from server.clock import to_wire
from server.exports.worker import INTERRUPTED
from tests.server.conftest import FOOTAGE_T0 as T0
from tests.server.conftest import make_api
from tests.support.footage import record
from tests.support.net import http_json
from tests.support.server_proc import run_server

SECONDS = 30  # long enough that a watermarked export is still running when killed


def _prepare(data_dir):
    """cam001 with SECONDS of footage, in a data directory the server then starts on."""
    api, client = make_api(data_dir)
    record(api.ctx.engine, data_dir, "cam001", T0, seconds=SECONDS, segment_s=10)
    api.ctx.engine.dispose()


def _ask(n, long=True):
    """A watermarked export of all the footage (slow), or a short copy (quick)."""
    end = T0 + timedelta(seconds=SECONDS if long else n + 3)
    return {"camera_id": "cam001", "start": to_wire(T0 + timedelta(seconds=n)),
            "end": to_wire(end), "reason": "Tabrakan beruntun",
            "case_number": f"LP/{n}/XII/2026", "watermark": long}


def _wait(srv, token, export_id, states, timeout_s=120):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status, job = srv.get(f"/exports/{export_id}", token)
        assert status == 200, job
        if job["state"] in states:
            return job
        time.sleep(0.05)
    raise AssertionError(f"export {export_id} never reached {states}: {job}")


def test_kill_9_during_an_export_leaves_it_failed_not_done_and_it_can_be_asked_again(tmp_path):
    data_dir = tmp_path / "server" / "data"
    _prepare(data_dir)
    with run_server(tmp_path, data_dir=data_dir, record=False) as srv:
        token = srv.login("supervisor")
        # Two workers: the two long ones run, the short one waits in the queue.
        asks = [_ask(0), _ask(1), _ask(2, long=False)]
        ids = [http_json("POST", srv.api + "/exports", a, token)[1]["id"] for a in asks]
        running = _wait(srv, token, ids[0], ("running",))
        while running["progress"] < 0.1 and running["state"] == "running":
            running = srv.get(f"/exports/{ids[0]}", token)[1]
        at_kill = {i: srv.get(f"/exports/{i}", token)[1]["state"] for i in ids}
        srv.process.kill()  # SIGKILL: no shutdown code runs
        srv.process.wait(timeout=30)
    interrupted = [i for i, state in at_kill.items() if state == "running"]
    assert interrupted, f"nothing was running when the server was killed: {at_kill}"
    assert list((data_dir / "exports" / str(interrupted[0])).iterdir())  # half written

    with run_server(tmp_path, data_dir=data_dir, record=False) as srv:
        token = srv.login("supervisor")
        for export_id in interrupted:
            job = srv.get(f"/exports/{export_id}", token)[1]
            assert job["state"] == "failed" and job["error"] == INTERRUPTED, job
            assert job["sha256"] is None and job["file_name"] is None
            status, body = srv.get(f"/exports/{export_id}/file", token)
            assert status == 409 and body["detail"]["code"] == "export_not_ready"
            assert not list((data_dir / "exports" / str(export_id)).iterdir())
        status, audit = srv.get("/audit?action=export.failed", token)
        assert {e["details"]["export_id"] for e in audit} >= set(interrupted)
        # Those still queued at the kill run now; the interrupted one is asked again.
        for export_id in set(ids) - set(interrupted):
            assert _wait(srv, token, export_id, ("done", "failed"))["state"] == "done"
        again = http_json("POST", srv.api + "/exports", asks[ids.index(interrupted[0])],
                          token)[1]
        job = _wait(srv, token, again["id"], ("done", "failed"))
        assert job["state"] == "done", job
        folder = data_dir / "exports" / str(job["id"])
        key = srv.get("/exports/public-key")[1]
        result = verify_export(folder, trusted_key_ids=[key["key_id"]])
        assert result.ok, result.summary()
