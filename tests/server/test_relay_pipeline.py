"""What one relayed path leaves behind once nobody watches it: nothing.

The relay makes a media (rtspsrc, depayloaders, payloaders, their jitterbuffers and
buffers) each time a path is first watched, and again each time a camera comes back
after a fault. Each one must be freed when its media ends; one that is kept is
memory the server never gets back (the soak saw the server grow 3-23 MB with every
network fault).

The peer is a real camera: GstRtspServer in a child process (tests/support/gst_camera),
sending H.264 and AAC, so both of the bin's branches are built.
"""

from __future__ import annotations

import gc
import threading

import pytest

from server.node.relay.gst import Gst
from server.node.relay.pipeline import Codec, relay_bin
from tests.support.gst_camera import GstCamera

pytestmark = pytest.mark.slow

PADS_TIMEOUT_S = 20


def _children(bin_: Gst.Bin) -> list[Gst.Element]:
    found = []
    it = bin_.iterate_recurse()
    while True:
        result, element = it.next()
        if result != Gst.IteratorResult.OK:
            return found
        found.append(element)


def _run_one_media(url: str, freed: list[str]) -> list[str]:
    """Plays one path's bin until the camera's streams are relayed, then ends it as
    the RTSP server does (NULL, unreferenced). Returns the names of what it held;
    each one appends its name to ``freed`` when GObject finalizes it."""
    codecs: list[Codec] = []
    relayed = threading.Event()
    pipeline = Gst.Pipeline.new(None)
    top = relay_bin(url, "cam/main", lambda codec: codecs.append(codec))
    pipeline.add(top)
    dyn = top.get_by_name("dynpay0")
    dyn.connect("no-more-pads", lambda _bin: relayed.set())
    pipeline.set_state(Gst.State.PLAYING)
    try:
        assert relayed.wait(PADS_TIMEOUT_S), "the camera's streams never reached the bin"
        assert codecs == [Codec.H264]
        held = []
        for element in _children(top):
            name = element.get_factory().get_name() if element.get_factory() else "bin"
            held.append(name)
            element.weak_ref(freed.append, name)
        assert len(dyn.srcpads) == 2  # video and audio, each a stream of the media
    finally:
        pipeline.set_state(Gst.State.NULL)
    return held


def test_a_relayed_path_frees_everything_once_its_media_ends(tmp_path):
    freed: list[str] = []
    with GstCamera(tmp_path, fps=15, gop=15, audio=True) as cam:
        held = []
        for _ in range(3):  # as often as a camera comes back after faults
            held += _run_one_media(cam.url, freed)
            gc.collect()
    for factory in ("rtspsrc", "rtph264depay", "rtph264pay", "rtpmp4gdepay", "rtpmp4gpay"):
        assert held.count(factory) == 3, held
    # What is still alive after three medias ended is what the relay would keep for
    # every reconnect of every camera, for as long as the server runs.
    assert sorted(freed) == sorted(held)
