"""The logging funnel: secrets masked in the file, and a native crash leaves a trace."""

from __future__ import annotations

import subprocess
import sys

from app.logging_setup import CRASH_FILE, LOG_FILE


def run_client_code(code: str, log_dir) -> subprocess.CompletedProcess:
    # In a child process: the funnel takes over the root logger and faulthandler,
    # which this test process (pytest) keeps for itself.
    prelude = ("import logging, pathlib, sys\n"
               "from app.logging_setup import setup_logging\n"
               "setup_logging(pathlib.Path(sys.argv[1]), console=False)\n")
    return subprocess.run([sys.executable, "-c", prelude + code, str(log_dir)],
                          capture_output=True, timeout=60)


def test_log_file_masks_credentials_whoever_logs(tmp_path):
    result = run_client_code(
        "logging.getLogger('some.library').warning(\n"
        "    'cannot open %s', 'rtsp://admin:hunter2@127.0.0.1:554/stream?token=abc')\n",
        tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / LOG_FILE).read_text()
    assert "cannot open rtsp://***@127.0.0.1:554/stream?token=***" in text
    assert "hunter2" not in text and "abc" not in text


def test_a_native_crash_writes_the_python_stack_to_the_crash_file(tmp_path):
    result = run_client_code(
        "import ctypes\n"
        "def decode_the_frame():\n"
        "    ctypes.string_at(0)\n"
        "decode_the_frame()\n", tmp_path)
    assert result.returncode != 0
    crash = (tmp_path / CRASH_FILE).read_text()
    assert "Segmentation fault" in crash and "decode_the_frame" in crash
