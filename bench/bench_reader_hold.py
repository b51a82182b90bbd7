"""How long a live reader holds a picture after its last RTP packet arrived: Pantau's
own receiver (app/streams/rtsp, released on the RTP marker bit) beside av.open with the
tile's options (libavformat, released when the next picture begins), in the same run,
on the same camera at the same time.

Both readers connect through a small RTSP proxy here that forwards every byte at once
and notes when it forwarded each video packet that ends a picture (marker bit), by RTP
timestamp. A reader's hold for a picture is the time from that forward to the moment
its decoder returned the picture. Decoding is in the number for both (the same
libavcodec, slice threads and low_delay, as a tile decodes); scaling is not.

Sources: camsim's cam001 sub stream (H.264, 15 fps) opened directly, and the same
through the server's relay (``--no-record``). A decoded picture is matched to its
packet by timestamp: the own reader keeps RTP's; libavformat's pts count from the
rtptime in PLAY's RTP-Info, which the proxy reads too.

Measured 2026-12-05, this machine (2 shared cores), 20 s, cam001 sub (640x360 H.264):
direct own p50 0.5 / p95 0.9 ms, libavformat 67.1 / 67.7 ms; relay own 0.4 / 0.9 ms,
libavformat 67.0 / 67.9 ms (one frame interval at 15 fps).

With ``--cpu``, each reader instead runs alone in a child process for ``--seconds`` on
cam002's sub and main streams (directly), twice in turn, and the child's CPU time
(user + system, decoding included) is reported: what a wall pays for the receiver
being Python. Measured as above, per 15 s: sub (640x360) own 0.14-0.15 s vs
libavformat 0.12-0.14 s; main (1920x1080) 0.46 vs 0.45-0.47 s.

    .venv/bin/python -m bench.bench_reader_hold [--seconds 20] [--profile sub] [--cpu]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import av
from av.codec.context import Flags, ThreadType

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.streams.rtsp import RtspReceiver  # noqa: E402
from tests.support.camsim_fleet import run_camsim  # noqa: E402
from tests.support.server_proc import run_server  # noqa: E402

FPS = 15
TILE_OPTIONS = {"rtsp_transport": "tcp", "allowed_media_types": "video",
                "probesize": "4096", "analyzeduration": "100000"}  # fmt: skip
READERS = ("own", "libavformat")


class MarkerProxy:
    """Forwards RTSP connections to ``upstream`` (host, port); per connection, notes
    the monotonic time each marker-bit packet on channel 0 was forwarded."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sent: list[dict[int, float]] = []  # per connection: RTP timestamp -> time
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            marks: dict[int, float] = {}  # and under -1: RTP-Info's rtptime of PLAY
            self.sent.append(marks)
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, marks),
                             daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass

    @staticmethod
    def _down(src: socket.socket, dst: socket.socket, marks: dict[int, float]) -> None:
        """Server to client, one message or ``$`` frame at a time."""
        buf = bytearray()

        def need(n: int) -> None:
            while len(buf) < n:
                data = src.recv(262144)
                if not data:
                    raise EOFError
                buf.extend(data)

        try:
            while True:
                need(1)
                if buf[0] == 0x24:
                    need(4)
                    size = int.from_bytes(buf[2:4], "big")
                    need(4 + size)
                    frame = bytes(buf[:4 + size])
                    del buf[:4 + size]
                    dst.sendall(frame)
                    if frame[1] == 0 and size >= 12 and frame[5] & 0x80:
                        marks[int.from_bytes(frame[8:12], "big")] = time.monotonic()
                    continue
                while (end := buf.find(b"\r\n\r\n")) < 0:
                    need(len(buf) + 1)
                head = bytes(buf[:end + 4]).decode("latin-1")
                length = 0
                for line in head.split("\r\n"):
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                need(end + 4 + length)
                message = bytes(buf[:end + 4 + length])
                del buf[:end + 4 + length]
                dst.sendall(message)
                found = re.search(r"(?im)^RTP-Info:.*?rtptime=(\d+)", head)
                if found:
                    marks[-1] = int(found.group(1))
        except (OSError, EOFError):
            pass

    def close(self) -> None:
        self.sock.close()


def _live_decoder(name: str):
    codec = av.CodecContext.create(name, "r")
    codec.thread_type = ThreadType.SLICE
    codec.thread_count = 1
    codec.flags |= Flags.low_delay
    return codec


def read_own(url: str, seconds: float, out: list[tuple[int, float]]) -> None:
    receiver = RtspReceiver(url, 10.0)
    receiver.open()
    codec = _live_decoder(receiver.codec)
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            unit = receiver.read()
            for _ in codec.decode(av.Packet(unit.data)):
                out.append((unit.timestamp & 0xFFFFFFFF, time.monotonic()))
    finally:
        receiver.close()


def read_libavformat(url: str, seconds: float, out: list[tuple[int, float]]) -> None:
    container = av.open(url, options=TILE_OPTIONS, timeout=(10, 10))
    stream = container.streams.video[0]
    codec = stream.codec_context
    codec.thread_type = ThreadType.SLICE
    codec.thread_count = 1
    codec.flags |= Flags.low_delay
    end = time.monotonic() + seconds
    try:
        for packet in container.demux(stream):
            for frame in codec.decode(packet):
                if frame.pts is not None:
                    out.append((frame.pts, time.monotonic()))
            if time.monotonic() > end:
                break
    finally:
        container.close()


