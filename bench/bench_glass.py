"""Glass to glass: camera-to-screen delay of each player, read off the X server's pixels.

Under a private Xvfb, camsim serves a latency camera (``--latency-cameras``: live x264,
zerolatency, every picture carrying its capture time as camsim.timecode's code) and the
server relays it. Each player runs alone in turn, as its own process, for --seconds:

- pantau-relay: Pantau's client (``python -m app``, the real shell, tiles and PyAV
  engine) with the camera on a 2x2 wall, through the server's relay;
- pantau-direct: the same client on a camera the server lets it watch directly
  (onboarded here by URL in an area with live_direct, without a stored password, so
  the live URL is the camera's own);
- vlc-http (if python-vlc and libVLC load): libVLC playing the server's HTTP playback
  (fragmented MP4 of the recording, from a few seconds back): the path Pantau gives
  libVLC where libVLC has no RTSP, as on Debian;
- ffplay-relay, ffplay-direct: ``ffplay -fflags nobuffer -flags low_delay`` on the
  relay's URL and on the camera's (RTSP over TCP, as Pantau's engine);
- ffplay-relay-syncvideo, ffplay-direct-syncvideo: the same with ``-sync video``:
  without audio, ffplay's default clock leaves every picture about 480 ms late.

The bench finds the picture on the screen (the box of the camera's grey background,
checked by reading the code) and then reads only the code's band with XGetImage every
--grab-ms. A picture's delay is the time it was first seen on the screen minus the time
it was captured (camsim and the bench share the machine's clock); the grabber's own
sampling error (half the time between two grabs) is reported beside it.

    .venv/bin/python -m bench.bench_glass [--seconds 20] [--players a,b] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FPS = 15
SCREEN = (1280, 720)
CAMERA = "lat001"
DIRECT_CAMERA = "glass-direct"
PLAYERS = ("pantau-relay", "pantau-direct", "vlc-http", "ffplay-relay", "ffplay-direct",
           "ffplay-relay-syncvideo", "ffplay-direct-syncvideo")
FFPLAY_FLAGS = ["-fflags", "nobuffer", "-flags", "low_delay"]
# With no audio, ffplay's default master clock (audio) leaves the pictures about 480 ms
# late here whatever the probing (-probesize 32 -analyzeduration 0 changed nothing);
# timed by the video's own clock they come about 80 ms after capture, so that is shown
# beside the plain command as ffplay's best.
FFPLAY_SYNC_VIDEO = ("-sync", "video")
# The latency camera's picture in ffplay's window (16:9, as the camera's streams).
FFPLAY_RECT = (40, 40, 640, 360)
SEGMENT_S = 2.0  # the recorder's segments, for vlc-http
VLC_BACK_S = 6.0  # playback starts this far before the end of the recording


@dataclass
class Setup:
    display: str
    server_url: str
    operator_token: str
    admin_token: str
    camsim_url: str  # camera's RTSP, the --profile stream, no account (camsim --no-auth)
    tmp: Path
    profile: str

    def live(self, camera_id: str) -> dict:
        """What the server tells a client about the camera's live stream (url, via)."""
        from tests.support.net import http_json

        status, body = http_json("GET", f"{self.server_url}/api/v1/cameras/{camera_id}/live"
                                 f"?profile={self.profile}", token=self.operator_token)
        if status != 200:
            raise RuntimeError(f"live URL of {camera_id}: {status} {body}")
        return body

    def live_url(self, camera_id: str) -> str:
        return self.live(camera_id)["url"]


def _env(setup: Setup, **extra: str) -> dict[str, str]:
    env = dict(os.environ, DISPLAY=setup.display, **extra)
    env.pop("QT_QPA_PLATFORM", None)
    return env


def start_pantau(setup: Setup, camera_id: str, name: str) -> subprocess.Popen:
    home = setup.tmp / name
    env = _env(setup, QT_QPA_PLATFORM="xcb", PANTAU_PASSWORD="pantau-demo",
               PANTAU_CONFIG_DIR=str(home / "config"), PANTAU_LOG_DIR=str(home / "log"))
    cmd = [sys.executable, "-m", "app", "--server", setup.server_url, "--user", "operator",
           "--layout", "2x2", "--cameras", camera_id, "--lang", "en"]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(home.with_suffix(".log"), "wb"))  # noqa: SIM115


