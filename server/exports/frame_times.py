"""Each picture's UTC time, beside the export (issue 17; NIST IR 8161 asks for it): a CSV
file, one line per picture in presentation order: ``index,pts_s,utc`` (index from 0,
the presentation time in seconds from the file's start, UTC to the millisecond, ISO
8601 with Z), after a header line. The times are the recording's: the manifest's
``timeline.origin_utc`` plus the picture's presentation time."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import av

from server.clock import to_wire

HEADER = "index,pts_s,utc\n"


def write_frame_times(mp4: Path, origin: datetime, dest: Path) -> tuple[int, str]:
    """(pictures, SHA-256 of the file written)."""
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        tb = stream.time_base
        times = sorted(float(p.pts * tb) for p in container.demux(stream)
                       if p.pts is not None and p.size)
    lines = [HEADER] + [
        f"{i},{t:.6f},{to_wire(origin + timedelta(seconds=t))}\n" for i, t in enumerate(times)]
    data = "".join(lines).encode()
    dest.write_bytes(data)
    return len(times), hashlib.sha256(data).hexdigest()
