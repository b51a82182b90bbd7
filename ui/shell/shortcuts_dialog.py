"""The keyboard help: every action with its shortcut, each shortcut editable in place,
then the fixed keys of a tile, a tile in PTZ mode, a wall window and the camera list
(app.actions.FIXED_KEYS), read-only. A key already taken by another action is refused and
the dialog says by which."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.actions import (
    CONTEXT,
    FIXED_KEYS,
    LAYOUT_ACTIONS,
    REGISTRY,
    SPECS,
    ActionId,
    FixedKey,
    KeyScope,
    ShortcutMap,
)
from ui.shell.i18n import language_notifier

_LAYOUT_OF = {action: layout for layout, action in LAYOUT_ACTIONS.items()}
_SCOPES = list(dict.fromkeys(key.scope for key in FIXED_KEYS))  # in FIXED_KEYS' order


_ARROWS = {"Left": "←", "Right": "→", "Up": "↑", "Down": "↓"}  # as on the keys


def keys_text(fixed: FixedKey) -> str:
    """``←, →, ↑, ↓`` or ``Alt+PgDown``: as the keyboard prints them."""
    return ", ".join(_ARROWS.get(key) or QKeySequence(key).toString(
        QKeySequence.SequenceFormat.NativeText) for key in fixed.keys)


class ShortcutsDialog(QDialog):
    shortcuts_changed = Signal()  # the map was edited; apply and save it

    def __init__(self, shortcuts: ShortcutMap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shortcuts = shortcuts
        self.setObjectName("shortcuts-dialog")
        self.resize(560, 620)
        self.table = QTableWidget(len(REGISTRY) + len(_SCOPES) + len(FIXED_KEYS), 2, self)
        self.table.setObjectName("shortcuts-table")
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 180)
        self._edits: dict[ActionId, QKeySequenceEdit] = {}
        for row, spec in enumerate(REGISTRY):
            item = QTableWidgetItem()
            item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(self.table)
            edit.setObjectName(f"shortcut-{spec.id.value}")
            edit.setMaximumSequenceLength(1)  # one chord: what an operator can remember
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(lambda action=spec.id: self._on_edit_finished(action))
            self.table.setCellWidget(row, 1, edit)
            self._edits[spec.id] = edit
        self._scope_rows: dict[KeyScope, int] = {}
        self._fixed_rows: list[tuple[int, FixedKey]] = []
        row = len(REGISTRY)
        bold = QFont(self.font())
        bold.setBold(True)
        for scope in _SCOPES:
            self.table.setSpan(row, 0, 1, 2)
            heading = QTableWidgetItem()
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setFont(bold)
            self.table.setItem(row, 0, heading)
            self._scope_rows[scope] = row
            row += 1
            for fixed in (key for key in FIXED_KEYS if key.scope is scope):
                for column, text in ((0, ""), (1, keys_text(fixed))):
                    item = QTableWidgetItem(text)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # fixed: not editable
                    self.table.setItem(row, column, item)
                self._fixed_rows.append((row, fixed))
                row += 1
        self.problem = QLabel(self)
        self.problem.setObjectName("shortcuts-problem")
        self.problem.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                         | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        self._buttons.rejected.connect(self.reject)
        self._buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._on_restore_defaults_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self._buttons)
        language_notifier().language_changed.connect(self._on_language_changed)
        self._retranslate()
        self.reload()

    def edit(self, action: ActionId) -> QKeySequenceEdit:
        return self._edits[action]

    def reload(self) -> None:
        for action, edit in self._edits.items():
            edit.blockSignals(True)
            edit.setKeySequence(QKeySequence(self._shortcuts.shortcut(action)))
            edit.blockSignals(False)
        self.problem.clear()

    def set_shortcut(self, action: ActionId, sequence: QKeySequence) -> bool:
        """Give an action this key; False (and the reason shown) when another has it."""
        text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        taken = self._shortcuts.conflicts(action, text)
        if taken:
            self.problem.setText(self.tr("{0} is already the shortcut of \"{1}\".").format(
                sequence.toString(QKeySequence.SequenceFormat.NativeText),
                self.describe(taken[0])))
            self.reload_one(action)
            return False
        self.problem.clear()
        if text != self._shortcuts.shortcut(action):
            self._shortcuts.set(action, text)
            self.shortcuts_changed.emit()
        return True

    def reload_one(self, action: ActionId) -> None:
        edit = self._edits[action]
        edit.blockSignals(True)
        edit.setKeySequence(QKeySequence(self._shortcuts.shortcut(action)))
        edit.blockSignals(False)

    def describe(self, action: ActionId) -> str:
        if action in _LAYOUT_OF:
            return self.tr("Layout {0}").format(_LAYOUT_OF[action].value)
        return QCoreApplication.translate(CONTEXT, SPECS[action].description)

    def scope_text(self, scope: KeyScope) -> str:
        return {
            KeyScope.TILE: self.tr("On the selected tile (click it first)"),
            KeyScope.PTZ: self.tr("On a tile in PTZ mode"),
            KeyScope.WALL_WINDOW: self.tr("In a wall window"),
            KeyScope.CAMERA_LIST: self.tr("In the camera list"),
            KeyScope.MASK_EDITOR: self.tr("In the privacy mask editor"),
        }[scope]

    def fixed_rows(self) -> list[tuple[str, str]]:
        """(what it does, its keys) for every fixed key, as the table shows them."""
        return [(self.table.item(row, 0).text(), self.table.item(row, 1).text())
                for row, _ in self._fixed_rows]

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        for scope, row in self._scope_rows.items():
            self.table.item(row, 0).setText(self.scope_text(scope))
        for row, fixed in self._fixed_rows:
            self.table.item(row, 0).setText(QCoreApplication.translate(CONTEXT,
                                                                       fixed.description))
            self.table.item(row, 1).setText(keys_text(fixed))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        for row, spec in enumerate(REGISTRY):
            self.table.item(row, 0).setText(self.describe(spec.id))
            self._edits[spec.id].setToolTip(
                self.tr("Click and press the new key; default: {0}").format(
                    QKeySequence(spec.default_shortcut).toString(
                        QKeySequence.SequenceFormat.NativeText) or self.tr("none")))

    def _on_edit_finished(self, action: ActionId) -> None:
        self.set_shortcut(action, self._edits[action].keySequence())

    @Slot()
    def _on_restore_defaults_clicked(self) -> None:
        for spec in REGISTRY:
            self._shortcuts.set(spec.id, spec.default_shortcut)
        self.reload()
        self.shortcuts_changed.emit()

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._retranslate()
