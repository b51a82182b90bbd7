"""Several cameras, one range, one package, from the export dialog; and the export
queue, where a failed export is retried (against the real server on a socket)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.domain import Camera
from app.services.exports import ExportService
from app.tasks import TaskRunner
from app.verify import verify_export
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.footage import record
from tests.support.live_app import serve_app
from ui.evidence.export_dialog import ExportDialog
from ui.evidence.queue import ExportQueueWidget

CAMERAS = [Camera(c["id"], c["name"], "", (c["kota"], c["kecamatan"], c["kelurahan"]))
           for c in FLEET]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    data = tmp_path_factory.mktemp("export-several") / "data"

    def prepare(ctx):
        footage(data, 8)(ctx)
        footage(data, 8, "cam002")(ctx)

    with serve_app(data, FLEET, prepare=prepare) as (url, app):
        yield url, app.state.ctx


@pytest.fixture
def exports(qtbot, live, tmp_path):
    runner = TaskRunner()
    yield ExportService(logged_in(qtbot, runner, live[0], "supervisor"), runner,
                        export_dir=lambda: tmp_path / "out", poll_ms=100)
    runner.shutdown()


def test_two_cameras_one_range_export_into_one_folder_and_verify(qtbot, exports, tmp_path):
    dialog = ExportDialog(exports, "cam001", "Taman Tebet Eco Park",
                          FOOTAGE_T0 + timedelta(seconds=1), FOOTAGE_T0 + timedelta(seconds=5),
                          cameras=CAMERAS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.cameras_button, Qt.MouseButton.LeftButton)
    assert dialog.picker.isVisible() and dialog.picker.checked_ids() == ["cam001"]
    dialog.picker.set_checked("cam002", True)
    dialog.reason_edit.setPlainText("Tabrakan di perempatan")
    dialog.case_edit.setText("LP/B/12/XII/2026")
    assert dialog.export_button.text() == "Export 2 cameras"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.status_label.text().startswith("Verified ✓ — 2 exports"), \
        dialog.status_label.text()
    assert dialog.folder == tmp_path / "out" / "pantau-LP_B_12_XII_2026-20261122T030001Z"
    inside = sorted(p for p in dialog.folder.iterdir() if p.is_dir())
    assert len(inside) == 2
    key_pem, _ = exports._api().public_key()
    cameras = {verify_export(p, key_pem.encode()).manifest["camera"]["id"] for p in inside}
    assert cameras == {"cam001", "cam002"}
    assert all(verify_export(p, key_pem.encode()).ok for p in inside)


def test_the_queue_shows_a_failed_export_and_retries_it(qtbot, exports, live):
    queue = ExportQueueWidget(exports)
    qtbot.addWidget(queue)
    queue.show()  # watched while shown
    with qtbot.waitSignal(exports.created, timeout=10_000) as made:
        exports.create("cam003", FOOTAGE_T0, FOOTAGE_T0 + timedelta(seconds=3),
                       "Copet di stasiun", "LP/7")
    export_id = made.args[1].id

    def row():
        for r in range(queue.list.topLevelItemCount()):
            if queue.list.topLevelItem(r).text(0) == str(export_id):
                return queue.list.topLevelItem(r)
        return None

    qtbot.waitUntil(lambda: row() is not None and row().text(2) == "failed", timeout=30_000)
    queue.list.setCurrentItem(row())
    assert queue.retry_button.isEnabled()
    _url, ctx = live  # the footage arrives (a camera back online, its upload indexed)
    record(ctx.engine, ctx.settings.data_dir, "cam003", FOOTAGE_T0, seconds=4, segment_s=2)
    qtbot.mouseClick(queue.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row() is not None and row().text(2) == "done", timeout=30_000)
    assert row().text(1) == "Stasiun Gambir"


def test_a_queue_refresh_asked_while_a_listing_is_on_its_way_is_made_after_it(qtbot, exports):
    """The queue is shown (a listing goes out) and an export is created at once (it asks
    again while the first answer, which cannot hold it, is on its way): a second listing
    follows the first, so the new export shows up."""
    answers = []
    exports.queue_changed.connect(answers.append)
    exports.watch_queue(True)
    exports.refresh_queue()  # while the first listing is on its way
    qtbot.waitUntil(lambda: len(answers) >= 2, timeout=10_000)
    exports.watch_queue(False)
