"""A camera built from a plain GStreamer pipeline (GstRtspServer in a child process)
whose clock the test controls: the peer for timestamp faults and audio.

    with GstCamera(tmp_path, fps=15, gop=15, audio=True) as cam:
        url = cam.url                       # rtsp://127.0.0.1:<port>/cam
        cam.jump(-30.0)                     # its clock steps 30 s back (NTP step)
        cam.restart_timeline()              # RTP timestamps and seq from a new base
        cam.wall_of(frame_no)               # when that frame was captured (server clock)

What it sends: H.264 (x264, no B-frames, a keyframe every ``gop`` frames) of
``width``x``height`` at ``fps``, and with ``audio=True`` AAC-LC (mono, 16 kHz, RTP
MPEG4-GENERIC, as most IP cameras send it). Every picture carries its frame number in
its top row: 16 blocks, most significant bit first, each 1/16 of the width and 16
pixels high, white (luma 235) for 1 and black (16) for 0; ``frame_number(frame)``
reads it back from a decoded PyAV frame. The camera notes the server-clock time
(``time.time()``) at which it captured each frame, so a test can tell when any
recorded picture was really taken: ``wall_of(n)``. Its timestamps are those capture
times (a monotonic clock), so a frame taken late on a busy machine is stamped late.

Faults, applied to every client's stream at once (one shared media, as a camera has):
- ``jump(seconds)``: the timestamps of everything sent from now on move by
  ``seconds`` (negative: backwards), as after an NTP step. Applied as a pad offset on
  the payloaders' input, so RTP timestamps jump; sequence numbers run on.
- ``drop(frames)``: that many pictures, and the rest up to the next keyframe, are lost
  on the way (never sent); time runs on, so the next picture comes after a hole.
- ``restart_timeline()``: the RTP timeline starts again from a random base, as after
  a reboot or when a camera restarts its session for a second client: timestamps jump
  by a random amount (either way, tens to thousands of seconds) and sequence numbers
  start from a new random value.
Both act mid-GOP: the next picture sent is not necessarily a keyframe.

Control is a line protocol on the child's stdin/stdout; the methods wait for its
answer, so when ``jump`` returns, the next frame pushed carries the new time.
"""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import numpy as np

from server.node.recorder.camera import CameraRecorder
from tests.support.net import LOOPBACK, free_port
from tests.support.rtsp_peer import _gi_python

BITS = 16  # frame-number blocks in the top row
BLOCK_H = 16

_CHILD = r'''
import sys, threading, time
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer

port, fps, gop, width, height, audio = sys.argv[1:7]
fps, gop, width, height, audio = int(fps), int(gop), int(width), int(height), audio == "1"
BITS, BLOCK_H = 16, 16
Gst.init(None)

state = {"offset": 10000 * Gst.SECOND, "frame": 0, "walls": {}, "pays": [], "srcs": [],
         "drop": 0, "dropping": False, "period": 0.0}
lock = threading.Lock()

def picture(n):
    y = bytearray(b"\x80" * (width * height))
    bw = width // BITS
    for bit in range(BITS):
        value = 235 if (n >> (BITS - 1 - bit)) & 1 else 16
        row = bytes([value]) * bw
        for line in range(BLOCK_H):
            start = line * width + bit * bw
            y[start:start + bw] = row
    # a moving bar below, so inter frames carry something
    x = (n * 4) % width
    for line in range(BLOCK_H + 8, height):
        y[line * width + x: line * width + min(x + 8, width)] = b"\xeb" * min(8, width - x)
    return bytes(y) + b"\x80" * (width * height // 2)

def pusher(appsrc, stop):
    # Timestamps are the capture times on a monotonic clock from this media's first
    # frame (pushing must start before the media plays, when it has no clock yet): a
    # frame taken late under load is stamped late, as a real camera's would be.
    due = time.monotonic()
    first = None
    while not stop.is_set():
        due += state["period"] or 1.0 / fps
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            due = time.monotonic()
        with lock:
            n = state["frame"]
            state["frame"] += 1
            taken = time.monotonic()
            state["walls"][n] = time.time()
        if first is None:
            first = taken
        buf = Gst.Buffer.new_wrapped(picture(n))
        buf.pts = int((taken - first) * Gst.SECOND)
        buf.duration = Gst.SECOND // fps
        if appsrc.emit("push-buffer", buf) != Gst.FlowReturn.OK:
            break

def keep_unsynced(element, _pspec):
    if element.get_property("sync"):
        element.set_property("sync", False)

def on_element_added(_pipeline, _bin, element):
    if element.find_property("sync") is not None:
        # The RTSP server sets sync after adding its sinks: keep it off whenever.
        element.connect("notify::sync", keep_unsynced)
        element.set_property("sync", False)

def hole_probe(_pad, info):
    # Pictures lost on the way: "drop" of them, then on to the next keyframe (the
    # stream stays decodable; the hole ends where a decoder can start again).
    with lock:
        if state["drop"] > 0:
            state["drop"] -= 1
            return Gst.PadProbeReturn.DROP
        if state["dropping"] and info.get_buffer().has_flags(Gst.BufferFlags.DELTA_UNIT):
            return Gst.PadProbeReturn.DROP
        state["dropping"] = False
    return Gst.PadProbeReturn.OK

def on_media_configure(_factory, media):
    element = media.get_element()
    # The sinks must not wait for a buffer's time: a clock stepped forward would stall
    # the stream instead of sending pictures stamped later.
    element.get_parent().connect("deep-element-added", on_element_added)
    appsrc = element.get_by_name("vsrc")
    pays = [p for p in (element.get_by_name("pay0"), element.get_by_name("pay1")) if p]
    with lock:
        state["pays"] = pays
        for pay in pays:
            pay.get_static_pad("sink").get_peer().set_offset(state["offset"])
    pays[0].get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, hole_probe)
    stop = threading.Event()
    media.connect("unprepared", lambda *_: stop.set())
    threading.Thread(target=pusher, args=(appsrc, stop), daemon=True).start()

launch = (
    f"( appsrc name=vsrc is-live=true format=time do-timestamp=false"
    f" caps=video/x-raw,format=I420,width={width},height={height},framerate={fps}/1"
    f" ! queue ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bframes=0"
    f" ! video/x-h264,profile=constrained-baseline"
    f" ! rtph264pay name=pay0 pt=96 config-interval=-1"
)
if audio:
    launch += (
        " audiotestsrc is-live=true wave=sine freq=440 volume=0.3"
        " ! audio/x-raw,rate=16000,channels=1 ! audioconvert ! avenc_aac"
        " ! aacparse ! rtpmp4gpay name=pay1 pt=97"
    )
launch += " )"

server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(launch)
factory.set_shared(True)
factory.connect("media-configure", on_media_configure)
server.get_mount_points().add_factory("/cam", factory)
if server.attach(None) == 0:
    sys.exit("cannot bind")

def control():
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "jump":
            with lock:
                state["offset"] += int(float(words[1]) * Gst.SECOND)
                for pay in state["pays"]:
                    pay.get_static_pad("sink").get_peer().set_offset(state["offset"])
            print("ok", flush=True)
        elif words[0] == "seq":
            with lock:
                for pay in state["pays"]:
                    pay.set_property("seqnum-offset", int(words[1]))
            print("ok", flush=True)
        elif words[0] == "drop":
            with lock:
                state["drop"], state["dropping"] = int(words[1]), True
            print("ok", flush=True)
        elif words[0] == "rate":
            state["period"] = 1.0 / float(words[1])
            print("ok", flush=True)
        elif words[0] == "wall":
            with lock:
                wall = state["walls"].get(int(words[1]))
            print("none" if wall is None else repr(wall), flush=True)
        elif words[0] == "frame":
            with lock:
                print(state["frame"], flush=True)
    GLib.idle_add(loop.quit)

loop = GLib.MainLoop()
threading.Thread(target=control, daemon=True).start()
print("ready", flush=True)
loop.run()
'''


