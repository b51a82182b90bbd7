"""Add or edit an account: name, display name, roles, areas (the area tree) and, for a
new account, a first password typed twice. The server's refusal (a weak password, a
name taken, an unknown area) is shown in the dialog, which stays open with what was
typed; it closes once the server has saved the user."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.api.admin import AdminUser, Role
from app.domain import Area
from app.services.admin import AdminAction, AdminService
from app.user_admin import UserForm, check_user_form, role_order
from ui.admin.user_areas import AreasPicker
from ui.admin.user_texts import role_text
from ui.shell.i18n import language_notifier
from ui.shell.password_dialog import (
    NewPasswordFields,
    align_labels,
    form_problem_text,
    show_message,
)

_TICK_BOXES = """
QCheckBox::indicator:unchecked, QTreeWidget::indicator:unchecked {
    border: 1px solid #8a99a6; border-radius: 2px; background: #10161a;
    width: 12px; height: 12px;
}
"""


class UserDialog(QDialog):
    def __init__(self, admin: AdminService, areas: list[Area], user: AdminUser | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._admin = admin
        self._user = user
        self._pending = False
        self.setObjectName("user-dialog")
        self.setMinimumSize(760, 500)
        # The dark theme draws an empty tick box nearly black on black: give it an edge.
        self.setStyleSheet(_TICK_BOXES)

        self.username = QLineEdit(user.username if user else "", self)
        self.username.setObjectName("username")
        self.username.setReadOnly(user is not None)  # a name is for life (audit, bookmarks)
        self.display_name = QLineEdit(user.display_name if user else "", self)
        self.display_name.setObjectName("display-name")
        self._roles_box = QGroupBox(self)
        roles_column = QVBoxLayout(self._roles_box)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(self._roles_box)
            box.setObjectName(f"role-{role.value}")
            box.setChecked(user is not None and role in user.roles)
            roles_column.addWidget(box)
            self.role_boxes[role] = box
        self.password = NewPasswordFields(self)
        self.password.setVisible(user is None)
        self._areas_box = QGroupBox(self)
        self.areas = AreasPicker(self._areas_box)
        self.areas.set_areas(areas)
        if user is not None:
            self.areas.set_checked(user.areas)
        QVBoxLayout(self._areas_box).addWidget(self.areas)

        self._message = QLabel(self)
        self._message.setObjectName("message")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        self._buttons = QDialogButtonBox(self)
        self.save_button = self._buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._on_save_clicked)
        self._buttons.rejected.connect(self.reject)

        self._labels = (QLabel(self), QLabel(self))
        form = QFormLayout()
        form.addRow(self._labels[0], self.username)
        form.addRow(self._labels[1], self.display_name)
        for label, field in zip(self._labels, (self.username, self.display_name), strict=True):
            label.setBuddy(field)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self._roles_box)
        left.addWidget(self.password)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self._areas_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self._message)
        layout.addWidget(self._buttons)
        self._align = [*self._labels, *self.password.labels()]

        admin.user_saved.connect(self._on_admin_user_saved)
        admin.failed.connect(self._on_admin_failed)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        (self.display_name if user else self.username).setFocus()

    def form(self) -> UserForm:
        password, confirm = self.password.texts()
        return UserForm(
            username=self.username.text().strip(), display_name=self.display_name.text().strip(),
            roles=role_order(r for r, box in self.role_boxes.items() if box.isChecked()),
            areas=self.areas.checked(), password=password, confirm=confirm,
            editing=self._user is not None)

    def message_text(self) -> str:
        return self._message.text() if not self._message.isHidden() else ""

    def _retranslate(self) -> None:
        if self._user is None:
            self.setWindowTitle(self.tr("Add user"))
        else:
            self.setWindowTitle(self.tr("Edit user {0}").format(self._user.username))
        self._labels[0].setText(self.tr("User name"))
        self._labels[1].setText(self.tr("Display name"))
        self.display_name.setPlaceholderText(self.tr("e.g. Polsek Tebet"))
        self._roles_box.setTitle(self.tr("Roles"))
        self._areas_box.setTitle(self.tr("Areas this user sees"))
        for role, box in self.role_boxes.items():
            box.setText(role_text(role))
        align_labels(self._align)

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()

    @Slot()
    def _on_save_clicked(self) -> None:
        form = self.form()
        problem = check_user_form(form)
        if problem is not None:
            show_message(self._message, form_problem_text(problem))
            return
        show_message(self._message, self.tr("Saving…"), error=False)
        self._set_busy(True)
        display = form.display_name or form.username
        if self._user is None:
            self._admin.create_user(form.username, display, form.roles, form.areas,
                                    form.password)
        else:
            self._admin.update_user(self._user.username, display_name=display,
                                    roles=form.roles, areas=form.areas)

    @Slot(object)
    def _on_admin_user_saved(self, user: AdminUser) -> None:
        if not self._pending or user.username.casefold() != self.form().username.casefold():
            return
        self._set_busy(False)
        self.password.clear()
        self.accept()

    @Slot(object, str, object)
    def _on_admin_failed(self, action: AdminAction, message: str, _report) -> None:
        if not self._pending or action is not AdminAction.SAVE_USER:
            return
        self._set_busy(False)
        show_message(self._message, message)  # the server's sentence: rule, name taken…

    def _set_busy(self, busy: bool) -> None:
        self._pending = busy
        self.save_button.setEnabled(not busy)
