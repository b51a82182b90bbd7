"""Loopback-only networking helpers for tests."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_http_ok(url: str, timeout_s: float = 60.0, alive=lambda: True) -> None:
    """Poll ``url`` (loopback only) until it answers 2xx, or raise TimeoutError.

    ``alive`` lets the caller stop early when the process it waits for has died.
    """
    assert url.startswith(("http://127.0.0.1", "http://[::1]", "http://localhost")), url
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"process died while waiting for {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if 200 <= resp.status < 300:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout_s}s (last: {last})")


def http_json(method: str, url: str, body: object | None = None, token: str | None = None):
    """A small JSON request for tests; returns (status, parsed body)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, json.loads(raw)
        except ValueError:
            return err.code, raw.decode(errors="replace")
