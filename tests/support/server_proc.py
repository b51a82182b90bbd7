"""Run the Pantau server (``python -m server``) as a real subprocess for tests.

    with run_server(tmp_path, camsim_url=fleet.control_url) as srv:
        token = srv.login("operator")
        status, cams = http_json("GET", srv.url + "/api/v1/cameras", token=token)

The server picks its own free loopback port (``--port 0``) and announces it on stdout,
so there is no race for a port. Its log goes to ``<tmp_path>/server/server.log`` and is
quoted in the exception if it fails to start.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.net import http_json, wait_http_ok
from tools.peers import REPO, PeerFailed, start_peer

REPO_ROOT = Path(REPO)
DEMO_PASSWORD = "pantau-demo"  # the documented demo credential; see server/README.md
STOP_TIMEOUT_S = 30.0


class ServerFailed(RuntimeError):
    pass


@dataclass
class ServerHandle:
    url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen
    demo_password: str = DEMO_PASSWORD
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return self.url + "/api/v1"

    def login(self, username: str, password: str | None = None) -> str:
        """Sign in and return the bearer token (demo password unless given)."""
        status, body = http_json(
            "POST",
            self.api + "/auth/login",
            {"username": username, "password": password or self.demo_password},
        )
        if status != 200:
            raise ServerFailed(f"login as {username!r} failed: {status} {body}")
        return body["token"]

    def token(self, username: str = "admin") -> str:
        """A token of ``username`` (demo password), signed in once and kept."""
        if username not in self._tokens:
            self._tokens[username] = self.login(username)
        return self._tokens[username]

    def recorder_states(self) -> dict[str, str]:
        """Camera id -> recorder state from /health, which shows them only to a
        signed-in user (an administrator sees every camera)."""
        return self.get("/health", self.token())[1]["recorder"]["cameras"]

    def get(self, path: str, token: str | None = None):
        """GET a JSON path under /api/v1; returns (status, body)."""
        return http_json("GET", self.api + path, token=token)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.process.poll() is None


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def run_server(
    tmp_path: Path,
    camsim_url: str | None = None,
    demo: bool = True,
    record: bool = True,
    analytics: bool = False,
    segment_seconds: float = 4,
    data_dir: Path | None = None,
    extra_args: list[str] | None = None,
    env: dict[str, str] | None = None,
    start_timeout_s: float = 90.0,
    database_url: str | None = None,
) -> Iterator[ServerHandle]:
    """Start the server, wait until it is ready and healthy, stop it afterwards
    (SIGTERM, then kill if it has not stopped in STOP_TIMEOUT_S). ``database_url``:
    the server's --database-url (default: PANTAU_DATABASE_URL, which the server suite
    sets when it runs on PostgreSQL, else SQLite in the data directory)."""
    base = Path(tmp_path) / "server"
    base.mkdir(parents=True, exist_ok=True)
    data_dir = Path(data_dir) if data_dir else base / "data"
    log_path = base / "server.log"
    cmd = [
        sys.executable, "-m", "server",
        "--host", "127.0.0.1", "--port", "0",
        "--data-dir", str(data_dir),
        "--segment-seconds", str(segment_seconds),
        "--relay-port", "0",  # tests run side by side: never the fixed default port
        # The reserve is the fixed default, not 2 % of whatever disk the tests run on.
        "--storage-reserve-percent", "0",
    ]  # fmt: skip
    if database_url:
        cmd += ["--database-url", database_url]
    if camsim_url:
        cmd += ["--camsim-url", camsim_url]
    if demo:
        cmd.append("--demo")
    if not record:
        cmd.append("--no-record")
    if not analytics:
        # Issue 17's analysis of every recorded camera: on in a real server, here only for
        # the tests about it (two cores run the whole suite).
        cmd.append("--no-analytics")
    cmd += extra_args or []
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log_path, "ab") as log_file:
        try:
            peer = start_peer("server", cmd, ready_timeout_s=start_timeout_s, env=child_env,
                              stderr=log_file, echo=False)
        except PeerFailed as exc:
            raise ServerFailed(f"server did not get ready ({exc}); log:\n{_tail(log_path)}"
                               ) from None
    try:
        url = peer.ready["url"]
        wait_http_ok(url + "/api/v1/health", timeout_s=30, alive=peer.alive)
        yield ServerHandle(url=url, data_dir=data_dir, log_path=log_path, process=peer.process)
    finally:
        peer.stop(STOP_TIMEOUT_S)
