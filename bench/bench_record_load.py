"""Where recorded frames go missing under load: frames the camera sent, frames the
recorder read (demuxed), frames it wrote, with the server's recorder threads alone
(the peer) and beside playback- and export-like work in the same process, side by side.

Cameras are tests/support/gst_camera.py (numbered pictures): a recorded span's first
and last picture numbers say how many the camera sent meanwhile, so a loss is placed:

- missing = sent - written (by picture numbers, over whole segments);
- recorder_dropped: read but not written, by the recorder's counters (waiting for a
  keyframe, bad timestamps); the rest of ``missing`` was lost before the recorder read
  it (camera, network, libavformat).

Load, in the recorder's own process as the server has it (GIL shared): ``--playbacks``
threads remuxing recorded segments to memory in a loop (PyAV, as playback does) and
``--exports`` threads decoding and re-encoding them (as a watermarked export does).
Reported as ratios (written/sent, quiet and loaded); nothing here is a threshold.

    .venv/bin/python -m bench.bench_record_load [--cameras 4] [--seconds 20]
        [--playbacks 20] [--exports 5]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import av

from server.node.recorder.camera import CameraRecorder
from tests.support.gst_camera import GstCamera, frame_number

FPS = 15


def _edge_numbers(path: Path) -> tuple[int, int]:
    with av.open(str(path)) as c:
        numbers = [frame_number(f) for f in c.decode(video=0)]
    return numbers[0], numbers[-1]


def _remux_loop(paths: list[Path], stop: threading.Event, reencode: bool) -> None:
    while not stop.is_set():
        for path in list(paths)[-4:]:
            if stop.is_set():
                return
            try:
                with av.open(str(path)) as src:
                    out = av.open(io.BytesIO(), "w", format="mp4",
                                  options={"movflags": "frag_keyframe+empty_moov"})  # fmt: skip
                    vin = src.streams.video[0]
                    if reencode:
                        vout = out.add_stream("libx264", rate=FPS)
                        vout.width, vout.height, vout.pix_fmt = vin.width, vin.height, "yuv420p"
                        vout.options = {"preset": "ultrafast"}
                        for frame in src.decode(vin):
                            frame.pts = None
                            for packet in vout.encode(frame):
                                out.mux(packet)
                        for packet in vout.encode():
                            out.mux(packet)
                    else:
                        vout = out.add_stream_from_template(vin)
                        for packet in src.demux(vin):
                            if packet.dts is None:
                                continue
                            packet.stream = vout
                            out.mux(packet)
                    out.close()
            except (av.FFmpegError, OSError):
                continue  # a segment being renamed or written: the next one
        time.sleep(0.01)


def _counts(segments, recs) -> list[tuple[int, int, int]]:
    return [(len(s), r.frames_in, r.frames_written) for s, r in zip(segments, recs, strict=True)]


def _phase(args, tmp: Path, name: str, loaded: bool) -> dict:
    for i in range(args.cameras):
        (tmp / f"{name}{i}").mkdir(parents=True, exist_ok=True)
    cams = [GstCamera(tmp / f"{name}{i}", fps=FPS, gop=FPS) for i in range(args.cameras)]
    halt = threading.Event()
    stop_load = threading.Event()
    segments: list[list] = [[] for _ in cams]
    recs = []
    loaders = []
    try:
        for i, cam in enumerate(cams):
            rec = CameraRecorder(f"{name}{i}", lambda cam=cam: cam.url, tmp / f"data-{name}",
                                 2.0, segments[i].append, halt)  # fmt: skip
            rec.start()
            recs.append(rec)
        while not all(len(s) >= 1 for s in segments):
            time.sleep(0.1)
        paths = [tmp / f"data-{name}" / s.path for s in segments[0]]
        if loaded:
            for n in range(args.playbacks + args.exports):
                reencode = n >= args.playbacks
                t = threading.Thread(target=_remux_loop, args=(paths, stop_load, reencode),
                                     daemon=True)  # fmt: skip
                t.start()
                loaders.append(t)
        marks = _counts(segments, recs)
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            paths[:] = [tmp / f"data-{name}" / s.path for s in segments[0]]
            time.sleep(0.5)
        ends = _counts(segments, recs)
    finally:
        stop_load.set()
        for t in loaders:
            t.join(timeout=30)
        halt.set()
        for rec in recs:
            rec.join(timeout=15)
        for cam in cams:
            cam.close()
    sent = written = dropped = 0
    for segs, (m_count, m_in, m_written), (e_count, e_in, e_written) in zip(
        segments, marks, ends, strict=True
    ):
        window = segs[m_count:e_count]
        if not window:
            continue
        first, _ = _edge_numbers(tmp / f"data-{name}" / window[0].path)
        _, last = _edge_numbers(tmp / f"data-{name}" / window[-1].path)
        sent += last - first + 1
        written += sum(s.frames for s in window)
        # Read but not written, by the recorder's own counters over the same time.
        dropped += (e_in - m_in) - (e_written - m_written)
    return {"phase": name, "sent": sent, "written": written, "missing": sent - written,
            "recorder_dropped": dropped,
            "written_per_sent": round(written / sent, 4) if sent else None}  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--playbacks", type=int, default=20)
    parser.add_argument("--exports", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        quiet = _phase(args, Path(tmp), "quiet", loaded=False)
        loaded = _phase(args, Path(tmp), "loaded", loaded=True)
    for result in (quiet, loaded):
        print(json.dumps(result))
    if quiet["written_per_sent"] and loaded["written_per_sent"]:
        print(f"loaded/quiet frames written per frame sent: "
              f"{loaded['written_per_sent'] / quiet['written_per_sent']:.4f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
