"""The client's domain types: plain, immutable data parsed from the server's JSON."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class AreaKind(enum.Enum):
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    RW = "rw"
    RT = "rt"


class CameraStatus(enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class Profile(enum.Enum):
    MAIN = "main"  # full resolution, for a maximised tile
    SUB = "sub"  # small resolution, for a tile in a grid
    THIRD = "third"  # smaller still where the camera has one (Hikvision 103, Dahua subtype 2)


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    kind: AreaKind
    children: tuple[Area, ...] = ()

    def walk(self):
        """This area and every area below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class StreamInfo:
    """One of a camera's streams and its picture, as the server's catalog knows it
    (None: not probed when the camera was onboarded)."""

    profile: Profile
    width: int | None = None
    height: int | None = None
    fps: float | None = None


@dataclass(frozen=True)
class Camera:
    id: str
    name: str
    area_id: str
    area_path: tuple[str, ...] = ()  # names from kota down to the camera's own area
    tags: tuple[str, ...] = ()
    ptz: bool = False
    lat: float | None = None
    lon: float | None = None
    profiles: tuple[str, ...] = ("main", "sub")
    status: CameraStatus = CameraStatus.UNKNOWN
    streams: tuple[StreamInfo, ...] = ()  # what the server says of each profile's picture

    def stream_infos(self) -> tuple[StreamInfo, ...]:
        """Every profile the camera offers, with its picture where the catalog knows it
        (an older server names only the profiles)."""
        known = {s.profile: s for s in self.streams}
        out = []
        for name in self.profiles:
            try:
                profile = Profile(name)
            except ValueError:
                continue  # a profile this client does not know
            out.append(known.get(profile, StreamInfo(profile)))
        return tuple(out)

    def best_profile(self, wanted: Profile) -> Profile:
        """The wanted profile when the camera has it, else whichever it has."""
        if wanted.value in self.profiles or not self.profiles:
            return wanted
        return Profile(self.profiles[0]) if self.profiles[0] in ("main", "sub") else wanted


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    roles: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    # An account an administrator made or reset: a new password first, nothing else.
    must_change_password: bool = False


@dataclass(frozen=True)
class Session:
    server_url: str
    token: str = field(repr=False)
    expires_at: datetime | None
    user: User


@dataclass(frozen=True)
class TimeSpan:
    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def clipped(self, start: datetime, end: datetime) -> TimeSpan | None:
        """The part of this span inside [start, end], or None when they do not meet."""
        lo, hi = max(self.start, start), min(self.end, end)
        return TimeSpan(lo, hi) if lo < hi else None


class GapReason(enum.Enum):
    """Why recorded footage is not there (the server's /recordings ``gaps``)."""

    MISSING = "missing"  # the file is gone
    TRUNCATED = "truncated"  # the file ends early
    CORRUPT = "corrupt"  # the file is damaged
    UNAVAILABLE = "unavailable"  # on a recording node that is down: back when it is
    OTHER = "other"  # a reason this client does not know yet (a newer server)


@dataclass(frozen=True)
class RecordingGap:
    start: datetime
    end: datetime
    reason: GapReason
