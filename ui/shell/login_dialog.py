"""Log in to a Pantau server: address, user, password, and whether to remember it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.credentials import CredentialStore
from app.domain import User
from app.services.session import SessionService, SessionState
from ui.shell.i18n import language_notifier


class LoginDialog(QDialog):
    def __init__(self, session: SessionService, credentials: CredentialStore,
                 server_url: str = "", username: str = "", remember: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._credentials = credentials
        self.setObjectName("login-dialog")
        self.setMinimumWidth(420)

        self._server = QLineEdit(server_url, self)
        self._server.setObjectName("server")
        self._server.setPlaceholderText("http://127.0.0.1:8080")
        self._user = QLineEdit(username, self)
        self._user.setObjectName("username")
        self._password = QLineEdit(self)
        self._password.setObjectName("password")
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._remember = QCheckBox(self)
        self._remember.setObjectName("remember")
        self._keyring_note = QLabel(self)
        self._keyring_note.setObjectName("keyring-note")
        self._keyring_note.setWordWrap(True)
        if credentials.available():
            self._remember.setChecked(remember)
            self._keyring_note.hide()
        else:
            self._remember.setChecked(False)
            self._remember.setEnabled(False)
        self._message = QLabel(self)
        self._message.setObjectName("message")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()

        self._buttons = QDialogButtonBox(self)
        self._login = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._login.setObjectName("login")
        self._login.setDefault(True)  # Enter in any field logs in
        self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._on_login_clicked)
        self._buttons.rejected.connect(self.reject)

        self._labels = {field: QLabel(self) for field in (self._server, self._user,
                                                           self._password)}
        form = QFormLayout()
        for field, label in self._labels.items():
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self._remember)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._keyring_note)
        layout.addWidget(self._message)
        layout.addWidget(self._buttons)

        session.logged_in.connect(self._on_session_logged_in)
        session.login_failed.connect(self._on_session_login_failed)
        session.password_change_required.connect(self._on_session_password_change_required)
        session.state_changed.connect(self._on_session_state_changed)
        (self._password if username else self._user if server_url else self._server).setFocus()
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pantau: log in"))
        self._remember.setText(self.tr("Remember password on this computer"))
        self._keyring_note.setText(self.tr(
            "The password cannot be remembered: no OS keyring is available."))
        self._login.setText(self.tr("Log in"))
        for field, text in ((self._server, self.tr("Server")), (self._user, self.tr("User")),
                            (self._password, self.tr("Password"))):
            self._labels[field].setText(text)

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()  # a message already shown stays in the language it was

    # What the shell keeps after a successful login.
    def server_url(self) -> str:
        return self._server.text().strip()

    def username(self) -> str:
        return self._user.text().strip()

    def remember(self) -> bool:
        return self._remember.isChecked()

    def message_text(self) -> str:
        return self._message.text() if not self._message.isHidden() else ""

    def show_error(self, kind: ApiErrorKind, message: str) -> None:
        self._show_message(self.error_text(kind, message, self.server_url()))

    def error_text(self, kind: ApiErrorKind, message: str, server: str) -> str:
        if kind is ApiErrorKind.INVALID_CREDENTIALS:
            return self.tr("Wrong user name or password.")
        if kind is ApiErrorKind.UNREACHABLE:
            return self.tr("Cannot reach the server at {0}. Check the address and the "
                           "network connection.").format(server)
        if kind is ApiErrorKind.SERVER_ERROR:
            return self.tr("The server has a problem ({0}). Try again in a moment or call "
                           "the administrator.").format(message)
        if kind is ApiErrorKind.LOCKED:  # the server's words say until when
            return self.tr("This account is locked. {0}").format(message)
        if kind is ApiErrorKind.THROTTLED:  # ... and how long to wait
            return self.tr("Too many failed attempts. {0}").format(message)
        if kind is ApiErrorKind.FORBIDDEN:
            return self.tr("This user may not log in: {0}").format(message)
        if kind is ApiErrorKind.BAD_RESPONSE:
            return self.tr("The answer from {0} was not understood. Is it a Pantau "
                           "server?").format(server)
        return self.tr("Login failed: {0}").format(message)

    @Slot()
    def _on_login_clicked(self) -> None:
        if not self.server_url():
            self._show_message(self.tr("Enter the server address."))
            self._server.setFocus()
            return
        if not self.username() or not self._password.text():
            self._show_message(self.tr("Enter your user name and password."))
            (self._user if not self.username() else self._password).setFocus()
            return
        self._show_message(self.tr("Logging in…"), error=False)
        self._session.login(self.server_url(), self.username(), self._password.text())

    @Slot(object)
    def _on_session_logged_in(self, user: User) -> None:
        if not self.isVisible():
            return
        if self.remember():
            self._credentials.save(self.username(), self._session.session.server_url,
                                   self._password.text())
        else:
            self._credentials.forget(self.username(), self._session.session.server_url)
        self._password.clear()  # do not keep it in a widget longer than needed
        self.accept()

    @Slot(object)
    def _on_session_password_change_required(self, _user: User) -> None:
        if not self.isVisible():
            return
        # The password typed here is about to be replaced: it is not remembered; the
        # password dialog that follows remembers the new one if asked to.
        self._credentials.forget(self.username(), self._session.session.server_url)
        self._password.clear()
        self.accept()

    @Slot(object, str)
    def _on_session_login_failed(self, kind: ApiErrorKind, message: str) -> None:
        if not self.isVisible():
            return
        self.show_error(kind, message)
        if kind is ApiErrorKind.INVALID_CREDENTIALS:
            self._password.selectAll()
            self._password.setFocus()

    @Slot(object)
    def _on_session_state_changed(self, state: SessionState) -> None:
        busy = state is SessionState.LOGGING_IN
        for widget in (self._server, self._user, self._password, self._login):
            widget.setEnabled(not busy)

    def _show_message(self, text: str, error: bool = True) -> None:
        self._message.setProperty("error", error)
        self._message.setStyleSheet("color: #ff8a80;" if error else "")
        self._message.setText(text)
        self._message.show()
