"""The relay end to end: camsim (digest accounts, H.264 and H.265 mains, a session
counter) behind a real server process, watched by real clients (PyAV, ffprobe).

Cameras are onboarded by the server's camsim import, which stores each camera's
account in the vault; clients only ever see relay URLs with tickets.
"""

from __future__ import annotations

import json
import subprocess
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import av
import pytest

from server.cameras import Profile
from server.clock import utc_now
from server.node.relay.tickets import Ticket, TicketKind, TicketSigner, load_or_create_key
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server

pytestmark = pytest.mark.slow

VIEWERS = 8
OPEN_TIMEOUT_S = 20


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    with run_camsim(tmp_path_factory.mktemp("camsim"), cameras=4, ptz=0, fps=15) as fleet:
        yield fleet


@pytest.fixture(scope="module")
def server(fleet, tmp_path_factory):
    with run_server(tmp_path_factory.mktemp("relay"), camsim_url=fleet.control_url,
                    segment_seconds=4) as srv:
        yield srv


def _live(srv, token: str, camera: str, profile: str = "main") -> dict:
    status, body = srv.get(f"/cameras/{camera}/live?profile={profile}", token)
    assert status == 200, body
    return body


def _probe(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-timeout", "10000000",
         "-show_entries", "stream=codec_name,width,height", "-of", "json", url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def _open(url: str):
    return av.open(url, options={"rtsp_transport": "tcp"}, timeout=(OPEN_TIMEOUT_S, 10))


def _first_frame(container) -> av.VideoFrame:
    for frame in container.decode(video=0):
        return frame
    raise AssertionError("the stream ended before its first picture")


def _read_until_the_end(container) -> None:
    """Returns when the stream ends (closed by the relay); a relay that kept sending
    would keep this loop going until the test's timeout."""
    try:
        for _packet in container.demux(video=0):
            pass
    except (av.error.EOFError, av.error.OSError, av.error.InvalidDataError):
        pass  # how libavformat reports a connection the peer closed


def _camera_password(fleet, cam: str) -> str:
    return fleet.credentials(cam).password


def _with_ticket(url: str, ticket: str | None) -> str:
    base = url.split("?", 1)[0]
    return base if ticket is None else f"{base}?ticket={ticket}"


def test_eight_viewers_and_the_recorder_cost_the_camera_one_session(fleet, server):
    token = server.login("operator")
    # The recorder holds cam001/main through the relay before anyone watches.
    health = {}
    for _ in range(600):
        _, health = server.get("/health", token)
        if health["recorder"]["cameras"].get("cam001") == "recording":
            break
        threading.Event().wait(0.1)
    assert health["recorder"]["cameras"]["cam001"] == "recording"
    viewers = []
    try:
        for _ in range(VIEWERS):
            answer = _live(server, token, "cam001")
            assert answer["via"] == "relay"
            viewers.append(_open(answer["url"]))
        frames = [_first_frame(v) for v in viewers]
        sessions = fleet.sessions("cam001")
    finally:
        for viewer in viewers:
            viewer.close()
    assert all(f.width > 0 for f in frames)
    assert sessions["main"]["active"] == 1, sessions


def test_h264_and_h265_pass_through_unchanged(fleet, server):
    token = server.login("viewer")
    for cam in ("cam001", "cam004"):  # camsim gives every fourth camera an H.265 main
        camera = json.loads(_probe(fleet.rtsp_url(cam)).stdout)["streams"][0]
        relayed = _probe(_live(server, token, cam)["url"])
        assert relayed.returncode == 0, relayed.stderr
        assert json.loads(relayed.stdout)["streams"][0] == camera
    assert camera["codec_name"] == "hevc"


def test_a_live_url_carries_no_camera_password(fleet, server):
    token = server.login("admin")
    for cam in fleet.camera_ids:
        for profile in ("main", "sub", "third"):
            status, body = server.get(f"/cameras/{cam}/live?profile={profile}", token)
            text = json.dumps(body)
            assert _camera_password(fleet, cam) not in text
            if status == 200:
                assert urlsplit(body["url"]).username is None
                assert "ticket=" in body["url"]


def test_wrong_forged_expired_and_missing_tickets_open_nothing(fleet, server):
    token = server.login("operator")
    url = _live(server, token, "cam002", "sub")["url"]
    other_camera = parse_qs(urlsplit(_live(server, token, "cam003", "sub")["url"]).query)
    other_profile = parse_qs(urlsplit(_live(server, token, "cam002", "main")["url"]).query)
    ticket = parse_qs(urlsplit(url).query)["ticket"][0]
    body, sig = ticket.split(".")
    forged = f"{body}.{sig[:-2]}{'A' if sig[-2] != 'A' else 'B'}{sig[-1]}"
    signer = TicketSigner(load_or_create_key(server.data_dir))
    user_id = signer.verify(ticket, utc_now()).user_id
    expired = signer.issue(Ticket(TicketKind.VIEWER, user_id, "cam002", Profile.SUB,
                                  utc_now() - timedelta(seconds=1)))
    cases = {
        "another camera's": (other_camera["ticket"][0], "403"),
        "another profile's": (other_profile["ticket"][0], "403"),
        "forged": (forged, "401"),
        "expired": (expired, "401"),
        "no": (None, "401"),
    }
    for name, (text, status) in cases.items():
        refused = _probe(_with_ticket(url, text))
        assert refused.returncode != 0, f"{name} ticket opened the stream"
        assert status in refused.stderr, (name, refused.stderr)
    assert fleet.sessions("cam002")["sub"]["total"] == 0  # the camera never saw one
    assert _probe(url).returncode == 0  # while the right ticket opens it
    assert fleet.sessions("cam002")["sub"]["total"] == 1


def test_a_user_outside_the_area_gets_no_url_and_no_stream(fleet, server):
    admin = server.login("admin")
    status, cams = server.get("/cameras", admin)
    outside = next(c["id"] for c in cams if not c["area_id"].startswith("jakarta-selatan"))
    police = server.login("police")
    status, body = server.get(f"/cameras/{outside}/live?profile=sub", police)
    assert status == 404 and body["detail"]["code"] == "camera_not_found"
    # A ticket made by hand for the police user, with the server's own key: the relay
    # asks the database and still refuses.
    signer = TicketSigner(load_or_create_key(server.data_dir))
    own = parse_qs(urlsplit(_live(server, police, _inside(cams), "sub")["url"]).query)
    police_id = signer.verify(own["ticket"][0], utc_now()).user_id
    handmade = signer.issue(Ticket(TicketKind.VIEWER, police_id, outside, Profile.SUB,
                                   utc_now() + timedelta(seconds=60)))
    before = fleet.sessions(outside)["sub"]["total"]
    refused = _probe(_with_ticket(_live(server, admin, outside, "sub")["url"], handmade))
    assert refused.returncode != 0 and "403" in refused.stderr
    assert fleet.sessions(outside)["sub"]["total"] == before


def _inside(cams: list[dict]) -> str:
    return next(c["id"] for c in cams if c["area_id"].startswith("jakarta-selatan"))


def test_a_user_disabled_while_watching_is_cut_off(fleet, server):
    admin = server.login("admin")
    made = http_json("POST", server.api + "/admin/users", {
        "username": "pos-tebet", "display_name": "Pos Tebet", "roles": ["operator"],
        "areas": ["jakarta-selatan", "jakarta-pusat", "jakarta-utara", "jakarta-barat",
                  "jakarta-timur"],
        "password": "Awal-sandi-2025"}, token=admin)  # fmt: skip
    assert made[0] == 201, made
    first = server.login("pos-tebet", "Awal-sandi-2025")
    changed = http_json("POST", server.api + "/auth/password",
                        {"old_password": "Awal-sandi-2025", "new_password": "Sandi-baru-2025"},
                        token=first)
    assert changed[0] == 204, changed
    token = server.login("pos-tebet", "Sandi-baru-2025")
    watching = _open(_live(server, token, "cam003", "sub")["url"])
    try:
        _first_frame(watching)
        done = http_json("PUT", server.api + "/admin/users/pos-tebet", {"disabled": True},
                         token=admin)
        assert done[0] == 200, done
        # The end event: the relay closed the session, so the stream ends.
        _read_until_the_end(watching)
    finally:
        watching.close()
    status, _ = server.get("/cameras/cam003/live?profile=sub", token)
    assert status == 401


def test_a_camera_disabled_while_watched_is_cut_off_and_comes_back(fleet, server):
    admin = server.login("admin")
    token = server.login("operator")
    watching = _open(_live(server, token, "cam004", "sub")["url"])
    try:
        _first_frame(watching)
        done = http_json("PUT", server.api + "/admin/cameras/cam004", {"enabled": False},
                         token=admin)
        assert done[0] == 200, done
        _read_until_the_end(watching)
    finally:
        watching.close()
    status, _ = server.get("/cameras/cam004/live?profile=sub", token)
    assert status == 404
    again = http_json("PUT", server.api + "/admin/cameras/cam004", {"enabled": True},
                      token=admin)
    assert again[0] == 200, again
    assert _probe(_live(server, token, "cam004", "sub")["url"]).returncode == 0
