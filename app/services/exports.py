"""Evidence exports from the client: ask the server for a cut, follow its progress,
download its files when it is done and check them with the verifier.

Every HTTP call and every hash runs on the TaskRunner; the service lives on the GUI
thread and speaks in signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.exports import ExportJob, ExportsApi, ExportState
from app.domain import User
from app.faces import BlurChoice, FacesToBlur
from app.masks import Mask
from app.services.face_scans import FaceScanService
from app.services.session import SessionService
from app.tasks import TaskRunner
from app.verify import VerifyResult, verify_export

log = logging.getLogger(__name__)

POLL_MS = 1000


def default_export_dir() -> Path:
    movies = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
    return Path(movies or Path.home() / "Videos") / "Pantau exports"


class ExportService(QObject):
    created = Signal(int, object)  # ticket, ExportJob: the server queued it
    export_changed = Signal(object)  # ExportJob, each time its state or progress moves
    download_progress = Signal(int, int, int)  # export id, bytes done, total (0: unknown)
    downloaded = Signal(int, str)  # export id, path of the MP4
    verified = Signal(str, object)  # path checked, VerifyResult
    failed = Signal(int, object, str)  # ticket or export id, ApiErrorKind, message
    # Every export this user may see (a supervisor: everyone's), newest first; listed
    # again each poll while one of them is unfinished and the queue is watched.
    queue_changed = Signal(object)  # list[ExportJob]

    def __init__(self, session: SessionService, runner: TaskRunner,
                 export_dir: Callable[[], Path] = default_export_dir,
                 poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._export_dir = export_dir
        # The faces of a range, found before its export is cut (issue 17): a service of
        # its own, held here so that whoever opens an export dialog has it.
        self.face_scans = FaceScanService(session, runner, parent=self)
        self._watched: dict[int, ExportJob] = {}  # unfinished jobs this client asked for
        self._groups: dict[int, str] = {}  # export id -> the folder it is downloaded into
        self._in_flight: set[int] = set()
        self._tickets = 0
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.queue: list[ExportJob] = []
        self._queue_watchers = 0
        self._queue_in_flight = False
        self._queue_again = False  # asked again while a listing was on its way
        self._queue_timer = QTimer(self)
        self._queue_timer.setSingleShot(True)
        self._queue_timer.setInterval(poll_ms)
        self._queue_timer.timeout.connect(self.refresh_queue)

    def _api(self) -> ExportsApi | None:
        client = self._session.api
        return ExportsApi(client) if client is not None else None

    def create(self, camera_id: str, start: datetime, end: datetime, reason: str,
               case_number: str, requester: str = "", bookmark_id: int | None = None,
               watermark: bool = False, masks: tuple[Mask, ...] = (), group: str = "",
               blur: BlurChoice = BlurChoice.NONE, faces: FacesToBlur | None = None,
               c2pa: bool = False) -> int:
        """Queue an export; answers with created(ticket, job) or failed(ticket, ...).
        Masks (or the watermark) make the server re-encode; its manifest says so.
        ``group``: a folder of the export folder that several exports are downloaded
        into, each in its own folder (one package for several cameras).
        ``blur`` and ``faces``: faces pixelated (app.faces.BlurChoice). ``c2pa``: a C2PA
        manifest in the MP4 and each picture's UTC time beside it."""
        self._tickets += 1
        ticket = -self._tickets  # negative: not an export id yet
        api = self._api()
        if api is None:
            QTimer.singleShot(0, lambda: self.failed.emit(ticket, ApiErrorKind.UNAUTHORIZED,
                                                          "not logged in"))
            return ticket
        self._runner.submit(
            lambda: api.create(camera_id, start, end, reason, case_number, requester,
                               bookmark_id, watermark, tuple(masks), blur, faces, c2pa),
            lambda job: self._on_created(ticket, job, group),
            lambda exc: self._fail(ticket, exc))
        return ticket

    def export_dir(self) -> Path:
        """The user's export folder (settings' export_dir, else Videos/Pantau exports):
        where downloads go and where save dialogs open."""
        return self._export_dir()

    def watch_queue(self, watching: bool) -> None:
        """Keep ``queue`` fresh while someone shows it (counted, so two views may)."""
        self._queue_watchers = max(0, self._queue_watchers + (1 if watching else -1))
        if self._queue_watchers:
            self.refresh_queue()
        else:
            self._queue_timer.stop()

    def refresh_queue(self) -> None:
        api = self._api()
        if api is None:
            return
        if self._queue_in_flight:
            # The answer on its way may predate what made us ask (an export just
            # created): ask once more when it comes.
            self._queue_again = True
            return
        self._queue_in_flight = True
        self._runner.submit(api.list, self._on_queue_listed, self._on_queue_failed)

    def retry(self, export_id: int) -> None:
        """Queue a failed export again (same number); answers in the queue, or failed."""
        api = self._api()
        if api is None:
            return
        self._runner.submit(lambda: api.retry(export_id), lambda _job: self.refresh_queue(),
                            lambda exc: self._fail(export_id, exc))

    def _on_queue_listed(self, jobs: list[ExportJob]) -> None:
        self._queue_in_flight = False
        self.queue = jobs
        self.queue_changed.emit(jobs)
        if self._queue_again:
            self._queue_again = False
            self.refresh_queue()
        elif self._queue_watchers and any(not job.state.finished for job in jobs):
            self._queue_timer.start()

    def _on_queue_failed(self, exc: BaseException) -> None:
        self._queue_in_flight = False
        self._queue_again = False
        if self._queue_watchers:
            self._queue_timer.start()  # unreachable for now: the next poll tries again
        if not (isinstance(exc, ApiError) and exc.kind is ApiErrorKind.UNREACHABLE):
            self._fail(0, exc)

    @property
    def user(self) -> User | None:
        """Who is exporting (the dialog offers privacy masks to supervisors)."""
        return self._session.user

    def verify(self, path: Path, key_pem: bytes | None = None) -> None:
        """Check an export's files on a worker; answers with verified(path, result).
        Without ``key_pem`` the signer counts as verified only if it is the key of the
        server this client is signed in to (asked on the worker), never merely the key
        that travels in the export folder."""
        api = self._api()

        def check() -> VerifyResult:
            trusted: tuple[str, ...] = ()
            if key_pem is None and api is not None:
                try:
                    trusted = (api.public_key()[1],)
                except ApiError as exc:
                    log.warning("the server's export key is unknown: %s", exc.message)
            return verify_export(path, key_pem, trusted)

        self._runner.submit(check,
                            lambda result: self.verified.emit(str(path), result),
                            lambda exc: self._on_verify_crashed(path, exc))

    def _on_verify_crashed(self, path: Path, exc: BaseException) -> None:
        log.error("verifying %s failed", path, exc_info=exc)
        self.verified.emit(str(path), VerifyResult())  # no checks: never "verified"

    def _on_created(self, ticket: int, job: ExportJob, group: str = "") -> None:
        if group:
            self._groups[job.id] = group
        self.created.emit(ticket, job)
        self._watched[job.id] = job
        if self._queue_watchers:
            self.refresh_queue()
        self.export_changed.emit(job)
        if not self._timer.isActive():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        api = self._api()
        if api is None or not self._watched:
            self._timer.stop()
            return
        for export_id in list(self._watched):
            if export_id in self._in_flight:
                continue
            self._in_flight.add(export_id)
            self._runner.submit(lambda i=export_id: api.get(i),
                                lambda job: self._on_polled(api, job),
                                lambda exc, i=export_id: self._on_poll_failed(i, exc))

    def _on_poll_failed(self, export_id: int, exc: BaseException) -> None:
        self._in_flight.discard(export_id)
        if isinstance(exc, ApiError) and exc.kind is ApiErrorKind.UNREACHABLE:
            return  # the next poll tries again
        self._watched.pop(export_id, None)
        self._fail(export_id, exc)

    def _on_polled(self, api: ExportsApi, job: ExportJob) -> None:
        self._in_flight.discard(job.id)
        if job.id not in self._watched:
            return
        self._watched[job.id] = job
        self.export_changed.emit(job)
        if not job.state.finished:
            return
        del self._watched[job.id]
        if job.state is ExportState.FAILED:
            self._groups.pop(job.id, None)
            self.failed.emit(job.id, ApiErrorKind.SERVER_ERROR, job.error)
            return
        folder = self._export_dir() / self._groups.pop(job.id, "") / job.file_name

        def progress(done: int, total: int | None, export_id: int = job.id) -> None:
            self.download_progress.emit(export_id, done, total or 0)  # queued to the GUI

        self._runner.submit(lambda: api.download(job, folder, progress),
                            lambda mp4: self._on_downloaded(job.id, mp4),
                            lambda exc: self._fail(job.id, exc))

    def _on_downloaded(self, export_id: int, mp4: Path) -> None:
        log.info("export %d downloaded to %s", export_id, mp4.parent)
        self.downloaded.emit(export_id, str(mp4))
        self.verify(mp4.parent)

    def _fail(self, ident: int, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.failed.emit(ident, exc.kind, exc.message)
        else:
            log.error("export %d failed", ident, exc_info=exc)
            self.failed.emit(ident, ApiErrorKind.BAD_RESPONSE, str(exc))
