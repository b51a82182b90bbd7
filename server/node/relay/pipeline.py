"""The GStreamer elements of a relayed path, on both sides of its GOP cache.

Camera side (``pull_camera``): rtspsrc over TCP, each relayed track depayloaded into
an appsink of the path's feed; video as whole access units, keyframes flagged, with
the parameter sets in the caps (codec_data), so a client's payloader knows them from
its first picture on, whether the camera sends them in-band or only in its SDP. Client
side (``client_branch``): an appsrc that the feed fills, and the payloader for that
track. Never decoded.

The codec is read from the caps rtspsrc announces (its SDP's encoding name), not from
the catalog: a camera whose firmware switched from H.264 to H.265 still relays, and a
stream onboarded without a probe needs nothing.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from enum import StrEnum

from server.node.relay.gst import Gst

log = logging.getLogger(__name__)

# rtspsrc's jitterbuffer waits this long for late packets before it gives up on them.
# Over TCP nothing arrives out of order, so only a little slack for the camera's own
# timestamp jitter; the default (2 s) would add two seconds of delay for every viewer.
JITTER_MS = 50
# A camera that stops sending on an open TCP connection is dropped after this (the
# recorder notices a frozen camera after 5 s too); rtspsrc's default is 20 s.
TCP_TIMEOUT_US = 10_000_000
PAYLOAD_TYPE = 96
BUFFER_MODE_NONE = 0  # rtspsrc buffer-mode "none": only the RTP timestamps
# What one client's appsrc may hold before the client counts as stalled: a GOP burst
# (the cache's cap) and a few seconds of live stream behind it.
CLIENT_QUEUE_BYTES = 12 * 1024 * 1024


class Codec(StrEnum):
    H264 = "h264"
    H265 = "h265"


class AudioCodec(StrEnum):
    AAC = "aac"  # RTP MPEG4-GENERIC (RFC 3640), what most IP cameras send
    AAC_LATM = "aac_latm"  # RTP MP4A-LATM (RFC 6416)


Kind = Codec | AudioCodec
AUDIO_PAYLOAD_TYPE = 97

# RTP encoding name (SDP rtpmap) -> codec
_ENCODINGS = {"H264": Codec.H264, "H265": Codec.H265}
_AUDIO_ENCODINGS = {"MPEG4-GENERIC": AudioCodec.AAC, "MP4A-LATM": AudioCodec.AAC_LATM}
# kind -> (depayloader, payloader)
_ELEMENTS = {
    Codec.H264: ("rtph264depay", "rtph264pay"),
    Codec.H265: ("rtph265depay", "rtph265pay"),
    # Recorded as it came; other audio (G.711) is not relayed: MP4 segments cannot
    # hold it without a re-encode.
    AudioCodec.AAC: ("rtpmp4gdepay", "rtpmp4gpay"),
    AudioCodec.AAC_LATM: ("rtpmp4adepay", "rtpmp4apay"),
}
# What the feed keeps of a video track: one buffer per picture, everything of one RTP
# timestamp (a parser would cut a picture in two where a camera repeats its parameter
# sets between a keyframe's slices: x264 with sliced threads behind config-interval
# -1, gst_camera's; the second part came untimed), and the parameter sets in caps.
_VIDEO_CAPS = {
    Codec.H264: "video/x-h264,stream-format=avc,alignment=au",
    Codec.H265: "video/x-h265,stream-format=hvc1,alignment=au",
}


def codec_of(caps: Gst.Caps) -> Codec | None:
    s = caps.get_structure(0)
    if s.get_string("media") != "video":
        return None
    return _ENCODINGS.get((s.get_string("encoding-name") or "").upper())


def audio_codec_of(caps: Gst.Caps) -> AudioCodec | None:
    s = caps.get_structure(0)
    if s.get_string("media") != "audio":
        return None
    return _AUDIO_ENCODINGS.get((s.get_string("encoding-name") or "").upper())


def make(factory: str, **props) -> Gst.Element:
    element = Gst.ElementFactory.make(factory, None)
    if element is None:
        raise RuntimeError(f"GStreamer element {factory} is missing")
    for key, value in props.items():
        element.set_property(key.replace("_", "-"), value)
    return element


def weak(method: Callable) -> Callable:
    """``method`` as a callback that does not keep its object alive.

    A signal handler that holds the object owning the pipeline makes a cycle through C
    (element -> its signal closure -> the owner -> the pipeline -> element) that
    neither Python's collector nor GObject's reference counts can break: every
    pipeline the relay ever made, with its buffers, stayed in memory (the soak's
    server grew 3-23 MB each time cameras came back after a network fault)."""
    ref = weakref.WeakMethod(method)

    def call(*args):
        bound = ref()
        return None if bound is None else bound(*args)

    return call


class _Linker:
    """rtspsrc's signal handlers: plain values and weak callbacks only (see ``weak``);
    the pipeline is found as rtspsrc's parent while they run."""

    def __init__(
        self,
        label: str,
        on_track: Callable[[Kind, Gst.Element], None],
        on_ready: Callable[[], None],
    ) -> None:
        self._label = label
        self._on_track = on_track
        self._on_ready = on_ready
        self._linked: set[str] = set()  # media kinds relayed
        self._selected: set[str] = set()  # media kinds set up at the camera

    def on_select_stream(self, _src, _num, caps) -> bool:
        # The first video stream and the first AAC audio stream are relayed; other
        # audio and metadata are never set up.
        if codec_of(caps) is not None:
            media = "video"
        elif audio_codec_of(caps) is not None:
            media = "audio"
        else:
            return False
        if media in self._selected:
            return False
        self._selected.add(media)
        return True

    def on_pad_added(self, src: Gst.Element, pad: Gst.Pad) -> None:
        caps = pad.get_current_caps() or pad.query_caps(None)
        video, audio = codec_of(caps), audio_codec_of(caps)
        media, kind = ("video", video) if video is not None else ("audio", audio)
        if kind is None or media in self._linked:
            log.warning("%s: the camera sent %s, which is not relayed", self._label,
                        caps.to_string())
            return
        sink = self._link(src.get_parent(), pad, kind)
        if sink is not None:
            self._linked.add(media)
            self._on_track(kind, sink)

    def on_no_more_pads(self, _src: Gst.Element) -> None:
        self._on_ready()

    def _link(self, pipeline: Gst.Bin, pad: Gst.Pad, kind: Kind) -> Gst.Element | None:
        chain = [make(_ELEMENTS[kind][0])]
        if kind in _VIDEO_CAPS:
            chain.append(make("capsfilter", caps=Gst.Caps.from_string(_VIDEO_CAPS[kind])))
        sink = make("appsink", emit_signals=True, sync=False, max_buffers=0, drop=False)
        chain.append(sink)
        for element in chain:
            pipeline.add(element)
        for a, b in zip(chain, chain[1:], strict=False):
            a.link(b)
        if pad.link(chain[0].get_static_pad("sink")) != Gst.PadLinkReturn.OK:
            log.warning("%s: cannot link the camera's %s stream", self._label, kind.value)
            for element in chain:
                element.set_state(Gst.State.NULL)
                pipeline.remove(element)
            return None
        for element in chain:
            element.sync_state_with_parent()
        return sink


