"""Start Pantau's own processes (camsim, server, client) and wait until they are ready.

camsim and the server print one JSON line {"event": "ready", ...} on stdout when they
listen; everything else they say goes to stderr, which we pass through.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class PeerFailed(RuntimeError):
    """A peer exited or did not get ready in time."""


@dataclass
class Peer:
    name: str
    process: subprocess.Popen
    ready: dict = field(default_factory=dict)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout_s: float = 10.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout_s``; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def start_peer(name: str, argv: list[str], *, ready_timeout_s: float = 120.0,
               env: dict[str, str] | None = None, stderr=None, echo: bool = True) -> Peer:
    """Run ``python -m ...`` style ``argv`` from the repo root and wait for its ready line.

    ``stderr`` is where its log goes (a file for tests; None: ours). With ``echo`` the
    lines it prints after the ready line are shown on our stdout.
    """
    process = subprocess.Popen(
        argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=stderr, text=True, bufsize=1,
        start_new_session=True,  # our Ctrl+C handling stops it in order, not the terminal
    )
    lines: queue.Queue[str | None] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(process, lines, echo), daemon=True,
                            name=f"{name}-out")
    pump.start()
    deadline = time.monotonic() + ready_timeout_s
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line is None:
            raise PeerFailed(f"{name} exited with code {process.wait()} before it was ready")
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("event") == "ready":
            return Peer(name, process, event)
    Peer(name, process).stop()
    raise PeerFailed(f"{name} was not ready after {ready_timeout_s:.0f} s")


def _pump(process: subprocess.Popen, lines: queue.Queue, echo: bool) -> None:
    # Keep draining stdout for the whole life of the process so it never blocks on a
    # full pipe; what it prints is echoed for the person watching.
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line.strip())
        if echo:
            sys.stdout.write(line)
    lines.put(None)
