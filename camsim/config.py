"""Command line of ``python -m camsim``."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from camsim.accounts import DEFAULT_USERNAME
from camsim.loops import default_cache_dir

# A demo credential, published on purpose: camsim is a simulator, not a real device.
# Every camera's password is derived from it (camsim.accounts).
DEFAULT_SECRET = "pantau-sim"
SECRET_ENV = "CAMSIM_ONVIF_PASSWORD"


@dataclass(frozen=True)
class Config:
    cameras: int
    host: str
    rtsp_port: int
    control_port: int
    onvif_port: int
    data_dir: Path
    cache_dir: Path
    fps: int
    gop: int
    ptz: int
    latency: int  # latency cameras lat001… after the fleet (camsim.latency)
    staged: int  # staged cameras stg001… after those (camsim.staged)
    username: str
    secret: str
    rtsp_auth: bool  # digest on RTSP; off only with --no-auth

    def __repr__(self) -> str:  # keeps the secret out of any log line
        return (f"Config(cameras={self.cameras}, host={self.host!r}, ptz={self.ptz}, "
                f"latency={self.latency}, staged={self.staged})")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("not a port (0 picks a free one)")
    return value


def parse_args(argv: list[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m camsim",
        description="Simulated CCTV camera fleet: RTSP, ONVIF and fault control.",
        epilog=f"Each camera's password is derived from the fleet secret ${SECRET_ENV} "
        f"(default: the demo credential {DEFAULT_SECRET!r}); GET /cameras lists them.",
    )
    parser.add_argument("--cameras", type=_positive, default=16)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--rtsp-port", type=_port, default=8554)
    parser.add_argument("--control-port", type=_port, default=8560)
    parser.add_argument("--onvif-port", type=_port, default=8580)
    parser.add_argument("--data-dir", type=Path, default=Path("var/camsim"))
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--fps", type=_positive, default=15)
    # One keyframe a second: a client that (re)connects waits at most that long for
    # its first picture, which keeps "live again within two seconds" reachable.
    parser.add_argument("--gop", type=_positive, default=None,
                        help="frames between keyframes (default: --fps, one a second)")
    parser.add_argument("--ptz", type=int, default=2, help="the first N cameras are PTZ")
    parser.add_argument("--latency-cameras", type=int, default=0, metavar="N",
                        help="add N latency cameras lat001… (live pictures carrying their "
                        "capture time as a code, for glass-to-glass benchmarks)")
    parser.add_argument("--staged-cameras", type=int, default=0, metavar="N",
                        help="add N staged cameras stg001… (a calm still; motion, cover, "
                        "blur, turn, face and crowd acts set through the control API)")
    parser.add_argument("--user", "--onvif-user", dest="user", default=DEFAULT_USERNAME,
                        help="user name of every camera's account (RTSP and ONVIF)")
    parser.add_argument("--no-auth", action="store_true",
                        help="RTSP without authentication (ONVIF still needs the account)")
    args = parser.parse_args(argv)
    if not 0 <= args.ptz <= args.cameras:
        parser.error("--ptz must be between 0 and --cameras")
    if args.latency_cameras < 0:
        parser.error("--latency-cameras must not be negative")
    if args.staged_cameras < 0:
        parser.error("--staged-cameras must not be negative")
    return Config(
        cameras=args.cameras,
        host=args.host,
        rtsp_port=args.rtsp_port,
        control_port=args.control_port,
        onvif_port=args.onvif_port,
        data_dir=args.data_dir,
        cache_dir=args.cache_dir or default_cache_dir(),
        fps=args.fps,
        gop=args.gop or args.fps,
        ptz=args.ptz,
        latency=args.latency_cameras,
        staged=args.staged_cameras,
        username=args.user,
        secret=os.environ.get(SECRET_ENV, DEFAULT_SECRET),
        rtsp_auth=not args.no_auth,
    )
