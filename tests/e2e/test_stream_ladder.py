"""A stream for every tile size, end to end (issue 16): camsim and the server (relay
and recorder) as real peers, the real client on Xvfb with its PyAV engine; what is
checked is what the engine reports it decodes and what the tile paints.

- An 8x8 wall pulls the cameras' third streams (320x180), and a camera without one
  its sub stream (640x360); a maximised tile the main stream (1920x1080), and back.
- A tile's first picture from a camera with a 4 s GOP comes from the relay's latest
  group of pictures: it arrives before the camera's next keyframe. The camera is
  camsim's latency camera, whose pictures carry their capture time; an independent
  reader on the camera itself tells when its keyframes are captured.
"""

from __future__ import annotations

import threading
import time

import av
import pytest

from app.config import ClientConfig
from app.streams.engine import StreamState
from app.wall import Layout
from camsim import timecode
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e

FPS = 15
GOP_S = 4
CAMERAS = ("cam001", "cam002", "cam004", "lat001")  # cam001/cam004: three streams


@pytest.fixture(scope="module")
def peers(tmp_path_factory):
    base = tmp_path_factory.mktemp("ladder-peers")
    with run_camsim(base, cameras=4, ptz=0, fps=FPS, gop=GOP_S * FPS, latency=1) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True,
                       record=True, segment_seconds=4) as server:
        yield fleet, server


@pytest.fixture
def client(qtbot, peers):
    _, server = peers
    config = ClientConfig(server_url=server.url, username="operator", password=DEMO_PASSWORD,
                          layout=Layout.L8X8, cameras=CAMERAS, language="en")
    shell = ClientShell(config)
    with qtbot.waitSignal(shell.started, timeout=30_000):
        shell.start()
    shell.main_window.showMaximized()
    qtbot.waitExposed(shell.main_window)
    yield shell
    shell.main_window.close()
    shell.shutdown()


def _decoding(streams, tile, profile: str, size: tuple[int, int]) -> bool:
    key = tile.stream_key
    if key is None or key.profile != profile or tile.stream_state is not StreamState.LIVE:
        return False
    stats = streams.stats(key)
    return (stats.width, stats.height) == size


def test_an_8x8_wall_pulls_third_streams_and_a_maximised_tile_the_main_one(
        qtbot, client, display, tmp_path):
    streams, wall = client.services.streams, client.services.wall
    tiles = client.main_window.wall_widget.tiles()
    by_camera = {t.camera_id: t for t in tiles if t.camera_id}
    assert tiles[0].width() < 320  # the tiles are smaller than a third stream
    for camera, profile, size in (("cam001", "third", (320, 180)),
                                  ("cam004", "third", (320, 180)),
                                  ("cam002", "sub", (640, 360)),  # no third stream
                                  ("lat001", "sub", (640, 360))):
        qtbot.waitUntil(lambda c=camera, p=profile, s=size: _decoding(
            streams, by_camera[c], p, s), timeout=45_000)
    screenshot(display, tmp_path / "wall-8x8.png")

    tile = by_camera["cam001"]
    wall.toggle_maximised(tile.tile_index)
    qtbot.waitUntil(lambda: _decoding(streams, tile, "main", (1920, 1080)), timeout=30_000)
    screenshot(display, tmp_path / "maximised.png")
    # The third stream went once the main one had its first picture.
    qtbot.waitUntil(lambda: not any(k.camera_id == "cam001" and k.profile == "third"
                                    for k in streams.keys()))  # noqa: SIM118

    wall.toggle_maximised(tile.tile_index)
    qtbot.waitUntil(lambda: _decoding(streams, tile, "third", (320, 180)), timeout=30_000)
    qtbot.waitUntil(lambda: not any(k.camera_id == "cam001" and k.profile == "main"
                                    for k in streams.keys()))  # noqa: SIM118


class _Keyframes:
    """Reads the camera directly and notes the capture time (ms) of each keyframe."""

    def __init__(self, url: str) -> None:
        self._url = url
        self.captured: list[int] = []
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with av.open(self._url, options={"rtsp_transport": "tcp"}) as container:
            for frame in container.decode(video=0):
                if self._stop.is_set():
                    return
                if frame.key_frame:
                    ms = timecode.read(frame.to_ndarray(format="gray"))
                    if ms is not None:
                        with self._changed:
                            self.captured.append(ms)
                            self._changed.notify_all()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=15)

    def wait_for(self, count: int, timeout_s: float) -> list[int]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.captured) >= count, timeout=timeout_s)
            return list(self.captured)


def test_a_first_picture_arrives_before_the_camera_s_next_keyframe(qtbot, client, peers):
    fleet, _ = peers
    streams, wall = client.services.streams, client.services.wall
    tile = next(t for t in client.main_window.wall_widget.tiles() if t.camera_id == "lat001")
    qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=45_000)
    # The recorder pulls the camera's main stream through the relay all along.
    keyframes = _Keyframes(fleet.rtsp_url("lat001", "main"))
    try:
        seen = keyframes.wait_for(1, timeout_s=3 * GOP_S)
        assert seen, "the camera sent no keyframe"
        # Just after a keyframe: the next one is a whole GOP away.
        qtbot.waitUntil(lambda: time.time() * 1000 > seen[-1] + 300, timeout=2000)
        arrived: list[float] = []

        def on_frames(keys) -> None:
            key = tile.stream_key
            if not arrived and key is not None and key.profile == "main" and key in keys:
                arrived.append(time.time() * 1000)

        streams.frames_ready.connect(on_frames)
        asked = time.time() * 1000
        wall.toggle_maximised(tile.tile_index)
        qtbot.waitUntil(lambda: bool(arrived), timeout=3 * GOP_S * 1000)
        streams.frames_ready.disconnect(on_frames)
        following = [ms for ms in keyframes.wait_for(len(seen) + 1, timeout_s=2 * GOP_S)
                     if ms > asked]
        assert following, "the camera sent no keyframe after the tile asked"
        assert arrived[0] < following[0], (
            f"first picture {arrived[0] - asked:.0f} ms after asking; the camera's next "
            f"keyframe was captured {following[0] - asked:.0f} ms after")
    finally:
        keyframes.stop()
        if wall.maximised is not None:
            wall.toggle_maximised(wall.maximised)
