"""Retention making room on a full disk (server/retention.py make_room) on real footage:
the oldest segments of any camera go first, and nothing held goes at all — a protected
bookmark, a pending evidence request, an export still being cut."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server import audit
from server.bookmarks import set_protected
from server.clock import utc_now
from server.evidence import NewRequest, create_request
from server.exports.jobs import ExportAsk, create_job
from server.retention import make_room
from server.schema import bookmarks, segments
from tests.server.conftest import make_api
from tests.support.footage import record


def test_make_room_deletes_oldest_first_and_never_held_footage(tmp_path):
    data = tmp_path / "data"
    api, _client = make_api(data)
    engine = api.ctx.engine
    t0 = (utc_now() - timedelta(hours=2)).replace(microsecond=0)
    # cam001: 0-2, 2-4, ... 10-12 s; cam002 starts 1 s later: the order crosses cameras.
    one = record(engine, data, "cam001", t0, seconds=12, segment_s=2, fps=10, gop=10)
    two = record(engine, data, "cam002", t0 + timedelta(seconds=1), seconds=12, segment_s=2,
                 fps=10, gop=10)  # fmt: skip
    with engine.begin() as conn:
        mark = conn.execute(bookmarks.insert().values(
            camera_id="cam001", at_utc=t0 + timedelta(seconds=5),
            start_utc=t0 + timedelta(seconds=4.5), end_utc=t0 + timedelta(seconds=5.5),
            title="Bukti", description="", tags="[]", author="operator",
            author_name="Operator", created_at=utc_now(), updated_at=utc_now(),
            protected=False)).inserted_primary_key[0]  # fmt: skip
        set_protected(conn, mark, "supervisor")
        create_request(conn, NewRequest("Warga", "0812", t0, "Taman", ("cam002",),
                                        t0 + timedelta(seconds=7.5), t0 + timedelta(seconds=8),
                                        "pencurian"), "operator")  # fmt: skip
        create_job(conn, ExportAsk("cam001", t0 + timedelta(seconds=10.5),
                                   t0 + timedelta(seconds=11), "bukti", "LP/1/2026"),
                   "supervisor", "Supervisor")  # fmt: skip

    # Room enough once the four oldest files are gone: those are cam001 0-2, cam002
    # 1-3, cam001 2-4, cam002 3-5 (start order, across cameras).
    oldest = [one[0], two[0], one[1], two[1]]
    report = make_room(engine, data, lambda: not any((data / s.path).exists() for s in oldest))
    assert report.deleted_segments == 4 and not report.exhausted
    assert [(data / s.path).exists() for s in one[:3]] == [False, False, True]

    # No room however much goes: everything not held goes, the held stay.
    report = make_room(engine, data, lambda: False)
    assert report.exhausted
    held = {one[2].path, two[3].path, one[5].path}  # bookmark 4.5-5.5, request 7.5-8, export
    with engine.connect() as conn:
        left = set(conn.execute(select(segments.c.path)).scalars())
    assert left == held
    assert {s.path for s in one + two if (data / s.path).exists()} == held
    with engine.connect() as conn:
        runs = [e for e in audit.query(conn, action_prefix="retention.run")
                if e.details.get("trigger") == "low_space"]
    assert [e.details["deleted_segments"] for e in runs] == [5, 4]  # newest first
