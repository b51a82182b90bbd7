"""A new password typed twice (NewPasswordFields), and the dialog that asks a user whose
password an administrator set for their own before anything opens (PasswordChangeDialog).

Strength is the server's call: its sentence ("at least 10 characters", "one of the most
common passwords") is shown under the fields as it comes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
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
from app.services.session import SessionService
from app.user_admin import FormProblem, check_new_password
from ui.shell.i18n import language_notifier

ERROR_STYLE = "color: #ff8a80;"


def form_problem_text(problem: FormProblem) -> str:
    """What a form lacks, in the interface language (shared by the admin dialogs)."""
    texts = {
        FormProblem.NO_USERNAME: QCoreApplication.translate(
            "FormProblem", "Enter a user name."),
        FormProblem.BAD_USERNAME: QCoreApplication.translate(
            "FormProblem", "A user name may hold only letters, digits and . _ @ -"),
        FormProblem.NO_ROLE: QCoreApplication.translate(
            "FormProblem", "Choose at least one role."),
        FormProblem.NO_AREA: QCoreApplication.translate(
            "FormProblem", "Choose at least one area."),
        FormProblem.NO_PASSWORD: QCoreApplication.translate(
            "FormProblem", "Enter the new password."),
        FormProblem.PASSWORDS_DIFFER: QCoreApplication.translate(
            "FormProblem", "The two new passwords are not the same."),
        FormProblem.NO_CURRENT_PASSWORD: QCoreApplication.translate(
            "FormProblem", "Enter your current password."),
        FormProblem.SAME_PASSWORD: QCoreApplication.translate(
            "FormProblem", "The new password must differ from the current one."),
    }
    return texts[problem]


def show_message(label: QLabel, text: str, error: bool = True) -> None:
    label.setStyleSheet(ERROR_STYLE if error else "")
    label.setText(text)
    label.setVisible(bool(text))


def align_labels(labels: list[QLabel]) -> None:
    """Labels of forms stacked in one column get one width, so their fields line up."""
    for label in labels:
        label.setMinimumWidth(0)
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


class NewPasswordFields(QWidget):
    """Two password fields, labelled, in a form of their own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.password = QLineEdit(self)
        self.password.setObjectName("new-password")
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("confirm-password")
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self._labels = (QLabel(self), QLabel(self))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field in zip(self._labels, (self.password, self.confirm), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()

    def labels(self) -> list[QLabel]:
        return list(self._labels)

    def texts(self) -> tuple[str, str]:
        return self.password.text(), self.confirm.text()

    def clear(self) -> None:
        self.password.clear()
        self.confirm.clear()

    def _retranslate(self) -> None:
        self._labels[0].setText(self.tr("New password"))
        self._labels[1].setText(self.tr("New password again"))

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()


class PasswordChangeDialog(QDialog):
    """Current password, the new one twice; accepted once the server took it (the session
    then signs in as usual). Rejecting it is signing out: the shell does that."""

    def __init__(self, session: SessionService, credentials: CredentialStore,
                 remember: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._credentials = credentials
        self._remember = remember
        self.setObjectName("password-change-dialog")
        self.setMinimumWidth(460)
        self._intro = QLabel(self)
        self._intro.setObjectName("intro")
        self._intro.setWordWrap(True)
        self.current = QLineEdit(self)
        self.current.setObjectName("current-password")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self._current_label = QLabel(self)
        self._current_label.setBuddy(self.current)
        self.new = NewPasswordFields(self)
        self._message = QLabel(self)
        self._message.setObjectName("message")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        self._buttons = QDialogButtonBox(self)
        self._change = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._change.setObjectName("change")
        self._change.setDefault(True)
        self._sign_out = self._buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self._sign_out.setObjectName("sign-out")
        self._buttons.accepted.connect(self._on_change_clicked)
        self._buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self._current_label, self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self._message)
        layout.addStretch(1)
        layout.addWidget(self._buttons)
        # The two forms' label columns line up: the labels share one width.
        self._align_labels()

        session.logged_in.connect(self._on_session_logged_in)
        session.password_change_failed.connect(self._on_session_password_change_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self.current.setFocus()

    def message_text(self) -> str:
        return self._message.text() if not self._message.isHidden() else ""

    def _retranslate(self) -> None:
        user = self._session.user
        self.setWindowTitle(self.tr("Pantau: choose your password"))
        self._intro.setText(self.tr(
            "An administrator set the password of {0}. Choose your own password before "
            "you go on: at least 10 characters, not a common one and not your user "
            "name.").format(user.username if user else ""))
        self._current_label.setText(self.tr("Current password"))
        self._change.setText(self.tr("Change password"))
        self._sign_out.setText(self.tr("Sign out"))
        self._align_labels()

    def _align_labels(self) -> None:
        align_labels([self._current_label, *self.new.labels()])

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot()
    def _on_change_clicked(self) -> None:
        new, confirm = self.new.texts()
        problem = check_new_password(new, confirm, self.current.text())
        if problem is not None:
            show_message(self._message, form_problem_text(problem))
            return
        show_message(self._message, self.tr("Changing the password…"), error=False)
        self._set_busy(True)
        self._session.change_password(self.current.text(), new)

    @Slot(object, str)
    def _on_session_password_change_failed(self, kind: ApiErrorKind, message: str) -> None:
        self._set_busy(False)
        if kind is ApiErrorKind.UNREACHABLE:
            text = self.tr("Cannot reach the server: {0}").format(message)
        else:  # wrong current password, weak new one: the server's sentence
            text = message or kind.value
        show_message(self._message, text)
        self.new.password.setFocus()
        self.new.password.selectAll()

    @Slot(object)
    def _on_session_logged_in(self, user: User) -> None:
        session = self._session.session
        if self._remember and session is not None:
            self._credentials.save(user.username, session.server_url, self.new.password.text())
        self.current.clear()
        self.new.clear()  # not kept in a widget longer than needed
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.current, self.new, self._change):
            widget.setEnabled(not busy)
