"""The alarm rules an administrator or supervisor may edit (the server returns those of
their scope): a list with add, edit and delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.alarms.rules import AlarmRulesService
from app.alarms.types import AlarmRule
from app.api.errors import ApiErrorKind
from app.services.cameras import CameraService
from app.services.thumbnails import ThumbnailService
from ui.alarms.rule_dialog import AlarmRuleDialog
from ui.alarms.texts import kind_name

RuleIdRole = Qt.ItemDataRole.UserRole + 1


class AlarmRulesDialog(QDialog):
    def __init__(self, rules: AlarmRulesService, cameras: CameraService,
                 thumbnails: ThumbnailService | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarm-rules-dialog")
        self._rules = rules
        self._cameras = cameras
        self._thumbnails = thumbnails
        self.editor: AlarmRuleDialog | None = None
        self.delete_box: QMessageBox | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("alarm-rules-list")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("alarm-rule-add")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("alarm-rule-edit")
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("alarm-rule-delete")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self.ask_delete)
        self.list.itemActivated.connect(self._on_edit_button_clicked)
        self.list.currentItemChanged.connect(self._update_buttons)
        rules.rules_changed.connect(self.rebuild)
        rules.failed.connect(self._on_rules_failed)
        self.setWindowTitle(self.tr("Alarm rules"))
        self.add_button.setText(self.tr("Add…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.delete_button.setText(self.tr("Delete"))
        self.resize(560, 420)
        self.rebuild()

    def selected_rule(self) -> AlarmRule | None:
        item = self.list.currentItem()
        rule_id = item.data(RuleIdRole) if item is not None else None
        return next((r for r in self._rules.rules() if r.id == rule_id), None)

    def open_editor(self, rule: AlarmRule | None) -> AlarmRuleDialog:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = AlarmRuleDialog(self._rules, self._cameras, self._thumbnails, rule, self)
        self.editor.open()
        return self.editor

    def ask_delete(self) -> QMessageBox | None:
        rule = self.selected_rule()
        if rule is None or rule.id is None:
            return None
        box = self.delete_box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete alarm rule"))
        box.setText(self.tr("Delete the rule {0}? Its alarms stay in the list.").format(
            rule.name))
        box.setStandardButtons(QMessageBox.StandardButton.Yes
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        rule_id = rule.id
        box.finished.connect(lambda _r: self._on_delete_box_finished(box, rule_id))
        box.open()
        return box

    def _on_delete_box_finished(self, box: QMessageBox, rule_id: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self._rules.delete(rule_id)

    @Slot()
    def rebuild(self) -> None:
        current = self.selected_rule()
        self.list.clear()
        for rule in self._rules.rules():
            item = QListWidgetItem(self._row_text(rule), self.list)
            item.setData(RuleIdRole, rule.id)
            if current is not None and rule.id == current.id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def _row_text(self, rule: AlarmRule) -> str:
        if rule.camera_id:
            camera = self._cameras.camera(rule.camera_id)
            scope = camera.name if camera else rule.camera_id
        else:
            scope = self.tr("area {0}").format(rule.area_id or "-")
        hours = (f" · {rule.hours.start:%H:%M}–{rule.hours.end:%H:%M}" if rule.hours else "")
        off = "" if rule.enabled else self.tr(" (disabled)")
        return f"{rule.name}{off}\n{kind_name(rule.kind)} · {scope}{hours}"

    @Slot()
    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_rule() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    @Slot()
    def _on_edit_button_clicked(self, *_args) -> None:
        rule = self.selected_rule()
        if rule is not None:
            self.open_editor(rule)

    @Slot(object, str)
    def _on_rules_failed(self, kind: ApiErrorKind, message: str) -> None:
        self.message_label.setText(self.tr("The server refused: {0}").format(
            message or kind.value))
