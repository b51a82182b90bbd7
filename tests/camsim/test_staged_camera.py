"""Staged cameras (camsim.staged): a calm still, and acts set through the control API
that change the picture in known ways. First the pure pictures (camsim.stage, no
camsim process), then one camsim for the module, read back over RTSP with PyAV."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

from camsim.profiles import Stream
from camsim.scene import build_scene
from camsim.stage import ActError, parse_act, resize, rgb_to_i420
from camsim.staged import Stage, face_photo
from tests.camsim.onvif_client import NS, call
from tests.camsim.pictures import LiveReader, grab, mean_abs_diff, open_rtsp
from tests.support.camsim_fleet import DEFAULT_SECRET, CamsimFleet
from tests.support.net import LOOPBACK, http_json
from tools.peers import PeerFailed, start_peer

FPS = 15
SIZES = {Stream.MAIN: (1280, 720), Stream.SUB: (640, 360)}


# --- pictures, without camsim ------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def scene():
    return build_scene()


@pytest.fixture
def stage(scene):
    clock = FakeClock()
    return Stage(scene, 1, clock=clock), clock


def luma(data: bytes, stream: Stream = Stream.MAIN) -> np.ndarray:
    w, h = SIZES[stream]
    return np.frombuffer(data, dtype=np.uint8, count=w * h).reshape(h, w)


def sharpness(gray: np.ndarray) -> float:
    """Variance of the 4-neighbour Laplacian."""
    g = gray.astype(np.float32)
    lap = g[1:-1, :-2] + g[1:-1, 2:] + g[:-2, 1:-1] + g[2:, 1:-1] - 4 * g[1:-1, 1:-1]
    return float(lap.var())


def test_parse_act_defaults_and_refusals():
    assert parse_act({"act": "blur"}).sigma == 8.0
    assert parse_act({"act": "face"}).seconds == 8.0
    assert parse_act({"act": "crowd", "people": 0}).to_json() == {"act": "calm"}
    assert parse_act({"act": "motion", "region": [0, 0.5, 1, 1]}).region == (0, 0.5, 1, 1)
    for bad in ([], {"act": "dance"}, {"act": "cover", "sigma": 3},
                {"act": "motion"}, {"act": "motion", "region": [0.5, 0, 0.2, 1]},
                {"act": "motion", "region": [0, 0, 1, 1.5]}, {"act": "blur", "sigma": "8"},
                {"act": "blur", "sigma": 0}, {"act": "crowd", "people": 2.5},
                {"act": "face", "seconds": True}):  # fmt: skip
        with pytest.raises(ActError):
            parse_act(bad)


def test_calm_is_the_same_bytes_every_frame(stage):
    st, clock = stage
    first = st.frame(Stream.MAIN)
    clock.now += 7.3
    assert st.frame(Stream.MAIN) == first
    assert len(first) == 1280 * 720 * 3 // 2 and len(st.frame(Stream.SUB)) == 640 * 360 * 3 // 2
    # Real detail: the grid, labels and landmarks give a sharp picture.
    assert sharpness(luma(first)) > 1000


def test_motion_changes_only_its_region(stage):
    st, clock = stage
    calm = luma(st.frame(Stream.MAIN))
    st.perform(parse_act({"act": "motion", "region": [0.25, 0.5, 0.75, 1.0]}))
    a = luma(st.frame(Stream.MAIN))
    clock.now += 1 / FPS
    b = luma(st.frame(Stream.MAIN))
    outside = np.ones(calm.shape, dtype=bool)
    outside[360:720, 320:960] = False
    assert np.array_equal(a[outside], calm[outside]) and np.array_equal(b[outside], calm[outside])
    assert np.mean(a[360:, 320:960] != b[360:, 320:960]) > 0.25


def test_cover_blur_turn_are_still_pictures(stage):
    st, clock = stage
    calm = luma(st.frame(Stream.MAIN))
    st.perform(parse_act({"act": "cover"}))
    assert luma(st.frame(Stream.MAIN)).mean() < 30
    st.perform(parse_act({"act": "blur", "sigma": 8}))
    blurred = st.frame(Stream.MAIN)
    assert sharpness(luma(blurred)) < sharpness(calm) / 20
    assert abs(float(luma(blurred).mean()) - float(calm.mean())) < 3
    st.perform(parse_act({"act": "turn"}))
    turned = st.frame(Stream.MAIN)
    clock.now += 30
    assert st.frame(Stream.MAIN) == turned
    assert mean_abs_diff(luma(turned), calm) > 30
    assert sharpness(luma(turned)) > 1000


def test_face_crosses_then_stays_right(stage):
    st, clock = stage
    calm = luma(st.frame(Stream.MAIN))
    described = st.perform(parse_act({"act": "face", "seconds": 4}))
    x0, y0, x1, y1 = described["face_box"]
    assert x0 == 0 and 0.24 < y1 - y0 < 0.26
    clock.now += 2
    assert st.describe()["face_box"][0] == pytest.approx((1 - (x1 - x0)) / 2, abs=1e-3)
    clock.now += 2
    end = st.frame(Stream.MAIN)
    assert st.describe()["face_box"][2] == pytest.approx(1.0, abs=1e-3)
    clock.now += 10
    assert st.frame(Stream.MAIN) == end
    box = st.describe()["face_box"]
    cols = slice(round(box[0] * 1280), round(box[2] * 1280))
    rows = slice(round(box[1] * 720), round(box[3] * 720))
    changed = luma(end) != calm
    assert changed[rows, cols].mean() > 0.9
    changed[rows, cols] = False
    assert not changed.any()


def test_crowd_walks_in_the_lower_half(stage):
    st, clock = stage
    calm = luma(st.frame(Stream.SUB), Stream.SUB)
    st.perform(parse_act({"act": "crowd", "people": 12}))
    a = luma(st.frame(Stream.SUB), Stream.SUB)
    clock.now += 2
    b = luma(st.frame(Stream.SUB), Stream.SUB)
    assert np.array_equal(a[:180], calm[:180]) and np.array_equal(b[:180], calm[:180])
    assert np.mean(a[180:] != calm[180:]) > 0.03
    assert np.mean(a[180:] != b[180:]) > 0.01


def test_frames_are_cheap(stage):
    st, clock = stage
    for body in ({"act": "motion", "region": [0, 0, 1, 1]}, {"act": "face", "seconds": 60},
                 {"act": "crowd", "people": 30}):  # fmt: skip
        st.perform(parse_act(body))
        started = time.perf_counter()
        for _ in range(20):
            clock.now += 1 / FPS
            st.frame(Stream.MAIN)
        assert (time.perf_counter() - started) / 20 < 0.005, body  # loose: shared CI cores


def test_face_photo_ships_with_scikit_image():
    from skimage import data

    assert os.path.isfile(os.path.join(os.path.dirname(data.__file__), "astronaut.png"))
    assert face_photo().shape == (300, 250, 3)


# --- a real camsim ---------------------------------------------------------------


@contextlib.contextmanager
def run_staged_camsim(tmp_path, staged: int):
    """tests.support.camsim_fleet.run_camsim with ``--staged-cameras`` (it has no such
    parameter yet): one fixed camera and ``staged`` staged ones, on free ports."""
    log_path = tmp_path / "camsim.log"
    cmd = [sys.executable, "-m", "camsim", "--cameras", "1", "--ptz", "0", "--fps", str(FPS),
           "--host", LOOPBACK, "--rtsp-port", "0", "--control-port", "0", "--onvif-port", "0",
           "--data-dir", str(tmp_path / "data"), "--staged-cameras", str(staged)]  # fmt: skip
    if cache := os.environ.get("PANTAU_CAMSIM_CACHE"):
        cmd += ["--cache-dir", cache]
    env = dict(os.environ, CAMSIM_ONVIF_PASSWORD=DEFAULT_SECRET, PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log_file:
        try:
            peer = start_peer("camsim", cmd, ready_timeout_s=240, env=env, stderr=log_file,
                              echo=False)  # fmt: skip
        except PeerFailed as exc:
            tail = log_path.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"camsim did not get ready ({exc}); its log:\n{tail}") from None
    ready = peer.ready
    fleet = CamsimFleet(peer.process, int(ready["rtsp_port"]), int(ready["control_port"]),
                        int(ready["onvif_port"]), log_path, DEFAULT_SECRET)  # fmt: skip
    try:
        fleet.refresh()
        yield fleet
    finally:
        peer.stop(10)


@pytest.fixture(scope="module")
def staged_fleet(tmp_path_factory):
    with run_staged_camsim(tmp_path_factory.mktemp("staged"), staged=2) as running:
        yield running


@pytest.fixture(scope="module")
def reader(staged_fleet):
    """stg001's sub stream, decoded for the whole module (one RTSP session)."""
    live = LiveReader(staged_fleet.rtsp_url("stg001", "sub"))
    live.frame_after(5)
    yield live
    live.close()


