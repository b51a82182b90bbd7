"""Check an evidence export in the client: pick its folder or a file of it (and, better,
the server's public key obtained separately); each check is listed with the file it is
about, so a failure says which file was changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.exports import ExportService
from app.verify import CheckStatus, Problem, VerifyResult

PASSED_COLOUR = "#15803d"
FAILED_COLOUR = "#b91c1c"
UNTRUSTED_COLOUR = "#b45309"  # intact and signed, but by a key nobody vouched for


class VerifyDialog(QDialog):
    def __init__(self, exports: ExportService, parent: QWidget | None = None,
                 path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verify-dialog")
        self.setWindowTitle(self.tr("Verify an evidence export"))
        self._exports = exports
        self._asked: str | None = None
        self.result: VerifyResult | None = None

        self.path_edit = QLineEdit(str(path) if path else "", self)
        self.path_edit.setPlaceholderText(self.tr("Export folder, .mp4 or .manifest.json"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        self.key_edit = QLineEdit(self)
        self.key_edit.setPlaceholderText(
            self.tr("The server's public key (.pem); empty: the copy in the export"))
        key_browse = QPushButton(self.tr("Browse…"), self)
        key_browse.clicked.connect(self._on_key_browse_clicked)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        form.addRow(self.tr("Export"), row)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit)
        key_row.addWidget(key_browse)
        form.addRow(self.tr("Public key"), key_row)

        self.checks = QTreeWidget(self)
        self.checks.setObjectName("verify-checks")
        self.checks.setHeaderLabels([self.tr("Check"), self.tr("Result"), self.tr("File")])
        self.checks.setRootIsDecorated(False)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("verify-summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setObjectName("verify-start")
        self.verify_button.setDefault(True)
        buttons.addButton(self.verify_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.verify_button.clicked.connect(self.verify)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.checks)
        layout.addWidget(self.summary_label)
        layout.addWidget(buttons)
        exports.verified.connect(self._on_exports_verified)
        self.resize(760, 360)

    @Slot()
    def verify(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.summary_label.setText(self.tr("Choose an export first."))
            return
        key = None
        if self.key_edit.text().strip():
            try:
                key = Path(self.key_edit.text().strip()).read_bytes()
            except OSError as exc:
                self.summary_label.setText(self.tr("The key cannot be read: {0}").format(exc))
                return
        self._asked = str(Path(path))
        self.checks.clear()
        self.summary_label.setText(self.tr("Checking…"))
        self.summary_label.setStyleSheet("")
        self._exports.verify(Path(path), key)

    @Slot(str, object)
    def _on_exports_verified(self, path: str, result: VerifyResult) -> None:
        if path != self._asked:
            return
        self.result = result
        names = {"manifest": self.tr("Manifest readable"), "key": self.tr("Public key"),
                 "signature": self.tr("Server's signature"), "mp4": self.tr("Video file"),
                 "signer": self.tr("Signer")}
        for check in result.checks:
            passed = check.status is CheckStatus.PASSED
            item = QTreeWidgetItem([names.get(check.name, check.name),
                                    ("✓ " if passed else "✗ ") + check.detail,
                                    Path(check.file).name])
            item.setForeground(1, Qt.GlobalColor.darkGreen if passed else Qt.GlobalColor.red)
            item.setToolTip(2, check.file)
            self.checks.addTopLevelItem(item)
        for column in range(3):
            self.checks.resizeColumnToContents(column)
        if result.ok:
            text = self.tr("Verified ✓ — the video and its manifest are as the server signed "
                           "them (key {0}).").format(result.key_id)
            self.summary_label.setStyleSheet(f"color: {PASSED_COLOUR};")
        elif result.problem is Problem.UNTRUSTED_SIGNER:
            text = self.tr("Signer unverified — the files are intact and signed by key {0}, "
                           "but that is not the key of the server you are signed in to. "
                           "Choose the server's public key to check who signed.").format(
                result.key_id)
            self.summary_label.setStyleSheet(f"color: {UNTRUSTED_COLOUR};")
        else:
            text = self.tr("Not verified ✗ — {0}").format(result.failure)
            self.summary_label.setStyleSheet(f"color: {FAILED_COLOUR};")
        self.summary_label.setText(text)

    def _start_dir(self, text: str) -> str:
        """Where a file dialog opens: beside what is typed, else the user's export
        folder (never the program's working directory)."""
        typed = Path(text.strip()) if text.strip() else None
        if typed is not None and typed.exists():
            return str(typed if typed.is_dir() else typed.parent)
        return str(self._exports.export_dir())

    @Slot()
    def _on_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Export folder"),
                                                self._start_dir(self.path_edit.text()))
        if path:
            self.path_edit.setText(path)

    @Slot()
    def _on_key_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Public key"),
                                              self._start_dir(self.key_edit.text()),
                                              self.tr("PEM key (*.pem)"))
        if path:
            self.key_edit.setText(path)
