"""The walking skeleton end to end: camsim and the server as real peers on loopback,
the real client (PyAV engine, real login through the API) on a private Xvfb, and the
proof taken from the pixels the X server really shows."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as WaitTimeout

from app.actions import ActionId
from app.config import ClientConfig
from app.services.playback_sync import SyncState
from app.settings import Settings
from app.streams.engine import StreamState
from app.timefmt import format_wib
from app.wall import Layout
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xvfb import screenshot
from ui.shell.shell import ClientShell
from ui.tile.widget import TileMode

pytestmark = pytest.mark.e2e

CAMERAS = ("cam001", "cam002", "cam003", "cam004")
# The badge colours the tile paints (ui/tile/widget.py), as an operator sees them.
LIVE_GREEN = (0x2E, 0x7D, 0x32)
OFFLINE_RED = (0xC6, 0x28, 0x28)
PLAYBACK_BLUE = (0x15, 0x65, 0xC0)


@pytest.fixture(scope="module")
def peers(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e-peers")
    with run_camsim(base, cameras=4, ptz=0) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True,
                       record=True, segment_seconds=4) as server:
        yield fleet, server


@pytest.fixture
def client(qtbot, peers):
    _, server = peers
    config = ClientConfig(server_url=server.url, username="operator", password=DEMO_PASSWORD,
                          layout=Layout.L2X2, cameras=CAMERAS, language="en")
    shell = ClientShell(config)  # the real engine factory: PyAV over RTSP
    with qtbot.waitSignal(shell.started, timeout=30_000):
        shell.start()
    shell.main_window.showMaximized()
    qtbot.waitExposed(shell.main_window)
    yield shell
    shell.main_window.close()
    shell.shutdown()


def tile_pixels(image: np.ndarray, tile) -> np.ndarray:
    """The part of a screenshot covered by ``tile`` (global X coordinates)."""
    top_left = tile.mapToGlobal(QPoint(0, 0))
    x, y = top_left.x(), top_left.y()
    return image[y:y + tile.height(), x:x + tile.width()]


def changed_pixels(a: np.ndarray, b: np.ndarray) -> int:
    return int((np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 40).sum())


def colour_pixels(image: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    return int((np.abs(image.astype(np.int16) - np.array(rgb)).max(axis=2) <= tolerance).sum())


def wait_for_states(qtbot, tiles, states, timeout_ms=45_000) -> None:
    qtbot.waitUntil(lambda: all(t.stream_state in states for t in tiles), timeout=timeout_ms)


def test_two_by_two_wall_shows_four_different_live_pictures(qtbot, client, display, tmp_path):
    tiles = client.main_window.wall_widget.tiles()
    assert [t.camera_id for t in tiles] == list(CAMERAS)
    wait_for_states(qtbot, tiles, {StreamState.LIVE})
    assert all(t.status_text() == "Live" for t in tiles)
    qtbot.wait(1000)

    first = screenshot(display, tmp_path / "wall-1.png")
    qtbot.wait(2000)
    second = screenshot(display, tmp_path / "wall-2.png")
    before = [tile_pixels(first, t) for t in tiles]
    after = [tile_pixels(second, t) for t in tiles]

    for crop in before:
        assert crop.size > 0 and crop.std() > 10, "a tile shows no picture"
        assert colour_pixels(crop, LIVE_GREEN) > 50, "a tile has no green 'Live' badge"
    for a, b in itertools.combinations(before, 2):
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        difference = np.abs(a[:h, :w].astype(np.int16) - b[:h, :w].astype(np.int16)).mean()
        assert difference > 15, "two tiles show the same picture"
    for a, b in zip(before, after, strict=True):
        assert changed_pixels(a, b) > 200, "a live tile's picture did not change"


def test_camera_going_offline_is_shown_and_recovers_on_its_own(
        qtbot, client, peers, display, tmp_path):
    fleet, _ = peers
    tiles = client.main_window.wall_widget.tiles()
    wait_for_states(qtbot, tiles, {StreamState.LIVE})
    victim = tiles[1]

    fleet.offline(victim.camera_id)
    qtbot.waitUntil(lambda: victim.stream_state is StreamState.OFFLINE, timeout=45_000)
    assert victim.status_text().startswith("Offline")
    qtbot.wait(500)
    shot = screenshot(display, tmp_path / "offline.png")
    assert colour_pixels(tile_pixels(shot, victim), OFFLINE_RED) > 50
    assert colour_pixels(tile_pixels(shot, tiles[0]), OFFLINE_RED) < 10
    assert all(t.stream_state is StreamState.LIVE for t in tiles if t is not victim)

    fleet.online(victim.camera_id)
    qtbot.waitUntil(lambda: victim.stream_state is StreamState.LIVE, timeout=45_000)
    qtbot.wait(1000)
    first = screenshot(display, tmp_path / "back-1.png")
    qtbot.wait(2000)
    second = screenshot(display, tmp_path / "back-2.png")
    assert colour_pixels(tile_pixels(second, victim), LIVE_GREEN) > 50
    assert changed_pixels(tile_pixels(first, victim), tile_pixels(second, victim)) > 200


def test_tile_plays_back_the_last_minutes_from_the_server(qtbot, client, display, tmp_path):
    tiles = client.main_window.wall_widget.tiles()
    wait_for_states(qtbot, tiles, {StreamState.LIVE})
    tile = tiles[2]
    # The server has been recording since the fleet started; wait for a finished segment.
    qtbot.wait(6000)
    tile.start_playback(minutes=1)
    qtbot.waitUntil(lambda: tile.mode is TileMode.PLAYBACK
                    and tile.stream_state is StreamState.LIVE, timeout=30_000)
    qtbot.wait(1000)
    first = screenshot(display, tmp_path / "playback-1.png")
    qtbot.wait(2000)
    second = screenshot(display, tmp_path / "playback-2.png")
    assert colour_pixels(tile_pixels(first, tile), PLAYBACK_BLUE) > 50
    assert changed_pixels(tile_pixels(first, tile), tile_pixels(second, tile)) > 200

    tile.back_to_live()
    qtbot.waitUntil(lambda: tile.mode is TileMode.LIVE
                    and tile.stream_state is StreamState.LIVE, timeout=30_000)


def test_the_wall_plays_back_as_one_and_comes_back_live(qtbot, client, peers, display,
                                                         tmp_path):
    """An operator types a WIB time into the transport bar, pauses with K, steps a frame
    with '.', and every tile shows the picture recorded at the same moment; Ctrl+L brings
    the whole wall back to live."""
    window = client.main_window
    tiles = window.wall_widget.tiles()
    wait_for_states(qtbot, tiles, {StreamState.LIVE})
    # A moment every camera has recorded, 2 s in, with 8 s recorded after it (4 s
    # segments): paused at once, as on a loaded machine the tiles may take seconds to open.
    at = _recorded_by_all(qtbot, peers[1], after_s=2, then_s=8)
    client.services.wall.select(0)
    window.windowHandle().requestActivate()  # shortcuts work in the active window
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    window.transport.jump_edit.setText(format_wib(at, date=True).removesuffix(" WIB"))
    qtbot.keyClick(window.transport.jump_edit, Qt.Key.Key_Return)
    tiles[0].setFocus()
    qtbot.keyClick(tiles[0], Qt.Key.Key_K)  # pause
    sync = client.services.wall.sync
    assert sync.state is SyncState.PAUSED
    qtbot.waitUntil(lambda: all(t.mode is TileMode.PLAYBACK and _shown_at(client, t)
                                for t in tiles), timeout=30_000)
    qtbot.keyClick(tiles[0], Qt.Key.Key_Period)  # one frame forward
    paused_at = sync.clock.position()
    frame_s = sync.clock.frame_s
    # Every tile ends on its frame at or just before the clock: the same moment. A frame
    # counts as due 2 ms early (app/streams/clock.py), so "at" allows those 2 ms.
    def behind_clock() -> list[float | None]:
        return [None if (at := _shown_at(client, t)) is None else round(paused_at - at, 4)
                for t in tiles]

    try:
        qtbot.waitUntil(lambda: all(d is not None and -0.003 <= d < frame_s + 0.01
                                    for d in behind_clock()), timeout=20_000)
    except WaitTimeout as error:
        raise AssertionError(f"seconds each tile is behind the clock: {behind_clock()}, "
                             f"one frame is {frame_s:.4f} s") from error
    shot = screenshot(display, tmp_path / "synced.png")
    for tile in tiles:
        assert colour_pixels(tile_pixels(shot, tile), PLAYBACK_BLUE) > 50
    assert "Paused" in window.transport.position_text()

    qtbot.keyClick(tiles[0], Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # all live
    wait_for_states(qtbot, tiles, {StreamState.LIVE})
    assert all(t.mode is TileMode.LIVE for t in tiles)
    assert window.transport.position_text() == "Live"


def test_a_four_by_four_wall_never_shows_a_black_tile_in_playback(qtbot, client, peers):
    """16 tiles (the four cameras, four times each): K freezes them at once on their
    live pictures, then a jump, a turn backwards, and a change into keyframes-only
    speed each open 16 new streams; at every look at the X server's pixels meanwhile,
    no tile that had a picture is black, none says "Connecting…" or "Playback ended",
    and the transport's label follows each key at once."""
    window, wall = client.main_window, client.services.wall
    wall.set_layout(Layout.L4X4)
    for index in range(16):
        wall.assign(index, CAMERAS[index % len(CAMERAS)])
    tiles = [t for t in window.wall_widget.tiles() if t.camera_id]
    assert len(tiles) == 16
    qtbot.waitUntil(lambda: all(t.stream_state is StreamState.LIVE and t.shown_frame()
                                is not None for t in tiles), timeout=60_000)
    # Six seconds recorded before it too: J plays backwards from it (a camera taken
    # offline by an earlier test had no footage there, so its tiles waited, "Loading…",
    # on a paused clock for a keyframe after the gap).
    at = _recorded_by_all(qtbot, peers[1], after_s=6, then_s=8, before_s=6)
    wall.select(0)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    tiles[0].setFocus()
    sync = wall.sync
    complaints: list[str] = []

    qtbot.keyClick(tiles[0], Qt.Key.Key_K)  # freeze
    assert "Paused" in window.transport.position_text()  # the label, at once
    complaints += _look_at_tiles(tiles, "K")  # the very next picture on screen: frozen
    at = at.replace(microsecond=0) + timedelta(seconds=1)  # what can be typed
    window.transport.jump_edit.setText(format_wib(at, date=True).removesuffix(" WIB"))
    qtbot.keyClick(window.transport.jump_edit, Qt.Key.Key_Return)
    complaints += _watch_tiles(qtbot, tiles, "a jump", lambda: all(
        (s := _shown_at(client, t)) is not None and abs(s - at.timestamp()) < 0.5
        for t in tiles))

    tiles[0].setFocus()
    qtbot.keyClick(tiles[0], Qt.Key.Key_J)  # backwards (keyframes only): new streams
    assert "◀" in window.transport.position_text()
    complaints += _watch_tiles(qtbot, tiles, "J", lambda: all(
        (s := _shown_at(client, t)) is not None and s < at.timestamp() - 0.5 for t in tiles))
    qtbot.keyClick(tiles[0], Qt.Key.Key_K)
    sync.set_reverse(False)
    sync.set_speed(8.0)  # forward, keyframes only: new streams again
    moment = sync.clock.position()
    complaints += _watch_tiles(qtbot, tiles, "8x", lambda: all(
        (s := _shown_at(client, t)) is not None and abs(s - moment) < 2.5 for t in tiles)
        and not any(t.status_text() == "Loading…" for t in tiles))
    assert complaints == []
    qtbot.keyClick(tiles[0], Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_for_states(qtbot, tiles, {StreamState.LIVE})
    wall.set_layout(Layout.L2X2)


def _grab() -> np.ndarray:
    """The X server's screen, now, as RGB."""
    image = QApplication.primaryScreen().grabWindow(0).toImage().convertToFormat(
        QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8,
                         count=image.bytesPerLine() * image.height())
    rows = rows.reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def _look_at_tiles(tiles, step: str) -> list[str]:
    shot, complaints = _grab(), []
    for tile in tiles:
        crop = tile_pixels(shot, tile)
        if (crop.max(axis=2) < 24).mean() > 0.85:
            complaints.append(f"{step}: tile {tile.tile_index + 1} is black")
        if tile.status_text() in ("Connecting…", "Playback ended"):
            complaints.append(f"{step}: tile {tile.tile_index + 1} says "
                              f"{tile.status_text()}")
    return complaints


def _watch_tiles(qtbot, tiles, step: str, done, timeout_s: float = 90) -> list[str]:
    """Look at the screen at each turn of the event loop until ``done()``."""
    complaints: list[str] = []
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            where = [(t.tile_index + 1, t.status_text(), t.shown_frame() and
                      t.shown_frame().at_s) for t in tiles]
            raise AssertionError(f"{step}: the tiles never got there: {where}; "
                                 f"complaints: {complaints}")
        complaints += [c for c in _look_at_tiles(tiles, step) if c not in complaints]
        qtbot.wait(20)
    return complaints


def _recorded_by_all(qtbot, server, after_s: float, then_s: float,
                     before_s: float = 0.0) -> datetime:
    """The first moment ``after_s`` into a span of some camera's recording that every
    camera has recorded, with ``then_s`` more of each after it and ``before_s`` before
    it (the recordings API, as the timeline reads it). Earlier tests of the module take
    cameras offline, so a camera's recording may be several spans."""
    token = server.login("operator")
    around = datetime.now(UTC) - timedelta(hours=1), datetime.now(UTC) + timedelta(hours=1)
    window = "start={}&end={}".format(*(t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in around))
    seen: dict[str, list[tuple[datetime, datetime]]] = {}

    def ready() -> datetime | None:
        for camera in CAMERAS:
            body = server.get(f"/cameras/{camera}/recordings?{window}", token)[1]
            seen[camera] = [(_utc(s["start"]), _utc(s["end"])) for s in body["spans"]]
        candidates = sorted(start + timedelta(seconds=after_s)
                            for spans in seen.values() for start, _end in spans)
        for at in candidates:
            if all(any(start <= at - timedelta(seconds=before_s)
                       and end >= at + timedelta(seconds=then_s)
                       for start, end in spans) for spans in seen.values()):
                return at
        return None

    try:
        qtbot.waitUntil(lambda: ready() is not None, timeout=60_000)
    except WaitTimeout as error:
        raise AssertionError(f"no moment recorded by every camera: {seen}") from error
    return ready()


def _utc(wire: str) -> datetime:
    return datetime.fromisoformat(wire.replace("Z", "+00:00"))


def _shown_at(shell, tile) -> float | None:
    frame = shell.services.streams.latest_frame(tile.stream_key) if tile.stream_key else None
    return None if frame is None else frame.at_s


def test_the_investigation_window_plays_recordings_while_the_wall_stays_live(
        qtbot, client, peers, display, tmp_path):
    """Ctrl+Shift+P opens the investigation window on the wall's cameras; there K pauses,
    a WIB time typed into its transport bar shows every camera's recording of that
    moment, K plays it on and pauses it again, while the wall beside it goes on showing
    live pictures: the investigation has its own clock, not the wall's."""
    window = client.main_window
    wall_tiles = window.wall_widget.tiles()
    wait_for_states(qtbot, wall_tiles, {StreamState.LIVE})
    at = _recorded_by_all(qtbot, peers[1], after_s=2, then_s=8)
    window.showNormal()
    # The wall on the left, the investigation beside it: the docks make room.
    window.action(ActionId.SHOW_CAMERAS).trigger()
    window.action(ActionId.SHOW_VIEWS).trigger()
    window.ptz_dock.hide()

    def narrowed() -> bool:  # once the docks are gone, the window may be that narrow
        window.setGeometry(0, 0, 960, 1080)
        return window.frameGeometry().right() < 1000

    qtbot.waitUntil(narrowed)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    qtbot.keyClick(window, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    workspace = window.investigation_window
    assert workspace is not None
    left = window.frameGeometry().right() + 1
    workspace.setGeometry(left, 0, 1920 - left, 1040)
    qtbot.waitExposed(workspace)
    assert workspace.frameGeometry().right() < 1920  # all of it on the screen
    workspace.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is workspace.windowHandle())
    tiles = workspace.wall_widget.tiles()
    assert [t.camera_id for t in tiles] == list(CAMERAS)
    sync = workspace.controller.steered_sync()
    assert sync is not client.services.wall.sync

    qtbot.keyClick(tiles[0], Qt.Key.Key_K)  # pause, then go to the moment
    assert sync.state is SyncState.PAUSED
    workspace.transport.jump_edit.setText(format_wib(at, date=True).removesuffix(" WIB"))
    qtbot.keyClick(workspace.transport.jump_edit, Qt.Key.Key_Return)

    def shown() -> list[float | None]:
        return [_shown_at(client, t) if t.mode is TileMode.PLAYBACK else None for t in tiles]

    def recorded_from(start: float) -> bool:
        # Paused after a seek a tile may hold the keyframe before the moment (a second).
        return all(s is not None and start - 1.2 <= s < at.timestamp() + 30 for s in shown())

    def wait_recorded_from(start: float) -> None:
        try:
            qtbot.waitUntil(lambda: recorded_from(start), timeout=30_000)
        except WaitTimeout as error:
            raise AssertionError(
                f"seconds after {format_wib(at)} each tile shows: "
                f"{[None if s is None else round(s - at.timestamp(), 2) for s in shown()]}, "
                f"{[t.status_text() for t in tiles]}, want {start - at.timestamp()} on"
            ) from error

    wait_recorded_from(at.timestamp())
    qtbot.keyClick(tiles[0], Qt.Key.Key_K)  # play on: the recorded pictures move
    assert sync.state is SyncState.PLAYING
    wait_recorded_from(at.timestamp() + 1)
    qtbot.keyClick(tiles[0], Qt.Key.Key_K)  # and hold one to look at it
    qtbot.waitUntil(lambda: all(t.status_text() == "Playback" for t in tiles), timeout=30_000)
    assert "Paused" in workspace.transport.position_text()
    streams = client.services.streams
    arrived = [streams.latest_frame(t.stream_key).received_monotonic for t in wall_tiles]
    first = screenshot(display, tmp_path / "investigation-1.png")
    qtbot.wait(2000)
    second = screenshot(display, tmp_path / "investigation-2.png")
    screenshot(display, "/work/notes/shots/investigation-beside-wall.png")

    for tile in tiles:  # recorded pictures under blue playback badges
        crop = tile_pixels(second, tile)
        assert crop.std() > 10 and colour_pixels(crop, PLAYBACK_BLUE) > 50
    # The wall beside it stays live: its clock never started, its pictures keep moving.
    assert client.services.wall.sync.state is SyncState.LIVE
    assert window.transport.position_text() == "Live"
    for tile, before in zip(wall_tiles, arrived, strict=True):
        assert tile.mode is TileMode.LIVE and tile.status_text() == "Live"
        assert streams.latest_frame(tile.stream_key).received_monotonic > before
        assert colour_pixels(tile_pixels(second, tile), LIVE_GREEN) > 50
        assert colour_pixels(tile_pixels(second, tile), PLAYBACK_BLUE) < 10
        # Half the tile of the wall tests above: camsim's clock and moving dot.
        assert changed_pixels(tile_pixels(first, tile), tile_pixels(second, tile)) > 60
    workspace.close()


def test_an_evidence_request_is_approved_by_another_and_its_package_verifies(
        qtbot, peers, display, tmp_path, monkeypatch):
    """A supervisor, signed in to the real client, records a citizen's request for a
    recorded moment: Approve is greyed out for them with the reason, and the server
    refuses their approval too (four eyes). The administrator approves it (through the
    API, as their own client would); the supervisor's dock shows the export done, and
    the package downloads into their export folder and verifies."""
    _, server = peers
    config = ClientConfig(server_url=server.url, username="supervisor",
                          password=DEMO_PASSWORD, layout=Layout.L2X2, cameras=CAMERAS,
                          language="en")
    settings = Settings()
    settings.set("export_dir", str(tmp_path / "exports"))  # the supervisor's own folder
    shell = ClientShell(config, settings=settings)
    with qtbot.waitSignal(shell.started, timeout=30_000):
        shell.start()
    try:
        window = shell.main_window
        window.showMaximized()
        qtbot.waitExposed(window)
        dock, evidence = window.evidence_dock, shell.evidence
        window.evidence_dock_frame.show()
        at = _recorded_by_all(qtbot, server, after_s=1, then_s=4)
        evidence.create(requester_name="Siti Rahma", requester_contact="0812-1111-2222",
                        incident_at=at + timedelta(seconds=2), incident_place="Tebet",
                        camera_ids=["cam001"], start=at, end=at + timedelta(seconds=3),
                        reason="Pencurian sepeda motor")
        # The dock's own refresh (it was just shown) may answer first: wait for the request.
        qtbot.waitUntil(lambda: any(r.requester_name == "Siti Rahma"
                                    for r in evidence.requests), timeout=15_000)
        request_id = max(r.id for r in evidence.requests)
        _select_request(dock, request_id)
        assert not dock.approve_button.isEnabled()
        assert "another supervisor must approve" in dock.why_label.text()
        dock.approve_selected("LP/B/14/XII/2026")  # past the dock: the server refuses
        qtbot.waitUntil(lambda: "four eyes" in dock.status_label.text(), timeout=15_000)

        status, _ = http_json("POST", f"{server.api}/evidence-requests/{request_id}/approve",
                              {"case_number": "LP/B/14/XII/2026", "note": ""},
                              token=server.login("admin"))
        assert status == 200
        with qtbot.waitSignal(evidence.requests_changed, timeout=15_000):
            evidence.refresh()
        _select_request(dock, request_id)
        export_id = dock.selected().export_ids[0]
        admin = server.login("admin")  # the export is the approver's: their queue shows it
        qtbot.waitUntil(lambda: server.get(f"/exports/{export_id}", admin)[1]["state"]
                        == "done", timeout=60_000)
        offered: list[str] = []

        def save_dialog(_parent, _title, proposed, _kinds):
            offered.append(proposed)
            return proposed, ""

        monkeypatch.setattr("ui.evidence.dock.QFileDialog.getSaveFileName", save_dialog)
        with qtbot.waitSignal(evidence.package_saved, timeout=60_000) as got:
            dock.package_button.click()
        assert got.args[0].ok, got.args[0].check.problems
        assert offered and offered[0].startswith(str(tmp_path / "exports"))
        assert "Verified ✓" in dock.status_label.text()
        screenshot(display, tmp_path / "evidence.png")
    finally:
        window.close()
        shell.shutdown()


def _select_request(dock, request_id: int) -> None:
    for row in range(dock.list.topLevelItemCount()):
        if dock.list.topLevelItem(row).text(0) == str(request_id):
            dock.list.setCurrentItem(dock.list.topLevelItem(row))
            return
    raise AssertionError(f"request {request_id} is not listed")
