"""Faces followed from picture to picture, so every picture of a clip gets its boxes
although the detector looks at a few a second.

Detections (``Sighting``: a time and the faces found then) join a track when they
overlap its last box (IoU ``JOIN_IOU``) or their centres are close (half the box's
size); a track that finds nothing for ``MISS_S`` ends. Between two sightings a track's
box moves linearly; it starts ``EDGE_S`` before its first sighting and lasts ``EDGE_S``
after its last, so a face coming in or going out between two looks is covered. Every
box is padded by ``PAD`` of its size on each side (hair, ears, a turned head).
Times are UTC, so tracks found on one cut of the footage apply to any other cut of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from server.clock import parse_wire, to_wire

JOIN_IOU = 0.15
MISS_S = 0.8
EDGE_S = 0.3
PAD = 0.3


@dataclass(frozen=True)
class FaceBox:
    """A face the detector found, in fractions of the picture (0..1 from its top left)."""

    x: float
    y: float
    w: float
    h: float
    score: float


class TrackSource(StrEnum):
    DETECTOR = "detector"  # found by the face detector
    SUPERVISOR = "supervisor"  # drawn by the supervisor on the mask editor


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def to_json(self) -> dict:
        return {"x": round(self.x, 4), "y": round(self.y, 4), "w": round(self.w, 4),
                "h": round(self.h, 4)}

    def padded(self, pad: float = PAD) -> Box:
        x0 = max(0.0, self.x - self.w * pad)
        y0 = max(0.0, self.y - self.h * pad)
        x1 = min(1.0, self.x + self.w * (1 + pad))
        y1 = min(1.0, self.y + self.h * (1 + pad))
        return Box(x0, y0, x1 - x0, y1 - y0)


@dataclass
class FaceTrack:
    id: int
    source: TrackSource
    points: list[tuple[datetime, Box]] = field(default_factory=list)  # oldest first

    @property
    def start(self) -> datetime:
        return self.points[0][0] - timedelta(seconds=EDGE_S)

    @property
    def end(self) -> datetime:
        return self.points[-1][0] + timedelta(seconds=EDGE_S)

    def box_at(self, at: datetime) -> Box | None:
        """The (padded) box at ``at``, or None outside the track."""
        if not self.points or not self.start <= at <= self.end:
            return None
        if at <= self.points[0][0]:
            return self.points[0][1].padded()
        for (t0, b0), (t1, b1) in zip(self.points, self.points[1:], strict=False):
            if t0 <= at <= t1:
                k = (at - t0) / (t1 - t0) if t1 > t0 else 0.0
                return Box(b0.x + (b1.x - b0.x) * k, b0.y + (b1.y - b0.y) * k,
                           b0.w + (b1.w - b0.w) * k, b0.h + (b1.h - b0.h) * k).padded()
        return self.points[-1][1].padded()

    def to_json(self) -> dict:
        return {"id": self.id, "source": self.source.value,
                "points": [{"at": to_wire(at), **box.to_json()} for at, box in self.points]}

    @classmethod
    def from_json(cls, data: dict) -> FaceTrack:
        points = [(parse_wire(p["at"]), Box(p["x"], p["y"], p["w"], p["h"]))
                  for p in data["points"]]
        return cls(int(data["id"]), TrackSource(data["source"]), sorted(points,
                                                                         key=lambda p: p[0]))


def boxes_at(tracks: list[FaceTrack], at: datetime) -> list[Box]:
    return [box for track in tracks if (box := track.box_at(at)) is not None]


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0.0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    inter = ix * iy
    union = a.w * a.h + b.w * b.h - inter
    return inter / union if union > 0 else 0.0


def _close(a: Box, b: Box) -> bool:
    dx = abs((a.x + a.w / 2) - (b.x + b.w / 2))
    dy = abs((a.y + a.h / 2) - (b.y + b.h / 2))
    return dx < max(a.w, b.w) / 2 and dy < max(a.h, b.h) / 2


def _one_per_face(faces: list[FaceBox]) -> list[FaceBox]:
    """The detector's boxes less those whose centre lies in a better one: the detector's
    overlap thinning keeps a box nested in another (a face and its forehead), which
    would otherwise start a track of its own at every look."""
    kept: list[FaceBox] = []
    for face in sorted(faces, key=lambda f: -f.score):
        cx, cy = face.x + face.w / 2, face.y + face.h / 2
        if not any(k.x <= cx <= k.x + k.w and k.y <= cy <= k.y + k.h for k in kept):
            kept.append(face)
    return kept


class Tracker:
    """Sightings in time order in, tracks out."""

    def __init__(self) -> None:
        self._open: list[FaceTrack] = []
        self.done: list[FaceTrack] = []
        self._next = 1

    def add(self, at: datetime, faces: list[FaceBox]) -> None:
        faces = _one_per_face(faces)
        miss = timedelta(seconds=MISS_S)
        for track in [t for t in self._open if at - t.points[-1][0] > miss]:
            self._open.remove(track)
            self.done.append(track)
        free = list(self._open)
        for face in sorted(faces, key=lambda f: -f.score):
            box = Box(face.x, face.y, face.w, face.h)
            match = max(free, key=lambda t: _iou(t.points[-1][1], box), default=None)
            if match is not None and (_iou(match.points[-1][1], box) >= JOIN_IOU
                                      or _close(match.points[-1][1], box)):
                match.points.append((at, box))
                free.remove(match)
            else:
                self._open.append(FaceTrack(self._next, TrackSource.DETECTOR, [(at, box)]))
                self._next += 1

    def finish(self) -> list[FaceTrack]:
        self.done.extend(self._open)
        self._open = []
        return sorted(self.done, key=lambda t: t.points[0][0])
