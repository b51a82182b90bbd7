"""One relayed path's pull from its camera, shared by every client of the path.

rtspsrc pulls the camera once, however many clients watch; each track ends in an
appsink whose buffers go to every client's outlet, and the video's latest GOP is kept
(gop_cache.py) so that a client who joins starts on it at once. The feed's life is the
registry's (feeds.py); the feed only reports that it was lost (``on_lost``: a camera
that failed or stopped sending), from a GStreamer thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import Enum

from server.logmask import mask_text
from server.node.relay.gop_cache import GopCache
from server.node.relay.gst import Gst
from server.node.relay.outlet import Outlet, StartAt
from server.node.relay.pipeline import Codec, Kind, pull_camera, weak

log = logging.getLogger(__name__)


class FeedState(Enum):
    STARTING = "starting"  # pulling the camera; its tracks not known yet
    READY = "ready"  # every track known: outlets are built and fed
    ENDED = "ended"  # stopped or lost: nothing more comes


class Feed:
    def __init__(self, url: str, label: str, on_lost: Callable[[Feed, str], None],
                 cache_bytes: int) -> None:
        self.label = label
        self._on_lost = on_lost
        self._lock = threading.Lock()  # appsink threads, media threads, the relay's
        self.state = FeedState.STARTING
        self._kinds: list[Kind] = []
        # (buffer, caps, when it arrived: time.monotonic())
        self._cache: GopCache[tuple[Gst.Buffer, Gst.Caps, float]] = GopCache(cache_bytes)
        self._outlets: list[Outlet] = []  # built and fed
        self._waiting: list[Outlet] = []  # their media started before the feed was ready
        self._idle_since: float | None = time.monotonic()
        self._heard_at = time.monotonic()  # the camera's last picture (or the start)
        self._pipeline = Gst.Pipeline.new(None)
        pull_camera(self._pipeline, url, label, weak(self._on_track), weak(self._on_ready))
        # Heard on the thread that posts it. (A sync handler, set_sync_handler, would
        # keep the pipeline from ever being freed; a signal does not.)
        bus = self._pipeline.get_bus()
        bus.enable_sync_message_emission()
        bus.connect("sync-message", weak(self._on_bus_message))

    def start(self) -> None:
        self._pipeline.set_state(Gst.State.PLAYING)

    def stop(self, why: str) -> None:
        """Ends every client still fed and stops pulling. Not on a GStreamer thread."""
        with self._lock:
            self.state = FeedState.ENDED
            ended, self._outlets, self._waiting = self._outlets + self._waiting, [], []
            self._cache.clear()
        for outlet in ended:
            outlet.fail(why)
        self._pipeline.set_state(Gst.State.NULL)

    def idle_for(self) -> float:
        """Seconds since the last client left (0 while one is fed)."""
        with self._lock:
            return 0.0 if self._idle_since is None else time.monotonic() - self._idle_since

    def touch(self) -> None:
        """A client is on its way: an idle feed's linger starts again."""
        with self._lock:
            if self._idle_since is not None:
                self._idle_since = time.monotonic()

    def silent_for(self) -> float:
        """Seconds since the camera's last picture (since the start, before the first)."""
        with self._lock:
            return time.monotonic() - self._heard_at

    @property
    def cached_bytes(self) -> int:
        with self._lock:
            return self._cache.bytes

    # --- clients (their media's threads) ---------------------------------------------

    def join(self, outlet: Outlet) -> None:
        with self._lock:
            self._idle_since = None
            if self.state is FeedState.READY:
                self._attach(outlet)
                return
            if self.state is FeedState.STARTING:
                self._waiting.append(outlet)
                return
        outlet.fail("the camera's stream ended")

    def leave(self, outlet: Outlet) -> bool:
        """True when that left the feed without clients (its linger starts)."""
        outlet.close()
        with self._lock:
            for group in (self._outlets, self._waiting):
                if outlet in group:
                    group.remove(outlet)
            if self._outlets or self._waiting or self._idle_since is not None:
                return False
            self._idle_since = time.monotonic()
            return True

    def _attach(self, outlet: Outlet) -> None:
        # Under the lock: the burst and the live buffers after it cannot interleave,
        # so no picture is given twice or skipped.
        if not outlet.build(self._kinds):
            return
        gop = self._cache.items()
        # A client that starts on a keyframe (the recorder) still gets a GOP begun after it
        # asked: it has had none of it, and it is where the stream started for it (a
        # feed started for the recorder: the camera's first keyframe, as a shared
        # media's first client got it).
        if gop and (outlet.start is StartAt.GOP or gop[0][2] >= outlet.asked_at):
            for buffer, caps, _arrived in gop:
                keyframe = not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)
                if not outlet.video(buffer, caps, keyframe):
                    return
        else:
            outlet.wait_for_keyframe()
        self._outlets.append(outlet)

    # --- GStreamer's threads ---------------------------------------------------------

    def _on_track(self, kind: Kind, sink: Gst.Element) -> None:
        with self._lock:
            self._kinds.append(kind)
        handler = self._on_video_sample if isinstance(kind, Codec) else self._on_audio_sample
        callback = weak(handler)

        def on_sample(sink: Gst.Element) -> Gst.FlowReturn:
            result = callback(sink)
            return Gst.FlowReturn.FLUSHING if result is None else result  # feed gone

        sink.connect("new-sample", on_sample)

    def _on_ready(self) -> None:
        with self._lock:
            if self.state is not FeedState.STARTING:
                return
            self.state = FeedState.READY
            waiting, self._waiting = self._waiting, []
            for outlet in waiting:
                self._attach(outlet)
        log.info("%s: relaying %s", self.label, ", ".join(k.value for k in self._kinds))

    def _on_video_sample(self, sink: Gst.Element) -> Gst.FlowReturn:
        sample = sink.emit("pull-sample")
        if sample is None:
            return Gst.FlowReturn.EOS
        buffer, caps = sample.get_buffer(), sample.get_caps()
        keyframe = not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)
        with self._lock:
            self._heard_at = time.monotonic()
            self._cache.add((buffer, caps, time.monotonic()), buffer.get_size(), keyframe)
            self._outlets = [o for o in self._outlets if o.video(buffer, caps, keyframe)]
        return Gst.FlowReturn.OK

    def _on_audio_sample(self, sink: Gst.Element) -> Gst.FlowReturn:
        sample = sink.emit("pull-sample")
        if sample is None:
            return Gst.FlowReturn.EOS
        buffer, caps = sample.get_buffer(), sample.get_caps()
        with self._lock:
            self._outlets = [o for o in self._outlets if o.audio(buffer, caps)]
        return Gst.FlowReturn.OK

    def _on_bus_message(self, _bus, message: Gst.Message) -> None:
        if message.type == Gst.MessageType.ERROR:
            error, _debug = message.parse_error()
            why = mask_text(error.message)
        elif message.type == Gst.MessageType.EOS:
            why = "the camera ended its stream"
        else:
            return
        log.warning("%s: the camera is lost: %s", self.label, why)
        self._on_lost(self, why)

