"""Evidence requests from the client: record one, list them, approve or refuse (the
server decides who may), and fetch the receipt to print for the requester."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.evidence import EvidenceApi, EvidenceRequest
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class EvidenceService(QObject):
    requests_changed = Signal(object)  # list[EvidenceRequest]
    receipt_ready = Signal(int, object)  # request id, receipt dict
    failed = Signal(object, str)  # ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self.requests: list[EvidenceRequest] = []

    def _call(self, work: Callable[[EvidenceApi], Any], done: Callable[[Any], None]) -> None:
        client = self._session.api
        if client is None:
            return
        api = EvidenceApi(client)
        self._runner.submit(lambda: work(api), done, self._on_failed)

    def refresh(self) -> None:
        self._call(lambda api: api.list(), self._on_listed)

    def create(self, **fields: Any) -> None:
        self._call(lambda api: api.create(**fields), lambda _req: self.refresh())

    def approve(self, request_id: int, case_number: str, note: str = "") -> None:
        self._call(lambda api: api.approve(request_id, case_number, note),
                   lambda _req: self.refresh())

    def refuse(self, request_id: int, note: str) -> None:
        self._call(lambda api: api.refuse(request_id, note), lambda _req: self.refresh())

    def fetch_receipt(self, request_id: int) -> None:
        self._call(lambda api: api.receipt(request_id),
                   lambda data: self.receipt_ready.emit(request_id, data))

    def _on_listed(self, found: list[EvidenceRequest]) -> None:
        self.requests = found
        self.requests_changed.emit(found)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.failed.emit(exc.kind, exc.message)
        else:
            log.error("evidence request call failed", exc_info=exc)
            self.failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))
