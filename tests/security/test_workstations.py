"""Workstations belong to their users: a viewer or operator cannot list others' wall PCs
(or who is signed in there), overwrite their monitors, or subscribe to their pushes; a
supervisor sees those of their areas; an administrator ties other users to one. Over a
real uvicorn server and the client's own API client for the event stream."""

from __future__ import annotations

import queue
import threading

import pytest

from app.api.errors import ApiError
from app.api.http import ApiClient
from server.user_admin import create_user
from server.users import Role
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.live_app import serve_app

OTHER_PASSWORD = "Gambir-Selatan-2026-pos"
MONITORS = [{"index": 0, "name": "HDMI-1", "geometry": [0, 0, 1920, 1080], "wall": True}]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("workstations"), FLEET) as (url, app):
        with app.state.ctx.engine.begin() as conn:
            # A second police post in another kota: a supervisor of Jakarta Selatan
            # must not see its workstation.
            for name, role, area in (("police.gambir", Role.POLICE, "jakarta-pusat.gambir"),
                                     ("supervisor.selatan", Role.SUPERVISOR,
                                      "jakarta-selatan")):
                create_user(conn, username=name, display_name=name, roles=[role],
                            area_ids=[area], password=OTHER_PASSWORD, must_change=False)
        yield url, app


def client(url: str, user: str) -> ApiClient:
    api = ApiClient(url, timeout_s=5)
    api.login(user, OTHER_PASSWORD if "." in user else DEMO_PASSWORD)
    return api


def names(api: ApiClient) -> set[str]:
    return {s["name"] for s in api.workstations()}


def status_of(call) -> tuple[int, str]:
    with pytest.raises(ApiError) as info:
        call()
    return info.value.status, info.value.code


class Listener:
    def __init__(self, api: ApiClient, workstation: str) -> None:
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        threading.Thread(target=self._run, args=(api, workstation), daemon=True).start()
        assert self.events.get(timeout=10)["type"] == "hello"

    def _run(self, api, workstation) -> None:
        for event in api.events(workstation, self.stop):
            self.events.put(event)

    def next(self) -> dict:
        return self.events.get(timeout=10)


def test_only_a_workstations_users_see_use_and_hear_it(server):
    url, _ = server
    operator, viewer = client(url, "operator"), client(url, "viewer")
    operator.register_workstation("wall-op", MONITORS)
    viewer.register_workstation("desk-viewer", MONITORS)

    # Lists: each their own; nobody learns who sits at another's PC.
    assert "wall-op" not in names(viewer) and "desk-viewer" in names(viewer)
    assert "desk-viewer" not in names(operator)
    listed = next(s for s in operator.workstations() if s["name"] == "wall-op")
    assert listed["users"] == ["operator"]

    # Overwriting another's monitors: refused, and their monitors are unchanged.
    assert status_of(lambda: viewer.register_workstation("wall-op", [])) == (403, "forbidden")
    listed = next(s for s in operator.workstations() if s["name"] == "wall-op")
    assert [m["name"] for m in listed["monitors"]] == ["HDMI-1"]
    assert listed["username"] == "operator"

    # Subscribing to another's pushes, pushing to another's PC: as if it did not exist.
    assert status_of(lambda: next(viewer.events("wall-op", threading.Event()))) == (
        404, "workstation_not_found")
    police = client(url, "police")
    assert status_of(lambda: police.push("wall-op", 0, camera_id="cam001")) == (
        404, "workstation_not_found")
    assert status_of(lambda: operator.push("desk-viewer", 0, camera_id="cam001")) == (
        404, "workstation_not_found")


def test_a_supervisor_sees_the_workstations_of_their_areas(server):
    url, _ = server
    client(url, "police").register_workstation("polsek-tebet", MONITORS)  # Jakarta Selatan
    client(url, "police.gambir").register_workstation("polsek-gambir", MONITORS)
    client(url, "operator").register_workstation("cc-operator", MONITORS)  # all Jakarta
    selatan = client(url, "supervisor.selatan")
    seen = names(selatan)
    assert "polsek-tebet" in seen
    assert "polsek-gambir" not in seen and "cc-operator" not in seen
    assert {"polsek-tebet", "polsek-gambir", "cc-operator"} <= names(client(url, "supervisor"))
    assert {"polsek-tebet", "polsek-gambir", "cc-operator"} <= names(client(url, "admin"))
    # ... and may push there, but not to a post outside their areas.
    selatan.push("polsek-tebet", 0, camera_id="cam001")
    assert status_of(lambda: selatan.push("polsek-gambir", 0, camera_id="cam001")) == (
        404, "workstation_not_found")


def test_an_administrator_adds_and_removes_a_workstations_user(server):
    url, _ = server
    operator, police, admin = client(url, "operator"), client(url, "police"), client(url, "admin")
    operator.register_workstation("shift-pc", MONITORS)
    assert status_of(lambda: police.register_workstation("shift-pc", MONITORS))[0] == 403
    assert status_of(lambda: operator._request("PUT", "/walls/shift-pc/users/police")) == (
        403, "forbidden")

    admin._request("PUT", "/walls/shift-pc/users/police")
    police.register_workstation("shift-pc", MONITORS)  # the next shift signs in there
    assert admin._request("GET", "/walls/shift-pc/users") == ["operator", "police"]
    heard = Listener(police, "shift-pc")
    try:
        admin.push("shift-pc", 0, camera_id="cam001")
        assert heard.next()["camera_id"] == "cam001"
        # Taken off the workstation, its open stream hears nothing more: the push made
        # meanwhile is not there when a later one (after it is added back) arrives.
        admin._request("DELETE", "/walls/shift-pc/users/police")
        assert status_of(lambda: police.register_workstation("shift-pc", MONITORS))[0] == 403
        admin.push("shift-pc", 0, camera_id="cam002")
        admin._request("PUT", "/walls/shift-pc/users/police")
        admin.push("shift-pc", 0, view="marker")
        assert heard.next() == {"type": "push", "workstation": "shift-pc", "monitor": 0,
                                "from": "admin", "view": "marker"}
    finally:
        heard.stop.set()
    assert status_of(lambda: admin._request("PUT", "/walls/shift-pc/users/nobody")) == (
        404, "user_not_found")


def test_the_tie_survives_a_restart(tmp_path):
    """Held in the database: after a restart the first to reconnect is not its owner."""
    data = tmp_path / "data"
    with serve_app(data, FLEET) as (url, _):
        client(url, "operator").register_workstation("kept-pc", MONITORS)
    with serve_app(data, FLEET) as (url, _):
        viewer = client(url, "viewer")
        assert status_of(lambda: viewer.register_workstation("kept-pc", MONITORS))[0] == 403
        client(url, "operator").register_workstation("kept-pc", MONITORS)
