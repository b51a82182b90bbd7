"""A camera's recording node on the client: the pin read from the admin camera JSON (and
its absence from an older server), the dialog's rules without widgets, and
AdminService against a real local HTTP server: the camera's write, then the pin, only
when it changed, and a pin refused after the write landed reported beside it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.api.admin import AdminCamera, CameraDraft, NodePin, StreamInfo, admin_camera
from app.camera_forms import CameraFields, DialogState, FormProblem, fields_of, matches
from app.camera_forms import camera_problem as form_problem
from app.camera_nodes import node_choices, node_valid, pin_change, wanted_node
from app.services.admin import AdminAction, AdminService
from app.services.session import SessionService
from tests.app.local_http import catalog_routes, serve
from tests.app.test_nodes import SAMPLE

WAIT_MS = 10_000
CAM = {"id": "cam001", "name": "Taman Suropati", "area_id": "menteng",
       "streams": [{"profile": "main", "url": "rtsp://10.0.0.9/main"}]}
PIN_PATH = "/api/v1/admin/cameras/cam001/node"


def _camera(**over) -> AdminCamera:
    return replace(admin_camera(CAM), **over)


# -- parsing and rules --------------------------------------------------------------

def test_the_pin_is_read_when_the_server_sends_it_and_balanced_when_not():
    assert admin_camera({**CAM, "pinned_node": "node-a"}).pinned_node == "node-a"
    assert admin_camera({**CAM, "pinned_node": None}).pinned_node is None
    assert admin_camera(CAM).pinned_node is None  # a server before pins


def test_a_node_name_follows_the_server_rule():
    for good in ("", "  ", "node-a", "rack2.node_b", "N" * 64):
        assert node_valid(good), good
    for bad in ("-node", ".a", "node a", "node/a", "N" * 65, "nodé"):
        assert not node_valid(bad), bad
    assert wanted_node("  node-a ") == "node-a" and wanted_node(" ") is None


def test_choices_are_the_known_nodes_and_the_camera_s_own_pin():
    assert node_choices(["node-b", "node-a", "node-a"], None) == ("node-a", "node-b")
    # pinned to a node not started yet: still offered, so the dialog shows it
    assert node_choices(["node-b"], "node-planned") == ("node-b", "node-planned")
    assert node_choices([], None) == ()


def test_a_pin_is_sent_only_when_it_changed():
    pinned = _camera(pinned_node="node-a")
    assert pin_change("node-a", pinned) is None
    assert pin_change(" node-a ", pinned) is None
    assert pin_change("node-b", pinned) == NodePin("node-b")
    assert pin_change("", pinned) == NodePin(None)  # back to balanced
    assert pin_change("", _camera()) is None
    assert pin_change("", None) is None  # a new camera starts balanced
    assert pin_change("node-a", None) == NodePin("node-a")


def test_the_form_refuses_a_bad_node_and_shows_the_pin():
    fields = CameraFields("cam001", "Taman", "menteng", node_text="node a")
    assert form_problem(fields, editing=True) is FormProblem.NODE_INVALID
    assert form_problem(replace(fields, node_text="node-a"), editing=True) is None
    assert fields_of(_camera(pinned_node="node-a")).node_text == "node-a"
    assert fields_of(_camera()).node_text == ""
    assert DialogState().camera.node_text == ""


def test_the_search_finds_a_node_s_cameras():
    assert matches(_camera(pinned_node="node-a"), "node-a")
    assert not matches(_camera(), "node-a")


# -- the service against a local server ---------------------------------------------

def _session(qtbot, runner, url) -> SessionService:
    session = SessionService(runner)
    with qtbot.waitSignal(session.logged_in, timeout=WAIT_MS):
        session.login(url, "admin", "pantau-demo")
    return session


def _puts(seen) -> list[tuple[str, dict]]:
    return [(s["path"], json.loads(s["body"])) for s in seen if s["method"] == "PUT"]


def _routes(pin=(200, {"camera_id": "cam001", "node": "node-b"})):
    routes = catalog_routes()
    routes[("PUT", "/api/v1/admin/cameras/cam001")] = (200, {**CAM, "name": "Baru",
                                                             "pinned_node": "node-a"})
    routes[("PUT", PIN_PATH)] = pin
    routes[("POST", "/api/v1/admin/cameras")] = (201, CAM)
    routes[("GET", "/api/v1/nodes")] = (200, SAMPLE)
    return routes


def test_an_edit_writes_the_camera_then_its_pin(qtbot, runner):
    with serve(_routes()) as (url, seen):
        admin = AdminService(_session(qtbot, runner, url), runner)
        with qtbot.waitSignal(admin.camera_saved, timeout=WAIT_MS) as saved:
            admin.save_camera(_camera(pinned_node="node-a"), {"name": "Baru"},
                              NodePin("node-b"))
        assert _puts(seen) == [("/api/v1/admin/cameras/cam001", {"name": "Baru"}),
                               (PIN_PATH, {"node": "node-b"})]
        camera = saved.args[0]
        assert (camera.name, camera.pinned_node) == ("Baru", "node-b")  # the pin's answer
        assert admin.cameras == [camera]


def test_only_the_pin_changed_sends_only_the_pin(qtbot, runner):
    with serve(_routes(pin=(200, {"camera_id": "cam001", "node": None}))) as (url, seen):
        admin = AdminService(_session(qtbot, runner, url), runner)
        with qtbot.waitSignal(admin.camera_saved, timeout=WAIT_MS) as saved:
            admin.save_camera(_camera(pinned_node="node-a"), {}, NodePin(None))
        assert _puts(seen) == [(PIN_PATH, {"node": None})]
        assert saved.args[0].pinned_node is None and saved.args[0].name == "Taman Suropati"


def test_a_refused_pin_alone_is_a_failed_save(qtbot, runner):
    refused = (404, {"detail": {"code": "camera_not_found", "message": "No camera cam001."}})
    with serve(_routes(pin=refused)) as (url, _seen):
        admin = AdminService(_session(qtbot, runner, url), runner)
        with qtbot.waitSignal(admin.failed, timeout=WAIT_MS) as failed:
            admin.save_camera(_camera(), {}, NodePin("node-b"))
        assert failed.args[:2] == [AdminAction.SAVE_CAMERA, "No camera cam001."]


@pytest.mark.parametrize("adding", [True, False])
def test_a_pin_refused_after_the_write_landed_is_reported_beside_it(qtbot, runner, adding):
    refused = (422, {"detail": {"code": "validation_error", "message": "bad node name"}})
    with serve(_routes(pin=refused)) as (url, seen):
        admin = AdminService(_session(qtbot, runner, url), runner)
        heard: list = []
        admin.camera_saved.connect(lambda c: heard.append(("saved", c.id)))
        admin.failed.connect(lambda action, message, _r: heard.append((action, message)))
        with qtbot.waitSignal(admin.failed, timeout=WAIT_MS):
            if adding:
                draft = CameraDraft("cam001", "Taman Suropati", "menteng",
                                    {"main": StreamInfo("main", "rtsp://10.0.0.9/main")})
                admin.create_camera(draft, NodePin("node-b"))
            else:
                admin.save_camera(_camera(), {"name": "Baru"}, NodePin("node-b"))
        # saved first (the dialog closes on it), then the pin's refusal for the page
        assert heard == [("saved", "cam001"), (AdminAction.PIN_CAMERA, "bad node name")]
        # the pin as the write answered it, not the one refused
        assert [c.pinned_node for c in admin.cameras] == [None if adding else "node-a"]
        assert seen[-1]["path"] == PIN_PATH


def test_node_names_are_fetched_off_the_gui_thread(qtbot, runner):
    with serve(_routes()) as (url, _seen):
        admin = AdminService(_session(qtbot, runner, url), runner)
        assert admin.node_names == ()
        with qtbot.waitSignal(admin.node_names_changed, timeout=WAIT_MS) as changed:
            admin.load_node_names()
        assert changed.args[0] == ("node-a", "node-b", "node-c") == admin.node_names
