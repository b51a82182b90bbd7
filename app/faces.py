"""Faces blurred before footage leaves (issue 17), as the client holds them: the tracks a
face scan found, and what the supervisor made of them (tracks that were no face dropped,
boxes drawn over the whole range added) — the ``faces`` an export is sent with.

Boxes are fractions of the picture (0..1 from the top left), times UTC. A track's box
moves linearly between its points; the server pads every box by ``PAD`` on each side
and lets a track begin ``EDGE_S`` before its first point and end ``EDGE_S`` after its
last (server/faces/tracks.py, docs/evidence-format.md): the editor draws what will be
blurred, so it pads the same way."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.masks import Mask

PAD = 0.3  # the server's padding of every box, each side (docs/evidence-format.md)
EDGE_S = 0.3  # a track's reach before its first point and after its last
MAX_SCAN = timedelta(minutes=15)  # the longest footage the server looks for faces in
MAX_TRACKS = 200  # the server takes at most this many tracks in an export's faces
FIRST_DRAWN_ID = 100_000  # drawn boxes' ids: clear of the scan's (counted from 1)


class TrackSource(enum.Enum):
    DETECTOR = "detector"  # the server's face detector found it
    SUPERVISOR = "supervisor"  # a supervisor drew it on the editor


@dataclass(frozen=True)
class FacePoint:
    at: datetime
    x: float
    y: float
    w: float
    h: float

    def box(self) -> Mask:
        return Mask(self.x, self.y, self.w, self.h)


def _padded(box: Mask) -> Mask:
    x0, y0 = max(0.0, box.x - box.w * PAD), max(0.0, box.y - box.h * PAD)
    x1 = min(1.0, box.x + box.w * (1 + PAD))
    y1 = min(1.0, box.y + box.h * (1 + PAD))
    return Mask(x0, y0, x1 - x0, y1 - y0)


def unpadded(box: Mask) -> Mask:
    """The box that, padded by the server, covers ``box``: a drawn box is blurred as
    drawn, not 30 % larger."""
    w, h = box.w / (1 + 2 * PAD), box.h / (1 + 2 * PAD)
    return Mask(box.x + w * PAD, box.y + h * PAD, w, h)


@dataclass(frozen=True)
class FaceTrack:
    id: int
    source: TrackSource
    points: tuple[FacePoint, ...]  # oldest first, at least one

    @property
    def start(self) -> datetime:
        return self.points[0].at - timedelta(seconds=EDGE_S)

    @property
    def end(self) -> datetime:
        return self.points[-1].at + timedelta(seconds=EDGE_S)

    @property
    def middle(self) -> datetime:
        """The moment the editor shows the track at: its middle point's time."""
        return self.points[len(self.points) // 2].at

    def box_at(self, at: datetime) -> Mask | None:
        """The padded box blurred at ``at`` (what the server computes), None outside."""
        if not self.start <= at <= self.end:
            return None
        if at <= self.points[0].at:
            return _padded(self.points[0].box())
        for p0, p1 in zip(self.points, self.points[1:], strict=False):
            if p0.at <= at <= p1.at:
                k = (at - p0.at) / (p1.at - p0.at) if p1.at > p0.at else 0.0
                return _padded(Mask(p0.x + (p1.x - p0.x) * k, p0.y + (p1.y - p0.y) * k,
                                    p0.w + (p1.w - p0.w) * k, p0.h + (p1.h - p0.h) * k))
        return _padded(self.points[-1].box())

    def to_json(self) -> dict:
        return {"id": self.id, "source": self.source.value,
                "points": [{"at": _wire(p.at), "x": round(p.x, 4), "y": round(p.y, 4),
                            "w": round(p.w, 4), "h": round(p.h, 4)} for p in self.points]}


def _wire(at: datetime) -> str:
    # Sub-second: a detector's points are 0.2 s apart (the server reads ISO 8601).
    utc = at.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def drawn_track(track_id: int, box: Mask, start: datetime, end: datetime) -> FaceTrack:
    """A box the supervisor drew, blurred from ``start`` to ``end`` (the export's range)."""
    inner = unpadded(box)
    return FaceTrack(track_id, TrackSource.SUPERVISOR, tuple(
        FacePoint(at, inner.x, inner.y, inner.w, inner.h) for at in (start, end)))


@dataclass(frozen=True)
class FacesToBlur:
    """An export's ``faces``: the tracks blurred, the detected ones dropped as no face."""

    tracks: tuple[FaceTrack, ...]
    dropped: tuple[int, ...] = ()
    detector: str = ""

    def to_json(self) -> dict:
        return {"tracks": [t.to_json() for t in self.tracks], "dropped": list(self.dropped),
                "detector": self.detector or None}


class BlurChoice(enum.Enum):
    """What an export asks of the server about faces."""

    NONE = "none"  # faces are not blurred
    SERVER_FINDS = "server_finds"  # blur_faces: the export scans its own cut (≤ 15 min)
    REVIEWED = "reviewed"  # faces: the scan's tracks as the supervisor corrected them


class BlurProblem(enum.Enum):
    """Why an export that blurs faces cannot be sent as it stands."""

    NONE = "none"
    TOO_LONG = "too_long"  # over MAX_SCAN: the server looks for faces in at most 15 min
    SCANNING = "scanning"  # a scan is on its way: wait for it, or the review is lost
    STALE = "stale"  # the range changed since the scan: scan again
    SEVERAL_CAMERAS = "several_cameras"  # a review is of one camera's faces
    TOO_MANY = "too_many"  # more tracks than the server takes


def range_too_long(start: datetime | None, end: datetime | None) -> bool:
    return start is not None and end is not None and end - start > MAX_SCAN


@dataclass
class FaceReview:
    """The supervisor's corrections of one scan, kept while the export dialog is open:
    which detected tracks are blurred, and the boxes drawn over the whole range."""

    tracks: tuple[FaceTrack, ...] = ()  # the scan's
    detector: str = ""
    dropped: set[int] = field(default_factory=set)
    drawn: tuple[Mask, ...] = ()
    scanned: bool = False  # a scan answered (tracks may still be none)
    scanned_range: tuple[datetime, datetime] | None = None

    def take_scan(self, tracks: tuple[FaceTrack, ...], detector: str,
                  start: datetime, end: datetime) -> None:
        self.tracks, self.detector, self.scanned = tuple(tracks), detector, True
        self.scanned_range = (start, end)
        self.dropped = set()

    def forget_scan(self) -> None:
        """Back to no scan (drawn boxes stay, for the next scan's review)."""
        self.tracks, self.detector, self.scanned = (), "", False
        self.scanned_range = None
        self.dropped = set()

    def stale(self, start: datetime | None, end: datetime | None) -> bool:
        """A scan of another range than the export's: its faces do not answer for it."""
        return self.scanned and self.scanned_range != (start, end)

    @property
    def kept(self) -> int:
        return sum(1 for t in self.tracks if t.id not in self.dropped)

    def set_blurred(self, track_id: int, blurred: bool) -> None:
        (self.dropped.discard if blurred else self.dropped.add)(track_id)

    def blurred(self, track_id: int) -> bool:
        return track_id not in self.dropped

    def choice(self, wanted: bool) -> BlurChoice:
        # Boxes are drawn on a scan's review: without a scan the server finds the faces.
        if not wanted:
            return BlurChoice.NONE
        return BlurChoice.REVIEWED if self.scanned else BlurChoice.SERVER_FINDS

    def faces(self, start: datetime, end: datetime) -> FacesToBlur:
        """What the export is sent: the kept tracks, the drawn boxes over [start, end]."""
        kept = tuple(t for t in self.tracks if t.id not in self.dropped)
        drawn = tuple(drawn_track(FIRST_DRAWN_ID + i, box, start, end)
                      for i, box in enumerate(self.drawn))
        dropped = tuple(sorted(t.id for t in self.tracks if t.id in self.dropped))
        return FacesToBlur(kept + drawn, dropped, self.detector)


def blur_problem(review: FaceReview, wanted: bool, start: datetime | None,
                 end: datetime | None, cameras: int, scanning: bool) -> BlurProblem:
    if not wanted:
        return BlurProblem.NONE
    if range_too_long(start, end):
        return BlurProblem.TOO_LONG
    if scanning:
        return BlurProblem.SCANNING
    if review.stale(start, end):
        return BlurProblem.STALE
    if review.choice(wanted) is BlurChoice.REVIEWED:
        if cameras > 1:
            return BlurProblem.SEVERAL_CAMERAS
        if review.kept + len(review.drawn) > MAX_TRACKS:
            return BlurProblem.TOO_MANY
    return BlurProblem.NONE
