"""`make demo`: a 16-camera simulated fleet, the server, and the client on a 4x4 wall.

Ctrl+C, or closing the client, stops everything this started.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys

from tools.peers import REPO, Peer, PeerFailed, start_peer

DEMO_USER = "operator"
DEMO_PASSWORD = "pantau-demo"  # documented demo credential of the seeded demo users


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def port_or_free(preferred: int) -> int:
    """The preferred port when it is free on loopback, else any free one."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


def _stop_on_sigterm(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__)
    parser.add_argument("--cameras", type=int, default=16)
    parser.add_argument("--ptz", type=int, default=2)
    parser.add_argument("--data-dir", default=os.path.join(REPO, "var", "demo"))
    args = parser.parse_args(argv)

    if not has_display():
        print("The demo opens a window, but there is no display (DISPLAY is not set).\n"
              "Run it on a desktop session, or under a virtual X server:\n"
              "  xvfb-run -a -s '-screen 0 1920x1080x24' make demo", file=sys.stderr)
        return 2

    os.makedirs(args.data_dir, exist_ok=True)
    py = sys.executable
    env = dict(os.environ, PANTAU_DEMO_PASSWORD=DEMO_PASSWORD)
    peers: list[Peer] = []
    # The peers run in their own sessions, so the terminal's Ctrl+C reaches only us and
    # we stop them in order (client, server, camsim).
    # A shell starts background jobs with SIGINT ignored; make Ctrl+C work regardless.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        print(f"Starting camsim with {args.cameras} cameras (the first start encodes "
              "their video loops once; later starts reuse them)…", flush=True)
        camsim = start_peer("camsim", [
            py, "-m", "camsim", "--cameras", str(args.cameras), "--ptz", str(args.ptz),
            "--host", "127.0.0.1", "--rtsp-port", str(port_or_free(8554)),
            "--control-port", str(port_or_free(8560)), "--onvif-port", str(port_or_free(8580)),
            "--data-dir", os.path.join(args.data_dir, "camsim"),
        ], ready_timeout_s=600, env=env)
        peers.append(camsim)
        control_url = f"http://127.0.0.1:{camsim.ready['control_port']}"

        print("Starting the server…", flush=True)
        server = start_peer("server", [
            py, "-m", "server", "--host", "127.0.0.1", "--port", str(port_or_free(8080)),
            "--relay-port", str(port_or_free(8555)),
            "--data-dir", os.path.join(args.data_dir, "server"),
            "--camsim-url", control_url, "--demo",
        ], ready_timeout_s=120, env=env)
        peers.append(server)
        server_url = server.ready["url"]
        print(f"Server at {server_url} (OpenAPI: {server_url}/openapi.json). Demo users: operator, "
              f"supervisor, police, admin, viewer; password {DEMO_PASSWORD}.", flush=True)

        client = subprocess.Popen([
            py, "-m", "app", "--server", server_url, "--user", DEMO_USER,
            "--fill", "--layout", "4x4",
        ], cwd=REPO, env=dict(env, PANTAU_PASSWORD=DEMO_PASSWORD), start_new_session=True)
        peers.append(Peer("client", client))
        print("Client started. Close its window or press Ctrl+C to stop the demo.", flush=True)
        return client.wait()
    except PeerFailed as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping the demo…", flush=True)
        return 0
    finally:
        for peer in reversed(peers):
            peer.stop()


if __name__ == "__main__":
    sys.exit(main())
