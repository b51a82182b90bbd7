"""Export jobs in the database: what was asked, by whom, and how far it got."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, select, update

from server.clock import to_wire, utc_now
from server.schema import exports


class ExportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ExportAsk:
    camera_id: str
    start: datetime
    end: datetime
    reason: str
    case_number: str
    requester: str | None = None
    bookmark_id: int | None = None
    request_id: int | None = None
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ExportJob:
    id: int
    ask: ExportAsk
    created_by: str
    created_by_name: str
    created_at: datetime
    state: ExportState
    progress: float
    error: str | None
    actual_start: datetime | None
    actual_end: datetime | None
    file_name: str | None
    sha256: str | None
    bytes: int | None
    manifest_sha256: str | None
    reencoded: bool

    def to_json(self, camera_name: str = "") -> dict:
        def wire(value):
            return to_wire(value) if value is not None else None

        return {
            "id": self.id,
            "camera_id": self.ask.camera_id,
            "camera_name": camera_name,
            "state": self.state.value,
            "progress": round(self.progress, 4),
            "error": self.error,
            "start": to_wire(self.ask.start),
            "end": to_wire(self.ask.end),
            "actual_start": wire(self.actual_start),
            "actual_end": wire(self.actual_end),
            "created_by": self.created_by,
            "created_at": to_wire(self.created_at),
            "reason": self.ask.reason,
            "case_number": self.ask.case_number,
            "requester": self.ask.requester,
            "bookmark_id": self.ask.bookmark_id,
            "request_id": self.ask.request_id,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "manifest_sha256": self.manifest_sha256,
            "reencoded": self.reencoded,
            "file_name": self.file_name,
        }


def _job(r) -> ExportJob:
    ask = ExportAsk(
        r.camera_id,
        r.start_utc,
        r.end_utc,
        r.reason,
        r.case_number,
        r.requester,
        r.bookmark_id,
        r.request_id,
        json.loads(r.options or "{}"),
    )
    return ExportJob(
        r.id,
        ask,
        r.created_by,
        r.created_by_name,
        r.created_at,
        ExportState(r.state),
        r.progress,
        r.error,
        r.actual_start,
        r.actual_end,
        r.file_name,
        r.sha256,
        r.bytes,
        r.manifest_sha256,
        bool(r.reencoded),
    )


def create_job(conn: Connection, ask: ExportAsk, username: str, display_name: str) -> int:
    result = conn.execute(
        exports.insert().values(
            camera_id=ask.camera_id,
            start_utc=ask.start,
            end_utc=ask.end,
            reason=ask.reason,
            case_number=ask.case_number,
            requester=ask.requester,
            bookmark_id=ask.bookmark_id,
            request_id=ask.request_id,
            options=json.dumps(ask.options, sort_keys=True),
            created_by=username,
            created_by_name=display_name,
            created_at=utc_now(),
            state=ExportState.QUEUED.value,
            progress=0.0,
            reencoded=False,
        )
    )
    return int(result.inserted_primary_key[0])


def get_job(conn: Connection, job_id: int) -> ExportJob | None:
    row = conn.execute(select(exports).where(exports.c.id == job_id)).first()
    return _job(row) if row is not None else None


def list_jobs(conn: Connection, created_by: str | None = None, limit: int = 200) -> list[ExportJob]:
    """Newest first; ``created_by`` None lists everyone's."""
    query = select(exports).order_by(exports.c.id.desc()).limit(limit)
    if created_by is not None:
        query = query.where(exports.c.created_by == created_by)
    return [_job(r) for r in conn.execute(query)]


def unfinished(conn: Connection) -> list[int]:
    states = (ExportState.QUEUED.value, ExportState.RUNNING.value)
    query = select(exports.c.id).where(exports.c.state.in_(states)).order_by(exports.c.id)
    return [r.id for r in conn.execute(query)]


def set_fields(conn: Connection, job_id: int, **values) -> None:
    if "state" in values and isinstance(values["state"], ExportState):
        values["state"] = values["state"].value
    conn.execute(update(exports).where(exports.c.id == job_id).values(**values))
