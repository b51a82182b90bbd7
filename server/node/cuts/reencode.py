"""Exports that leave the building: a watermark (who exported, and each picture's time
in WIB) burned in, privacy masks (rectangles a supervisor drew) filled black, and faces
pixelated where they were found (issue 17, server/faces). That
changes the pictures, so the clip is re-encoded and its manifest says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import av

from server.clock import wib
from server.faces.blur import FaceBlur
from server.node.cuts.font import burn_text


@dataclass(frozen=True)
class Mask:
    x: float  # fractions of the picture, from its top left corner
    y: float
    w: float
    h: float

    def to_json(self) -> dict:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}


@dataclass(frozen=True)
class Treatment:
    watermark: str | None = None  # "PANTAU 12 SUPERVISOR": each picture's time is added
    masks: tuple[Mask, ...] = ()
    faces: FaceBlur | None = None  # issue 17: faces pixelated, picture by picture

    @property
    def active(self) -> bool:
        return bool(self.watermark) or bool(self.masks) or self.faces is not None

    def applied(self) -> list[dict]:
        out: list[dict] = []
        if self.watermark:
            out.append({"kind": "watermark", "text": f"{self.watermark} <time of picture, WIB>"})
        out.extend({"kind": "mask", **m.to_json()} for m in self.masks)
        if self.faces is not None:
            out.append(self.faces.to_json())
        return out


def _box(mask: Mask, width: int, height: int) -> tuple[int, int, int, int]:
    left = max(0, min(width, round(mask.x * width)))
    top = max(0, min(height, round(mask.y * height)))
    right = max(left, min(width, round((mask.x + mask.w) * width)))
    bottom = max(top, min(height, round((mask.y + mask.h) * height)))
    return left, top, right, bottom


def reencode(
    src: Path,
    dest: Path,
    treatment: Treatment,
    first_at: datetime,
    on_progress: Callable[[float], None] | None = None,
) -> int:
    """Decode ``src``, treat every picture, encode H.264 into ``dest``; returns frames.

    ``src`` is a cut (server.node.cuts.cutter): timestamps are recorded time minus
    ``first_at``, gaps kept. Each picture keeps its timestamp, so gaps stay gaps; a
    timestamp that would not advance (a decoder handing back none, two frames on one
    tick) is moved one tick on, as the muxer refuses non-increasing ones. The camera's
    audio is copied as it is.
    """
    part = dest.with_name(dest.name + ".part")
    frames = 0
    with av.open(str(src)) as source:
        stream = source.streams.video[0]
        sound = source.streams.audio[0] if source.streams.audio else None
        total = stream.frames or 0
        tb = stream.time_base
        with av.open(str(part), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            out.metadata.update({k: v for k, v in source.metadata.items()
                                 if k in ("comment", "creation_time")})
            # The camera's frame rate, not the average: gaps pull the average down, and an
            # encoder clock at that rate rounds neighbouring pictures onto one tick (the
            # "non monotonically increasing dts" that failed exports over a gap).
            rate = stream.guessed_rate or stream.average_rate or 15
            encoder = out.add_stream("libx264", rate=rate)
            encoder.width = stream.codec_context.width
            encoder.height = stream.codec_context.height
            encoder.pix_fmt = "yuv420p"
            encoder.time_base = tb
            encoder.codec_context.time_base = tb  # pictures keep their exact times
            encoder.options = {"crf": "18", "preset": "veryfast", "bf": "0"}
            copied = out.add_stream_from_template(sound) if sound is not None else None
            scale = max(1, encoder.height // 180)
            next_pts = 0
            for packet in source.demux([s for s in (stream, sound) if s is not None]):
                if packet.stream.type == "audio":
                    if packet.dts is not None:
                        packet.stream = copied
                        out.mux(packet)
                    continue
                for frame in packet.decode():
                    pts = frame.pts if frame.pts is not None else next_pts
                    pts = max(pts, next_pts)
                    next_pts = pts + 1
                    picture = frame.to_ndarray(format="rgb24")
                    at = first_at + timedelta(seconds=float(pts * tb))
                    if treatment.faces is not None:
                        treatment.faces.apply(picture, frames, at)
                    for mask in treatment.masks:
                        left, top, right, bottom = _box(mask, encoder.width, encoder.height)
                        picture[top:bottom, left:right] = 0
                    if treatment.watermark:
                        text = f"{treatment.watermark} {wib(at)}"
                        # As large as the picture allows, but never cut off at the right.
                        fit = max(1, min(scale, (encoder.width - 8) // (6 * len(text))))
                        burn_text(picture, text, 4 * fit, encoder.height - 11 * fit, fit)
                    made = av.VideoFrame.from_ndarray(picture, format="rgb24")
                    made.pts, made.time_base = pts, tb
                    for out_packet in encoder.encode(made):
                        out.mux(out_packet)
                    frames += 1
                    if on_progress is not None and total:
                        on_progress(min(1.0, frames / total))
            for out_packet in encoder.encode():
                out.mux(out_packet)
    part.replace(dest)
    return frames