def holds_ms(frames: list[tuple[int, float]], marks: dict[int, float], rtp_pts: bool
             ) -> list[float]:
    """Per picture: ms from its marker packet's forward to its decoded frame.

    ``rtp_pts``: the frames carry RTP timestamps (the own reader); else libavformat's
    pts, which (one video stream, a live ``npt=now-``) count from the rtptime of PLAY's
    RTP-Info. Matching by pts deltas alone cannot work: a steady 15 fps stream looks
    the same shifted by any number of frames."""
    if not frames or not marks:
        return []
    offset = 0 if rtp_pts else (-marks.get(-1, 0)) & 0xFFFFFFFF
    out = []
    for pts, decoded in frames:
        sent = marks.get((pts - offset) & 0xFFFFFFFF)
        if sent is not None:
            out.append((decoded - sent) * 1000)
    return out


def _stats(values: list[float], pictures: int) -> dict:
    if not values:
        return {"pictures": pictures, "matched": 0}
    values = sorted(values)
    return {
        "pictures": pictures,
        "matched": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(values[int(0.95 * (len(values) - 1))], 1),
        "max_ms": round(values[-1], 1),
    }


def run_condition(upstream_url: str, seconds: float) -> dict:
    parts = urlsplit(upstream_url)
    proxy = MarkerProxy((parts.hostname, parts.port or 554))
    netloc = f"127.0.0.1:{proxy.port}"
    if parts.username is not None:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    results: dict[str, list[tuple[int, float]]] = {name: [] for name in READERS}
    # One connection at a time opens, so each reader's connection is known by order.
    threads = []
    for name, reader in (("own", read_own), ("libavformat", read_libavformat)):
        before = len(proxy.sent)
        thread = threading.Thread(target=reader, args=(url, seconds, results[name]),
                                  daemon=True)
        thread.start()
        threads.append((name, thread, before))
        deadline = time.monotonic() + 15
        while len(proxy.sent) == before and time.monotonic() < deadline:
            time.sleep(0.01)
    for _, thread, _ in threads:
        thread.join(seconds + 30)
    out = {}
    for name, _, index in threads:
        marks = proxy.sent[index] if index < len(proxy.sent) else {}
        out[name] = _stats(holds_ms(results[name], marks, rtp_pts=name == "own"),
                           len(results[name]))
    proxy.close()
    return out


def _child_cpu(reader: str, url: str, seconds: float) -> None:
    """In a child process: read for ``seconds``, print frames and CPU seconds as JSON."""
    frames: list[tuple[int, float]] = []
    before = resource.getrusage(resource.RUSAGE_SELF)
    (read_own if reader == "own" else read_libavformat)(url, seconds, frames)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(json.dumps({"frames": len(frames), "cpu_s": round(cpu, 2)}))


def run_cpu(seconds: float) -> int:
    results: dict[str, dict[str, list]] = {}
    with tempfile.TemporaryDirectory() as tmp, \
            run_camsim(Path(tmp), cameras=2, ptz=0, fps=FPS) as fleet:
        for profile in ("sub", "main"):
            url = fleet.rtsp_url("cam002", profile)
            runs = results.setdefault(profile, {name: [] for name in READERS})
            for name in READERS * 2:
                done = subprocess.run(
                    [sys.executable, "-m", "bench.bench_reader_hold", "--child", name, url,
                     "--seconds", str(seconds)],
                    capture_output=True, text=True, cwd=REPO, timeout=seconds + 60)
                runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps(results, indent=2))
    print(f"\nCPU seconds per {seconds:g} s of live stream (decoding included)")
    for profile, runs in results.items():
        for name, tries in runs.items():
            print(f"{profile:<5} {name:<12} " + "  ".join(
                f"{t['cpu_s']:.2f} s / {t['frames']} frames" for t in tries))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--profile", default="sub")
    p.add_argument("--cpu", action="store_true", help="CPU time of each reader alone")
    p.add_argument("--child", nargs=2, metavar=("READER", "URL"), help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "reader_hold.json")
    args = p.parse_args(argv)
    if args.child:
        _child_cpu(args.child[0], args.child[1], args.seconds)
        return 0
    if args.cpu:
        return run_cpu(args.seconds)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, \
            run_camsim(Path(tmp), cameras=2, ptz=0, fps=FPS) as fleet, \
            run_server(Path(tmp), camsim_url=fleet.control_url, record=False) as srv:
        results["direct"] = run_condition(fleet.rtsp_url("cam001", args.profile), args.seconds)
        status, answer = srv.get(f"/cameras/cam001/live?profile={args.profile}",
                                 srv.token("operator"))
        if status != 200:
            print(f"no live URL: {status} {answer}")
            return 1
        results["relay"] = run_condition(answer["url"], args.seconds)
    result = {"fps": FPS, "profile": args.profile, "seconds": args.seconds,
              "hold": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"\nlast RTP packet of a picture forwarded -> picture decoded ({FPS} fps)")
    print(f"{'source':<8} {'reader':<12} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
          f"{'matched':>8}")
    for source, readers in results.items():
        for name, s in readers.items():
            print(f"{source:<8} {name:<12} {s.get('p50_ms', '-'):>7} {s.get('p95_ms', '-'):>7}"
                  f" {s.get('max_ms', '-'):>7} {s['matched']:>8}")
    return 0 if all(s["matched"] for r in results.values() for s in r.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
