"""Run a recording node (``python -m server node``) as a real subprocess for tests.

    with run_node(tmp_path, "node-a", database_url, key_dir=api.data_dir) as node:
        node.process.kill()  # kill -9

Its footage endpoint and relay take free loopback ports; its log is
``<tmp_path>/node-<name>.log`` and is quoted if it fails to start."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.peers import Peer, PeerFailed, start_peer


class NodeFailed(RuntimeError):
    pass


@dataclass
class NodeHandle:
    name: str
    url: str
    data_dir: Path
    log_path: Path
    peer: Peer

    @property
    def process(self):
        return self.peer.process

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def node_command(name: str, data_dir: Path, database_url: str, key_dir: Path,
                 lease_s: float, segment_s: float, extra: list[str] | None = None,
                 analytics: bool = False) -> list[str]:
    """The node's command line; without ``analytics`` it records only (issue 17's analysis
    is for the tests and benches about it)."""
    return [
        sys.executable, "-m", "server", "node", "--name", name,
        "--data-dir", str(data_dir), "--database-url", database_url,
        "--key-dir", str(key_dir), "--host", "127.0.0.1", "--port", "0",
        "--relay-port", "0", "--lease-seconds", str(lease_s),
        "--segment-seconds", str(segment_s), "--storage-reserve-percent", "0",
        *([] if analytics else ["--no-analytics"]),
        *(extra or []),
    ]  # fmt: skip


@contextlib.contextmanager
def run_node(tmp_path: Path, name: str, database_url: str, key_dir: Path,
             lease_s: float = 6.0, segment_s: float = 4.0, data_dir: Path | None = None,
             extra: list[str] | None = None) -> Iterator[NodeHandle]:
    data_dir = data_dir or Path(tmp_path) / f"node-{name}"
    log_path = Path(tmp_path) / f"node-{name}.log"
    cmd = node_command(name, data_dir, database_url, key_dir, lease_s, segment_s, extra)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(log_path, "ab") as log_file:
        try:
            peer = start_peer(f"node-{name}", cmd, ready_timeout_s=60, env=env,
                              stderr=log_file, echo=False)
        except PeerFailed as exc:
            tail = log_path.read_text(errors="replace")[-4000:]
            raise NodeFailed(f"node {name} did not get ready ({exc}); log:\n{tail}") from None
    try:
        yield NodeHandle(name, peer.ready["url"], data_dir, log_path, peer)
    finally:
        peer.stop(30)