def start_ffplay(setup: Setup, url: str, name: str, extra: tuple[str, ...] = ()
                 ) -> subprocess.Popen:  # fmt: skip
    x, y, w, h = FFPLAY_RECT
    cmd = ["ffplay", "-hide_banner", "-loglevel", "warning", "-nostats", *FFPLAY_FLAGS, *extra,
           "-rtsp_transport", "tcp", "-an", "-sn", "-noborder",
           "-left", str(x), "-top", str(y), "-x", str(w), "-y", str(h),
           "-window_title", name, url]  # fmt: skip
    return subprocess.Popen(cmd, env=_env(setup, SDL_AUDIODRIVER="dummy"),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=open(setup.tmp / f"{name}.log", "wb"))  # noqa: SIM115


_VLC_CHILD = r"""
import sys, time, vlc
url, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:6])
inst = vlc.Instance(["--no-audio", "--quiet", "--no-video-title-show",
                     f"--video-x={x}", f"--video-y={y}", f"--width={w}", f"--height={h}",
                     "--no-video-deco", "--network-caching=0", "--file-caching=0",
                     "--clock-jitter=0", "--clock-synchro=0"])
player = inst.media_player_new()
player.set_media(inst.media_new(url))
player.play()
while True:
    time.sleep(1)
"""


def start_vlc(setup: Setup, url: str, name: str) -> subprocess.Popen:
    x, y, w, h = FFPLAY_RECT
    script = setup.tmp / "vlc_child.py"
    script.write_text(_VLC_CHILD)
    return subprocess.Popen([sys.executable, str(script), url, str(x), str(y), str(w), str(h)],
                            env=_env(setup), stdout=subprocess.DEVNULL,
                            stderr=open(setup.tmp / f"{name}.log", "wb"))  # noqa: SIM115


def vlc_available() -> bool:
    probe = "import vlc, sys; sys.exit(0 if vlc.Instance() else 1)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True,
                          timeout=30).returncode == 0  # fmt: skip


def playback_url(setup: Setup) -> str:
    """From VLC_BACK_S before the end of what is recorded: the HTTP path serves finished
    segments and does not follow the live edge, so VLC plays that much and stops."""
    from datetime import UTC, datetime, timedelta
    from urllib.parse import urlencode

    from tests.support.net import http_json

    now = datetime.now(UTC)
    start = now - timedelta(seconds=VLC_BACK_S + SEGMENT_S)
    window = urlencode({"start": (now - timedelta(minutes=1)).isoformat(),
                        "end": now.isoformat()})  # fmt: skip
    status, body = http_json("GET", f"{setup.server_url}/api/v1/cameras/{CAMERA}/recordings?"
                             f"{window}", token=setup.operator_token)  # fmt: skip
    if status == 200 and body["spans"]:
        end = datetime.fromisoformat(body["spans"][-1]["end"].replace("Z", "+00:00"))
        start = end - timedelta(seconds=VLC_BACK_S)
    query = urlencode({"start": start.isoformat(),
                       "end": (now + timedelta(minutes=10)).isoformat(),
                       "access_token": setup.operator_token})  # fmt: skip
    return f"{setup.server_url}/api/v1/cameras/{CAMERA}/playback?{query}"


def onboard_direct(server, fleet, profile: str) -> None:
    """A second catalogue entry for the latency camera whose live URL is the camera's
    own: in the area of lat002 (its own RT), marked live_direct, with no stored account
    (camsim runs with --no-auth, so the camera asks for none)."""
    from tests.support.net import http_json

    token = server.token("admin")
    status, cam = http_json("GET", f"{server.api}/cameras/lat002", token=token)
    if status != 200:
        raise RuntimeError(f"lat002 not in the catalogue: {status} {cam}")
    area = cam["area_id"]
    status, body = http_json("PUT", f"{server.api}/admin/areas/{area}", {"live_direct": True},
                             token=token)
    if status != 200:
        raise RuntimeError(f"live_direct on {area}: {status} {body}")
    streams = {p: {"url": fleet.rtsp_url(CAMERA, p, with_credentials=False)}
               for p in ("main", "sub")}
    status, body = http_json("POST", f"{server.api}/admin/cameras", {
        "id": DIRECT_CAMERA, "name": "Uji Latensi langsung", "area_id": area,
        "streams": streams, "record": False}, token=token)  # fmt: skip
    if status != 201:
        raise RuntimeError(f"onboarding {DIRECT_CAMERA}: {status} {body}")


