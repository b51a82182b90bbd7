"""Citizens' evidence requests: recorded by an operator, decided by a supervisor."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, select, update

from server.clock import to_wire, utc_now
from server.schema import evidence_requests


class RequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True)
class NewRequest:
    requester_name: str
    requester_contact: str
    incident_at: datetime
    incident_place: str
    camera_ids: tuple[str, ...]
    start: datetime
    end: datetime
    reason: str


@dataclass(frozen=True)
class EvidenceRequest:
    id: int
    state: RequestState
    ask: NewRequest
    created_by: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    case_number: str | None
    export_ids: tuple[int, ...]
    # Cameras of the request outside the caller's areas, left out of camera_ids (and
    # their exports out of export_ids): see ``seen_by``.
    hidden_cameras: int = 0

    def seen_by(self, shown: set[str], export_cameras: dict[int, str]) -> EvidenceRequest:
        """The request as a caller who may see only the cameras ``shown`` is shown it:
        the other cameras and their exports (``export_cameras``: export id -> camera)
        left out, counted in hidden_cameras."""
        cameras = tuple(c for c in self.ask.camera_ids if c in shown)
        if len(cameras) == len(self.ask.camera_ids):
            return self
        exports = tuple(e for e in self.export_ids if export_cameras.get(e) in shown)
        return replace(self, ask=replace(self.ask, camera_ids=cameras), export_ids=exports,
                       hidden_cameras=len(self.ask.camera_ids) - len(cameras))

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "state": self.state.value,
            "requester_name": self.ask.requester_name,
            "requester_contact": self.ask.requester_contact,
            "incident_at": to_wire(self.ask.incident_at),
            "incident_place": self.ask.incident_place,
            "camera_ids": list(self.ask.camera_ids),
            "start": to_wire(self.ask.start),
            "end": to_wire(self.ask.end),
            "reason": self.ask.reason,
            "created_by": self.created_by,
            "created_at": to_wire(self.created_at),
            "decided_by": self.decided_by,
            "decided_at": to_wire(self.decided_at) if self.decided_at else None,
            "decision_note": self.decision_note,
            "case_number": self.case_number,
            "export_ids": list(self.export_ids),
            "hidden_cameras": self.hidden_cameras,
        }


def _request(r) -> EvidenceRequest:
    ask = NewRequest(
        r.requester_name,
        r.requester_contact,
        r.incident_at,
        r.incident_place,
        tuple(json.loads(r.camera_ids)),
        r.start_utc,
        r.end_utc,
        r.reason,
    )
    return EvidenceRequest(
        r.id,
        RequestState(r.state),
        ask,
        r.created_by,
        r.created_at,
        r.decided_by,
        r.decided_at,
        r.decision_note,
        r.case_number,
        tuple(json.loads(r.export_ids or "[]")),
    )


def create_request(conn: Connection, ask: NewRequest, username: str) -> int:
    result = conn.execute(
        evidence_requests.insert().values(
            state=RequestState.PENDING.value,
            requester_name=ask.requester_name,
            requester_contact=ask.requester_contact,
            incident_at=ask.incident_at,
            incident_place=ask.incident_place,
            camera_ids=json.dumps(list(ask.camera_ids)),
            start_utc=ask.start,
            end_utc=ask.end,
            reason=ask.reason,
            created_by=username,
            created_at=utc_now(),
            export_ids="[]",
        )
    )
    return int(result.inserted_primary_key[0])


def get_request(conn: Connection, request_id: int) -> EvidenceRequest | None:
    row = conn.execute(
        select(evidence_requests).where(evidence_requests.c.id == request_id)
    ).first()
    return _request(row) if row is not None else None


def list_requests(conn: Connection, state: RequestState | None = None) -> list[EvidenceRequest]:
    query = select(evidence_requests).order_by(evidence_requests.c.id.desc()).limit(500)
    if state is not None:
        query = query.where(evidence_requests.c.state == state.value)
    return [_request(r) for r in conn.execute(query)]


def decide(
    conn: Connection,
    request_id: int,
    state: RequestState,
    username: str,
    note: str | None,
    case_number: str | None = None,
    export_ids: tuple[int, ...] = (),
) -> bool:
    """Record a decision; False when the request was decided already (by someone else)."""
    result = conn.execute(
        update(evidence_requests)
        .where(
            evidence_requests.c.id == request_id,
            evidence_requests.c.state == RequestState.PENDING.value,
        )
        .values(
            state=state.value,
            decided_by=username,
            decided_at=utc_now(),
            decision_note=note,
            case_number=case_number,
            export_ids=json.dumps(list(export_ids)),
        )
    )
    return result.rowcount == 1


def set_exports(conn: Connection, request_id: int, export_ids: tuple[int, ...]) -> None:
    conn.execute(
        update(evidence_requests)
        .where(evidence_requests.c.id == request_id)
        .values(export_ids=json.dumps(list(export_ids)))
    )
