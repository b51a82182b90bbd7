"""Who is logged in, on which server; login and logout without blocking the GUI.

An account whose password an administrator set signs in to MUST_CHANGE_PASSWORD, not
LOGGED_IN: the server opens nothing else for it, so neither do we (``api`` stays None)
until change_password succeeds; then logged_in follows as after any sign-in.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient, normalise_server_url
from app.domain import Session, User
from app.logmask import mask_url
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class SessionState(enum.Enum):
    LOGGED_OUT = "logged_out"
    LOGGING_IN = "logging_in"
    LOGGED_IN = "logged_in"
    MUST_CHANGE_PASSWORD = "must_change_password"  # signed in, but only to choose one


class SessionService(QObject):
    state_changed = Signal(object)  # SessionState
    logged_in = Signal(object)  # User
    login_failed = Signal(object, str)  # ApiErrorKind, the server's (or our) message
    logged_out = Signal()
    password_change_required = Signal(object)  # User: ask for a new password first
    password_changed = Signal()
    password_change_failed = Signal(object, str)  # ApiErrorKind, the server's words

    def __init__(self, runner: TaskRunner,
                 api_factory: Callable[[str], ApiClient] = ApiClient,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._api_factory = api_factory
        self._api: ApiClient | None = None
        self._session: Session | None = None
        self._state = SessionState.LOGGED_OUT
        self._job: int | None = None

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def api(self) -> ApiClient | None:
        """The client of the logged-in server; None while logged out."""
        return self._api if self._state is SessionState.LOGGED_IN else None

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def user(self) -> User | None:
        return self._session.user if self._session else None

    def login(self, server_url: str, username: str, password: str) -> None:
        if self._job is not None:
            self._runner.cancel_callbacks(self._job)
        url = normalise_server_url(server_url)
        api = self._api_factory(url)
        log.info("logging in as %s on %s", username, mask_url(url))
        self._set_state(SessionState.LOGGING_IN)
        self._job = self._runner.submit(
            lambda: api.login(username, password),
            lambda session: self._on_login_succeeded(api, session),
            self._on_login_failed)

    def logout(self) -> None:
        api = self._api
        if api is not None and api.token:
            # Best effort: the token dies on the server too, but we do not wait for it.
            self._runner.submit(api.logout, None, lambda exc: None)
        self._api, self._session = None, None
        if self._state is not SessionState.LOGGED_OUT:
            self._set_state(SessionState.LOGGED_OUT)
            self.logged_out.emit()

    def change_password(self, old_password: str, new_password: str) -> None:
        """The signed-in user's own password (also while MUST_CHANGE_PASSWORD)."""
        api = self._api
        if api is None or self._state is SessionState.LOGGING_IN:
            self.password_change_failed.emit(ApiErrorKind.UNAUTHORIZED, "not logged in")
            return
        self._runner.submit(lambda: api.change_password(old_password, new_password),
                            lambda _none: self._on_password_changed(api),
                            self._on_password_change_failed)

    def _on_password_changed(self, api: ApiClient) -> None:
        if api is not self._api or self._session is None:
            return  # signed out (or in elsewhere) meanwhile
        user = replace(self._session.user, must_change_password=False)
        self._session = replace(self._session, user=user)
        log.info("password changed for %s", user.username)
        self.password_changed.emit()
        if self._state is SessionState.MUST_CHANGE_PASSWORD:
            self._set_state(SessionState.LOGGED_IN)
            self.logged_in.emit(user)

    def _on_password_change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.password_change_failed.emit(exc.kind, exc.message)
        else:
            log.exception("password change failed unexpectedly", exc_info=exc)
            self.password_change_failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))

    def _on_login_succeeded(self, api: ApiClient, session: Session) -> None:
        self._job = None
        self._api, self._session = api, session
        if session.user.must_change_password:
            log.info("logged in as %s, who must choose a new password first",
                     session.user.username)
            self._set_state(SessionState.MUST_CHANGE_PASSWORD)
            self.password_change_required.emit(session.user)
            return
        log.info("logged in as %s", session.user.username)
        self._set_state(SessionState.LOGGED_IN)
        self.logged_in.emit(session.user)

    def _on_login_failed(self, exc: BaseException) -> None:
        self._job = None
        self._set_state(SessionState.LOGGED_OUT)
        if isinstance(exc, ApiError):
            self.login_failed.emit(exc.kind, exc.message)
        else:
            log.exception("login failed unexpectedly", exc_info=exc)
            self.login_failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))

    def _set_state(self, state: SessionState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)
