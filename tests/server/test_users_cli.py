"""``python -m server users`` as an installer runs it: the first administrator on a
fresh data directory, then a real server started without ``--demo`` lets them in."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.net import http_json
from tests.support.server_proc import REPO_ROOT, run_server

PASSWORD = "Kepala-Pusat-Kendali-1"
KOTA = ["jakarta-barat", "jakarta-pusat", "jakarta-selatan", "jakarta-timur", "jakarta-utara",
        "kepulauan-seribu"]


def _users(data, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server", "users", *args, "--data-dir", str(data)],
        input=stdin, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)


def test_first_admin_from_the_command_line_signs_in_to_a_server_without_demo(tmp_path):
    data = tmp_path / "data"
    made = _users(data, "add", "kepala", "--role", "admin", "--display-name", "Kepala Pusat",
                  "--password-stdin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    user = json.loads(made.stdout)
    assert user["username"] == "kepala" and user["roles"] == ["admin"]
    assert user["areas"] == KOTA  # the whole city by default
    assert user["must_change_password"] is False  # chosen at the console, not by another

    weak = _users(data, "add", "lemah", "--role", "operator", "--area", "jakarta-selatan.tebet",
                  "--password-stdin", stdin="jakarta123\n")
    assert weak.returncode == 1
    assert "commonly used passwords" in weak.stderr
    short = _users(data, "add", "pendek", "--role", "viewer", "--password-stdin",
                   stdin="pendek\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    listed = _users(data, "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["USERNAME", "kepala"]
    assert "Kepala Pusat" in lines[1] and PASSWORD not in listed.stdout

    with run_server(tmp_path, demo=False, record=False, data_dir=data) as srv:
        status, body = http_json("POST", srv.api + "/auth/login",
                                 {"username": "kepala", "password": PASSWORD})
        assert status == 200, body
        assert body["user"]["must_change_password"] is False
        token = body["token"]
        status, users = http_json("GET", srv.api + "/admin/users", token=token)
        assert status == 200 and [u["username"] for u in users] == ["kepala"]  # no demo users
        status, _ = http_json("POST", srv.api + "/auth/login",
                              {"username": "admin", "password": "pantau-demo"})
        assert status == 401

        # Disabled from the console while the server runs: the session ends at once.
        off = _users(data, "disable", "kepala")
        assert off.returncode == 0 and json.loads(off.stdout)["disabled"] is True
        status, body = http_json("GET", srv.api + "/auth/me", token=token)
        assert status == 401 and body["detail"]["code"] == "invalid_token"
        assert _users(data, "enable", "kepala").returncode == 0
        reset = _users(data, "reset-password", "kepala", "--password-stdin",
                       stdin="Sandi-Baru-Dari-Konsol-2\n")
        assert reset.returncode == 0, reset.stderr
        status, body = http_json("POST", srv.api + "/auth/login",
                                 {"username": "kepala", "password": "Sandi-Baru-Dari-Konsol-2"})
        assert status == 200, body
        status, audit = http_json("GET", srv.api + "/audit", token=body["token"])
        assert status == 200
    actions = [(e["action"], e["details"]["username"]) for e in audit
               if e["action"].startswith(("user_", "password_"))]
    assert actions == [("password_reset", "kepala"), ("user_enabled", "kepala"),
                       ("user_disabled", "kepala"), ("user_created", "kepala")]
    assert all(e["details"].get("via") == "command line" for e in audit
               if e["action"].startswith(("user_", "password_")))
    assert PASSWORD not in json.dumps(audit) and "jakarta123" not in json.dumps(audit)
    assert PASSWORD not in srv.log_text()
