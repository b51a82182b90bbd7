"""Two monitors: an Xvfb desktop cut into two RandR monitors side by side, the real
client started as a wall PC would start it (a subprocess, password from the environment,
--wall per screen), and the proof read from the X server: one full-screen wall window
per screen, each showing live video.

Why not Xvfb's +xinerama: it stacks every head at 0,0 (xdpyinfo -ext XINERAMA shows two
1280x720 heads @ 0,0) and Qt, which reads RandR monitors, sees one screen. Two RandR
monitors on one wide screen is what a real two-monitor desktop shows Qt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import DEMO_PASSWORD, run_server
from tests.support.xrandr_monitors import delete_monitor, set_monitors
from tests.support.xvfb import screenshot, start_xvfb
from tools.peers import REPO

pytestmark = pytest.mark.e2e

SCREEN = (1280, 720)
MONITORS = [("WALL-1", 0, 0, *SCREEN), ("WALL-2", SCREEN[0], 0, *SCREEN)]
# xwininfo -tree: 0x400007 "Pantau wall: SCREEN": ("python" "python")  1280x720+0+0  +0+0
_WINDOW = re.compile(
    r'(0x[0-9a-f]+) "Pantau wall: ([^"]*)".*?\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s')


def wall_windows(display: str) -> dict[tuple[int, int, int, int], str]:
    """The wall windows on screen (mapped), by geometry: x, y, width, height -> name."""
    def xwininfo(*args: str) -> str:
        return subprocess.run(["xwininfo", "-display", display, *args],
                              capture_output=True, text=True, timeout=10).stdout

    found = {}
    for match in _WINDOW.finditer(xwininfo("-root", "-tree")):
        window, name, w, h, x, y = match.groups()
        if "IsViewable" in xwininfo("-id", window):
            found[(int(x), int(y), int(w), int(h))] = name
    return found


def wait_for(condition, timeout_s: float, client: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not condition():
        assert client.poll() is None, "the client exited"
        time.sleep(0.5)


def moving(display: str, tmp_path, timeout_s: float = 45) -> list[bool]:
    """Whether each screen's half of the desktop shows a changing picture."""
    def halves(shot):
        return shot[:, :SCREEN[0]].astype(int), shot[:, SCREEN[0]:].astype(int)

    deadline = time.monotonic() + timeout_s
    while True:
        first = halves(screenshot(display, tmp_path / "two-screens-1.png"))
        time.sleep(1.5)
        second = halves(screenshot(display, tmp_path / "two-screens-2.png"))
        result = [(abs(a - b).max(axis=2) > 40).sum() > 2000 and b.std() > 10
                  for a, b in zip(first, second, strict=True)]
        if all(result) or time.monotonic() > deadline:
            return result


@pytest.fixture(scope="module")
def two_screens():
    xvfb = start_xvfb(screens=[(2 * SCREEN[0], SCREEN[1])])
    set_monitors(xvfb.display, MONITORS)
    yield xvfb.display
    xvfb.stop()


@pytest.fixture(scope="module")
def peers(tmp_path_factory):
    base = tmp_path_factory.mktemp("multiscreen")
    with run_camsim(base, cameras=3, ptz=0) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True, record=False) as server:
        yield fleet, server


def start_wall_pc(display: str, server_url: str, tmp_path, *walls: str) -> subprocess.Popen:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
               PANTAU_PASSWORD=DEMO_PASSWORD, PANTAU_CONFIG_DIR=str(tmp_path / "config"),
               PANTAU_LOG_DIR=str(tmp_path / "log"))
    args = [sys.executable, "-m", "app", "--server", server_url, "--user", "operator",
            "--lang", "en", "--workstation", "wallpc"]
    for wall in walls:
        args += ["--wall", wall]
    return subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_each_screen_gets_a_wall_that_survives_its_monitor_unplugged(two_screens, peers, tmp_path):
    _, server = peers
    client = start_wall_pc(two_screens, server.url, tmp_path,
                           "0=2x2:cam001,cam002,cam003", "1=1+5:cam003,cam001")
    try:
        left, right = (0, 0, *SCREEN), (SCREEN[0], 0, *SCREEN)
        wait_for(lambda: {left, right} <= set(wall_windows(two_screens)), 45, client)
        windows = wall_windows(two_screens)
        assert left in windows and right in windows, windows
        assert windows[left] != windows[right]  # one window per screen, named by it
        assert all(moving(two_screens, tmp_path)), "a screen shows no live video"

        # The right monitor is pulled out: its wall goes, the left one stays.
        delete_monitor(two_screens, "WALL-2")
        wait_for(lambda: right not in wall_windows(two_screens), 15, client)
        assert set(wall_windows(two_screens)) == {left}
        # ... and plugged in again: its wall comes back, full-screen, with its video.
        set_monitors(two_screens, MONITORS[1:], first_takes_output=False)
        wait_for(lambda: right in wall_windows(two_screens), 15, client)
        assert set(wall_windows(two_screens)) == {left, right}
        assert all(moving(two_screens, tmp_path)), "a screen shows no live video"
    finally:
        client.terminate()
        try:
            client.wait(20)
        except subprocess.TimeoutExpired:
            client.kill()