def pull_camera(
    pipeline: Gst.Pipeline,
    url: str,
    label: str,
    on_track: Callable[[Kind, Gst.Element], None],
    on_ready: Callable[[], None],
) -> None:
    """Adds the camera's rtspsrc to ``pipeline``. ``url`` carries the camera's account
    and goes nowhere but rtspsrc; ``label`` (camera/profile) is what the log names.
    ``on_track`` hears each relayed track's kind and the appsink it arrives at;
    ``on_ready`` that every track the camera set up is there. Both run on GStreamer's
    threads and must be weak (``weak``)."""
    src = make(
        "rtspsrc",
        location=url,
        protocols="tcp",
        latency=JITTER_MS,
        tcp_timeout=TCP_TIMEOUT_US,
        # Timestamps from the camera's own RTP clock, not smoothed arrival times: the
        # relayed stream keeps the camera's frame timing (the recorder cuts segments by
        # it; with the default "slave" mode a 4 s segment of a 2 s-GOP camera came out
        # 6.05 s long where the camera's timing allows at most 6.0).
        buffer_mode=BUFFER_MODE_NONE,
    )
    pipeline.add(src)
    linker = _Linker(label, on_track, on_ready)
    src.connect("select-stream", linker.on_select_stream)
    src.connect("pad-added", linker.on_pad_added)
    src.connect("no-more-pads", linker.on_no_more_pads)


def client_branch(kind: Kind, name: str | None = None) -> tuple[Gst.Element, Gst.Element]:
    """One client's appsrc and payloader for a track, linked; ``name`` names the
    payloader (``pay0``: a stream of the media)."""
    video = isinstance(kind, Codec)
    src = make("appsrc", format=Gst.Format.TIME, is_live=True, do_timestamp=False,
               block=False, max_bytes=CLIENT_QUEUE_BYTES, max_buffers=0, max_time=0)
    props = {"pt": PAYLOAD_TYPE if video else AUDIO_PAYLOAD_TYPE}
    if video:
        # config-interval -1: parameter sets (from the caps) with every keyframe, so
        # the client's decoder can start on the first picture it gets.
        props["config_interval"] = -1
    pay = make(_ELEMENTS[kind][1], **props)
    if name is not None:
        pay.set_property("name", name)
    return src, pay
