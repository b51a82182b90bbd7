"""Evidence requests in the client against the real server: an operator records one and
is refused when approving it; a supervisor approves it; the receipt PDF carries the
export's SHA-256 (read back with pdftotext)."""

from __future__ import annotations

import subprocess
import time
from datetime import timedelta

import pytest

from app.api.evidence import RequestState
from app.services.evidence import EvidenceService
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.live_app import serve_app
from ui.evidence.dock import EvidenceDockWidget


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("evidence-ui") / "data"
    with serve_app(data, FLEET, prepare=footage(data, 8)) as (url, _app):
        yield url


def _dock(qtbot, runner, url, user):
    evidence = EvidenceService(logged_in(qtbot, runner, url, user), runner)
    dock = EvidenceDockWidget(evidence)
    qtbot.addWidget(dock)
    return evidence, dock


def test_operator_records_supervisor_approves_and_the_receipt_is_printed(
        qtbot, runner, server, tmp_path):
    evidence, dock = _dock(qtbot, runner, server, "operator")
    with qtbot.waitSignal(evidence.requests_changed, timeout=10_000):
        evidence.create(requester_name="Siti Rahmawati", requester_contact="0812-1111-2222",
                        incident_at=FOOTAGE_T0 + timedelta(seconds=4),
                        incident_place="Halte Tebet", camera_ids=["cam001"],
                        start=FOOTAGE_T0 + timedelta(seconds=1),
                        end=FOOTAGE_T0 + timedelta(seconds=6), reason="Kehilangan dompet")
    assert dock.list.topLevelItemCount() == 1
    dock.list.setCurrentItem(dock.list.topLevelItem(0))
    assert dock.approve_button.isEnabled() and not dock.receipt_button.isEnabled()
    dock.approve_selected("LP/1")
    qtbot.waitUntil(lambda: "Not allowed" in dock.status_label.text(), timeout=10_000)

    boss, boss_dock = _dock(qtbot, runner, server, "supervisor")
    with qtbot.waitSignal(boss.requests_changed, timeout=10_000):
        boss.refresh()
    boss_dock.list.setCurrentItem(boss_dock.list.topLevelItem(0))
    with qtbot.waitSignal(boss.requests_changed, timeout=10_000):
        boss_dock.approve_selected("LP/B/77/XI/2026")
    assert boss_dock.selected().state is RequestState.APPROVED
    assert boss_dock.receipt_button.isEnabled()
    pdf = tmp_path / "receipt.pdf"
    request_id = boss_dock.selected().id
    deadline = time.monotonic() + 30
    while boss_dock.last_receipt is None and time.monotonic() < deadline:
        boss_dock.print_receipt(request_id, pdf)  # until its export has finished
        qtbot.wait(300)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=30, check=True).stdout
    assert "Siti Rahmawati" in text and "LP/B/77/XI/2026" in text
    receipt = {}
    boss.receipt_ready.connect(lambda _id, data: receipt.update(data))
    with qtbot.waitSignal(boss.receipt_ready, timeout=10_000):
        boss.fetch_receipt(request_id)
    sha = receipt["exports"][0]["sha256"]
    assert len(sha) == 64 and sha in text.replace("\n", "")
