"""Faces hidden in exported pictures: each box is pixelated into blocks an eighth of the
box wide (at least 8 pixels), each block its average colour. Nothing of the face's
detail survives, unlike a blur that a deconvolution could partly undo."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from server.clock import to_wire
from server.faces.tracks import Box, FaceTrack, boxes_at

BLOCKS = 8
MIN_BLOCK_PX = 8
METHOD = f"pixelated: blocks of 1/{BLOCKS} of the box (at least {MIN_BLOCK_PX} px), each its mean"


def pixelate(picture: np.ndarray, box: Box) -> None:
    """In place, on an H x W x 3 picture."""
    height, width = picture.shape[:2]
    x0, y0 = max(0, int(box.x * width)), max(0, int(box.y * height))
    x1 = min(width, int(np.ceil((box.x + box.w) * width)))
    y1 = min(height, int(np.ceil((box.y + box.h) * height)))
    if x1 <= x0 or y1 <= y0:
        return
    block = max(MIN_BLOCK_PX, (x1 - x0) // BLOCKS)
    for top in range(y0, y1, block):
        for left in range(x0, x1, block):
            cell = picture[top:min(top + block, y1), left:min(left + block, x1)]
            cell[...] = cell.reshape(-1, cell.shape[-1]).mean(axis=0).astype(picture.dtype)


@dataclass
class FaceBlur:
    """What an export blurs, and (filled while it is re-encoded) which pictures."""

    tracks: list[FaceTrack]
    detector: str  # what found them (server.faces.detector.detector_name)
    model_sha256: str
    dropped: list[int] = field(default_factory=list)  # track ids a supervisor dropped
    frames: list[list[int]] = field(default_factory=list)  # [first, last] picture indices

    def apply(self, picture: np.ndarray, index: int, at) -> None:
        boxes = boxes_at(self.tracks, at)
        for box in boxes:
            pixelate(picture, box)
        if boxes:
            if self.frames and self.frames[-1][1] == index - 1:
                self.frames[-1][1] = index
            else:
                self.frames.append([index, index])

    def to_json(self) -> dict:
        return {
            "kind": "face_blur",
            "method": METHOD,
            "detector": self.detector,
            "model_sha256": self.model_sha256,
            "tracks": [{"id": t.id, "source": t.source.value,
                        "from": to_wire(t.start), "to": to_wire(t.end)}
                       for t in self.tracks],
            "dropped_by_supervisor": self.dropped,
            "frames": self.frames,
        }