def stage_act(fleet, camera_id: str, body) -> tuple[int, object]:
    return http_json("POST", f"{fleet.control_url}/cameras/{camera_id}/stage", body)


def set_act(fleet, body: dict, camera_id: str = "stg001") -> dict:
    status, answer = stage_act(fleet, camera_id, body)
    assert status == 200, answer
    return answer


@pytest.fixture
def calm(staged_fleet, reader):
    """stg001 calm, with a picture of it decoded; calm again afterwards."""
    set_act(staged_fleet, {"act": "calm"})
    picture = reader.frame_after(8)
    yield picture
    set_act(staged_fleet, {"act": "calm"})


def decoded_luma(url: str) -> np.ndarray:
    """The Y plane of a decoded picture, as sent. Not PyAV's "gray": swscale stretched
    16..235 to 0..255 at 640x360 but not at 1280x720."""
    (i420,) = grab(url, 1, fmt="yuv420p")
    return i420[: i420.shape[0] * 2 // 3].astype(np.float32)


def test_listed_like_a_camera(staged_fleet):
    assert staged_fleet.camera_ids == ["cam001", "stg001", "stg002"]
    cam = staged_fleet.camera("stg002")
    assert cam["model"] == "camsim staged H.264 2-stream" and cam["ptz"] is False
    assert (cam["kota"], cam["kecamatan"]) == ("Jakarta Selatan", "Cilandak")
    assert cam["streams"]["main"] == {"codec": "h264", "width": 1280, "height": 720, "fps": FPS}
    assert cam["streams"]["sub"] == {"codec": "h264", "width": 640, "height": 360, "fps": FPS}
    info = call(staged_fleet.onvif_url("stg002"), "<tds:GetDeviceInformation/>",
                *staged_fleet.credentials("stg002"))  # fmt: skip
    assert info.status == 200
    assert info.body.find("tds:Model", NS).text == "camsim staged H.264 2-stream"
    status, answer = http_json("GET", f"{staged_fleet.control_url}/cameras/stg002/stage")
    assert status == 200 and answer["act"] == "calm"
    assert answer["began"].endswith("Z") and len(answer["began"]) == len("2026-01-01T00:00:00.000Z")


def test_calm_is_static_and_the_still(staged_fleet, reader, calm):
    # From the first keyframe after calm began on, every keyframe is coded alike.
    first = reader.frame_after(FPS + 1)
    later = reader.frame_after(2 * FPS)
    assert mean_abs_diff(first, later) < 0.1
    assert np.percentile(np.abs(first - later), 99.9) < 4
    assert mean_abs_diff(first, calm) < 1


def test_both_streams_show_the_still(staged_fleet, reader, calm):
    st = Stage(build_scene(), 1, clock=FakeClock())
    for stream in Stream.MAIN, Stream.SUB:
        decoded = decoded_luma(staged_fleet.rtsp_url("stg001", stream.value))
        assert mean_abs_diff(decoded, luma(st.frame(stream), stream)) < 1.5, stream


def test_motion_stays_inside_its_region(staged_fleet, reader, calm):
    set_act(staged_fleet, {"act": "motion", "region": [0.5, 0.5, 0.9, 0.9]})
    a = reader.frame_after(8)
    b = reader.frame_after(3)
    diff = np.abs(a - b)
    inside = diff[180 + 8:324 - 8, 320 + 8:576 - 8]
    assert (inside > 40).mean() > 0.3
    outside = np.ones(diff.shape, dtype=bool)
    outside[180 - 16:324 + 16, 320 - 16:576 + 16] = False  # an encoder block's margin
    assert diff[outside].mean() < 0.5, diff[outside].mean()
    assert (diff[outside] > 25).mean() < 0.001
    assert mean_abs_diff(a[outside], calm[outside]) < 1


def test_cover_is_dark(staged_fleet, reader, calm):
    set_act(staged_fleet, {"act": "cover"})
    covered = reader.frame_after(8)
    assert covered.mean() < 20 and covered.std() < 5


def test_blur_lowers_sharpness(staged_fleet, reader, calm):
    set_act(staged_fleet, {"act": "blur", "sigma": 8})
    blurred = reader.frame_after(8)
    assert sharpness(blurred) < sharpness(calm) / 10, (sharpness(blurred), sharpness(calm))


def test_turn_changes_the_scene_and_stays(staged_fleet, reader, calm):
    set_act(staged_fleet, {"act": "turn"})
    turned = reader.frame_after(8)
    assert mean_abs_diff(turned, calm) > 30
    # Stays: the next keyframe only sharpens what P-pictures coded of the cut.
    assert mean_abs_diff(reader.frame_after(FPS), turned) < 1
    assert sharpness(turned) > sharpness(calm) / 3


def _find_face(gray: np.ndarray, template: np.ndarray, top: int) -> int:
    """The column where ``template`` fits best in the rows from ``top``."""
    band = gray[top:top + template.shape[0]]
    costs = [np.abs(band[:, x:x + template.shape[1]] - template).mean()
             for x in range(gray.shape[1] - template.shape[1] + 1)]  # fmt: skip
    return int(np.argmin(costs))


def test_face_is_where_stage_says(staged_fleet, reader, calm):
    (h, w) = calm.shape
    described = set_act(staged_fleet, {"act": "face", "seconds": 20})
    x0, y0, x1, y1 = described["face_box"]
    fw, fh = round((x1 - x0) * w / 2) * 2, round((y1 - y0) * h / 2) * 2
    template = (rgb_to_i420(resize(face_photo(), fw, fh)).y.astype(np.float32) - 16) * 255 / 219
    top = round(y0 * h / 2) * 2
    for _ in range(2):  # crossing: the face where GET /stage says, a frame's time apart
        frame = reader.frame_after(8)
        _status, now = http_json("GET", f"{staged_fleet.control_url}/cameras/stg001/stage")
        found = _find_face(frame, template, top) / w
        assert abs(found - now["face_box"][0]) < 0.02, (found, now)
    set_act(staged_fleet, {"act": "face", "seconds": 0.5})
    time.sleep(0.6)
    frame = reader.frame_after(8)
    _status, now = http_json("GET", f"{staged_fleet.control_url}/cameras/stg001/stage")
    assert now["face_box"][2] == pytest.approx(1.0, abs=1e-3)  # arrived, and stays
    assert _find_face(frame, template, top) == w - fw
    face = frame[top:top + fh, w - fw:]
    assert np.corrcoef(face.ravel(), template.ravel())[0, 1] > 0.95


def test_crowd_shows_walking_figures(staged_fleet, reader, calm):
    set_act(staged_fleet, {"act": "crowd", "people": 12})
    a = reader.frame_after(8)
    b = reader.frame_after(FPS)
    h = calm.shape[0]
    dark = (a < 60) & (calm >= 90)  # figures' bodies where the still is bright
    assert dark[h // 2:].mean() > 0.01
    assert mean_abs_diff(a[: h // 2 - 8], calm[: h // 2 - 8]) < 0.5
    assert (np.abs(a[h // 2:] - b[h // 2:]) > 40).mean() > 0.005  # they walk
    assert set_act(staged_fleet, {"act": "crowd", "people": 0})["act"] == "calm"


def post_raw(url: str, data: bytes) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, method="POST"),
                                    timeout=10) as resp:  # fmt: skip
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_bad_requests(staged_fleet):
    for body in ({"act": "dance"}, {"act": "blur", "sigma": -1}, [1, 2],
                 {"act": "motion", "region": [0.9, 0, 0.1, 1]}):  # fmt: skip
        status, answer = stage_act(staged_fleet, "stg002", body)
        assert status == 400 and answer["error"] == "bad_act", (body, answer)
    url = f"{staged_fleet.control_url}/cameras/stg002/stage"
    status, answer = post_raw(url, b'{"act": ')
    assert (status, answer["error"]) == (400, "bad_json")
    status, answer = post_raw(url, b"")
    assert (status, answer["detail"]) == (400, "a JSON body is needed")
    status, answer = post_raw(url, b"x" * 5000)
    assert (status, answer["error"]) == (413, "body_too_large")
    status, answer = stage_act(staged_fleet, "cam001", {"act": "calm"})
    assert (status, answer["error"]) == (404, "not_staged")
    status, answer = stage_act(staged_fleet, "stg009", {"act": "calm"})
    assert (status, answer["error"]) == (404, "unknown_camera")
    status, answer = http_json("GET", f"{staged_fleet.control_url}/cameras/stg002/stage")
    assert answer["act"] == "calm"


def test_faults_apply(staged_fleet):
    url = staged_fleet.rtsp_url("stg002", "sub")
    staged_fleet.offline("stg002")
    try:
        with pytest.raises(Exception):  # noqa: B017 (PyAV's error for RTSP 404 varies)
            open_rtsp(url, read_timeout_s=3).close()
    finally:
        staged_fleet.online("stg002")
    assert len(grab(url, 2, fmt="gray")) == 2
