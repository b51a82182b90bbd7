"""What kind of camera each fleet member is: vendor, model and the streams it serves.

The rule is by camera number n (cam004 is n = 4), so the same fleet always has the
same mix, as a real site has a mix of models:

- every 4th camera (n % 4 == 0: cam004, cam008, …) sends its main stream as H.265,
  unless it is PTZ: PTZ pictures are encoded live, and live x265 at 1080p would cost
  a core per watched camera. Sub and third streams are always H.264.
- every 3rd camera counting from the first (n % 3 == 1: cam001, cam004, cam007, …)
  has a third stream, so cam004, cam016, … have both.

The vendor is honest (camsim is Pantau's simulator); the model name says the kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from camsim.profiles import PROFILES, Codec, Profile, Stream

VENDOR = "Pantau"


@dataclass(frozen=True)
class StreamSpec:
    profile: Profile
    codec: Codec

    @property
    def stream(self) -> Stream:
        return self.profile.stream


@dataclass(frozen=True)
class Lineup:
    vendor: str
    model: str
    streams: tuple[StreamSpec, ...]  # main first

    def __contains__(self, stream: object) -> bool:
        return any(spec.stream == stream for spec in self.streams)

    def spec(self, stream: Stream) -> StreamSpec:
        return next(spec for spec in self.streams if spec.stream is stream)

    @property
    def names(self) -> tuple[Stream, ...]:
        return tuple(spec.stream for spec in self.streams)


def has_h265_main(number: int, ptz: bool) -> bool:
    return number % 4 == 0 and not ptz


def has_third(number: int) -> bool:
    return number % 3 == 1


def lineup_for(number: int, ptz: bool) -> Lineup:
    """The lineup of camera ``cam{number:03d}``."""
    main_codec = Codec.H265 if has_h265_main(number, ptz) else Codec.H264
    streams = [StreamSpec(PROFILES[Stream.MAIN], main_codec),
               StreamSpec(PROFILES[Stream.SUB], Codec.H264)]  # fmt: skip
    if has_third(number):
        streams.append(StreamSpec(PROFILES[Stream.THIRD], Codec.H264))
    kind = "PTZ" if ptz else "fixed"
    model = f"camsim {kind} {main_codec.label} {len(streams)}-stream"
    return Lineup(VENDOR, model, tuple(streams))
