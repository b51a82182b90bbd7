"""The export and verify dialogs against the real server on a socket: the form refuses
to send without a reason and a case number; an export ends "Verified"; the verifier
dialog names the file that was changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.services.exports import ExportService
from app.tasks import TaskRunner
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.live_app import serve_app
from ui.evidence.export_dialog import ExportDialog
from ui.evidence.verify_dialog import VerifyDialog


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("export-ui") / "data"
    with serve_app(data, FLEET, prepare=footage(data, 8)) as (url, _app):
        yield url


@pytest.fixture
def exports(qtbot, server, tmp_path):
    runner = TaskRunner()
    yield ExportService(logged_in(qtbot, runner, server, "supervisor"), runner,
                        export_dir=lambda: tmp_path / "out", poll_ms=100)
    runner.shutdown()


def _dialog(qtbot, exports, start_s=1, end_s=5):
    dialog = ExportDialog(exports, "cam001", "Taman Tebet Eco Park",
                          FOOTAGE_T0 + timedelta(seconds=start_s),
                          FOOTAGE_T0 + timedelta(seconds=end_s))
    qtbot.addWidget(dialog)
    return dialog


def test_nothing_is_sent_without_a_reason_and_a_case_number(qtbot, exports):
    dialog = _dialog(qtbot, exports)
    assert dialog.start_edit.text() == "2026-11-22 10:00:01 WIB"
    assert not dialog.export_button.isEnabled()
    assert "reason" in dialog.problem_label.text()
    dialog.reason_edit.setPlainText("Pencurian helm")
    assert not dialog.export_button.isEnabled() and "case" in dialog.problem_label.text()
    dialog.case_edit.setText("LP/5/XI/2026")
    assert dialog.export_button.isEnabled() and dialog.problem_label.text() == ""
    dialog.end_edit.setText("kemarin")
    assert not dialog.export_button.isEnabled() and "WIB" in dialog.problem_label.text()
    dialog.end_edit.setText("2026-11-22 09:59:00")
    assert "after the start" in dialog.problem_label.text()


def test_export_downloads_verifies_and_a_flipped_byte_is_named(qtbot, exports, tmp_path):
    dialog = _dialog(qtbot, exports)
    dialog.show()
    dialog.reason_edit.setPlainText("Pencurian helm di parkiran taman")
    dialog.case_edit.setText("LP/5/XI/2026")
    dialog.requester_edit.setText("Dewi")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.result.ok
    assert dialog.status_label.text().startswith("Verified ✓")
    assert dialog.open_button.isEnabled() and dialog.folder is not None
    # Content Credentials are on by default: each picture's UTC time came with it.
    assert dialog.c2pa_box.isChecked() and list(dialog.folder.glob("*.frames.csv"))
    dialog.grab().save(str(tmp_path / "export-dialog.png"))

    mp4 = next(dialog.folder.glob("*.mp4"))
    data = bytearray(mp4.read_bytes())
    data[len(data) // 3] ^= 0x40
    mp4.write_bytes(bytes(data))
    checker = VerifyDialog(exports, path=dialog.folder)
    qtbot.addWidget(checker)
    checker.show()
    qtbot.mouseClick(checker.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checker.result is not None, timeout=10_000)
    rows = [[checker.checks.topLevelItem(i).text(c) for c in range(3)]
            for i in range(checker.checks.topLevelItemCount())]
    assert [r[0] for r in rows] == ["Manifest readable", "Public key", "Server's signature",
                                    "Video file"]
    assert rows[-1][1].startswith("✗") and rows[-1][2] == mp4.name
    assert checker.summary_label.text().startswith("Not verified ✗")
    assert mp4.name in checker.summary_label.text()
    checker.grab().save(str(tmp_path / "verify-dialog.png"))


def test_a_watermarked_export_says_it_was_reencoded(qtbot, exports):
    dialog = _dialog(qtbot, exports, 2, 4)
    dialog.reason_edit.setPlainText("Untuk media")
    dialog.case_edit.setText("LP/6/XI/2026")
    dialog.watermark_box.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.result.ok
    assert dialog.result.manifest["reencoded"] is True
    assert dialog.result.manifest["applied"][0]["kind"] == "watermark"
