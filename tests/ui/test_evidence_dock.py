"""Evidence requests in the client against the real server: an operator records one and
is refused when approving it; a supervisor approves it; the receipt PDF carries the
export's SHA-256 (read back with pdftotext). Four eyes: a supervisor's own request
cannot be approved by them (the dock says why, the server's refusal is shown); another
approves it, and its package downloads from the dock and verifies."""

from __future__ import annotations

import hashlib
import subprocess
import time
import zipfile
from datetime import timedelta

import pytest

from app.api.evidence import RequestState
from app.services.evidence import EvidenceService
from app.services.exports import ExportService
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.live_app import serve_app
from ui.evidence.dock import EvidenceDockWidget


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("evidence-ui") / "data"
    with serve_app(data, FLEET, prepare=footage(data, 8)) as (url, _app):
        yield url


def _dock(qtbot, runner, url, user, export_dir=None):
    session = logged_in(qtbot, runner, url, user)
    evidence = EvidenceService(session, runner)
    exports = ExportService(session, runner, export_dir=lambda: export_dir, poll_ms=200) \
        if export_dir is not None else None
    dock = EvidenceDockWidget(evidence, exports=exports)
    qtbot.addWidget(dock)
    return evidence, dock


def _select(dock, request_id):
    for row in range(dock.list.topLevelItemCount()):
        if dock.list.topLevelItem(row).text(0) == str(request_id):
            dock.list.setCurrentItem(dock.list.topLevelItem(row))
            return dock.selected()
    raise AssertionError(f"request {request_id} is not listed")


def test_operator_records_supervisor_approves_and_the_receipt_is_printed(
        qtbot, runner, server, tmp_path):
    evidence, dock = _dock(qtbot, runner, server, "operator")
    with qtbot.waitSignal(evidence.requests_changed, timeout=10_000):
        evidence.create(requester_name="Siti Rahmawati", requester_contact="0812-1111-2222",
                        incident_at=FOOTAGE_T0 + timedelta(seconds=4),
                        incident_place="Halte Tebet", camera_ids=["cam001"],
                        start=FOOTAGE_T0 + timedelta(seconds=1),
                        end=FOOTAGE_T0 + timedelta(seconds=6), reason="Kehilangan dompet")
    request_id = evidence.requests[0].id
    _select(dock, request_id)
    assert not dock.receipt_button.isEnabled()
    dock.approve_selected("LP/1")
    qtbot.waitUntil(lambda: "Not allowed" in dock.status_label.text(), timeout=10_000)

    boss, boss_dock = _dock(qtbot, runner, server, "supervisor")
    with qtbot.waitSignal(boss.requests_changed, timeout=10_000):
        boss.refresh()
    _select(boss_dock, request_id)
    assert boss_dock.approve_button.isEnabled()
    with qtbot.waitSignal(boss.requests_changed, timeout=10_000):
        boss_dock.approve_selected("LP/B/77/XI/2026")
    assert boss_dock.selected().state is RequestState.APPROVED
    assert boss_dock.receipt_button.isEnabled()
    pdf = tmp_path / "receipt.pdf"
    deadline = time.monotonic() + 30
    while boss_dock.last_receipt is None and time.monotonic() < deadline:
        boss_dock.print_receipt(request_id, pdf)  # until its export has finished
        qtbot.wait(300)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=30, check=True).stdout
    assert "Siti Rahmawati" in text and "LP/B/77/XI/2026" in text
    with qtbot.waitSignal(boss.receipt_ready, timeout=10_000) as got:
        boss.fetch_receipt(request_id)
    receipt = got.args[1]
    sha = receipt.document["exports"][0]["sha256"]
    flat = text.replace("\n", "")
    assert len(sha) == 64 and sha in flat
    assert receipt.sha256 in flat  # the paper names the receipt file it was printed from


def test_four_eyes_and_the_package_downloads_from_the_dock_and_verifies(
        qtbot, runner, server, tmp_path, monkeypatch):
    evidence, dock = _dock(qtbot, runner, server, "supervisor", tmp_path / "exports")
    with qtbot.waitSignal(evidence.requests_changed, timeout=10_000):
        evidence.create(requester_name="Budi Santoso", requester_contact="0813-2222-3333",
                        incident_at=FOOTAGE_T0 + timedelta(seconds=3),
                        incident_place="Taman Tebet", camera_ids=["cam001"],
                        start=FOOTAGE_T0 + timedelta(seconds=1),
                        end=FOOTAGE_T0 + timedelta(seconds=5), reason="Tabrak lari")
    request_id = max(r.id for r in evidence.requests)
    _select(dock, request_id)
    assert not dock.approve_button.isEnabled() and dock.refuse_button.isEnabled()
    assert "another supervisor must approve" in dock.why_label.text()
    dock.approve_selected("LP/B/9/XII/2026")  # past the dock: the server refuses too
    qtbot.waitUntil(lambda: "four eyes" in dock.status_label.text(), timeout=10_000)
    assert dock.status_label.text().startswith("Not allowed: You recorded request")

    boss, boss_dock = _dock(qtbot, runner, server, "admin", tmp_path / "exports")
    with qtbot.waitSignal(boss.requests_changed, timeout=10_000):
        boss.refresh()
    _select(boss_dock, request_id)
    assert boss_dock.approve_button.isEnabled() and not boss_dock.why_label.text()
    with qtbot.waitSignal(boss.requests_changed, timeout=10_000):
        boss_dock.approve_selected("LP/B/9/XII/2026")
    assert boss_dock.package_button.isEnabled()

    # The queue shows the request's export until it is done.
    queue = boss_dock.queue
    boss_dock.show()
    export_id = boss_dock.selected().export_ids[0]
    qtbot.waitUntil(lambda: any(queue.list.topLevelItem(r).text(0) == str(export_id)
                                and queue.list.topLevelItem(r).text(2) == "done"
                                for r in range(queue.list.topLevelItemCount())),
                    timeout=30_000)

    package = tmp_path / "exports" / f"pantau-request-{request_id}.zip"
    offered = []

    def save_dialog(_parent, _title, proposed, _kinds):
        offered.append(proposed)
        return proposed, ""

    monkeypatch.setattr("ui.evidence.dock.QFileDialog.getSaveFileName", save_dialog)
    with qtbot.waitSignal(boss.package_saved, timeout=30_000) as got:
        boss_dock.package_button.click()
    assert offered == [str(package)]  # the user's export folder, not the program's
    saved = got.args[0]
    assert saved.ok, (saved.check.problems, [r.failure for r in saved.check.exports])
    assert "Verified ✓ — 1 export(s)" in boss_dock.status_label.text()
    with qtbot.waitSignal(boss.receipt_ready, timeout=10_000) as receipt:
        boss.fetch_receipt(request_id)
    inside = zipfile.ZipFile(package).read(f"pantau-request-{request_id}/receipt.json")
    assert inside == receipt.args[1].data
    assert hashlib.sha256(inside).hexdigest() == receipt.args[1].sha256
