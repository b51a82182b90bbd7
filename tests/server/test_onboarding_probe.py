"""Probing cameras through the admin API against real peers: camsim's ONVIF and RTSP
(per-camera accounts, H.265 mains, third streams), and hostile peers built here (a web
page, garbage, a 404, a port with nothing behind it, a socket that never answers)."""

from __future__ import annotations

import io
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import av
import pytest

from tests.server.conftest import make_api
from tests.support.camsim_fleet import run_camsim
from tests.support.net import LOOPBACK, free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    with run_camsim(tmp_path_factory.mktemp("camsim"), cameras=4, ptz=1, fps=10) as running:
        yield running


@pytest.fixture
def admin_api(tmp_path):
    api, client = make_api(tmp_path / "data", fleet=[])
    with client:
        yield api, api.token("admin")


def _post(api, token, path, body):
    return api.client.post("/api/v1" + path, json=body,
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip


def _onvif(api, token, address, username="admin", password="x"):
    return _post(
        api,
        token,
        "/admin/cameras/probe",
        {"onvif": {"address": address, "username": username, "password": password}},
    )


def _error(resp) -> str:
    assert resp.status_code == 422, resp.text
    return resp.json()["detail"]["code"]


class _Peer:
    """An HTTP server on loopback answering every POST with one fixed reply."""

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def silent_port():
    """Accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind((LOOPBACK, 0))
    listener.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_onvif_probe_of_camsim_cameras(fleet, admin_api):
    api, token = admin_api
    for cam in fleet.cameras:
        creds = fleet.credentials(cam["id"])
        resp = _onvif(api, token, fleet.onvif_url(cam["id"]), creds.username, creds.password)
        assert resp.status_code == 200, resp.text
        found = resp.json()
        assert found["vendor"] == "Pantau" and found["model"] == cam["model"]
        assert found["ptz"] is cam["ptz"]
        assert found["onvif_url"] == fleet.onvif_url(cam["id"])
        expected = [(p, s["codec"], s["width"], s["height"])
                    for p, s in cam["streams"].items()]  # fmt: skip
        got = [(s["profile"], s["codec"], s["width"], s["height"]) for s in found["streams"]]
        assert got == expected  # main (largest) → sub → third, H.265 where camsim has it
        assert all("@" not in s["url"] and s["url"].startswith("rtsp://") for s in found["streams"])
        assert creds.password not in resp.text
        vendors = {s["vendor"] for s in found["suggested_urls"]}
        assert {"hikvision", "dahua", "axis"} <= vendors
        assert all(s["url"].startswith(f"rtsp://{LOOPBACK}:554/") for s in found["suggested_urls"])


def test_onvif_wrong_password_refused_port_and_timeout(fleet, admin_api, silent_port):
    api, token = admin_api
    cam = fleet.camera_ids[0]
    user = fleet.credentials(cam).username
    wrong = _onvif(api, token, fleet.onvif_url(cam), user, "salah-sandi")
    assert _error(wrong) == "camera_auth_failed"
    assert "password" in wrong.json()["detail"]["message"]
    assert _error(_onvif(api, token, f"{LOOPBACK}:{free_port()}")) == "camera_refused"
    slow = _onvif(api, token, f"{LOOPBACK}:{silent_port}")
    assert _error(slow) == "camera_timeout"
    assert "did not answer" in slow.json()["detail"]["message"]


@pytest.mark.parametrize(
    "status,content_type,body",
    [
        (200, "text/html", b"<html><body><h1>NVR login</h1></body></html>"),
        (200, "application/soap+xml", b"\x00\x17garbage\xff not xml at all"),
        (404, "text/plain", b"not found"),
        (200, "application/soap+xml", b"<?xml version='1.0'?><a><b>xml, not SOAP</b></a>"),
    ],
    ids=["html", "garbage", "404", "xml-not-soap"],
)
def test_not_onvif(admin_api, status, content_type, body):
    api, token = admin_api
    peer = _Peer(status, content_type, body)
    try:
        resp = _onvif(api, token, f"{LOOPBACK}:{peer.port}")
    finally:
        peer.close()
    assert _error(resp) == "not_onvif"
    assert "ONVIF" in resp.json()["detail"]["message"]


def test_bad_onvif_address_is_a_validation_error(admin_api):
    api, token = admin_api
    resp = _onvif(api, token, "not an address:port")
    assert resp.status_code == 422 and resp.json()["detail"]["code"] == "validation_error"


def test_rtsp_probe_and_preview(fleet, admin_api, silent_port):
    api, token = admin_api
    cam = next(c for c in fleet.cameras if "third" in c["rtsp"])
    creds = fleet.credentials(cam["id"])
    urls = {p: fleet.rtsp_url(cam["id"], p, with_credentials=False) for p in cam["rtsp"]}
    # Given in the wrong order on purpose: the answer orders them by size.
    shuffled = {"main": urls["third"], "sub": urls["main"], "third": urls["sub"]}
    resp = _post(
        api,
        token,
        "/admin/cameras/probe",
        {"rtsp": {"urls": shuffled, "username": creds.username, "password": creds.password}},
    )
    assert resp.status_code == 200, resp.text
    streams = resp.json()["streams"]
    assert [(s["profile"], s["url"]) for s in streams] == [
        ("main", urls["main"]),
        ("sub", urls["sub"]),
        ("third", urls["third"]),
    ]
    for s in streams:
        want = cam["streams"][s["profile"]]
        assert (s["codec"], s["width"], s["height"]) == (want["codec"], want["width"],
                                                         want["height"])  # fmt: skip
        assert s["fps"] == pytest.approx(want["fps"], rel=0.1)
    assert creds.password not in resp.text

    def probe(url, password=creds.password):
        return _post(
            api,
            token,
            "/admin/cameras/probe",
            {"rtsp": {"urls": {"main": url}, "username": creds.username, "password": password}},
        )

    assert _error(probe(urls["main"], "salah-sandi")) == "camera_auth_failed"
    assert _error(probe(f"rtsp://{LOOPBACK}:{free_port()}/x")) == "camera_refused"
    assert _error(probe(f"rtsp://{LOOPBACK}:{silent_port}/x")) == "camera_timeout"
    leaky = probe(fleet.rtsp_url(cam["id"], "main"))  # user:password@ in the URL
    assert leaky.status_code == 422 and creds.password not in leaky.text

    picture = _post(
        api,
        token,
        "/admin/cameras/preview",
        {"url": urls["main"], "username": creds.username, "password": creds.password},
    )
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    with av.open(io.BytesIO(picture.content)) as image:
        frame = next(image.decode(video=0))
    assert frame.width == 640 and frame.height == 360  # 1920x1080 scaled, aspect kept


def test_h265_stream_probed(fleet, admin_api):
    api, token = admin_api
    cam = next((c for c in fleet.cameras if c["streams"]["main"]["codec"] == "h265"), None)
    if cam is None:
        pytest.skip("this camsim fleet has no H.265 camera")
    creds = fleet.credentials(cam["id"])
    resp = _post(
        api,
        token,
        "/admin/cameras/probe",
        {
            "rtsp": {
                "urls": {"main": fleet.rtsp_url(cam["id"], "main", with_credentials=False)},
                "username": creds.username,
                "password": creds.password,
            }
        },
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["streams"][0]["codec"] == "h265"


def test_rtsp_garbage_is_unreadable(admin_api):
    api, token = admin_api
    peer = socket.socket()
    peer.bind((LOOPBACK, 0))
    peer.listen(1)

    def answer():
        conn, _ = peer.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>hi</html>")
        conn.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    resp = _post(
        api,
        token,
        "/admin/cameras/probe",
        {"rtsp": {"urls": {"main": f"rtsp://{LOOPBACK}:{peer.getsockname()[1]}/x"}}},
    )
    thread.join(timeout=10)
    peer.close()
    assert _error(resp) == "stream_unreadable"


def test_onboard_by_onvif_then_preview_from_the_stored_account(fleet, admin_api):
    """What the add dialog does: probe, save with the password, preview by camera id."""
    api, token = admin_api
    cam = fleet.cameras[0]
    creds = fleet.credentials(cam["id"])
    found = _onvif(api, token, fleet.onvif_url(cam["id"]), creds.username, creds.password).json()
    body = {
        "id": cam["id"], "name": cam["name"], "area_id": "jakarta-selatan.tebet",
        "ptz": found["ptz"], "onvif_url": found["onvif_url"], "vendor": found["vendor"],
        "model": found["model"],
        "streams": {s["profile"]: {k: s[k] for k in ("url", "codec", "width", "height", "fps")}
                    for s in found["streams"]},
        "credentials": {"username": creds.username, "password": creds.password},
    }  # fmt: skip
    made = _post(api, token, "/admin/cameras", body)
    assert made.status_code == 201, made.text
    assert made.json()["streams"][0]["width"] == cam["streams"]["main"]["width"]
    picture = _post(
        api, token, "/admin/cameras/preview", {"camera_id": cam["id"], "profile": "sub"}
    )
    assert picture.status_code == 200, picture.text
    with av.open(io.BytesIO(picture.content)) as image:
        assert next(image.decode(video=0)).width == cam["streams"]["sub"]["width"]
    assert creds.password not in made.text
