"""`make demo`'s launcher: it brings up camsim, the server and a logged-in client, and
Ctrl+C stops everything it started. Without a display it says how to get one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tools.peers import REPO

pytestmark = pytest.mark.e2e


def processes_mentioning(text: str) -> list[str]:
    out = subprocess.run(["pgrep", "-af", text], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "pgrep" not in line]


def client_window_titles(display: str) -> list[str]:
    out = subprocess.run(["xwininfo", "-display", display, "-root", "-children"],
                         capture_output=True, text=True, timeout=10).stdout
    return [line for line in out.splitlines() if "Pantau:" in line]


def test_demo_starts_everything_and_ctrl_c_stops_it(display, tmp_path):
    data_dir = str(tmp_path / "demo-data")
    demo = subprocess.Popen(
        [sys.executable, "-m", "tools.demo", "--cameras", "4", "--ptz", "0",
         "--data-dir", data_dir],
        cwd=REPO, env=dict(os.environ, DISPLAY=display), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not client_window_titles(display):
            assert demo.poll() is None, demo.stdout.read()
            time.sleep(0.5)
        titles = client_window_titles(display)
        assert titles and "(operator)" in titles[0]  # logged in as the demo operator
        started = " ".join(processes_mentioning(data_dir))
        assert "-m camsim" in started and "-m server" in started

        demo.send_signal(signal.SIGINT)
        assert demo.wait(60) == 0
        assert processes_mentioning(data_dir) == []
        assert client_window_titles(display) == []
    finally:
        # Even when an assertion failed: Ctrl+C lets the launcher stop what it started
        # (its children run in sessions of their own and would outlive a killed parent).
        if demo.poll() is None:
            demo.send_signal(signal.SIGINT)
            try:
                demo.wait(60)
            except subprocess.TimeoutExpired:
                demo.kill()


def test_demo_without_a_display_says_how_to_run_it():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "tools.demo"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr
