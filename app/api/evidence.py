"""Citizens' evidence requests, as the client sees them."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient


class RequestState(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True)
class EvidenceRequest:
    id: int
    state: RequestState
    requester_name: str
    requester_contact: str
    incident_at: datetime
    incident_place: str
    camera_ids: tuple[str, ...]
    start: datetime
    end: datetime
    reason: str
    created_by: str
    decided_by: str
    decision_note: str
    case_number: str
    export_ids: tuple[int, ...]


@dataclass(frozen=True)
class Receipt:
    """A receipt as the server serves it: once every export is done, the bytes written
    once on the server (the package's receipt.json); ``document`` is them parsed."""

    data: bytes
    document: dict[str, Any]

    @property
    def complete(self) -> bool:
        return bool(self.document.get("complete"))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def receipt(data: bytes) -> Receipt:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a receipt: {exc}") from exc
    if not isinstance(document, dict) or "request" not in document or "exports" not in document:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "not a receipt")
    return Receipt(data, document)


def evidence_request(data: Any) -> EvidenceRequest:
    try:
        return EvidenceRequest(
            int(data["id"]), RequestState(data["state"]), str(data["requester_name"]),
            str(data["requester_contact"]), parse.parse_time(data["incident_at"]),
            str(data["incident_place"]), tuple(str(c) for c in data["camera_ids"]),
            parse.parse_time(data["start"]), parse.parse_time(data["end"]),
            str(data["reason"]), str(data["created_by"]), str(data.get("decided_by") or ""),
            str(data.get("decision_note") or ""), str(data.get("case_number") or ""),
            tuple(int(i) for i in data.get("export_ids") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not an evidence request: {exc}") from exc


class EvidenceApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def create(self, requester_name: str, requester_contact: str, incident_at: datetime,
               incident_place: str, camera_ids: list[str], start: datetime, end: datetime,
               reason: str) -> EvidenceRequest:
        body = {"requester_name": requester_name, "requester_contact": requester_contact,
                "incident_at": parse.format_time(incident_at), "incident_place": incident_place,
                "camera_ids": camera_ids, "start": parse.format_time(start),
                "end": parse.format_time(end), "reason": reason}
        return evidence_request(self._client.call("POST", "/evidence-requests", json=body))

    def list(self) -> list[EvidenceRequest]:
        data = self._client.call("GET", "/evidence-requests")
        if not isinstance(data, list):
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "not a request list")
        return [evidence_request(item) for item in data]

    def approve(self, request_id: int, case_number: str, note: str = "") -> EvidenceRequest:
        return evidence_request(self._client.call(
            "POST", f"/evidence-requests/{request_id}/approve",
            json={"case_number": case_number, "note": note or None}))

    def refuse(self, request_id: int, note: str) -> EvidenceRequest:
        return evidence_request(self._client.call(
            "POST", f"/evidence-requests/{request_id}/refuse", json={"note": note}))

    def receipt(self, request_id: int) -> Receipt:
        data, _ = self._client.get_bytes(f"/evidence-requests/{request_id}/receipt")
        return receipt(data)

    def download_package(self, request_id: int, dest: Path, progress=None, stop=None) -> Path:
        """The approved request's zip (receipt, key, every export's files) to ``dest``."""
        self._client.download(f"/evidence-requests/{request_id}/package", dest,
                              progress=progress, stop=stop)
        return dest
