"""tools/ensure_apt.sh: nothing to do when installed; without root or sudo it prints the
exact command and stops instead of failing somewhere inside apt."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "ensure_apt.sh"


def test_installed_packages_need_nothing():
    result = subprocess.run([str(SCRIPT), "bash", "coreutils"], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root to drop to an unprivileged user")
def test_without_root_or_sudo_it_prints_the_command_and_stops():
    missing = "pantau-no-such-package"
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(SCRIPT),
         "bash", missing],
        capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    assert f"sudo apt-get install -y --no-install-recommends {missing}" in result.stderr
    assert "bash" not in result.stderr.split("install -y")[-1]  # installed: not asked for
