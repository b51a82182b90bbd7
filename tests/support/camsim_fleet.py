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
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.net import LOOPBACK, http_json
from tools.peers import PeerFailed, start_peer

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


@contextlib.contextmanager
def run_camsim(
    tmp_path: Path,
    cameras: int = 4,
    ptz: int = 1,
    fps: int = 15,
    gop: int | None = None,  # None: camsim's default (one keyframe a second)
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
        "--fps", str(fps),
        "--host", LOOPBACK,
        "--rtsp-port", "0", "--control-port", "0", "--onvif-port", "0",
        "--data-dir", str(data_dir), "--onvif-user", onvif_user,
    ]  # fmt: skip
    if gop is not None:
        cmd += ["--gop", str(gop)]
    cache = cache_dir or os.environ.get("PANTAU_CAMSIM_CACHE")
    if cache:
        cmd += ["--cache-dir", str(cache)]
    env = dict(os.environ, CAMSIM_ONVIF_PASSWORD=onvif_password, PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log_file:
        try:
            peer = start_peer("camsim", cmd, ready_timeout_s=ready_timeout_s, env=env,
                              stderr=log_file, echo=False)
        except PeerFailed as exc:
            tail = log_path.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"camsim did not get ready ({exc}); its log:\n{tail}") from None
    ready = peer.ready
    fleet = CamsimFleet(
        process=peer.process,
        rtsp_port=int(ready["rtsp_port"]),
        control_port=int(ready["control_port"]),
        onvif_port=int(ready["onvif_port"]),
        log_path=log_path,
        onvif_user=onvif_user,
        onvif_password=onvif_password,
    )
    try:
        fleet.refresh()
        yield fleet
    finally:
        peer.stop(_STOP_TIMEOUT_S)
