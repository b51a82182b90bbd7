"""The Users page: every account with its roles, areas and state, and what an
administrator does to them (add, edit, disable or enable, reset a password, unlock,
delete). What is offered for the selected user comes from app.user_admin; the server's
answer, or its refusal in its own words, comes back through AdminService."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.admin import AdminUser
from app.services.admin import AdminAction, AdminService
from app.services.cameras import CameraService
from app.user_admin import UserAction, UserState, area_names, available_actions, user_states
from ui.admin.reset_password_dialog import ResetPasswordDialog
from ui.admin.user_dialog import UserDialog
from ui.admin.user_texts import role_text, state_text
from ui.shell.i18n import language_notifier
from ui.shell.password_dialog import show_message

USERNAME_COLUMN, DISPLAY_COLUMN, ROLES_COLUMN, AREAS_COLUMN, STATE_COLUMN = range(5)
# The page's own requests: their refusals are shown here (the dialogs show theirs).
_PAGE_ACTIONS = {AdminAction.LOAD_USERS, AdminAction.SAVE_USER, AdminAction.DELETE_USER,
                 AdminAction.UNLOCK_USER}
_STATE_COLOURS = {UserState.DISABLED: QColor("#9e9e9e"), UserState.LOCKED: QColor("#ff8a80"),
                  UserState.MUST_CHANGE: QColor("#ffd180")}


class UsersPage(QWidget):
    def __init__(self, admin: AdminService, cameras: CameraService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users-page")
        self._admin = admin
        self._cameras = cameras
        # The page's requests in flight: action -> the user it is about
        self._pending: dict[AdminAction, str] = {}
        self.user_dialog: UserDialog | None = None
        self.reset_dialog: ResetPasswordDialog | None = None
        self.confirm_box: QMessageBox | None = None

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("users-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.sortByColumn(USERNAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.buttons: dict[UserAction | str, QPushButton] = {}
        row = QHBoxLayout()
        for key in ("add", *UserAction, "refresh"):
            name = key if isinstance(key, str) else key.value
            button = QPushButton(self)
            button.setObjectName(f"users-{name.replace('_', '-')}")
            self.buttons[key] = button
            if key == "refresh":
                row.addStretch(1)
            row.addWidget(button)
        self.message = QLabel(self)
        self.message.setObjectName("users-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        b = self.buttons
        b["add"].clicked.connect(self.open_add_dialog)
        b[UserAction.EDIT].clicked.connect(self.open_edit_dialog)
        b[UserAction.DISABLE].clicked.connect(lambda: self._set_disabled(True))
        b[UserAction.ENABLE].clicked.connect(lambda: self._set_disabled(False))
        b[UserAction.RESET_PASSWORD].clicked.connect(self.open_reset_dialog)
        b[UserAction.UNLOCK].clicked.connect(self._on_unlock_clicked)
        b[UserAction.DELETE].clicked.connect(self.confirm_delete)
        b["refresh"].clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_edit_dialog())
        admin.users_changed.connect(self._on_admin_users_changed)
        admin.user_saved.connect(self._on_admin_user_saved)
        admin.failed.connect(self._on_admin_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self._fill(admin.users)

    # -- what tests and the window call -----------------------------------------------
    def refresh(self) -> None:
        self._pending[AdminAction.LOAD_USERS] = ""
        self._admin.load_users()

    def selected_user(self) -> AdminUser | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        name = self.table.item(rows[0].row(), USERNAME_COLUMN).text()
        return next((u for u in self._admin.users if u.username == name), None)

    def select_user(self, username: str) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, USERNAME_COLUMN).text() == username:
                self.table.selectRow(row)
                return True
        return False

    def row_texts(self, username: str) -> list[str] | None:
        """What the table shows for one user, column by column."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, USERNAME_COLUMN).text() == username:
                return [self.table.item(row, c).text() for c in range(self.table.columnCount())]
        return None

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def open_add_dialog(self) -> UserDialog:
        return self._open_user_dialog(None)

    def open_edit_dialog(self) -> UserDialog | None:
        user = self.selected_user()
        return self._open_user_dialog(user) if user is not None else None

    def open_reset_dialog(self) -> ResetPasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self._admin, user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda name=user.username: self._say(
            self.tr("New password set for {0}; they must choose their own at their next "
                    "sign-in.").format(name)))
        self.reset_dialog = dialog
        dialog.open()
        return dialog

    def confirm_delete(self) -> QMessageBox | None:
        user = self.selected_user()
        if user is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete user"), self.tr(
            "Delete the account {0} ({1})? They can no longer sign in; their personal views "
            "go. Bookmarks, exports and the audit log keep the name.").format(
                user.username, user.display_name),
            QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm-delete")
        delete = box.addButton(self.tr("Delete {0}").format(user.username),
                               QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirm-delete-button")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button, name=user.username: self._delete(name) if button is delete else None)
        self.confirm_box = box
        box.open()
        return box

    # -- actions --------------------------------------------------------------------------
    def _open_user_dialog(self, user: AdminUser | None) -> UserDialog:
        dialog = UserDialog(self._admin, self._cameras.areas(), user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._say(
            self.tr("User {0} saved.").format(dialog.form().username)))
        self.user_dialog = dialog
        dialog.open()
        return dialog

    def _set_disabled(self, disabled: bool) -> None:
        user = self.selected_user()
        if user is not None:
            self._pending[AdminAction.SAVE_USER] = user.username
            self._admin.set_user_disabled(user.username, disabled)

    @Slot()
    def _on_unlock_clicked(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._pending[AdminAction.UNLOCK_USER] = user.username
            self._admin.unlock_user(user.username)

    def _delete(self, username: str) -> None:
        self._pending[AdminAction.DELETE_USER] = username
        self._admin.delete_user(username)

    # -- painting ---------------------------------------------------------------------
    def _fill(self, users: list[AdminUser]) -> None:
        selected = self.selected_user()
        keep = selected.username if selected else None
        now = datetime.now(UTC)
        areas = self._cameras.areas()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            texts = (user.username, user.display_name,
                     ", ".join(role_text(r) for r in user.roles),
                     ", ".join(area_names(user.areas, areas)), state_text(user, now))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            colour = _STATE_COLOURS.get(user_states(user, now)[0])
            if colour is not None:
                self.table.item(row, STATE_COLUMN).setForeground(colour)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        for column in (DISPLAY_COLUMN, AREAS_COLUMN):  # long texts: a cap, the tooltip
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 280))
        if keep is None or not self.select_user(keep):
            self.table.clearSelection()
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        offered = available_actions(self.selected_user(), self._admin.signed_in_as,
                                    datetime.now(UTC))
        for action in UserAction:
            button = self.buttons[action]
            button.setEnabled(action in offered)
        # One of Disable / Enable at a time, in the same place.
        self.buttons[UserAction.ENABLE].setVisible(UserAction.ENABLE in offered)
        self.buttons[UserAction.DISABLE].setVisible(UserAction.ENABLE not in offered)

    def _say(self, text: str, error: bool = False) -> None:
        show_message(self.message, text, error)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Users"))  # the window's tab follows it
        self.table.setHorizontalHeaderLabels([
            self.tr("User name"), self.tr("Display name"), self.tr("Roles"), self.tr("Areas"),
            self.tr("State")])
        texts = {"add": self.tr("Add…"), UserAction.EDIT: self.tr("Edit…"),
                 UserAction.DISABLE: self.tr("Disable"), UserAction.ENABLE: self.tr("Enable"),
                 UserAction.RESET_PASSWORD: self.tr("Reset password…"),
                 UserAction.UNLOCK: self.tr("Unlock"), UserAction.DELETE: self.tr("Delete…"),
                 "refresh": self.tr("Refresh")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self._fill(self._admin.users)

    # -- slots ------------------------------------------------------------------------
    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot(object)
    def _on_admin_users_changed(self, users: list[AdminUser]) -> None:
        self._pending.pop(AdminAction.LOAD_USERS, None)
        deleted = self._pending.get(AdminAction.DELETE_USER)
        if deleted is not None and all(u.username != deleted for u in users):
            del self._pending[AdminAction.DELETE_USER]
            self._say(self.tr("User {0} deleted.").format(deleted))
        self._fill(users)

    @Slot(object)
    def _on_admin_user_saved(self, user: AdminUser) -> None:
        if self._pending.get(AdminAction.UNLOCK_USER) == user.username:
            del self._pending[AdminAction.UNLOCK_USER]
            self._say(self.tr("{0} is unlocked.").format(user.username))
        elif self._pending.get(AdminAction.SAVE_USER) == user.username:
            del self._pending[AdminAction.SAVE_USER]
            self._say(self.tr("{0} is disabled; their sessions have ended.").format(
                user.username) if user.disabled
                else self.tr("{0} is enabled.").format(user.username))

    @Slot(object, str, object)
    def _on_admin_failed(self, action: AdminAction, message: str, _report) -> None:
        if action in _PAGE_ACTIONS and action in self._pending:
            del self._pending[action]
            self._say(message, error=True)
