"""Where a recorded segment's bytes are read from: a file on this machine, or the node
that recorded it, over HTTP (server/node/http.py serves its segments by index id).

Playback, exports and thumbnails read segments through one ``Footage``, so a range that
crosses a failover plays from both nodes as one stream. A node that is down, or that
cannot be reached, is ``FootageUnavailable``: its footage is unavailable, never marked
missing or damaged (that is for the node to find on its own disk)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from server.nodes import FOOTAGE_TOKEN_HEADER, NodeDirectory
from server.recordings import Segment

# How long a read from a node may stall before the footage counts as unavailable.
NODE_READ_TIMEOUT_S = 10.0


class FootageUnavailable(Exception):
    """The segment lies on a node that is down or cannot be reached."""


@dataclass(frozen=True)
class Footage:
    data_dir: Path
    # The node whose files are on this machine (None: only the data directory's own,
    # recorded before nodes, whose segments name no node).
    local_node: str | None = None
    directory: NodeDirectory | None = None
    token: str | None = None

    def is_local(self, seg: Segment) -> bool:
        return seg.node is None or seg.node == self.local_node

    def local_path(self, seg: Segment) -> Path | None:
        """The file on this machine (None: on another node)."""
        if not self.is_local(seg):
            return None
        return (Path(seg.volume) if seg.volume else self.data_dir) / seg.path

    def url(self, seg: Segment) -> str:
        """The segment on its node (FootageUnavailable: the node is down)."""
        node = self.directory.up().get(seg.node) if self.directory is not None else None
        if node is None or not node.http_url or seg.id is None:
            raise FootageUnavailable(f"node {seg.node} is down")
        return f"{node.http_url.rstrip('/')}/node/v1/segments/{seg.id}"

    def open(self, seg: Segment):
        """An open PyAV input container of the segment. Local: av.FFmpegError/OSError
        as PyAV raises them; remote: FootageUnavailable for any failure."""
        import av  # here: the context (and every command) need not load PyAV to start

        path = self.local_path(seg)
        if path is not None:
            return av.open(str(path))
        url = self.url(seg)
        options = {
            "headers": f"{FOOTAGE_TOKEN_HEADER}: {self.token or ''}\r\n",
            "rw_timeout": str(int(NODE_READ_TIMEOUT_S * 1_000_000)),
            "reconnect": "1",
        }
        try:
            return av.open(url, options=options, timeout=NODE_READ_TIMEOUT_S)
        except (av.FFmpegError, OSError) as exc:
            raise FootageUnavailable(f"node {seg.node}: {exc}") from None
