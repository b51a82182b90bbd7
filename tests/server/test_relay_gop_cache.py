"""The relay starts a viewer on the latest GOP of a stream it already pulls.

Cameras on a 4 s GOP (15 fps, a keyframe every 60 pictures): a viewer who joins a
running stream gets its first picture long before the camera's next keyframe, and
that picture is the keyframe the camera took before the viewer asked; then the
stream runs on in order to the live edge. Judged against the camera's own keyframes,
as a second viewer that watched all along saw them (passthrough keeps every access
unit's bytes, so the two viewers' packets are matched by their bytes), not against a
wall-clock threshold.

Real peers: the server process (its relay, and its recorder pulling the camera through
it), a GStreamer camera (H.264, frame numbers drawn in the picture) and camsim
(cam004's main stream is H.265), viewers are PyAV opened as the wall's tiles open a
stream (video only, a small probe). The feed's linger is checked on the relay's parts
in this process, with a short linger.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import dataclass, field

import av
import pytest

from server.cameras import Profile
from server.node.relay import feeds as relay_feeds
from server.node.relay import server as relay_server
from server.node.relay.feeds import Feeds
from server.node.relay.gop_cache import GopCache
from server.node.relay.gst import GLib, GstRtspServer
from server.node.relay.outlet import StartAt
from server.node.relay.parameter_sets import parameter_sets
from tests.support.camsim_fleet import run_camsim
from tests.support.gst_camera import GstCamera, frame_number
from tests.support.net import http_json
from tests.support.server_proc import run_server

FPS = 15
GOP = 60  # 4 s
GOP_S = GOP / FPS
# How a wall tile opens a live stream (app/streams/pyav_engine.py).
TILE_OPTIONS = {"rtsp_transport": "tcp", "allowed_media_types": "video",
                "probesize": "4096", "analyzeduration": "100000"}  # fmt: skip
WATCH_AFTER_JOIN_S = 3.0


@dataclass
class Viewer:
    """A PyAV client in a thread: every video packet's arrival and bytes, and when its
    first picture was decoded (and from which packet)."""

    url: str
    arrivals: list[float] = field(default_factory=list)
    digests: list[bytes] = field(default_factory=list)
    keyframes: list[bool] = field(default_factory=list)
    first_picture_at: float | None = None
    first_picture_packet: int | None = None
    first_frame_no: int | None = None
    error: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Viewer:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.opened_at = time.monotonic()
        self._thread.start()
        return self

    def join(self) -> None:
        self.stop.set()
        self._thread.join(timeout=20)

    def _run(self) -> None:
        try:
            with av.open(self.url, options=TILE_OPTIONS, timeout=(20, 10)) as container:
                stream = container.streams.video[0]
                stream.codec_context.thread_count = 1  # a picture out per packet in
                for packet in container.demux(stream):
                    if self.stop.is_set():
                        return
                    if packet.size == 0:
                        continue
                    self.arrivals.append(time.monotonic())
                    self.digests.append(hashlib.sha1(bytes(packet)).digest())
                    self.keyframes.append(bool(packet.is_keyframe))
                    if self.first_picture_at is None:
                        self._decode(stream, packet)
        except Exception as exc:  # noqa: BLE001 — the test reports it
            self.error = f"{type(exc).__name__}: {exc}"

    def _decode(self, stream, packet) -> None:
        try:
            frames = stream.codec_context.decode(packet)
        except av.error.InvalidDataError:
            return  # the live edge before a keyframe: nothing to decode yet
        if frames:
            at = time.monotonic()
            self.first_picture_packet = len(self.digests) - 1
            self.first_frame_no = frame_number(frames[0])
            self.first_picture_at = at  # last: the test waits on it


def _keyframe_times(viewer: Viewer) -> list[float]:
    return [t for t, key in zip(viewer.arrivals, viewer.keyframes, strict=True) if key]


def _join_early_in_a_gop(watcher: Viewer, timeout_s: float = 30.0) -> None:
    """Waits until the watcher got a keyframe live 0.5-1.5 s ago: the camera's next one
    is then at least 2.5 s away. (Its first keyframe may be a GOP's start that came in
    a burst, telling nothing of when the camera took it.)"""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        keys = _keyframe_times(watcher)
        if len(keys) >= 2 and 0.5 <= time.monotonic() - keys[-1] <= 1.5:
            return
        assert not watcher.error, watcher.error
        time.sleep(0.02)
    raise AssertionError(f"the watcher saw no keyframe to time the join on: {watcher.error}")


def _second_viewer_joins(url_for, camera_frames=None) -> tuple[Viewer, Viewer, float, int]:
    """A watcher pulls the stream through the relay all along; a second viewer joins
    early in a GOP and watches a few seconds. ``camera_frames``: the camera's frame
    counter at the join, where it has one."""
    watcher = Viewer(url_for()).start()
    try:
        _join_early_in_a_gop(watcher)
        joined_at = time.monotonic()
        joined_frame = camera_frames() if camera_frames else None
        late = Viewer(url_for()).start()
        time.sleep(WATCH_AFTER_JOIN_S)
        late.join()
        # The watcher reads on to the camera's next keyframe after the join.
        deadline = time.monotonic() + GOP_S + 2
        while not [t for t in _keyframe_times(watcher) if t > joined_at]:
            assert time.monotonic() < deadline, "the camera sent no keyframe in a GOP"
            time.sleep(0.05)
    finally:
        watcher.join()
    assert not watcher.error and not late.error, (watcher.error, late.error)
    return watcher, late, joined_at, joined_frame


def _assert_started_on_the_gop(watcher: Viewer, late: Viewer, joined_at: float) -> None:
    next_key = min(t for t in _keyframe_times(watcher) if t > joined_at)
    assert late.first_picture_at is not None, "the late viewer decoded nothing"
    # Its first picture came long before the camera's next keyframe could give one...
    assert late.first_picture_at < next_key - 1.0, (
        late.first_picture_at - joined_at, next_key - joined_at)
    # ...because it is the keyframe the camera sent before the viewer joined.
    assert late.first_picture_packet == 0
    starts = [i for i, d in enumerate(watcher.digests)
              if d == late.digests[0] and watcher.arrivals[i] < joined_at]  # fmt: skip
    assert starts, "the late viewer's first picture is not one the watcher saw before"
    first = starts[-1]
    assert watcher.keyframes[first]
    assert joined_at - watcher.arrivals[first] >= 0.4  # the GOP's start, not the live edge
    # Then every access unit once, in the camera's order, on to the live edge.
    assert late.digests == watcher.digests[first:first + len(late.digests)]
    last = first + len(late.digests) - 1
    assert watcher.arrivals[last] > joined_at + WATCH_AFTER_JOIN_S - 1.0  # live, not stuck
    assert late.arrivals[-1] - watcher.arrivals[last] < 0.5  # and at the live edge


@pytest.mark.slow
def test_an_h264_viewer_joining_a_running_feed_starts_on_its_gop(tmp_path):
    with GstCamera(tmp_path, fps=FPS, gop=GOP, audio=True) as cam, run_server(
        tmp_path, segment_seconds=4
    ) as srv:
        admin = srv.token("admin")
        status, body = http_json("POST", srv.api + "/admin/cameras", {
            "id": "gcam", "name": "Kamera GOP 4 s", "area_id": "jakarta-selatan.tebet",
            "streams": {"main": {"url": cam.url, "codec": "h264", "width": 320,
                                 "height": 240, "fps": FPS}},
        }, token=admin)  # fmt: skip
        assert status == 201, body
        token = srv.token("operator")
        deadline = time.monotonic() + 60
        while srv.recorder_states().get("gcam") != "recording":  # the feed runs
            assert time.monotonic() < deadline, srv.log_text()[-3000:]
            time.sleep(0.1)

        def url() -> str:
            return srv.get("/cameras/gcam/live?profile=main", token)[1]["url"]

        watcher, late, joined_at, joined_frame = _second_viewer_joins(url, cam.frames_sent)
        # The recorder pulls the camera through the same feed and still records.
        assert srv.recorder_states()["gcam"] == "recording", srv.log_text()[-4000:]
    _assert_started_on_the_gop(watcher, late, joined_at)
    # The picture itself says so: a keyframe the camera took before the viewer joined.
    assert late.first_frame_no is not None and late.first_frame_no % GOP == 0
    assert late.first_frame_no < joined_frame


@pytest.mark.slow
def test_an_h265_viewer_joining_a_running_feed_starts_on_its_gop(tmp_path):
    with run_camsim(tmp_path, cameras=4, ptz=0, fps=FPS, gop=GOP) as fleet, run_server(
        tmp_path, camsim_url=fleet.control_url, record=False
    ) as srv:
        token = srv.token("operator")

        def url() -> str:
            answer = srv.get("/cameras/cam004/live?profile=main", token)[1]
            assert answer["via"] == "relay", answer
            return answer["url"]

        watcher, late, joined_at, _ = _second_viewer_joins(url)
        sessions = fleet.sessions("cam004")["main"]
    _assert_started_on_the_gop(watcher, late, joined_at)
    assert sessions["total"] == 1  # both viewers, one camera session


# --- the cache itself -----------------------------------------------------------------


def test_the_cache_holds_the_pictures_since_the_last_keyframe():
    cache: GopCache[str] = GopCache(max_bytes=100)
    cache.add("p0", 10, keyframe=False)  # joined mid-GOP: nothing to start a viewer on
    assert cache.items() == ()
    for item, key in (("k1", True), ("p1", False), ("p2", False)):
        cache.add(item, 10, keyframe=key)
    assert cache.items() == ("k1", "p1", "p2") and cache.bytes == 30
    cache.add("k2", 10, keyframe=True)  # the next keyframe drops the last GOP
    assert cache.items() == ("k2",) and cache.bytes == 10


def test_a_gop_over_the_cap_is_not_kept_until_the_next_keyframe():
    cache: GopCache[str] = GopCache(max_bytes=25)
    for item, key in (("k1", True), ("p1", False), ("p2", False), ("p3", False)):
        cache.add(item, 10, keyframe=key)
    # Half a GOP would not decode: nothing is kept, the viewer waits for a keyframe.
    assert cache.items() == () and cache.bytes == 0
    cache.add("k2", 10, keyframe=True)
    assert cache.items() == ("k2",)


def test_parameter_sets_come_out_of_avcc_and_hvcc_records():
    sps, pps, vps = b"\x67\x42\xc0\x1e", b"\x68\xce\x3c\x80", b"\x40\x01\x0c"
    avcc = bytes([1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1]) + len(sps).to_bytes(2, "big") + sps + (
        bytes([1]) + len(pps).to_bytes(2, "big") + pps)
    assert parameter_sets(avcc, hevc=False) == b"".join(
        len(n).to_bytes(4, "big") + n for n in (sps, pps))
    hvcc = bytes(21) + bytes([0x03, 2])
    for kind, nal in ((32, vps), (33, sps)):
        hvcc += bytes([kind]) + (1).to_bytes(2, "big") + len(nal).to_bytes(2, "big") + nal
    assert parameter_sets(hvcc, hevc=True) == b"".join(
        len(n).to_bytes(4, "big") + n for n in (vps, sps))
    assert parameter_sets(b"\x01\x02", hevc=False) is None


# --- the feed's linger, on the relay's parts in this process --------------------------


class _Factory(GstRtspServer.RTSPMediaFactory):
    """The relay's factory without tickets: one path, fed by ``feeds``."""

    def __init__(self, feeds: Feeds, url: str) -> None:
        super().__init__()
        self._feeds, self._url = feeds, url
        self.start = StartAt.GOP
        self.set_shared(False)
        self.connect("media-configure", relay_server._on_media_configure)

    def do_create_element(self, _url):
        return self._feeds.outlet("gcam", Profile.MAIN, lambda: self._url, self.start)


