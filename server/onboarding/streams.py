"""What a probe found about a camera's streams, and the order they take as profiles."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.cameras import Profile

# Largest first: the main stream is the one recorded and shown maximised.
PROFILE_ORDER = (Profile.MAIN, Profile.SUB, Profile.THIRD)

_CODECS = {
    "h264": "h264",
    "avc": "h264",
    "h265": "h265",
    "hevc": "h265",
    "jpeg": "mjpeg",
    "mjpeg": "mjpeg",
    "mpeg4": "mpeg4",
}


def codec_name(raw: str | None) -> str | None:
    """One spelling for a codec, whether FFmpeg ("hevc") or ONVIF ("H265") named it."""
    if not raw:
        return None
    key = raw.strip().lower().replace(".", "").replace("-", "")
    return _CODECS.get(key, key)


@dataclass(frozen=True)
class StreamInfo:
    url: str  # never with credentials in it
    codec: str | None
    width: int | None
    height: int | None
    fps: float | None

    @property
    def pixels(self) -> int:
        return (self.width or 0) * (self.height or 0)

    def to_json(self, profile: Profile) -> dict:
        return {
            "profile": profile.value,
            "url": self.url,
            "codec": self.codec,
            "width": self.width,
            "height": self.height,
            "fps": None if self.fps is None else round(self.fps, 3),
        }


def by_size(found: list[StreamInfo]) -> dict[Profile, StreamInfo]:
    """main, sub, third from the largest picture down; the same URL counts once and a
    fourth stream is left out (nothing here shows more than three)."""
    unique: dict[str, StreamInfo] = {}
    for info in found:
        unique.setdefault(info.url, info)
    ordered = sorted(unique.values(), key=lambda s: s.pixels, reverse=True)
    return dict(zip(PROFILE_ORDER, ordered, strict=False))


@dataclass(frozen=True)
class SuggestedUrl:
    vendor: str
    profile: Profile
    url: str

    def to_json(self) -> dict:
        return {"vendor": self.vendor, "profile": self.profile.value, "url": self.url}


@dataclass(frozen=True)
class ProbeResult:
    vendor: str | None
    model: str | None
    ptz: bool
    onvif_url: str | None
    streams: dict[Profile, StreamInfo]
    suggested_urls: list[SuggestedUrl] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "vendor": self.vendor,
            "model": self.model,
            "ptz": self.ptz,
            "onvif_url": self.onvif_url,
            "streams": [info.to_json(p) for p, info in self.streams.items()],
            "suggested_urls": [s.to_json() for s in self.suggested_urls],
        }
