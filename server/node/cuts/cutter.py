"""Cut a recorded range into one MP4 by remuxing: the same packets, no quality lost.

The cut starts at the keyframe at or before the asked start (a picture needs its
keyframe) and ends before the asked end. Time is kept as recorded: every packet's
timestamp is its recorded time minus the cut's start, so a gap in the recording stays a
gap in the file (the picture before it stays on screen), and the MP4's comment
``pantau-start=<UTC>`` plus a frame's timestamp is the UTC time the frame was recorded,
readable from the file alone. The camera's audio (AAC in the segments) is copied beside
the video. The moov atom goes in front (faststart) so players and ffprobe read it at once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import av

from server.clock import to_wire
from server.exports.spans import Gap, Span, spans_of
from server.footage import Footage, FootageUnavailable
from server.node.playback.plan import PlaybackPlan
from server.node.playback.remux import START_TAG
from server.recordings import GapReason, Segment
from server.segment_check import SegmentHealth, check_segment

log = logging.getLogger(__name__)

# Packets further apart than this start a new contained span: a dropped frame or two is
# not a gap, a lost segment (seconds) is. Segments abut within 0.5 s (server.recordings).
SPAN_BREAK = timedelta(milliseconds=500)
# Output time bases: exact for 1000/1001 frame rates and for every audio sample rate.
VIDEO_TB = Fraction(1, 90000)


class NothingToCut(Exception):
    pass


@dataclass(frozen=True)
class AudioInfo:
    codec: str  # "aac"
    sample_rate: int
    channels: int


@dataclass(frozen=True)
class CutResult:
    first_at: datetime  # recorded time of the file's timestamp zero (its first keyframe)
    end_at: datetime  # recorded time just after its last frame
    frames: int
    codec: str  # the codec of the pictures ("h264", "hevc"), not an encoder's name
    width: int
    height: int
    sha256: str
    bytes: int
    spans: tuple[Span, ...] = ()  # what the file holds, in recorded time
    read_gaps: tuple[Gap, ...] = ()  # segments found damaged while cutting
    audio: AudioInfo | None = None


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _audio_source(plan: PlaybackPlan, footage: Footage) -> Segment | None:
    """The first segment with audio, if any has (a segment has audio iff its MP4 has an
    audio stream): its stream is the template of the export's audio."""
    for seg in plan.segments:
        try:
            with footage.open(seg) as container:
                if container.streams.audio:
                    return seg
        except (av.FFmpegError, OSError, FootageUnavailable):
            continue
    return None


class _FormatChanged(Exception):
    """The camera's video format changed mid-range: one MP4 holds one format."""


@dataclass
class _Track:
    """One output stream: its timestamps stay strictly increasing whatever the camera did
    (segments overlapping by a frame, a timeline restarted)."""

    stream: object
    tb: Fraction
    next_dts: int | None = None
    written: int = 0

    def place(self, packet, shown: datetime, origin: datetime, src_tb: Fraction) -> None:
        """``shown``: when the packet's picture (or sound) was recorded, from its
        presentation time; the file's presentation time becomes ``shown - origin``.
        The decode time keeps the camera's reordering (B-frames) behind it."""
        reorder = (packet.pts - packet.dts) if packet.pts is not None else 0
        pts = round((shown - origin).total_seconds() / self.tb)
        dts = pts - max(0, round(reorder * src_tb / self.tb))
        if self.next_dts is not None:
            dts = max(dts, self.next_dts)
        packet.dts, packet.pts = dts, max(pts, dts)
        packet.duration = max(1, round((packet.duration or 0) * src_tb / self.tb))
        packet.time_base = self.tb
        packet.stream = self.stream
        self.next_dts = dts + 1
        self.written += 1


@dataclass
class _Cut:
    video: _Track | None = None
    audio: _Track | None = None
    format: tuple = ()  # the first segment's (codec, width, height)
    origin: datetime | None = None  # the first picture's recorded time: the file's zero
    times: list[tuple[datetime, datetime]] = field(default_factory=list)
    unreadable: list[Gap] = field(default_factory=list)


def cut(
    plan: PlaybackPlan,
    footage: Footage,
    dest: Path,
    on_progress: Callable[[float], None] | None = None,
) -> CutResult:
    """Write ``dest`` (through ``dest``.part, renamed when complete)."""
    part = dest.with_name(dest.name + ".part")
    span = max((plan.end - plan.start).total_seconds(), 1e-3)
    audio = _audio_source(plan, footage)
    state = _Cut()
    out = av.open(str(part), "w", format="mp4", options={"movflags": "+faststart"})
    try:
        for index, seg in enumerate(plan.segments):
            seg = _intact_part(plan, footage, seg, state)
            if seg is None:
                continue
            try:
                _cut_segment(plan, footage, seg, index, out, state, audio)
            except _FormatChanged:
                log.info("export: video format changed at %s; the export ends there", seg.path)
                break
            except (av.FFmpegError, OSError, FootageUnavailable) as exc:
                # What was muxed stays; the rest of the segment becomes a gap, named.
                last = state.times[-1][1] if state.times else plan.start
                if footage.is_local(seg):
                    _damaged(plan, seg, state, SegmentHealth.CORRUPT, max(seg.start, last), exc)
                else:  # its node went down: unavailable, the file itself may be fine
                    _away(plan, seg, state, max(seg.start, last), exc)
            if on_progress is not None and state.times:
                on_progress(min(1.0, (state.times[-1][0] - plan.start).total_seconds() / span))
        name, width, height = state.format or ("", 0, 0)
    finally:
        out.close()
    if state.video is None or not state.times:
        part.unlink(missing_ok=True)
        raise NothingToCut("no recorded frame in the range")
    part.replace(dest)
    sha, size = file_digest(dest)
    spans = spans_of(sorted(state.times), SPAN_BREAK)  # B-frames: recorded out of order
    audio_info = None
    if state.audio is not None and state.audio.written:
        ctx = state.audio.stream.codec_context
        audio_info = AudioInfo(ctx.name, ctx.sample_rate, ctx.channels)
    return CutResult(
        state.origin, max(e for _, e in state.times), len(state.times), name, width, height,
        sha, size,
        tuple(spans), tuple(state.unreadable), audio_info,
    )


