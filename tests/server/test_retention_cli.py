"""``python -m server retention`` as an administrator runs it (cron, a filling disk): a
real process on a real data directory deletes old footage and keeps protected footage."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

from server.clock import to_wire, utc_now
from tests.server.conftest import make_api
from tests.support.footage import record


def test_cli_retention_keeps_protected_footage(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    old = (utc_now() - timedelta(days=10)).replace(microsecond=0)
    segs = record(api.ctx.engine, data, "cam001", old, seconds=8, segment_s=4, fps=10, gop=10)
    with client:
        token = api.token("police")
        mark = api.client.post("/api/v1/bookmarks", headers={"Authorization": f"Bearer {token}"},
                               json={"camera_id": "cam001", "title": "Tabrak lari",
                                     "at": to_wire(old + timedelta(seconds=6)),
                                     "pre_roll_s": 0, "post_roll_s": 1}).json()
        protect = api.client.post(f"/api/v1/bookmarks/{mark['id']}/protect",
                                  headers={"Authorization": f"Bearer {token}"})
        assert protect.json()["protected"] is True

    def run(days: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "server", "retention", "--data-dir", str(data),
             "--retention-days", days],
            capture_output=True, text=True, timeout=120, check=True)
        return json.loads(done.stdout)

    assert run("30") == {"deleted_segments": 0, "deleted_bytes": 0, "kept_protected": 0,
                         "retention_days": 30.0}
    assert run("7") == {"deleted_segments": 1, "deleted_bytes": segs[0].bytes,
                        "kept_protected": 1, "retention_days": 7.0}
    assert [(data / s.path).exists() for s in segs] == [False, True]
