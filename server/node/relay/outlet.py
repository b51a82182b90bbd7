"""One client's end of a feed: the media GstRtspServer made for that client alone,
fed through appsrcs.

A shared media sends every client the same packets at the same moment, so a client
who joins a running one waits for the camera's next keyframe. Here each client has a
media of its own (the factory is not shared) and starts where its ``StartAt`` says:
a viewer on the feed's cached GOP, given at once, then the live buffers behind it; a
recorder on the next keyframe (or on a cached GOP that began after it asked, which it
has had none of: a feed started for it gives it the camera's first keyframe, as a
shared media gave its first client). A client with no GOP to start on waits for the
next keyframe, given the track's parameter sets at once (parameter_sets.py: they
prepare its media without holding up the relay's other clients, and decode to nothing).

Timestamps are the camera's as the feed got them, for every client: a burst keeps the
pictures' real spacing, and the live edge follows in order. They are not rebased to
the client's clock; instead the media's sinks never wait for a buffer's time (their
``sync`` is held off), so a burst goes out as fast as the connection takes it and the
live edge as fast as the camera sends it.

The media's payloaders are only known once the feed knows the camera's tracks, so the
client's element is a GstRtspServer "dynamic payloader" (``dynpay0``): its branches
and pads are added when the media has started preparing (the bin goes to PAUSED; the
media listens for pads only from then on) and the feed is ready, whichever is later.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import Enum

from server.node.relay.gst import GLib, Gst
from server.node.relay.parameter_sets import parameter_sets
from server.node.relay.pipeline import (
    CLIENT_QUEUE_BYTES,
    AudioCodec,
    Codec,
    Kind,
    client_branch,
)

log = logging.getLogger(__name__)


class StartAt(Enum):
    GOP = "gop"  # the cached GOP at once, then live: a viewer's first picture now
    KEYFRAME = "keyframe"  # the next keyframe (or a GOP begun since): the recorder


class _ClientBin(Gst.Bin):
    """``dynpay0``: tells its outlet when the media starts and stops it."""

    def __init__(self) -> None:
        super().__init__(name="dynpay0")
        self.on_armed: Callable[[], None] | None = None
        self.on_disarmed: Callable[[], None] | None = None

    def do_change_state(self, transition: Gst.StateChange) -> Gst.StateChangeReturn:
        result = Gst.Bin.do_change_state(self, transition)
        if result == Gst.StateChangeReturn.FAILURE:
            return result
        if transition == Gst.StateChange.READY_TO_PAUSED and self.on_armed is not None:
            self.on_armed()
        elif transition == Gst.StateChange.PAUSED_TO_READY and self.on_disarmed is not None:
            self.on_disarmed()
        if transition in (Gst.StateChange.READY_TO_PAUSED, Gst.StateChange.PLAYING_TO_PAUSED):
            return Gst.StateChangeReturn.NO_PREROLL  # a live source, whatever it holds
        return result


class Outlet:
    """Created for one client's media; the feed calls ``build`` once (when both it and
    the media are ready), then ``video``/``audio`` for each buffer, under its lock."""

    def __init__(self, label: str, start: StartAt) -> None:
        self.label = label
        self.start = start
        self.asked_at = time.monotonic()  # when the client's media was made
        self._lock = threading.Lock()  # build/close/fail may race on three threads
        self._bin: _ClientBin | None = _ClientBin()
        self._srcs: dict[type, Gst.Element] = {}  # Codec / AudioCodec -> appsrc
        self._caps: dict[type, Gst.Caps | None] = {}
        self._waiting = False  # for a keyframe: no GOP to start on
        self._primed = False  # the parameter sets were given while waiting
        self.ended = False

    def element(self, on_armed: Callable[[], None], on_disarmed: Callable[[], None]) -> Gst.Bin:
        """The media's top-level element. The callbacks run on the media's threads when
        it starts preparing and when it stops; they must be weak (pipeline.weak)."""
        top = Gst.Bin.new(None)
        assert self._bin is not None
        self._bin.on_armed, self._bin.on_disarmed = on_armed, on_disarmed
        top.add(self._bin)
        return top

    def build(self, kinds: list[Kind]) -> bool:
        """Adds an appsrc and payloader per track to the media; False if it ended."""
        with self._lock:
            dyn = self._bin
            if dyn is None or self.ended:
                return False
            for index, kind in enumerate(kinds):
                src, pay = client_branch(kind)
                dyn.add(src)
                dyn.add(pay)
                src.link(pay)
                src.sync_state_with_parent()
                pay.sync_state_with_parent()
                ghost = Gst.GhostPad.new(f"src_{index}", pay.get_static_pad("src"))
                ghost.set_active(True)
                dyn.add_pad(ghost)  # the media makes a stream of each pad
                self._srcs[type(kind)] = src
                self._caps[type(kind)] = None
            dyn.no_more_pads()
        return True

    def wait_for_keyframe(self) -> None:
        self._waiting = True

    def video(self, buffer: Gst.Buffer, caps: Gst.Caps, keyframe: bool) -> bool:
        """One access unit; False once this client is gone (the feed forgets it)."""
        if self._waiting:
            if not keyframe:
                if self._primed:
                    return not self.ended
                self._primed = True
                primer = _primer(buffer, caps)
                if primer is not None:
                    return self._push(Codec, primer, caps)
                # No parameter sets to give: the live edge, as a shared media's.
            self._waiting = False
        return self._push(Codec, buffer, caps)

    def audio(self, buffer: Gst.Buffer, caps: Gst.Caps) -> bool:
        """Audio is never cached: it joins at the live edge."""
        return self._push(AudioCodec, buffer, caps)

    def fail(self, why: str) -> None:
        """Ends the client's media with an error. The relay closes the client too; the
        error is what ends a media still being prepared at once (its DESCRIBE would
        wait 20 s for a first buffer)."""
        with self._lock:
            dyn, self._bin = self._bin, None
            self._forget()
        if dyn is not None:
            error = GLib.Error.new_literal(Gst.ResourceError.quark(), why,
                                           int(Gst.ResourceError.READ))
            dyn.post_message(Gst.Message.new_error(dyn, error, why))

    def close(self) -> None:
        with self._lock:
            self._bin = None
            self._forget()

    def _forget(self) -> None:
        self.ended = True
        self._srcs.clear()
        self._caps.clear()

    def _push(self, kind: type, buffer: Gst.Buffer, caps: Gst.Caps) -> bool:
        src = self._srcs.get(kind)
        if src is None:
            return not self.ended
        if src.get_property("current-level-bytes") > CLIENT_QUEUE_BYTES // 2:
            # The client takes less than the camera sends: it would only fall further
            # behind (and hold the server's memory); it reconnects at the live edge.
            log.info("%s: a client is too slow for the stream; it is closed", self.label)
            self.fail("the client is too slow for the stream")
            return False
        known = self._caps.get(kind)
        if known is None or not known.is_strictly_equal(caps):
            # Caps go in order with the buffers (appsrc queues them): a camera that
            # changed its resolution or parameter sets does so at the same picture.
            src.set_property("caps", caps)
            self._caps[kind] = caps
        result = src.emit("push-buffer", buffer)
        return result == Gst.FlowReturn.OK


def _primer(buffer: Gst.Buffer, caps: Gst.Caps) -> Gst.Buffer | None:
    """The track's parameter sets as a buffer timed like ``buffer`` (the live edge)."""
    s = caps.get_structure(0)
    record = s.get_value("codec_data") if s.has_field("codec_data") else None
    if not isinstance(record, Gst.Buffer):
        return None
    data = parameter_sets(record.extract_dup(0, record.get_size()),
                          hevc=s.get_name() == "video/x-h265")
    if data is None:
        return None
    primer = Gst.Buffer.new_wrapped(data)
    primer.pts, primer.dts = buffer.pts, buffer.dts
    return primer
