"""An administrator sets a new password for someone who forgot theirs: typed twice; the
user must choose their own at the next sign-in, and their open sessions end now."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.api.admin import AdminUser
from app.services.admin import AdminAction, AdminService
from app.user_admin import check_new_password
from ui.shell.i18n import language_notifier
from ui.shell.password_dialog import NewPasswordFields, form_problem_text, show_message


class ResetPasswordDialog(QDialog):
    def __init__(self, admin: AdminService, user: AdminUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._admin = admin
        self._user = user
        self._pending = False
        self.setObjectName("reset-password-dialog")
        self.setMinimumWidth(460)
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self.password = NewPasswordFields(self)
        self._message = QLabel(self)
        self._message.setObjectName("message")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        self._buttons = QDialogButtonBox(self)
        self.reset_button = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.reset_button.setObjectName("reset")
        self.reset_button.setDefault(True)
        self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._on_reset_clicked)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self.password)
        layout.addWidget(self._message)
        layout.addStretch(1)
        layout.addWidget(self._buttons)
        admin.user_saved.connect(self._on_admin_user_saved)
        admin.failed.connect(self._on_admin_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self.password.password.setFocus()

    def message_text(self) -> str:
        return self._message.text() if not self._message.isHidden() else ""

    def _retranslate(self) -> None:
        name = f"{self._user.display_name} ({self._user.username})"
        self.setWindowTitle(self.tr("Reset password of {0}").format(self._user.username))
        self._intro.setText(self.tr(
            "A new password for {0}. Their open sessions end now, and at their next sign-in "
            "they must choose their own.").format(name))
        self.reset_button.setText(self.tr("Reset password"))

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot()
    def _on_reset_clicked(self) -> None:
        problem = check_new_password(*self.password.texts())
        if problem is not None:
            show_message(self._message, form_problem_text(problem))
            return
        self._pending = True
        self.reset_button.setEnabled(False)
        show_message(self._message, self.tr("Saving…"), error=False)
        self._admin.reset_password(self._user.username, self.password.texts()[0])

    @Slot(object)
    def _on_admin_user_saved(self, user: AdminUser) -> None:
        if self._pending and user.username == self._user.username:
            self._pending = False
            self.password.clear()
            self.accept()

    @Slot(object, str, object)
    def _on_admin_failed(self, action: AdminAction, message: str, _report) -> None:
        if self._pending and action is AdminAction.RESET_PASSWORD:
            self._pending = False
            self.reset_button.setEnabled(True)
            show_message(self._message, message)
