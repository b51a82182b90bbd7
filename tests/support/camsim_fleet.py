"""Run the simulated camera fleet (``python -m camsim``) as a real peer for tests.

    from tests.support.camsim_fleet import run_camsim

    with run_camsim(tmp_path, cameras=4, ptz=1, fps=15) as fleet:
        url = fleet.rtsp_url("cam001", "sub")
        fleet.offline("cam002")

Ports are chosen by the fleet itself (port 0, reported on its ready line), so parallel
test runs never race for a port. Picture loops are cached in the shared camsim cache,
so only the first run on a machine encodes. camsim's log goes to
``tmp_path/camsim-<n>.log`` and its tail is shown when start-up fails.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.net import LOOPBACK, http_json

REPO_ROOT = Path(__file__).resolve().parents[2]
# The demo credential camsim documents; tests may pass their own through run_camsim.
DEFAULT_ONVIF_USER = "admin"
DEFAULT_ONVIF_PASSWORD = "pantau-sim"
_STOP_TIMEOUT_S = 10
_counter = itertools.count(1)


@dataclass
class CamsimFleet:
    """A running fleet. ``cameras`` is GET /cameras as parsed at start-up."""

    process: subprocess.Popen
    rtsp_port: int
    control_port: int
    onvif_port: int
    log_path: Path
    onvif_user: str
    onvif_password: str
    cameras: list[dict] = field(default_factory=list)

    @property
    def host(self) -> str:
        return LOOPBACK

    @property
    def control_url(self) -> str:
        return f"http://{LOOPBACK}:{self.control_port}"

    @property
    def camera_ids(self) -> list[str]:
        return [cam["id"] for cam in self.cameras]

    def rtsp_url(self, cam_id: str, profile: str = "main") -> str:
        return f"rtsp://{LOOPBACK}:{self.rtsp_port}/{cam_id}/{profile}"

    def onvif_url(self, cam_id: str, service: str = "device_service") -> str:
        return f"http://{LOOPBACK}:{self.onvif_port}/onvif/{cam_id}/{service}"

    def camera(self, cam_id: str) -> dict:
        """The camera as camsim reports it now (state included)."""
        return self._call("GET", f"/cameras/{cam_id}")

    def refresh(self) -> list[dict]:
        self.cameras = self._call("GET", "/cameras")
        return self.cameras

    def offline(self, cam_id: str) -> dict:
        return self._call("POST", f"/cameras/{cam_id}/offline")

    def freeze(self, cam_id: str) -> dict:
        return self._call("POST", f"/cameras/{cam_id}/freeze")

    def online(self, cam_id: str) -> dict:
        return self._call("POST", f"/cameras/{cam_id}/online")

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def _call(self, method: str, path: str):
        status, body = http_json(method, self.control_url + path)
        if status != 200:
            raise RuntimeError(f"camsim {method} {path} -> {status}: {body}")
        return body


def _read_ready(stream, lines: queue.Queue) -> None:
    for raw in stream:
        lines.put(raw)
    lines.put(None)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=_STOP_TIMEOUT_S)


@contextlib.contextmanager
def run_camsim(
    tmp_path: Path,
    cameras: int = 4,
    ptz: int = 1,
    fps: int = 15,
    gop: int = 30,
    onvif_user: str = DEFAULT_ONVIF_USER,
    onvif_password: str = DEFAULT_ONVIF_PASSWORD,
    cache_dir: Path | None = None,
    data_dir: Path | None = None,
    ready_timeout_s: float = 240.0,
) -> Iterator[CamsimFleet]:
    """Start a fleet on free loopback ports, yield its handle, stop it on exit.

    ``cache_dir`` defaults to camsim's shared cache (set ``PANTAU_CAMSIM_CACHE`` to move
    it for a whole test run). ``data_dir`` (PTZ presets) defaults to a fresh folder in
    ``tmp_path``; pass the same one twice to see presets survive a restart.
    ``ready_timeout_s`` covers a first, uncached encode.
    """
    tmp_path = Path(tmp_path)
    run = next(_counter)
    data_dir = Path(data_dir) if data_dir else tmp_path / f"camsim-data-{run}"
    log_path = tmp_path / f"camsim-{run}.log"
    cmd = [
        sys.executable, "-m", "camsim",
        "--cameras", str(cameras), "--ptz", str(ptz),
        "--fps", str(fps), "--gop", str(gop),
        "--host", LOOPBACK,
        "--rtsp-port", "0", "--control-port", "0", "--onvif-port", "0",
        "--data-dir", str(data_dir), "--onvif-user", onvif_user,
    ]  # fmt: skip
    cache = cache_dir or os.environ.get("PANTAU_CAMSIM_CACHE")
    if cache:
        cmd += ["--cache-dir", str(cache)]
    env = dict(os.environ, CAMSIM_ONVIF_PASSWORD=onvif_password, PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=log_file, text=True
        )
    try:
        fleet = _wait_ready(process, log_path, ready_timeout_s, onvif_user, onvif_password)
        fleet.refresh()
        yield fleet
    finally:
        _stop(process)
        if process.stdout:
            process.stdout.close()


def _wait_ready(process, log_path, timeout_s, user, password) -> CamsimFleet:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_ready, args=(process.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if line is None:
                raise RuntimeError("camsim exited before it was ready")
            with contextlib.suppress(ValueError):
                event = json.loads(line)
                if isinstance(event, dict) and event.get("event") == "ready":
                    return CamsimFleet(
                        process=process,
                        rtsp_port=int(event["rtsp_port"]),
                        control_port=int(event["control_port"]),
                        onvif_port=int(event["onvif_port"]),
                        log_path=log_path,
                        onvif_user=user,
                        onvif_password=password,
                    )
    except (queue.Empty, RuntimeError) as exc:
        reason = "timed out" if isinstance(exc, queue.Empty) else str(exc)
        tail = log_path.read_text(errors="replace")[-4000:] if log_path.exists() else ""
        raise RuntimeError(f"camsim did not get ready ({reason}); its log:\n{tail}") from None