class GstCamera:
    """One camera at ``url``; stop it with ``close`` (or use it as a context manager)."""

    def __init__(
        self,
        tmp_path: Path,
        fps: int = 15,
        gop: int = 15,
        audio: bool = False,
        width: int = 320,
        height: int = 240,
    ) -> None:
        self.fps, self.gop, self.audio = fps, gop, audio
        self.port = free_port()
        script = Path(tmp_path) / "gst_camera.py"
        script.write_text(_CHILD)
        self.proc = subprocess.Popen(
            [_gi_python(), str(script), str(self.port), str(fps), str(gop), str(width),
             str(height), "1" if audio else "0"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1,
        )  # fmt: skip
        line = self._read()
        assert line == "ready", f"gst camera did not start (exit {self.proc.poll()})"

    @property
    def url(self) -> str:
        return f"rtsp://{LOOPBACK}:{self.port}/cam"

    def jump(self, seconds: float) -> None:
        """Step the camera's clock by ``seconds`` (negative: backwards)."""
        assert self._ask(f"jump {seconds}") == "ok"

    def restart_timeline(self) -> float:
        """New random RTP base for timestamps and sequence numbers; returns the jump."""
        seconds = random.choice((-1, 1)) * random.uniform(30.0, 3000.0)
        assert self._ask(f"seq {random.randrange(0, 65536)}") == "ok"
        self.jump(seconds)
        return seconds

    def drop(self, frames: int) -> None:
        """The next ``frames`` pictures, and those up to the next keyframe, are never
        sent (lost on the way); their capture times are noted as if they had been."""
        assert self._ask(f"drop {frames}") == "ok"

    def set_rate(self, fps: float) -> None:
        """Take pictures at ``fps`` from now on (what smart codecs do when nothing moves);
        the stream still announces its first rate."""
        assert self._ask(f"rate {fps}") == "ok"

    def frames_sent(self) -> int:
        """How many frames the camera has captured so far."""
        return int(self._ask("frame"))

    def wall_of(self, frame_no: int) -> float | None:
        """The server-clock time (epoch seconds) at which frame ``frame_no`` was taken."""
        answer = self._ask(f"wall {frame_no}")
        return None if answer == "none" else float(answer)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> GstCamera:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _ask(self, line: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._read()

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()


def frame_number(frame) -> int:
    """The frame number a GstCamera drew into a decoded picture (a PyAV VideoFrame)."""
    luma = frame.to_ndarray(format="gray")
    bw = luma.shape[1] // BITS
    row = luma[BLOCK_H // 2]
    value = 0
    for bit in range(BITS):
        level = float(np.mean(row[bit * bw + 2 : (bit + 1) * bw - 2]))
        value = (value << 1) | (1 if level > 128 else 0)
    return value


def record_segments(cam: GstCamera, data_dir: Path, camera_id: str, segment_s: float,
                    at_least: int, timeout_s: float = 40.0) -> list:
    """Runs the server's CameraRecorder on ``cam`` until it has finished ``at_least``
    segments (or ``timeout_s`` passed), stops it, and returns every segment it finished."""
    segments: list = []
    halt = threading.Event()
    rec = CameraRecorder(camera_id, lambda: cam.url, Path(data_dir), segment_s,
                         segments.append, halt)  # fmt: skip
    rec.start()
    try:
        deadline = time.monotonic() + timeout_s
        while len(segments) < at_least and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        halt.set()
        rec.join(timeout=15)
    return segments
