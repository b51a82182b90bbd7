"""Evidence requests from the client: record one, list them, approve or refuse (the
server decides who may), fetch the receipt to print for the requester, and download an
approved request's package and check it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.evidence import EvidenceApi, EvidenceRequest, Receipt
from app.api.exports import ExportsApi
from app.domain import User
from app.services.session import SessionService
from app.tasks import TaskRunner
from app.verify.package import PackageResult, verify_package

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackageSaved:
    request_id: int
    path: Path
    check: PackageResult  # against the key of the server this client is signed in to
    # The package's receipt.json is, byte for byte, the receipt the server serves.
    receipt_matches: bool

    @property
    def ok(self) -> bool:
        return self.check.ok and self.receipt_matches


class EvidenceService(QObject):
    requests_changed = Signal(object)  # list[EvidenceRequest]
    receipt_ready = Signal(int, object)  # request id, Receipt
    package_saved = Signal(object)  # PackageSaved
    package_progress = Signal(int, int, int)  # request id, bytes done, total (0: unknown)
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

    @property
    def user(self) -> User | None:
        """Who is signed in (the dock greys out approving one's own request)."""
        return self._session.user

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

    def download_package(self, request_id: int, path: Path) -> None:
        """Save the approved request's zip at ``path``, then check it: every export and
        the receipt's signature with the signed-in server's key, and its receipt against
        the one the server serves. Answers with package_saved or failed."""
        client = self._session.api
        if client is None:
            return
        api = EvidenceApi(client)

        def progress(done: int, total: int | None) -> None:
            self.package_progress.emit(request_id, done, total or 0)  # queued to the GUI

        def work() -> PackageSaved:
            api.download_package(request_id, path, progress)
            served: Receipt = api.receipt(request_id)
            pem, key_id = ExportsApi(client).public_key()
            check = verify_package(path, pem.encode(), (key_id,))
            return PackageSaved(request_id, path, check, check.receipt == served.data)

        self._runner.submit(work, self.package_saved.emit, self._on_failed)

    def _on_listed(self, found: list[EvidenceRequest]) -> None:
        self.requests = found
        self.requests_changed.emit(found)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.failed.emit(exc.kind, exc.message)
        else:
            log.error("evidence request call failed", exc_info=exc)
            self.failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))
