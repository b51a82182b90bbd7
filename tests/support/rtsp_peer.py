"""A GStreamer RTSP server in a child process serving a test pattern: a real camera
peer for engine tests, smaller and quicker to start than camsim."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.net import LOOPBACK

_RTSP_PEER = """
import sys
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer

port, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f"( videotestsrc is-live=true ! video/x-raw,width={width},height={height},framerate=15/1"
    " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15"
    " ! rtph264pay name=pay0 pt=96 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory("/test", factory)
if server.attach(None) == 0:
    sys.exit("cannot bind")
print("ready", flush=True)
GLib.MainLoop().run()
"""


def _runs(python: str, code: str) -> bool:
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0


def _gi_python() -> str:
    """A Python that has PyGObject with gst-rtsp-server (the system one, not the venv)."""
    probe = (
        "import gi; gi.require_version('GstRtspServer', '1.0');"
        " from gi.repository import GstRtspServer"
    )
    for candidate in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if candidate and _runs(candidate, probe):
            return candidate
    pytest.skip("no Python with PyGObject and gst-rtsp-server")


class RtspPeer:
    """A GStreamer RTSP server in a child process, serving a test pattern at /test."""

    def __init__(self, tmp_path: Path, port: int, width: int, height: int) -> None:
        script = tmp_path / "rtsp_peer.py"
        script.write_text(_RTSP_PEER)
        self.port = port
        self.proc = subprocess.Popen(
            [_gi_python(), str(script), str(port), str(width), str(height)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # blocks until bound or dead
        assert line.strip() == "ready", f"RTSP peer did not start (exit {self.proc.poll()})"

    def url(self, path: str = "/test") -> str:
        return f"rtsp://{LOOPBACK}:{self.port}{path}"

    def close(self) -> None:
        self.proc.send_signal(signal.SIGCONT)
        self.proc.terminate()
        self.proc.wait(10)


