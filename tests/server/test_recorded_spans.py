"""A timeline zoomed out to a month: 30 days of 30 s segments (86,400 index rows, with
gaps, near-adjacent cuts and an overlap) answer the same spans as merging every Segment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from server.clock import parse_wire, to_wire
from server.recordings import merge_spans, segments_in
from server.schema import segments


def test_a_month_of_segments_merges_like_every_segment(api):
    t0 = datetime(2026, 10, 1, 0, 0, 0, 250000, tzinfo=UTC)
    rows = []
    for i in range(30 * 24 * 120):
        start = t0 + timedelta(seconds=30 * i)
        end = start + timedelta(seconds=30)
        if i % 97 == 0:
            end -= timedelta(seconds=5)  # a gap after it
        elif i % 89 == 0:
            end -= timedelta(milliseconds=200)  # a re-anchored cut: adjacent
        rows.append({"camera_id": "cam001", "profile": "main", "start_utc": start,
                     "end_utc": end, "path": f"r/{i}.mp4", "bytes": 1, "frames": 1})
    rows.append({"camera_id": "cam001", "profile": "main",  # inside the one before it
                 "start_utc": t0 + timedelta(seconds=61), "end_utc": t0 + timedelta(seconds=62),
                 "path": "r/sub.mp4", "bytes": 1, "frames": 1})
    with api.ctx.engine.begin() as conn:
        conn.execute(insert(segments), rows)

    start, end = t0 + timedelta(seconds=12), t0 + timedelta(days=30, seconds=-7)
    resp = api.get("/cameras/cam001/recordings", api.token("operator"),
                   start=to_wire(start), end=to_wire(end))
    assert resp.status_code == 200
    got = [(parse_wire(s["start"]), parse_wire(s["end"])) for s in resp.json()["spans"]]
    with api.ctx.engine.connect() as conn:
        every = merge_spans(segments_in(conn, "cam001", start, end), start, end)
    assert got == [(s.start, s.end) for s in every]
    assert len(got) == len(range(0, 30 * 24 * 120, 97)) + 1  # a span after each gap
    assert got[0][0] == start and got[-1][1] == end
