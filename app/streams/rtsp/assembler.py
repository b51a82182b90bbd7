"""RTP packets of one video stream into Annex-B access units, each released the moment
its last packet arrives.

An access unit ends on the RTP marker bit (RFC 6184 5.1, RFC 7798 4.1); for cameras
that never set it, also when the timestamp changes (one packet late, as libavformat is
always). A lost packet (a gap in sequence numbers) drops the damaged access unit and
everything after it up to the next keyframe: a decoder fed a picture with a hole, or
one that refers to it, paints smeared blocks until the next keyframe anyway, and a
frozen last good picture is what an operator reads correctly. The stream starts at a
keyframe for the same reason. Parameter sets the SDP gave go in front of the first
keyframe, for servers that never send them in-band.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.streams.rtsp import h264, h265
from app.streams.rtsp.rtp import RtpPacket, TimestampUnwrapper
from app.streams.rtsp.sdp import START_CODE

CLOCK_RATE = 90000


@dataclass(frozen=True, slots=True)
class AccessUnit:
    data: bytes  # Annex-B: each NAL unit after a 4-byte start code
    timestamp: int  # RTP timestamp extended past its wrap (90 kHz)
    keyframe: bool

    @property
    def seconds(self) -> float:
        return self.timestamp / CLOCK_RATE


class AccessUnitAssembler:
    def __init__(self, codec: str, parameter_sets: list[bytes] | None = None,
                 with_don: bool = False) -> None:
        if codec == "h264":
            self._depacketizer: h264.H264Depacketizer | h265.H265Depacketizer = \
                h264.H264Depacketizer()
            self._is_key: Callable[[bytes], bool] = h264.is_keyframe
            self._is_param: Callable[[bytes], bool] = h264.is_parameter_set
        elif codec == "hevc":
            self._depacketizer = h265.H265Depacketizer(with_don)
            self._is_key, self._is_param = h265.is_keyframe, h265.is_parameter_set
        else:
            raise ValueError(f"no depacketizer for {codec}")
        self._parameter_sets = list(parameter_sets or [])
        self._params_sent = False
        self._unwrap = TimestampUnwrapper()
        self._units: list[bytes] = []
        self._timestamp: int | None = None  # the unit being gathered (raw RTP)
        self._next_sequence: int | None = None
        self._damaged = False  # the unit being gathered lost a packet
        self._need_key = True  # nothing decodable until the next keyframe
        self.dropped = 0  # access units dropped (damaged, or waiting for a keyframe)

    def push(self, packet: RtpPacket) -> list[AccessUnit]:
        """Take one packet; the access units it completes (usually none or one)."""
        done: list[AccessUnit] = []
        lost = False
        if self._next_sequence is not None and packet.sequence != self._next_sequence:
            # Lost packets, or a sender that started its numbering again (a camera
            # rebooted, a new RTP timeline; TCP itself never reorders): whatever the
            # missing packets belonged to is damaged, the unit being gathered and (they
            # may have been its start) this packet's.
            lost = True
            self._depacketizer.reset()
            self._damaged = True
            self._need_key = True
        self._next_sequence = (packet.sequence + 1) & 0xFFFF
        if self._timestamp is not None and packet.timestamp != self._timestamp:
            # The previous unit never saw its marker: it ends here.
            unit = self._finish()
            if unit is not None:
                done.append(unit)
            self._damaged = lost
        if self._timestamp is None:
            self._timestamp = packet.timestamp
        self._units += self._depacketizer.push(packet.payload)
        if packet.marker:
            self._depacketizer.reset()  # a fragment left open is broken: never ended
            unit = self._finish()
            if unit is not None:
                done.append(unit)
        return done

    def _finish(self) -> AccessUnit | None:
        units, timestamp, damaged = self._units, self._timestamp, self._damaged
        self._units, self._timestamp, self._damaged = [], None, False
        if timestamp is None:
            return None
        extended = self._unwrap.extend(timestamp)
        if not units:
            self.dropped += damaged  # all it had was lost with its damaged fragment
            return None
        keyframe = any(self._is_key(u) for u in units)
        if damaged or (self._need_key and not keyframe):
            self.dropped += 1
            return None
        self._need_key = False
        if keyframe and not self._params_sent:
            self._params_sent = True
            if not any(self._is_param(u) for u in units):
                units = self._parameter_sets + units
        data = b"".join(START_CODE + u for u in units)
        return AccessUnit(data=data, timestamp=extended, keyframe=keyframe)
