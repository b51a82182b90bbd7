"""What one relayed path leaves behind once nobody watches it: nothing.

The relay makes a feed (rtspsrc, depayloaders, appsinks, jitterbuffers and
buffers) each time a path is first watched, and again each time a camera comes back
after a fault, and a media of appsrcs and payloaders for each client. Each one must be
freed when it ends; one that is kept is memory the server never gets back (the soak
saw the server grow 3-23 MB with every network fault).

The peer is a real camera: GstRtspServer in a child process (tests/support/gst_camera),
sending H.264 and AAC, so both of the feed's branches are built.
"""

from __future__ import annotations

import gc
import time

import pytest

from server.node.relay.feed import Feed, FeedState
from server.node.relay.gst import Gst
from server.node.relay.outlet import Outlet, StartAt
from server.node.relay.pipeline import AudioCodec, Codec
from tests.support.gst_camera import GstCamera

pytestmark = pytest.mark.slow

READY_TIMEOUT_S = 20


def _children(bin_: Gst.Bin) -> list[Gst.Element]:
    found = []
    it = bin_.iterate_recurse()
    while True:
        result, element = it.next()
        if result != Gst.IteratorResult.OK:
            return found
        found.append(element)


def _held(bin_: Gst.Bin, freed: list[str]) -> list[str]:
    held = []
    for element in _children(bin_):
        name = element.get_factory().get_name() if element.get_factory() else "bin"
        held.append(name)
        element.weak_ref(freed.append, name)
    return held


def _run_one_feed(url: str, freed: list[str]) -> list[str]:
    """Runs one path's feed until the camera's tracks are relayed and a client's
    branches are built on it, then stops both as the relay does. Returns the names of
    what they held; each one appends its name to ``freed`` when GObject finalizes it."""
    lost: list[str] = []
    feed = Feed(url, "cam/main", lambda _feed, why: lost.append(why), 1 << 20)
    feed.start()
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while feed.state is not FeedState.READY or feed.cached_bytes == 0:
            assert time.monotonic() < deadline, "the camera's streams never reached the feed"
            time.sleep(0.05)
        assert set(feed._kinds) == {Codec.H264, AudioCodec.AAC}
        held = _held(feed._pipeline, freed)
        outlet = Outlet("cam/main", StartAt.GOP)
        client = Gst.Pipeline.new(None)
        client.add(outlet.element(lambda: feed.join(outlet), lambda: feed.leave(outlet)))
        client.set_state(Gst.State.PAUSED)  # the media starts: the outlet joins
        held += _held(client, freed)
        client.set_state(Gst.State.NULL)  # and ends: it leaves
        assert feed.idle_for() >= 0 and not lost
    finally:
        feed.stop("the test ended")
    return held


def test_a_relayed_path_frees_everything_once_it_ends(tmp_path):
    freed: list[str] = []
    with GstCamera(tmp_path, fps=15, gop=15, audio=True) as cam:
        held = []
        for _ in range(3):  # as often as a camera comes back after faults
            held += _run_one_feed(cam.url, freed)
            gc.collect()
    for factory in ("rtspsrc", "rtph264depay", "capsfilter", "appsink", "rtpmp4gdepay",
                    "appsrc", "rtph264pay", "rtpmp4gpay"):
        assert held.count(factory) >= 3, (factory, held)
    # What is still alive after three feeds and clients ended is what the relay would
    # keep for every reconnect of every camera, for as long as the server runs.
    assert sorted(freed) == sorted(held)
