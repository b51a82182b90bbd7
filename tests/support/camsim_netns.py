"""camsim run inside a test's network namespace (tests/support/netns.py): its RTSP,
ONVIF and control ports listen on the namespace's address, so the server reaches the
cameras over the veth pair and a link fault there is a real network fault.

    with camera_namespace() as ns, run_camsim_in(ns, tmp_path, cameras=2) as fleet:
        run_server(tmp_path, camsim_url=fleet.control_url)
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tests.support.camsim_fleet import DEFAULT_SECRET, DEFAULT_USERNAME, CamsimFleet
from tests.support.netns import CameraNamespace
from tools.peers import PeerFailed, start_peer

_STOP_TIMEOUT_S = 10


@dataclass
class NamespacedFleet(CamsimFleet):
    addr: str = ""

    @property
    def host(self) -> str:
        return self.addr

    @property
    def control_url(self) -> str:
        return f"http://{self.addr}:{self.control_port}"

    def rtsp_url(self, cam_id: str, profile: str = "main", with_credentials: bool = True) -> str:
        user, password = self.credentials(cam_id)
        userinfo = f"{quote(user, safe='')}:{quote(password, safe='')}@" if with_credentials else ""
        return f"rtsp://{userinfo}{self.addr}:{self.rtsp_port}/{cam_id}/{profile}"


@contextlib.contextmanager
def run_camsim_in(ns: CameraNamespace, tmp_path: Path, cameras: int = 2, fps: int = 15,
                  gop: int | None = None, ready_timeout_s: float = 240.0
                  ) -> Iterator[NamespacedFleet]:
    tmp_path = Path(tmp_path)
    log_path = tmp_path / f"camsim-{ns.name}.log"
    cmd = [
        sys.executable, "-m", "camsim",
        "--cameras", str(cameras), "--ptz", "0", "--fps", str(fps),
        "--host", ns.addr,
        "--rtsp-port", "0", "--control-port", "0", "--onvif-port", "0",
        "--data-dir", str(tmp_path / f"camsim-data-{ns.name}"), "--user", DEFAULT_USERNAME,
    ]  # fmt: skip
    if gop is not None:
        cmd += ["--gop", str(gop)]
    if os.environ.get("PANTAU_CAMSIM_CACHE"):
        cmd += ["--cache-dir", os.environ["PANTAU_CAMSIM_CACHE"]]
    env = dict(os.environ, CAMSIM_ONVIF_PASSWORD=DEFAULT_SECRET, PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log_file:
        try:
            peer = start_peer("camsim", ns.run_inside(cmd), ready_timeout_s=ready_timeout_s,
                              env=env, stderr=log_file, echo=False)
        except PeerFailed as exc:
            tail = log_path.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"camsim in {ns.name} did not get ready ({exc}); its log:\n"
                               f"{tail}") from None
    ready = peer.ready
    fleet = NamespacedFleet(
        process=peer.process, rtsp_port=int(ready["rtsp_port"]),
        control_port=int(ready["control_port"]), onvif_port=int(ready["onvif_port"]),
        log_path=log_path, secret=DEFAULT_SECRET, addr=ns.addr,
    )  # fmt: skip
    try:
        fleet.refresh()
        yield fleet
    finally:
        peer.stop(_STOP_TIMEOUT_S)