def _first_keyframe(url: str) -> tuple[bool, int]:
    """Whether the first picture decoded was a keyframe, and that keyframe's number."""
    with av.open(url, options=TILE_OPTIONS, timeout=(20, 10)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if frame.key_frame:
                return index == 0, frame_number(frame)
    raise AssertionError("the stream ended before its first keyframe")


@contextlib.contextmanager
def _relay_parts(cam: GstCamera, linger_s: float):
    """The relay's feeds behind GStreamer's RTSP server, one path, no tickets."""
    context = GLib.MainContext.new()
    loop = GLib.MainLoop.new(context, False)
    lost: list[tuple] = []
    feeds = Feeds(context, lambda *path: lost.append(path), linger_s=linger_s)
    factory = _Factory(feeds, cam.url)
    rtsp = GstRtspServer.RTSPServer()
    rtsp.set_address("127.0.0.1")
    rtsp.set_service("0")
    rtsp.get_mount_points().add_factory("/gcam/main", factory)
    rtsp.attach(context)
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    try:
        yield f"rtsp://127.0.0.1:{rtsp.get_bound_port()}/gcam/main", feeds, factory
        assert not lost
    finally:
        feeds.stop_all()
        loop.quit()
        thread.join(timeout=5)


@pytest.mark.slow
def test_a_feed_lingers_after_its_last_viewer_then_closes(tmp_path):
    linger_s = 2.0
    with GstCamera(tmp_path, fps=FPS, gop=GOP) as cam, _relay_parts(cam, linger_s) as (
        url, feeds, _factory
    ):
        _first_keyframe(url)  # starts the feed; the viewer leaves at once
        time.sleep(1.0)
        # Within the linger: the GOP so far, at once.
        asked = cam.frames_sent()
        first, frame_no = _first_keyframe(url)
        assert first and frame_no % GOP == 0 and frame_no <= asked
        assert len(feeds.running()) == 1
        # The linger ends: the camera's session is closed...
        deadline = time.monotonic() + linger_s + 3
        while feeds.running():
            assert time.monotonic() < deadline, "the feed outlived its linger"
            time.sleep(0.1)
        # ...and the next viewer starts a new one at the live edge, as a shared
        # media did: its first keyframe is one the camera took after it asked (this
        # camera starts a session of its own with one; the old GOP is gone).
        asked = cam.frames_sent()
        _, frame_no = _first_keyframe(url)
        assert frame_no >= asked


@pytest.mark.slow
def test_the_recorder_gets_no_picture_twice_but_the_start_of_a_feed_made_for_it(tmp_path):
    """The recorder's start (StartAt.KEYFRAME): on a feed started for it, the camera's
    first keyframe (a shared media's first client got that); on a running feed, the
    camera's next keyframe, never a picture it could have had before it asked, and
    nothing before it that a recorder could take for part of a picture."""
    with GstCamera(tmp_path, fps=FPS, gop=GOP) as cam, _relay_parts(cam, 30.0) as (
        url, _feeds, factory
    ):
        factory.start = StartAt.KEYFRAME
        recorder = Viewer(url).start()  # the feed starts for it
        deadline = time.monotonic() + 20
        while recorder.first_picture_at is None:
            assert time.monotonic() < deadline and not recorder.error, recorder.error
            time.sleep(0.05)
        assert recorder.first_picture_packet == 0 and recorder.keyframes[0]
        assert recorder.first_frame_no == 0  # the camera's very first picture
        # It reconnects while the feed runs, early in a GOP: it waits for the next
        # keyframe (given the parameter sets at once, so its request is answered and
        # the relay's other clients are not held up meanwhile).
        while not GOP // 4 <= cam.frames_sent() % GOP <= GOP // 4 + 10:
            time.sleep(0.02)
        asked = cam.frames_sent()
        again = Viewer(url).start()
        time.sleep(0.3)  # its media is made: the next client is a viewer
        factory.start = StartAt.GOP
        viewer = Viewer(url).start()
        deadline = time.monotonic() + GOP_S + 5
        while again.first_picture_at is None or viewer.first_picture_at is None:
            assert time.monotonic() < deadline, (again.error, viewer.error)
            time.sleep(0.05)
        for client in (again, viewer, recorder):
            client.join()
    assert again.first_frame_no % GOP == 0 and again.first_frame_no > asked
    assert viewer.first_picture_at < again.first_picture_at - 1.0
    # Before that keyframe it got no picture, only what decodes to nothing.
    first_key = again.keyframes.index(True)
    assert first_key == again.first_picture_packet
    assert not set(again.digests[:first_key]) & set(recorder.digests)


@pytest.mark.slow
def test_a_lost_camera_ends_its_viewers_streams_at_once(tmp_path):
    """The feed hears the camera go (its stream ends or fails) and the relay closes the
    path's clients, so their tiles reconnect now, not after a read timeout."""
    cam = GstCamera(tmp_path, fps=FPS, gop=GOP)
    try:
        with run_server(tmp_path, record=False) as srv:
            status, body = http_json("POST", srv.api + "/admin/cameras", {
                "id": "gcam", "name": "Kamera yang hilang", "area_id": "jakarta-selatan.tebet",
                "streams": {"main": {"url": cam.url, "codec": "h264", "width": 320,
                                     "height": 240, "fps": FPS}},
            }, token=srv.token("admin"))  # fmt: skip
            assert status == 201, body
            url = srv.get("/cameras/gcam/live?profile=main", srv.token("operator"))[1]["url"]
            viewer = Viewer(url).start()
            deadline = time.monotonic() + 20
            while len(viewer.digests) < FPS:
                assert time.monotonic() < deadline and not viewer.error, viewer.error
                time.sleep(0.05)
            cam.close()
            lost_at = time.monotonic()
            viewer._thread.join(timeout=15)
            assert not viewer._thread.is_alive(), "the viewer's stream never ended"
            ended_after = time.monotonic() - lost_at
            assert "the camera is lost" in srv.log_text()
    finally:
        cam.close()
    assert ended_after < 3.0, ended_after  # PyAV's own read timeout here is 10 s


@pytest.mark.slow
def test_a_camera_gone_silent_ends_its_feed_and_the_next_viewer_pulls_it_afresh(tmp_path):
    """A camera that keeps its connection but sends nothing (a pulled cable, a hung
    encoder): rtspsrc never gives up on a silent TCP session, so the relay does after
    SILENCE_S, closing the path's clients; the next client's feed pulls the camera anew
    and plays once it sends again. Without this every retry of the recorder joined the
    same dead feed and the camera was never recorded again."""
    with run_camsim(tmp_path, cameras=1, ptz=0, fps=FPS) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, record=False) as srv:
        token = srv.token("operator")

        def live_url() -> str:
            return srv.get("/cameras/cam001/live?profile=sub", token)[1]["url"]

        ended = threading.Event()

        def watch() -> None:
            # Its own read timeout (30 s) is far longer than the relay's: what ends it
            # is the relay.
            with contextlib.suppress(Exception), av.open(
                    live_url(), options=TILE_OPTIONS, timeout=(20, 30)) as container:
                for _ in container.demux(container.streams.video[0]):
                    pass
            ended.set()

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        first, _ = _first_keyframe(live_url())  # pictures flow through the feed
        assert first
        fleet.freeze("cam001")
        frozen_at = time.monotonic()
        assert ended.wait(timeout=relay_feeds.SILENCE_S + 10), "the silent feed lived on"
        assert time.monotonic() - frozen_at >= relay_feeds.SILENCE_S - 1
        assert "no picture from the camera" in srv.log_text()
        fleet.online("cam001")
        first, _ = _first_keyframe(live_url())  # a new feed, the camera sending again
        assert first
        thread.join(timeout=5)
