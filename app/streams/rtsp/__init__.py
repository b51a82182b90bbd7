"""Pantau's own RTSP/RTP receiver for live tiles (RTSP 1.0 over TCP, interleaved RTP).

libavformat's RTSP demuxer hands an H.264/H.265 picture over only when the next one's
first NAL unit arrives (its parser never looks at the RTP marker bit): one frame
interval late, and a frozen camera's last picture not at all. This receiver ends an
access unit on the marker bit. It speaks only what live tiles need: TCP interleaved
transport, the first H.264 or H.265 video media, Basic and Digest authentication.
Anything else raises :class:`Unsupported`, and the caller falls back to libavformat.
No ``av`` import here: decoding is the PyAV engine's.
"""

from app.streams.rtsp.errors import (
    BadData,
    ConnectionClosed,
    Forbidden,
    NotFound,
    RtspError,
    StatusError,
    Unauthorized,
    Unsupported,
)
from app.streams.rtsp.receiver import AccessUnit, RtspReceiver

__all__ = [
    "AccessUnit",
    "BadData",
    "ConnectionClosed",
    "Forbidden",
    "NotFound",
    "RtspError",
    "RtspReceiver",
    "StatusError",
    "Unauthorized",
    "Unsupported",
]
