"""The camera dialog's Recording node against the real server on a socket, with two nodes
in its fleet (node-a up, node-b stopped): the choice lists them beside "Any node",
shows the camera's pin, refuses a name the server would, pins to a listed node and to
one not started yet, unpins; the table shows the pin; a pin the server refuses keeps
the dialog open with its words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert

from app.camera_forms import FormProblem
from app.services.admin import AdminService
from app.services.cameras import CameraService
from app.tasks import TaskRunner
from server.schema import nodes
from tests.server.conftest import FLEET
from tests.support.client_session import logged_in
from tests.support.live_app import serve_app
from tests.support.net import http_json
from ui.admin.camera_dialog import CameraDialog
from ui.admin.cameras_page import CamerasPage, Column

WAIT_MS = 10_000
ANY = "Any node (balanced)"


def _two_nodes(ctx) -> None:
    now = datetime.now(UTC)
    with ctx.engine.begin() as conn:
        for name, stopped in (("node-a", None), ("node-b", now)):
            conn.execute(insert(nodes).values(name=name, capacity=50, started_at=now,
                                              heartbeat_at=now, stopped_at=stopped))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("pins") / "data", FLEET, _two_nodes) as (url, _):
        yield url


@pytest.fixture
def page(qtbot, server):
    runner = TaskRunner()
    session = logged_in(qtbot, runner, server, "admin")
    catalog = CameraService(session, runner)
    with qtbot.waitSignal(catalog.catalog_changed, timeout=WAIT_MS):
        catalog.load()
    admin = AdminService(session, runner)
    widget = CamerasPage(admin, catalog)
    qtbot.addWidget(widget)
    widget.resize(1400, 500)
    with qtbot.waitSignal(admin.cameras_changed, timeout=WAIT_MS):
        widget.show()
    yield widget
    if widget.dialog is not None:
        widget.dialog.reject()
    runner.shutdown()


def _token(server: str) -> str:
    status, body = http_json("POST", f"{server}/api/v1/auth/login",
                             {"username": "admin", "password": "pantau-demo"})
    assert status == 200, body
    return body["token"]


def _pinned(server: str, camera_id: str) -> str | None:
    status, body = http_json("GET", f"{server}/api/v1/admin/cameras", token=_token(server))
    assert status == 200, body
    return next(c for c in body if c["id"] == camera_id)["pinned_node"]


def _edit(qtbot, page: CamerasPage, camera_id: str) -> CameraDialog:
    assert page.select(camera_id)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CameraDialog) and dialog.isVisible()
    combo = dialog.node_combo
    qtbot.waitUntil(lambda: combo.findText("node-b") > 0, timeout=WAIT_MS)  # from /nodes
    return dialog


def _choices(dialog: CameraDialog) -> list[str]:
    return [dialog.node_combo.itemText(i) for i in range(dialog.node_combo.count())]


def _save(qtbot, dialog: CameraDialog) -> None:
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_pin_to_a_listed_node_then_a_planned_one_then_balanced(qtbot, server, page):
    assert page.row_texts("cam002")[Column.NODE] == "any"
    dialog = _edit(qtbot, page, "cam002")
    assert _choices(dialog) == [ANY, "node-a", "node-b"]
    assert dialog.node_combo.currentText() == ANY  # balanced: as the server has it
    assert dialog.save_button.isEnabled()

    dialog.node_combo.setEditText("node a")  # a space: the server would refuse it
    assert dialog.save_problem() is FormProblem.NODE_INVALID
    assert not dialog.save_button.isEnabled()
    assert "node name" in dialog.problem_label.text()
    dialog.node_combo.setCurrentIndex(dialog.node_combo.findText("node-a"))
    _save(qtbot, dialog)
    assert _pinned(server, "cam002") == "node-a"
    qtbot.waitUntil(lambda: page.row_texts("cam002")[Column.NODE] == "node-a",
                    timeout=WAIT_MS)

    dialog = _edit(qtbot, page, "cam002")
    assert dialog.node_combo.currentText() == "node-a"
    dialog.node_combo.setEditText("node-c")  # planned: not running yet
    _save(qtbot, dialog)
    assert _pinned(server, "cam002") == "node-c"
    page.search_edit.setText("node-c")
    assert page.visible_ids() == ["cam002"]
    page.search_edit.clear()

    dialog = _edit(qtbot, page, "cam002")
    assert _choices(dialog) == [ANY, "node-a", "node-b", "node-c"]  # its own pin offered
    assert dialog.node_combo.currentText() == "node-c"
    dialog.node_combo.setCurrentIndex(0)
    _save(qtbot, dialog)
    assert _pinned(server, "cam002") is None
    qtbot.waitUntil(lambda: page.row_texts("cam002")[Column.NODE] == "any", timeout=WAIT_MS)


def test_an_unchanged_pin_closes_without_a_call_and_a_refused_one_stays_open(
        qtbot, server, page):
    dialog = _edit(qtbot, page, "cam003")
    _save(qtbot, dialog)  # nothing changed: closes at once
    assert dialog.saved is not None and dialog.saved.pinned_node is None

    dialog = _edit(qtbot, page, "cam003")
    status, _ = http_json("DELETE", f"{server}/api/v1/admin/cameras/cam003",
                          token=_token(server))
    assert status == 204  # another administrator removed it meanwhile
    dialog.node_combo.setEditText("node-a")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem_label.text().startswith("Not saved:"),
                    timeout=WAIT_MS)
    assert "cam003" in dialog.problem_label.text() and dialog.isVisible()
    assert dialog.save_button.isEnabled()  # the administrator may try again or cancel
