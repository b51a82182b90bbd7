"""``python -m server`` as a real process: ready line, health, sign-in, clean stop."""

import signal
import subprocess
import sys

from tests.server.conftest import DatabaseKind, selected_database
from tests.support.net import free_port, http_json
from tests.support.server_proc import REPO_ROOT, run_server


def test_server_starts_serves_and_stops_cleanly(tmp_path):
    with run_server(tmp_path, record=False) as srv:
        assert srv.url.startswith("http://127.0.0.1:")
        status, health = srv.get("/health")
        assert status == 200 and health["status"] in ("ok", "degraded")
        token = srv.login("admin")
        # The recordings folder: administrators only.
        health = srv.get("/health", token)[1]
        assert health["storage"]["path"] == str(srv.data_dir.resolve() / "recordings")
        assert srv.get("/auth/me", token)[1]["roles"] == ["admin"]
        status, body = http_json(
            "POST", srv.api + "/auth/login", {"username": "admin", "password": "x"}
        )
        assert status == 401 and body["detail"]["code"] == "invalid_credentials"
        srv.process.send_signal(signal.SIGTERM)
        assert srv.process.wait(timeout=30) == 0
    if selected_database() is DatabaseKind.SQLITE:
        assert (srv.data_dir / "pantau.db").is_file()
    assert "Traceback" not in srv.log_text()


def test_demo_password_comes_from_the_environment(tmp_path):
    with run_server(tmp_path, record=False, env={"PANTAU_DEMO_PASSWORD": "s3cret-wall"}) as srv:
        status, _ = http_json(
            "POST", srv.api + "/auth/login", {"username": "police", "password": "pantau-demo"}
        )
        assert status == 401
        assert srv.login("police", "s3cret-wall")
    assert "s3cret-wall" not in srv.log_text()


def test_unreachable_camsim_does_not_keep_the_server_from_serving(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"
    with run_server(
        tmp_path, camsim_url=dead, extra_args=["--camsim-wait", "1"], record=False
    ) as srv:
        token = srv.login("operator")
        assert srv.get("/cameras", token) == (200, [])


def test_bad_command_line_is_refused_with_a_message(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "server", "--data-dir", str(tmp_path), "--segment-seconds", "0"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "--segment-seconds" in proc.stderr
