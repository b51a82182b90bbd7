"""Administration from the client: users and cameras, each call on the TaskRunner.

The service keeps the last lists the server gave and answers each action with a signal
naming it, so the dialog that asked shows the result (or the server's words) where the
administrator is looking. Only the newest probe and preview answer: an administrator who
typed another address does not want the first one's streams.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.admin import (
    AdminApi,
    AdminCamera,
    AdminUser,
    CameraDraft,
    ImportReport,
    NodePin,
    ProbeResult,
    Role,
    import_content_type,
    import_report,
    probe_failure,
)
from app.api.errors import ApiError, ApiErrorKind
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class AdminAction(enum.Enum):
    LOAD_USERS = "load_users"
    SAVE_USER = "save_user"
    DELETE_USER = "delete_user"
    RESET_PASSWORD = "reset_password"
    UNLOCK_USER = "unlock_user"
    LOAD_CAMERAS = "load_cameras"
    PROBE = "probe"
    PREVIEW = "preview"
    SAVE_CAMERA = "save_camera"
    REMOVE_CAMERA = "remove_camera"
    IMPORT = "import"
    LOAD_NODES = "load_nodes"  # the recording nodes' names, for the camera dialog
    PIN_CAMERA = "pin_camera"  # a saved camera's pin refused after the rest landed


@dataclass(frozen=True)
class _Saved:
    camera: AdminCamera  # as the server now has it
    pin_error: ApiError | None = None  # the pin refused, after the camera's write landed


def _save_then_pin(write: Callable[[AdminApi], AdminCamera] | None, current: AdminCamera | None,
                   pin: NodePin | None) -> Callable[[AdminApi], _Saved]:
    """One job on the worker: the camera's own write (if any), then its pin. The pin
    has its own endpoint, so the two can part: a pin refused after the write landed is
    reported beside the saved camera, not as a save that failed (a second Save of a new
    camera would be refused as a duplicate)."""
    def job(api: AdminApi) -> _Saved:
        camera = write(api) if write is not None else current
        assert camera is not None
        if pin is None:
            return _Saved(camera)
        try:
            node = api.pin_camera(camera.id, pin)
        except ApiError as exc:
            if write is None:
                raise  # nothing landed: the save failed as a whole
            return _Saved(camera, exc)
        return _Saved(replace(camera, pinned_node=node))

    return job


class AdminService(QObject):
    users_changed = Signal(object)  # list[AdminUser]
    cameras_changed = Signal(object)  # list[AdminCamera]
    user_saved = Signal(object)  # AdminUser
    camera_saved = Signal(object)  # AdminCamera
    node_names_changed = Signal(object)  # tuple[str, ...]: the recording nodes' names
    probe_finished = Signal(object)  # ProbeResult
    preview_ready = Signal(bytes)  # JPEG
    import_finished = Signal(object)  # ImportReport (dry run, or a real run that landed)
    # AdminAction, the server's (or our) message, and the ImportReport of a refused
    # real import (None otherwise)
    failed = Signal(object, str, object)
    # A probe or preview that failed, beside ``failed``: AdminAction (PROBE or PREVIEW),
    # ProbeFailure (why, so the dialog gives that kind's advice) and the server's words
    probe_failed = Signal(object, object, str)

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._users: list[AdminUser] = []
        self._cameras: list[AdminCamera] = []
        self._node_names: tuple[str, ...] = ()
        self._probe_job: int | None = None
        self._preview_job: int | None = None

    @property
    def users(self) -> list[AdminUser]:
        return list(self._users)

    @property
    def cameras(self) -> list[AdminCamera]:
        return list(self._cameras)

    @property
    def node_names(self) -> tuple[str, ...]:
        """The recording nodes' names the server last gave (empty before)."""
        return self._node_names

    @property
    def signed_in_as(self) -> str:
        """The administrator's own name (whom the page must not disable or delete)."""
        user = self._session.user
        return user.username if user is not None else ""

    def allowed(self) -> bool:
        """Whether the signed-in user may administer (the server decides; this hides)."""
        user = self._session.user
        return user is not None and Role.ADMIN.value in user.roles

    # -- users ------------------------------------------------------------------------
    def load_users(self) -> None:
        self._run(AdminAction.LOAD_USERS, lambda api: api.users(), self._on_users)

    def create_user(self, username: str, display_name: str, roles: tuple[Role, ...],
                    areas: tuple[str, ...], password: str) -> None:
        self._run(AdminAction.SAVE_USER,
                  lambda api: api.create_user(username, display_name, roles, areas, password),
                  self._on_user_saved)

    def update_user(self, username: str, **changes: Any) -> None:
        self._run(AdminAction.SAVE_USER, lambda api: api.update_user(username, **changes),
                  self._on_user_saved)

    def set_user_disabled(self, username: str, disabled: bool) -> None:
        self.update_user(username, disabled=disabled)

    def delete_user(self, username: str) -> None:
        def done(_none: None) -> None:
            self._users = [u for u in self._users if u.username != username]
            self.users_changed.emit(self.users)

        self._run(AdminAction.DELETE_USER, lambda api: api.delete_user(username), done)

    def reset_password(self, username: str, password: str) -> None:
        self._run(AdminAction.RESET_PASSWORD, lambda api: api.reset_password(username, password),
                  self._on_user_saved)

    def unlock_user(self, username: str) -> None:
        self._run(AdminAction.UNLOCK_USER, lambda api: api.unlock_user(username),
                  self._on_user_saved)

    # -- cameras ----------------------------------------------------------------------
    def load_cameras(self) -> None:
        self._run(AdminAction.LOAD_CAMERAS, lambda api: api.cameras(), self._on_cameras)

    def probe_onvif(self, address: str, username: str, password: str) -> None:
        self._probe_job = self._run(
            AdminAction.PROBE, lambda api: api.probe_onvif(address, username, password),
            self._on_probe_finished)

    def probe_rtsp(self, urls: dict[str, str], username: str, password: str) -> None:
        self._probe_job = self._run(
            AdminAction.PROBE, lambda api: api.probe_rtsp(urls, username, password),
            self._on_probe_finished)

    def preview(self, url: str, username: str = "", password: str = "") -> None:
        self._preview_job = self._run(
            AdminAction.PREVIEW, lambda api: api.preview(url, username, password),
            self._on_preview_ready)

    def preview_camera(self, camera_id: str, profile: str) -> None:
        self._preview_job = self._run(
            AdminAction.PREVIEW, lambda api: api.preview_camera(camera_id, profile),
            self._on_preview_ready)

    def create_camera(self, draft: CameraDraft, pin: NodePin | None = None) -> None:
        """A new camera, pinned to ``pin``'s node once it exists (None: balanced)."""
        self._run(AdminAction.SAVE_CAMERA,
                  _save_then_pin(lambda api: api.create_camera(draft), None, pin),
                  self._on_saved)

    def save_camera(self, camera: AdminCamera, changes: dict[str, Any],
                    pin: NodePin | None = None) -> None:
        """An edit: ``changes`` (PUT, only when there are any), then the pin when it
        changed."""
        write = ((lambda api: api.update_camera(camera.id, changes)) if changes else None)
        self._run(AdminAction.SAVE_CAMERA, _save_then_pin(write, camera, pin), self._on_saved)

    def load_node_names(self) -> None:
        self._run(AdminAction.LOAD_NODES, lambda api: api.node_names(), self._on_node_names)

    def update_camera(self, camera_id: str, changes: dict[str, Any]) -> None:
        self._run(AdminAction.SAVE_CAMERA, lambda api: api.update_camera(camera_id, changes),
                  self._on_camera_saved)

    def remove_camera(self, camera_id: str) -> None:
        def done(_none: None) -> None:
            self._cameras = [c for c in self._cameras if c.id != camera_id]
            self.cameras_changed.emit(self.cameras)

        self._run(AdminAction.REMOVE_CAMERA, lambda api: api.remove_camera(camera_id), done)

    def import_cameras(self, body: bytes, content_type: str, dry_run: bool) -> None:
        self.import_cameras_from(lambda: body, content_type, dry_run)

    def import_file(self, path: Path, dry_run: bool) -> None:
        """A .csv or .json file as it is on disk, read on the worker, not the GUI thread."""
        content_type = import_content_type(path.name)
        self.import_cameras_from(lambda: path.read_bytes(), content_type, dry_run)

    def import_cameras_from(self, read: Callable[[], bytes], content_type: str,
                            dry_run: bool) -> None:
        def done(report: ImportReport) -> None:
            self.import_finished.emit(report)
            if not report.dry_run:
                self.load_cameras()

        self._run(AdminAction.IMPORT,
                  lambda api: api.import_cameras(read(), content_type, dry_run), done)

    # -- plumbing ---------------------------------------------------------------------
    def _run(self, action: AdminAction, call: Callable[[AdminApi], Any],
             on_success: Callable[[Any], None]) -> int | None:
        client = self._session.api
        if client is None:
            self.failed.emit(action, self.tr("Not signed in."), None)
            return None
        api = AdminApi(client)
        job: list[int] = []

        def succeeded(result: Any) -> None:
            if self._is_stale(action, job):
                return
            on_success(result)

        def failed(exc: BaseException) -> None:
            if self._is_stale(action, job):
                return
            self._on_failed(action, exc)

        job.append(self._runner.submit(lambda: call(api), succeeded, failed))
        return job[0]

    def _is_stale(self, action: AdminAction, job: list[int]) -> bool:
        newest = {AdminAction.PROBE: self._probe_job,
                  AdminAction.PREVIEW: self._preview_job}.get(action)
        return action in (AdminAction.PROBE, AdminAction.PREVIEW) and newest != job[0]

    def _on_users(self, users: list[AdminUser]) -> None:
        self._users = sorted(users, key=lambda u: u.username)
        self.users_changed.emit(self.users)

    def _on_user_saved(self, user: AdminUser) -> None:
        self._users = sorted([u for u in self._users if u.username != user.username] + [user],
                             key=lambda u: u.username)
        self.user_saved.emit(user)
        self.users_changed.emit(self.users)

    def _on_cameras(self, cameras: list[AdminCamera]) -> None:
        self._cameras = sorted(cameras, key=lambda c: c.id)
        self.cameras_changed.emit(self.cameras)

    def _on_camera_saved(self, camera: AdminCamera) -> None:
        self._cameras = sorted([c for c in self._cameras if c.id != camera.id] + [camera],
                               key=lambda c: c.id)
        self.camera_saved.emit(camera)
        self.cameras_changed.emit(self.cameras)

    def _on_saved(self, saved: _Saved) -> None:
        self._on_camera_saved(saved.camera)
        if saved.pin_error is not None:
            self._on_failed(AdminAction.PIN_CAMERA, saved.pin_error)

    def _on_node_names(self, names: tuple[str, ...]) -> None:
        self._node_names = names
        self.node_names_changed.emit(names)

    def _on_probe_finished(self, result: ProbeResult) -> None:
        self.probe_finished.emit(result)

    def _on_preview_ready(self, jpeg: bytes) -> None:
        self.preview_ready.emit(jpeg)

    def _on_failed(self, action: AdminAction, exc: BaseException) -> None:
        if action in (AdminAction.PROBE, AdminAction.PREVIEW):
            code = exc.code if isinstance(exc, ApiError) else ""
            words = (exc.message or exc.kind.value) if isinstance(exc, ApiError) else str(exc)
            self.probe_failed.emit(action, probe_failure(code), words)
        if not isinstance(exc, ApiError):
            log.exception("administration: %s failed", action.value, exc_info=exc)
            self.failed.emit(action, str(exc), None)
            return
        report = None
        if action is AdminAction.IMPORT and isinstance(exc.detail.get("report"), dict):
            try:
                report = import_report(exc.detail["report"])
            except ApiError:
                report = None
        if exc.kind is ApiErrorKind.FORBIDDEN and not exc.message:
            message = self.tr("Only administrators may do this.")
        else:
            message = exc.message or exc.kind.value
        self.failed.emit(action, message, report)
