"""One fragmented-MP4 segment file, written by remuxing packets (no decoding).

Fragmented with empty_moov: every finished fragment is playable on its own, so a crash
loses at most the fragment being filled, and a segment still open can be read.

A segment holds the camera's video and, when the camera sends AAC, its audio as a
second track, copied as it came (no re-encode): a segment has audio if and only if
its MP4 has an audio stream.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

FMP4_FLAGS = "frag_keyframe+empty_moov+default_base_moof"


class SegmentWriter:
    def __init__(
        self,
        path: Path,
        template: av.video.stream.VideoStream,
        audio_template: av.audio.stream.AudioStream | None = None,
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.frames = 0
        self.audio_packets = 0
        self._first_dts: int | None = None
        self._last_end: int | None = None  # dts + duration of the last packet, input units
        self._audio_last: int | None = None  # the last audio pts written, audio units
        self._out = av.open(
            str(path),
            "w",
            format="mp4",
            # flush_packets: hand each fragment to the OS as soon as it is complete.
            options={"movflags": FMP4_FLAGS, "flush_packets": "1"},
        )
        self._stream = self._out.add_stream_from_template(template)
        self._audio = (
            self._out.add_stream_from_template(audio_template) if audio_template else None
        )
        self._time_base: Fraction | None = None

    @property
    def has_audio(self) -> bool:
        return self._audio is not None

    def write(self, packet: av.Packet, dts: int, duration: int) -> None:
        """Write video ``packet`` with timestamps rebased so the segment starts at zero.

        ``dts`` and ``duration`` are in the packet's time base; the caller knows them
        (it holds one packet back to learn each one's duration).
        """
        if self._first_dts is None:
            self._first_dts = dts
            self._time_base = packet.time_base
        rebased = dts - self._first_dts
        offset = (
            (packet.pts - packet.dts) if packet.pts is not None and packet.dts is not None else 0
        )
        packet.dts = rebased
        packet.pts = rebased + max(offset, 0)
        packet.duration = max(duration, 1)
        packet.stream = self._stream
        self._out.mux(packet)
        self.frames += 1
        self._last_end = rebased + packet.duration

    def write_audio(self, packet: av.Packet, at_s: float) -> bool:
        """Write an audio packet at ``at_s`` seconds from the segment's first picture.
        Returns False (nothing written) for a packet before the segment or not after the
        last one: a track's timestamps must increase."""
        if self._audio is None or self._first_dts is None or at_s < 0:
            return False
        tb = packet.time_base
        pts = round(at_s / float(tb))
        if self._audio_last is not None and pts <= self._audio_last:
            return False
        packet.pts = packet.dts = pts
        packet.stream = self._audio
        self._out.mux(packet)
        self._audio_last = pts
        self.audio_packets += 1
        return True

    def duration_s(self) -> float:
        if self._last_end is None or self._time_base is None:
            return 0.0
        # float(last_end * time_base) bit for bit, without a Fraction per packet.
        return self._last_end * self._time_base.numerator / self._time_base.denominator

    def close(self) -> int:
        """Finish the file; returns its size in bytes."""
        self._out.close()
        return self.path.stat().st_size if self.path.exists() else 0
