"""What one relayed path runs: the camera pulled with rtspsrc over TCP, its video (and
its AAC audio, when it sends some) depayloaded and payloaded again for our clients,
never decoded.

The codec is read from the caps rtspsrc announces (its SDP's encoding name), not from
the catalog: a camera whose firmware switched from H.264 to H.265 still relays, and a
stream onboarded without a probe needs nothing. Because the payloader is only known
once the camera answered, the bin is a GstRtspServer "dynamic payloader" (an element
named ``dynpay0`` whose RTP pad appears later; the media waits for its no-more-pads).
"""

from __future__ import annotations

import logging
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


class Codec(StrEnum):
    H264 = "h264"
    H265 = "h265"


class AudioCodec(StrEnum):
    AAC = "aac"  # RTP MPEG4-GENERIC (RFC 3640), what most IP cameras send
    AAC_LATM = "aac_latm"  # RTP MP4A-LATM (RFC 6416)


AUDIO_PAYLOAD_TYPE = 97

# RTP encoding name (SDP rtpmap) -> codec
_ENCODINGS = {"H264": Codec.H264, "H265": Codec.H265}
_AUDIO_ENCODINGS = {"MPEG4-GENERIC": AudioCodec.AAC, "MP4A-LATM": AudioCodec.AAC_LATM}
_ELEMENTS = {
    Codec.H264: ("rtph264depay", "rtph264pay"),
    Codec.H265: ("rtph265depay", "rtph265pay"),
    # Recorded as it came; other audio (G.711) is not relayed: MP4 segments cannot
    # hold it without a re-encode.
    AudioCodec.AAC: ("rtpmp4gdepay", "rtpmp4gpay"),
    AudioCodec.AAC_LATM: ("rtpmp4adepay", "rtpmp4apay"),
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


def _make(factory: str, **props) -> Gst.Element:
    element = Gst.ElementFactory.make(factory, None)
    if element is None:
        raise RuntimeError(f"GStreamer element {factory} is missing")
    for key, value in props.items():
        element.set_property(key.replace("_", "-"), value)
    return element


class _Linker:
    """What rtspsrc's signal handlers need, and nothing that leads back to rtspsrc.

    A handler that closes over the bin holding rtspsrc makes a cycle through C
    (rtspsrc -> its signal closure -> the bin's Python wrapper -> the bin -> rtspsrc)
    that neither Python's collector nor GObject's reference counts can break: every
    media the relay ever made, with its jitterbuffers and their buffers, stayed in
    memory (the soak's server grew 3-23 MB each time cameras came back after a
    network fault). So the handlers hold plain values, and find the bin as rtspsrc's
    parent while they run.
    """

    def __init__(self, label: str, on_codec: Callable[[Codec], None]) -> None:
        self._label = label
        self._on_codec = on_codec
        self._video: Codec | None = None
        self._audio: AudioCodec | None = None
        self._pads = 0
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
        codec = codec_of(caps)
        if codec is not None and self._video is None:
            if self._relay_pad(src.get_parent(), pad, codec, PAYLOAD_TYPE):
                self._video = codec
                self._on_codec(codec)
            return
        kind = audio_codec_of(caps)
        if kind is not None and self._audio is None:
            if self._relay_pad(src.get_parent(), pad, kind, AUDIO_PAYLOAD_TYPE):
                self._audio = kind
            return
        log.warning("%s: the camera sent %s, which is not relayed", self._label,
                    caps.to_string())

    def on_no_more_pads(self, src: Gst.Element) -> None:
        # Every stream set up at the camera has its pad: the media may describe itself.
        src.get_parent().no_more_pads()

    def _relay_pad(self, dyn: Gst.Bin, pad: Gst.Pad, kind, pt: int) -> bool:
        depay_name, pay_name = _ELEMENTS[kind]
        depay = _make(depay_name)
        props = {"pt": pt}
        if kind in (Codec.H264, Codec.H265):
            # config-interval -1: parameter sets with every keyframe, so a viewer who
            # joins a running stream can decode from the next keyframe on.
            props["config_interval"] = -1
        pay = _make(pay_name, **props)
        for element in (depay, pay):
            dyn.add(element)
        depay.link(pay)
        if pad.link(depay.get_static_pad("sink")) != Gst.PadLinkReturn.OK:
            log.warning("%s: cannot link the camera's %s stream", self._label, kind.value)
            return False
        for element in (depay, pay):
            element.sync_state_with_parent()
        ghost = Gst.GhostPad.new(f"src_{self._pads}", pay.get_static_pad("src"))
        self._pads += 1
        ghost.set_active(True)
        dyn.add_pad(ghost)  # the media makes a stream from each pad
        return True


def relay_bin(url: str, label: str, on_codec: Callable[[Codec], None]) -> Gst.Bin:
    """The top-level element of one path's media. ``url`` carries the camera's account
    and goes nowhere but rtspsrc; ``label`` (camera/profile) is what the log names.
    ``on_codec`` hears which codec the camera sent."""
    top = Gst.Bin.new(None)
    dyn = Gst.Bin.new("dynpay0")
    top.add(dyn)
    src = _make(
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
    dyn.add(src)
    linker = _Linker(label, on_codec)
    src.connect("select-stream", linker.on_select_stream)
    src.connect("pad-added", linker.on_pad_added)
    src.connect("no-more-pads", linker.on_no_more_pads)
    return top
