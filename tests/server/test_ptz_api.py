"""The PTZ proxy against camsim's real ONVIF PTZ camera, and the picture it moves:
a move, a preset and a click-to-center each change camsim's picture as they should
(measured by phase correlation of decoded frames)."""

from __future__ import annotations

import itertools
import time

import pytest
from fastapi.testclient import TestClient

from server.app import build_context, create_app
from server.camsim_import import import_fleet
from server.settings import Settings
from tests.camsim.pictures import LiveReader, mean_abs_diff, measure_shift
from tests.server.conftest import DEMO_PASSWORD
from tests.support.camsim_fleet import run_camsim

pytestmark = pytest.mark.slow

SETTLE = 30  # frames to wait after a command (renderer to decoder)
_sessions = itertools.count(1)


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    base = tmp_path_factory.mktemp("ptz")
    with run_camsim(base, cameras=3, ptz=1, fps=15) as fleet:
        # No server-wide ONVIF account: the PTZ proxy signs in with each camera's own,
        # onboarded with it from camsim's survey sheet.
        ctx = build_context(Settings(data_dir=base / "server", demo=True, record=False))
        import_fleet(ctx, fleet.cameras)
        with TestClient(create_app(ctx, start_services=False)) as client:
            yield fleet, client


class User:
    def __init__(self, client, name):
        self.client = client
        resp = client.post("/api/v1/auth/login",
                           json={"username": name, "password": DEMO_PASSWORD})
        self.headers = {"Authorization": f"Bearer {resp.json()['token']}"}
        self.session = f"{name}-{next(_sessions)}"  # a client session: seq counts from 1
        self.seq = 0

    def call(self, method, path, body=None):
        return self.client.request(method, f"/api/v1/cameras/cam001/ptz{path}", json=body,
                                   headers=self.headers)

    def command(self, path, **body):
        self.seq += 1
        return self.call("POST", path, {"seq": self.seq, "session": self.session, **body})

    def position(self):
        return self.call("GET", "").json()["position"]


@pytest.fixture
def view(rig):
    fleet, client = rig
    reader = LiveReader(fleet.rtsp_url("cam001", "sub"))
    admin = User(client, "admin")
    admin.call("DELETE", "/lock")
    try:
        reader.frame_after(SETTLE)
        yield reader
    finally:
        admin.call("DELETE", "/lock")
        reader.close()


def test_locks_priorities_late_commands_and_the_audit(rig, view):
    _, client = rig
    ani, budi = User(client, "operator"), User(client, "operator")
    budi.session = "another-client"
    police, supervisor = User(client, "police"), User(client, "supervisor")
    status = ani.call("GET", "").json()
    assert status["lock"] is None and status["position"] == {"pan": 0, "tilt": 0, "zoom": 0}
    assert "pantau-sim" not in str(status) and "onvif" not in str(status).lower()

    assert ani.call("POST", "/lock").json()["lock"]["holder"] == "operator"
    taken = police.call("POST", "/lock")  # police above operator: takes it
    assert taken.status_code == 200 and taken.json()["lock"]["holder"] == "police"
    refused = supervisor.call("POST", "/lock")  # equal priority waits
    assert refused.status_code == 409 and refused.json()["detail"]["code"] == "ptz_locked"
    assert "Polres" in refused.json()["detail"]["message"]
    moved = ani.command("/move", pan=0.5)
    assert moved.status_code == 409  # the operator lost it
    assert police.call("DELETE", "/lock").status_code == 204

    # Late commands: seq 5 then 4 from the same session; 4 is dropped, never executed.
    assert ani.call("POST", "/move", {"seq": 5, "session": "s", "pan": 0}).json()["accepted"]
    late = ani.call("POST", "/move", {"seq": 4, "session": "s", "pan": 1.0})
    assert late.json() == {"accepted": False, "seq": 4}
    time.sleep(0.3)
    assert ani.position()["pan"] == 0

    viewer = User(client, "viewer")
    assert viewer.command("/move", pan=0.2).status_code == 403
    assert client.get("/api/v1/cameras/cam002/ptz", headers=ani.headers).json()["detail"][
        "code"] == "not_ptz"
    actions = [e["action"] for e in client.get(
        "/api/v1/audit", params={"camera_id": "cam001", "action": "ptz."},
        headers=supervisor.headers).json()]
    assert {"ptz.lock.taken", "ptz.lock.preempted", "ptz.lock.released"} <= set(actions)


def test_a_move_slides_the_picture_and_stops_when_released(rig, view):
    _, client = rig
    ani = User(client, "operator")
    before = view.frame_after(SETTLE)
    ani.command("/move", pan=0.5)
    time.sleep(0.4)
    ani.command("/move", pan=0.5)  # the keep-alive a held key sends
    time.sleep(0.4)
    ani.command("/stop")
    stopped_at = ani.position()["pan"]
    after = view.frame_after(SETTLE)
    assert 0.1 < stopped_at < 0.7
    dx, dy = measure_shift(before, after)
    # Pan right slides the scene left: 640 px show 2 pan units, so dx = -320 * pan.
    assert dx == pytest.approx(-320 * stopped_at, abs=6) and abs(dy) <= 2
    time.sleep(0.5)
    assert ani.position()["pan"] == stopped_at  # stopped means stopped


def test_a_preset_returns_to_its_picture_and_keeps_its_name(rig, view):
    _, client = rig
    ani = User(client, "operator")
    first = ani.command("/center", x=-0.4, y=0.3)
    assert first.json()["accepted"], first.text
    at_preset = view.frame_after(SETTLE)
    saved = ani.call("POST", "/presets", {"name": "Pintu Air Manggarai"}).json()
    renamed = ani.call("PUT", f"/presets/{saved['token']}", {"name": "Pintu Air"}).json()
    assert renamed == {"token": saved["token"], "name": "Pintu Air"}
    moved = ani.command("/center", x=0.8, y=-0.6)
    assert moved.json()["accepted"], moved.text
    elsewhere = view.frame_after(SETTLE)
    assert ani.call("POST", f"/presets/{saved['token']}/goto").status_code == 204
    back = view.frame_after(SETTLE)
    assert mean_abs_diff(at_preset, elsewhere) > 10
    assert measure_shift(at_preset, back) == (0, 0)  # the rename did not move the preset
    names = [p["name"] for p in ani.call("GET", "/presets").json()]
    assert "Pintu Air" in names
    assert ani.call("POST", "/presets/nope/goto").status_code == 404
    assert ani.call("DELETE", f"/presets/{saved['token']}").status_code == 204


def test_click_to_center_brings_the_clicked_point_to_the_middle(rig, view):
    _, client = rig
    ani = User(client, "operator")
    start = ani.position()
    before = view.frame_after(SETTLE)
    # A click a quarter of the width right and a fifth of the height down from centre.
    ani.command("/center", x=0.5, y=0.4)
    after = view.frame_after(SETTLE)
    dx, dy = measure_shift(before, after)
    # What was at (+160, +72) px from the centre of the 640x360 picture is now there.
    assert dx == pytest.approx(-160, abs=4) and dy == pytest.approx(-72, abs=4)
    pos = ani.position()  # at zoom 0 the picture spans 2 units: half its width is 0.5
    assert pos["pan"] - start["pan"] == pytest.approx(0.5, abs=0.01)
    assert pos["tilt"] - start["tilt"] == pytest.approx(-0.4, abs=0.01)
