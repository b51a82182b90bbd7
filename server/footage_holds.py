"""Footage nothing may delete, neither retention by age nor retention making room on a
full disk: what a protected bookmark covers, what a pending evidence request asks for,
and what a queued or running export is cutting."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from sqlalchemy import Connection, select

from server.evidence import RequestState
from server.exports.jobs import ExportState
from server.schema import bookmarks, evidence_requests, exports

Span = tuple[datetime, datetime]


def held_ranges(conn: Connection) -> dict[str, list[Span]]:
    """Camera id -> the time ranges of its footage that must stay."""
    held: dict[str, list[Span]] = defaultdict(list)
    b = bookmarks.c
    for cam, start, end in conn.execute(
        select(b.camera_id, b.start_utc, b.end_utc).where(b.protected.is_(True))
    ):
        held[cam].append((start, end))
    e = exports.c
    busy = (ExportState.QUEUED.value, ExportState.RUNNING.value)
    for cam, start, end in conn.execute(
        select(e.camera_id, e.start_utc, e.end_utc).where(e.state.in_(busy))
    ):
        held[cam].append((start, end))
    # A pending request has no export yet: the footage it asks for must still be there
    # when a supervisor approves it. An approved one holds through its exports above.
    r = evidence_requests.c
    for cams, start, end in conn.execute(
        select(r.camera_ids, r.start_utc, r.end_utc).where(
            r.state == RequestState.PENDING.value
        )
    ):
        for cam in json.loads(cams or "[]"):
            held[cam].append((start, end))
    return dict(held)


def is_held(camera_id: str, start: datetime, end: datetime, held: dict[str, list[Span]]) -> bool:
    return any(start < h_end and end > h_start for h_start, h_end in held.get(camera_id, ()))
