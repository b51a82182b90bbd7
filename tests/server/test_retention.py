"""Retention on real footage: old recordings go, footage under a protected bookmark
stays (file, index and playback) until a supervisor unprotects it."""

from __future__ import annotations

from datetime import timedelta

from server.clock import to_wire, utc_now
from tests.server.conftest import make_api
from tests.support.footage import record


def _call(api, method, path, token, body=None, **params):
    return api.client.request(method, "/api/v1" + path, json=body, params=params or None,
                              headers={"Authorization": f"Bearer {token}"})


def test_retention_never_deletes_protected_footage(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    old = (utc_now() - timedelta(days=40)).replace(microsecond=0)
    recent = (utc_now() - timedelta(hours=1)).replace(microsecond=0)
    segs = record(api.ctx.engine, data, "cam001", old, seconds=20, segment_s=4, fps=10, gop=10)
    fresh = record(api.ctx.engine, data, "cam002", recent, seconds=4, segment_s=4, fps=10)
    with client:
        operator, supervisor = api.token("operator"), api.token("supervisor")
        mark = _call(api, "POST", "/bookmarks", operator, {
            "camera_id": "cam001", "at": to_wire(old + timedelta(seconds=6)),
            "pre_roll_s": 1, "post_roll_s": 1, "title": "Bukti penjambretan"}).json()
        _call(api, "POST", f"/bookmarks/{mark['id']}/protect", operator)

        assert _call(api, "POST", "/retention/run", operator).status_code == 403
        report = _call(api, "POST", "/retention/run", supervisor).json()
        # Five 4 s segments 40 days old; the one holding 5 s..7 s is protected.
        assert report["deleted_segments"] == 4 and report["kept_protected"] == 1
        assert report["deleted_bytes"] == sum(s.bytes for s in segs if s is not segs[1])
        assert [(data / s.path).exists() for s in segs] == [False, True, False, False, False]
        assert (data / fresh[0].path).exists()  # an hour old: not retention's business

        def spans():
            return _call(api, "GET", "/cameras/cam001/recordings", supervisor,
                         start=to_wire(old), end=to_wire(old + timedelta(minutes=1))).json()

        assert spans()["spans"] == [{"start": to_wire(old + timedelta(seconds=4)),
                                     "end": to_wire(old + timedelta(seconds=8))}]
        played = _call(api, "GET", "/cameras/cam001/playback", supervisor,
                       start=to_wire(old + timedelta(seconds=5)),
                       end=to_wire(old + timedelta(seconds=7)))
        assert played.status_code == 200 and played.headers["content-type"] == "video/mp4"
        assert len(played.content) > 1000
        gone = _call(api, "GET", "/cameras/cam001/playback", supervisor,
                     start=to_wire(old + timedelta(seconds=12)),
                     end=to_wire(old + timedelta(seconds=14)))
        assert gone.status_code == 404

        # Running again changes nothing; unprotecting (supervisor only) lets it go.
        assert _call(api, "POST", "/retention/run", supervisor).json()["kept_protected"] == 1
        assert _call(api, "DELETE", f"/bookmarks/{mark['id']}/protect",
                     operator).status_code == 403
        assert (data / segs[1].path).exists()
        _call(api, "DELETE", f"/bookmarks/{mark['id']}/protect", supervisor)
        again = _call(api, "POST", "/retention/run", supervisor).json()
        assert again["deleted_segments"] == 1 and again["kept_protected"] == 0
        assert not (data / segs[1].path).exists() and spans()["spans"] == []
        runs = api.get("/audit", supervisor, action="retention.").json()
        assert [r["details"]["deleted_segments"] for r in runs] == [1, 0, 4]