def set_recording(server, camera_ids: list[str], on: bool) -> None:
    from tests.support.net import http_json

    for camera_id in camera_ids:
        status, body = http_json("PUT", f"{server.api}/admin/cameras/{camera_id}",
                                 {"record": on}, token=server.token("admin"))
        if status != 200:
            raise RuntimeError(f"record={on} on {camera_id}: {status} {body}")


def measure(setup: Setup, name: str, start: Callable[[], subprocess.Popen], seconds: float,
            grab_ms: float, fleet, settle_s: float = 3.0) -> dict:  # fmt: skip
    from bench.glass_screen import Screen, delays, find_picture, sample

    proc = start()
    screen = Screen(setup.display)
    try:
        rect = find_picture(screen, SCREEN, 60, alive=lambda: proc.poll() is None)
        if rect is None:
            if proc.poll() is not None:
                return {"error": f"the player exited ({proc.returncode})"}
            shot = setup.tmp / f"{name}-nopicture.png"
            subprocess.run(["import", "-display", setup.display, "-window", "root", str(shot)],
                           capture_output=True, timeout=30)  # fmt: skip
            return {"error": f"the picture never showed (screen: {shot})",
                    "last_warning": last_warning(setup.tmp / f"{name}.log")}
        time.sleep(settle_s)  # past the start: buffers that the first seconds fill drain
        sessions_before = fleet.sessions(CAMERA)
        grabs = sample(screen, rect, seconds, grab_ms / 1000)
        result = delays(grabs, FPS)
        sessions = fleet.sessions(CAMERA)
        result["picture_rect"] = list(rect)
        # Which of the camera's streams the player (or the relay for it) pulled.
        result["streams_pulled"] = [s for s, n in sessions.items() if n["active"]] or None
        del sessions_before
        return result
    finally:
        screen.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        time.sleep(1)


def last_warning(log: Path) -> str | None:
    """The player's last warning, from Pantau's log only: it masks URLs and their
    tickets; ffplay's and libVLC's logs may not, and stay in the run's folder."""
    if not log.name.startswith("pantau-") or not log.exists():
        return None
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if "WARNING" in ln]
    return lines[-1][-300:] if lines else None


