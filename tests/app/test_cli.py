import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import parse_args
from app.wall import Layout

REPO = Path(__file__).resolve().parents[2]


def test_command_line_mirrors_into_the_config():
    config = parse_args(["--server", "http://10.0.0.1:8080", "--user", "operator",
                         "--layout", "4x4", "--cameras", "cam001, cam002,,cam003",
                         "--fill", "--lang", "id"], environ={"PANTAU_PASSWORD": "pw"})
    assert config.server_url == "http://10.0.0.1:8080"
    assert config.layout is Layout.L4X4
    assert config.cameras == ("cam001", "cam002", "cam003")
    assert config.fill and config.language == "id"
    assert config.password == "pw"
    assert "pw" not in repr(config)


def test_bad_layout_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        parse_args(["--layout", "9x9"], environ={})
    assert info.value.code == 2
    assert "1x1, 2x2, 3x3, 4x4" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check")
def test_without_a_display_it_explains_and_exits_2():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "app", "--fill"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert "xvfb-run" in result.stderr
    assert "Traceback" not in result.stderr
