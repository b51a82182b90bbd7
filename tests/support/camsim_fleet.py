"""Run the simulated camera fleet (``python -m camsim``) as a real peer for tests.

    from tests.support.camsim_fleet import run_camsim

    with run_camsim(tmp_path, cameras=4, ptz=1, fps=15) as fleet:
        url = fleet.rtsp_url("cam001", "sub")  # admin:<password>@ embedded
        fleet.credentials("cam001"); fleet.sessions("cam001")
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
from typing import NamedTuple
from urllib.parse import quote

from tests.support.net import LOOPBACK, http_json
from tools.peers import PeerFailed, start_peer

# The demo fleet secret camsim documents (every camera's password derives from it);
# tests may pass their own through run_camsim.
DEFAULT_USERNAME = "admin"
DEFAULT_SECRET = "pantau-sim"
_STOP_TIMEOUT_S = 10
_counter = itertools.count(1)


class Credentials(NamedTuple):
    """A camera's own account, for its RTSP streams and its ONVIF services."""

    username: str
    password: str


@dataclass
class CamsimFleet:
    """A running fleet. ``cameras`` is GET /cameras as parsed at start-up."""

    process: subprocess.Popen
    rtsp_port: int
    control_port: int
    onvif_port: int
    log_path: Path
    secret: str  # what camsim derives every camera's password from
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

    def credentials(self, cam_id: str) -> Credentials:
        """The camera's account as GET /cameras publishes it."""
        record = next(cam for cam in self.cameras if cam["id"] == cam_id)
        return Credentials(**record["credentials"])

    def rtsp_url(self, cam_id: str, profile: str = "main", with_credentials: bool = True) -> str:
        """The stream's URL; by default with the camera's ``user:password@`` in it (PyAV,
        ffmpeg and libVLC answer the digest challenge from it). An id camsim does not
        know gets no credentials, so it still meets the server's 404."""
        userinfo = ""
        if with_credentials and cam_id in self.camera_ids:
            user, password = self.credentials(cam_id)
            userinfo = f"{quote(user, safe='')}:{quote(password, safe='')}@"
        return f"rtsp://{userinfo}{LOOPBACK}:{self.rtsp_port}/{cam_id}/{profile}"

    def sessions(self, cam_id: str) -> dict:
        """``{"main": {"active": n, "total": n}, "sub": …}``: RTSP sessions per stream."""
        return self._call("GET", f"/cameras/{cam_id}/sessions")

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

    def stage(self, cam_id: str, act: dict) -> dict:
        """Set a staged camera's act (camsim/staged.py); returns it as camsim began it."""
        status, body = http_json("POST", self.control_url + f"/cameras/{cam_id}/stage", act)
        if status != 200:
            raise RuntimeError(f"camsim stage {cam_id} {act} -> {status}: {body}")
        return body

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
    username: str = DEFAULT_USERNAME,
    secret: str = DEFAULT_SECRET,
    rtsp_auth: bool = True,
    cache_dir: Path | None = None,
    data_dir: Path | None = None,
    ready_timeout_s: float = 240.0,
    latency: int = 0,
    staged: int = 0,
) -> Iterator[CamsimFleet]:
    """Start a fleet on free loopback ports, yield its handle, stop it on exit.

    ``cache_dir`` defaults to camsim's shared cache (set ``PANTAU_CAMSIM_CACHE`` to move
    it for a whole test run). ``data_dir`` (PTZ presets) defaults to a fresh folder in
    ``tmp_path``; pass the same one twice to see presets survive a restart.
    ``ready_timeout_s`` covers a first, uncached encode (an H.265 camera takes about
    10 s on two cores). ``rtsp_auth=False`` runs camsim with ``--no-auth``. ``latency``
    adds that many latency cameras (``lat001``…, time-coded live pictures); ``staged``
    that many staged cameras (``stg001``…, pictures changed on command: ``stage``).
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
        "--data-dir", str(data_dir), "--user", username,
    ]  # fmt: skip
    if not rtsp_auth:
        cmd.append("--no-auth")
    if gop is not None:
        cmd += ["--gop", str(gop)]
    if latency:
        cmd += ["--latency-cameras", str(latency)]
    if staged:
        cmd += ["--staged-cameras", str(staged)]
    cache = cache_dir or os.environ.get("PANTAU_CAMSIM_CACHE")
    if cache:
        cmd += ["--cache-dir", str(cache)]
    env = dict(os.environ, CAMSIM_ONVIF_PASSWORD=secret, PYTHONUNBUFFERED="1")
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
        secret=secret,
    )
    try:
        fleet.refresh()
        yield fleet
    finally:
        peer.stop(_STOP_TIMEOUT_S)