def table(results: dict) -> str:
    head = (f"{'player':<23} {'read':>5} {'made':>5} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'max ms':>7} {'±grab ms':>8}  streams")
    lines = [head, "-" * len(head)]
    for name, r in results.items():
        if "error" in r:
            lines.append(f"{name:<23} {r['error']}")
            continue
        d, e = r["delay_ms"] or {}, r["sampling_error_ms"] or {}
        lines.append(f"{name:<23} {r['pictures_read']:>5} {r['pictures_made']:>5} "
                     f"{d.get('p50', 0):>7} {d.get('p95', 0):>7} {d.get('max', 0):>7} "
                     f"{e.get('p50', 0):>8}  {','.join(r.get('streams_pulled') or [])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="per player")
    parser.add_argument("--players", default=",".join(PLAYERS),
                        help=f"comma-separated, from {', '.join(PLAYERS)}")
    parser.add_argument("--profile", default="sub", choices=("main", "sub"),
                        help="the stream ffplay plays (Pantau chooses its own)")
    parser.add_argument("--grab-ms", type=float, default=4.0, help="time between two grabs")
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "glass.json")
    args = parser.parse_args(argv)
    players = [p.strip() for p in args.players.split(",") if p.strip()]
    unknown = set(players) - set(PLAYERS)
    if unknown:
        parser.error(f"unknown players: {', '.join(sorted(unknown))}")
    for tool in ("Xvfb", "ffplay"):
        if shutil.which(tool) is None:
            print(f"bench_glass: {tool} is not installed (make's package list has it)")
            return 1
    sys.path.insert(0, str(REPO))
    from tests.support.camsim_fleet import run_camsim
    from tests.support.server_proc import run_server
    from tests.support.xvfb import start_xvfb

    if "vlc-http" in players and not vlc_available():
        players.remove("vlc-http")
        print("bench_glass: libVLC does not load here; vlc-http left out")
    record = "vlc-http" in players
    xvfb = start_xvfb([SCREEN])
    tmp = Path(tempfile.mkdtemp(prefix="bench-glass-"))
    results: dict[str, dict] = {}
    try:
        with run_camsim(tmp, cameras=1, ptz=0, fps=FPS, latency=2,
                        rtsp_auth=False) as fleet, \
                run_server(tmp, camsim_url=fleet.control_url, record=record,
                           segment_seconds=SEGMENT_S) as server:  # fmt: skip
            wait_for_camera(server, "lat002")
            if record:  # only while vlc-http runs: a live 720p encode costs the others
                set_recording(server, fleet.camera_ids, False)
            onboard_direct(server, fleet, args.profile)
            setup = Setup(display=xvfb.display, server_url=server.url,
                          operator_token=server.token("operator"),
                          admin_token=server.token("admin"),
                          camsim_url=fleet.rtsp_url(CAMERA, args.profile, with_credentials=False),
                          tmp=tmp, profile=args.profile)  # fmt: skip
            starts: dict[str, Callable[[], subprocess.Popen]] = {
                "pantau-relay": lambda: start_pantau(setup, CAMERA, "pantau-relay"),
                "pantau-direct": lambda: start_pantau(setup, DIRECT_CAMERA, "pantau-direct"),
                "vlc-http": lambda: start_vlc(setup, playback_url(setup), "vlc-http"),
                "ffplay-relay": lambda: start_ffplay(setup, setup.live_url(CAMERA),
                                                     "ffplay-relay"),
                "ffplay-direct": lambda: start_ffplay(setup, setup.camsim_url, "ffplay-direct"),
                "ffplay-relay-syncvideo": lambda: start_ffplay(
                    setup, setup.live_url(CAMERA), "ffplay-relay-syncvideo", FFPLAY_SYNC_VIDEO),
                "ffplay-direct-syncvideo": lambda: start_ffplay(
                    setup, setup.camsim_url, "ffplay-direct-syncvideo", FFPLAY_SYNC_VIDEO),
            }
            for name in players:
                print(f"== {name}", flush=True)
                if name == "vlc-http":
                    set_recording(server, [CAMERA], True)
                    time.sleep(VLC_BACK_S + SEGMENT_S + 2)  # segments to play from
                # The playback is a few seconds long: measured from its first picture.
                settle = 0.0 if name == "vlc-http" else 3.0
                results[name] = measure(setup, name, starts[name], args.seconds, args.grab_ms,
                                        fleet, settle)  # fmt: skip
                if name.startswith("pantau-"):  # what the server told the client
                    camera = CAMERA if name == "pantau-relay" else DIRECT_CAMERA
                    results[name]["via"] = setup.live(camera)["via"]
                print(json.dumps(results[name]), flush=True)
                if name == "vlc-http":
                    set_recording(server, [CAMERA], False)
    finally:
        xvfb.stop()
    report = {"fps": FPS, "screen": list(SCREEN), "seconds_per_player": args.seconds,
              "grab_ms": args.grab_ms, "ffplay_profile": args.profile,
              "players": results}  # fmt: skip
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    return 0


def wait_for_camera(server, camera_id: str, timeout_s: float = 60) -> None:
    from tests.support.net import http_json

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status, _body = http_json("GET", f"{server.api}/cameras/{camera_id}",
                                  token=server.token("admin"))
        if status == 200:
            return
        time.sleep(0.5)
    raise RuntimeError(f"the server did not import {camera_id} from camsim")


if __name__ == "__main__":
    sys.exit(main())