def _away(plan: PlaybackPlan, seg: Segment, state: _Cut, lost_from: datetime, why) -> None:
    lost_from = max(lost_from, plan.start)
    if lost_from < min(seg.playable_end, plan.end):
        state.unreadable.append(Gap(lost_from, min(seg.playable_end, plan.end),
                                    GapReason.UNAVAILABLE))
    log.warning("export: segment %s unavailable from %s: %s", seg.path, lost_from, why)


def _damaged(plan: PlaybackPlan, seg: Segment, state: _Cut, health: SegmentHealth,
             intact: datetime | None, why) -> None:
    """Damage found while cutting: the lost stretch is a named gap, and the index learns
    it (server.node.playback.plan's report_damage)."""
    lost_from = max(intact or seg.start, seg.start, plan.start)
    if lost_from < min(seg.playable_end, plan.end):
        state.unreadable.append(Gap(lost_from, min(seg.playable_end, plan.end),
                                    GapReason(health.value)))
    log.warning("export: segment %s %s from %s: %s", seg.path, health.value, lost_from, why)
    if plan.report_damage is not None:
        plan.report_damage(seg, health, intact, str(why), None)


def _intact_part(plan: PlaybackPlan, footage: Footage, seg: Segment, state: _Cut
                 ) -> Segment | None:
    """The segment limited to its intact part (None: nothing of it). A cut or zeroed
    fragment still demuxes, as invalid NAL units: the structure is checked first."""
    if seg.health is not SegmentHealth.OK:
        return seg if seg.playable_end > seg.start else None
    path = footage.local_path(seg)
    if path is None:  # on another node, which checked it when it indexed it
        return seg
    verdict = check_segment(path, seg.frames, decode=False)
    if verdict.whole:
        return seg
    intact = seg.start + timedelta(seconds=verdict.intact_s or 0.0)
    _damaged(plan, seg, state, verdict.health, intact, verdict.detail)
    seg = replace(seg, health=verdict.health, intact_end=min(intact, seg.end))
    return seg if seg.playable_end > seg.start else None


def _cut_segment(plan, footage: Footage, seg, index, out, state: _Cut,
                 audio: Segment | None) -> None:
    with footage.open(seg) as container:
        video = container.streams.video[0]
        sound = container.streams.audio[0] if audio and container.streams.audio else None
        ctx = video.codec_context
        if state.video is None:
            state.format = (ctx.name, ctx.width, ctx.height)
            state.video = _Track(out.add_stream_from_template(video), VIDEO_TB)
            state.video.stream.time_base = VIDEO_TB
            if audio is not None:
                with footage.open(audio) as source:
                    template = source.streams.audio[0]
                    stream = out.add_stream_from_template(template)
                    state.audio = _Track(stream, Fraction(1, template.codec_context.sample_rate))
                    stream.time_base = state.audio.tb
        elif (ctx.name, ctx.width, ctx.height) != state.format:
            raise _FormatChanged(seg.path)
        streams = [video] + ([sound] if sound is not None and state.audio else [])
        for packet in container.demux(streams):
            if packet.dts is None:
                continue
            tb = packet.stream.time_base
            at = seg.start + timedelta(seconds=float(packet.dts * tb))  # decode order
            shown = seg.start + timedelta(
                seconds=float((packet.pts if packet.pts is not None else packet.dts) * tb))
            if packet.stream.type == "video":
                if index == 0 and packet.dts < plan.first_dts:
                    continue
                if at >= plan.end or at >= seg.playable_end:
                    return  # the range's end, or the end of a damaged segment's intact part
                if state.origin is None:
                    # Before the first packet is muxed, while the header can take it.
                    state.origin = shown
                    out.metadata["comment"] = f"{START_TAG}{to_wire(shown)}"
                    out.metadata["creation_time"] = to_wire(shown)
                end = shown + timedelta(seconds=float(max(packet.duration or 0, 1) * tb))
                state.times.append((shown, end))
                state.video.place(packet, shown, state.origin, tb)
            else:
                if state.origin is None or not (
                    state.origin <= shown < min(plan.end, seg.playable_end)
                ):
                    continue  # audio before the first picture has nothing to go with
                state.audio.place(packet, shown, state.origin, tb)
            out.mux(packet)
