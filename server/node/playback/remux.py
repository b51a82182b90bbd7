"""Remux a playback plan into one continuous fragmented MP4 (no transcoding).

Timestamps start at zero and run on across segment boundaries; a gap between recorded
spans is jumped over, so the stream plays the footage back to back.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import av

from server.clock import to_wire
from server.footage import Footage, FootageUnavailable
from server.node.playback.channel import ChunkChannel, ConsumerGone
from server.node.playback.plan import PlaybackPlan
from server.recordings import Gap, GapReason, Segment
from server.segment_check import SegmentHealth, check_segment

log = logging.getLogger(__name__)

FMP4_FLAGS = "frag_keyframe+empty_moov+default_base_moof"
START_TAG = "pantau-start="  # the MP4's comment: UTC time of its timestamp zero


class _ChannelWriter:
    """A write-only file for libavformat: no seek/tell, so the muxer streams."""

    def __init__(self, channel: ChunkChannel) -> None:
        self._channel = channel

    def write(self, data) -> int:
        self._channel.put(data)
        return len(data)


def _same_codec(a, b) -> bool:
    ca, cb = a.codec_context, b.codec_context
    return (ca.name, ca.width, ca.height, bytes(ca.extradata or b"")) == (
        cb.name,
        cb.width,
        cb.height,
        bytes(cb.extradata or b""),
    )


@dataclass
class RemuxResult:
    packets: int = 0
    first_at: datetime | None = None  # wall time of the first packet written
    end_at: datetime | None = None  # wall time just after the last packet written
    # Segments found damaged while reading (the index said good): what of them was lost.
    damaged: list[Gap] = field(default_factory=list)


def remux_plan(
    plan: PlaybackPlan,
    footage: Footage,
    out,
    on_packet: Callable[[datetime], None] | None = None,
) -> RemuxResult:
    """Write the plan's packets into the open output container ``out`` (no transcoding),
    timestamps from zero, gaps jumped over (kept with ``plan.real_time``).
    ``on_packet(wall time)`` follows progress.
    Returns what was written; the caller closes ``out``.

    With ``plan.keyframes_only`` only keyframes are written, each at its true time and
    lasting until the next one: a player runs 16x or backwards without decoding a GOP."""
    result = RemuxResult()
    out_stream = None
    template = None
    elapsed_s = 0.0  # output time reached so far; the next segment continues from it
    held = None  # keyframes only: (packet, wall time, time base) until the next keyframe
    floor_s = 0.0  # real time: the earliest time the next packet may take

    def write(packet, at: datetime, tb) -> None:
        out.mux(packet)
        result.packets += 1
        if result.first_at is None:
            result.first_at = at
        result.end_at = at + timedelta(seconds=float(packet.duration * tb))
        if on_packet is not None:
            on_packet(at)

    def release(until_s: float) -> None:
        nonlocal held
        if held is not None:
            packet, at, tb = held
            packet.duration = max(1, round(until_s / tb) - packet.dts)
            held = None
            write(packet, at, tb)

    def damaged(seg: Segment, health: SegmentHealth, intact: datetime | None, why,
                frames: int | None = None) -> None:
        # Read-time detection (issue 13): the index learns it, the caller lists the gap.
        lost_from = max(intact or seg.start, seg.start, plan.start)
        if lost_from < min(seg.playable_end, plan.end):
            result.damaged.append(
                Gap(lost_from, min(seg.playable_end, plan.end), GapReason(health.value))
            )
        log.warning("remux: segment %s %s from %s: %s", seg.path, health.value, lost_from, why)
        if plan.report_damage is not None:
            plan.report_damage(seg, health, intact, str(why), frames)

    def away(seg: Segment, why) -> None:
        # Its node went down: unavailable, never marked damaged (the file may be fine).
        lost_from = max(seg.start, plan.start)
        if lost_from < min(seg.playable_end, plan.end):
            result.damaged.append(
                Gap(lost_from, min(seg.playable_end, plan.end), GapReason.UNAVAILABLE))
        log.warning("remux: segment %s unavailable: %s", seg.path, why)

    for index, seg in enumerate(plan.segments):
        path = footage.local_path(seg)
        if seg.health is SegmentHealth.OK and path is not None:
            # What demux would not notice (a cut or zeroed fragment still "plays", as
            # invalid NAL units): the structure, checked before a byte is sent. A node
            # checked its own segments when it indexed them.
            verdict = check_segment(path, seg.frames, decode=False)
            if not verdict.whole:
                intact = seg.start + timedelta(seconds=verdict.intact_s or 0.0)
                damaged(seg, verdict.health, intact, verdict.detail, verdict.frames)
                seg = replace(seg, health=verdict.health, intact_end=min(intact, seg.end))
                if seg.playable_end <= seg.start:
                    continue
        try:
            container = footage.open(seg)
        except FootageUnavailable as exc:
            away(seg, exc)
            continue
        except (av.FFmpegError, OSError) as exc:
            gone = isinstance(exc, FileNotFoundError)
            damaged(seg, SegmentHealth.MISSING if gone else SegmentHealth.CORRUPT, None, exc)
            continue
        reached: list[datetime | None] = [None]  # after the last packet read of this segment
        with container:
            stream = container.streams.video[0]
            tb = stream.time_base
            if out_stream is None:
                out_stream = out.add_stream_from_template(stream)
                template = stream
            elif not _same_codec(template, stream):
                log.info("remux: codec changed at %s; the output ends there", seg.path)
                break
            base = round(elapsed_s / tb)  # in this segment's ticks
            first = None
            def fault(exc, seg=seg, reached=reached, remote=path is None) -> None:
                if remote:
                    away(replace(seg, start=reached[0] or seg.start), exc)
                else:
                    damaged(seg, SegmentHealth.CORRUPT, reached[0], exc)

            for packet in _demuxed(container, stream, fault):
                if packet.dts is None:
                    continue
                if index == 0 and packet.dts < plan.first_dts:
                    continue
                at = seg.start + timedelta(seconds=float(packet.dts * tb))
                if at >= plan.end:
                    release(elapsed_s)
                    return result
                if at >= seg.playable_end:
                    break  # a damaged segment: only its intact part is footage
                reached[0] = at + timedelta(seconds=float((packet.duration or 0) * tb))
                if first is None:
                    first = packet.dts
                duration = max(packet.duration or 0, 1)
                if plan.real_time:
                    # The offset from the start, never behind the last packet (segments
                    # may overlap by a frame).
                    offset_s = max((at - plan.start).total_seconds(), floor_s)
                    dts = round(offset_s / tb)
                    floor_s = float((dts + 1) * tb)
                else:
                    dts = base + packet.dts - first
                elapsed_s = float((dts + duration) * tb)
                if plan.keyframes_only:
                    if not packet.is_keyframe:
                        continue
                    release(float(dts * tb))
                offset = (packet.pts - packet.dts) if packet.pts is not None else 0
                packet.dts = dts
                packet.pts = dts + max(offset, 0)
                packet.duration = duration
                packet.stream = out_stream
                if plan.keyframes_only:
                    held = (packet, at, tb)
                else:
                    write(packet, at, tb)
    release(elapsed_s)
    return result


def _demuxed(container, stream, on_fault: Callable[[Exception], None]):
    """The stream's packets; a read error mid-segment ends them with a damage report
    (what was written of the segment stays; the remux goes on with the next)."""
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except StopIteration:
            return
        except (av.FFmpegError, OSError) as exc:
            on_fault(exc)
            return
        yield packet


def produce(plan: PlaybackPlan, footage: Footage, channel: ChunkChannel) -> None:
    """Runs on a worker thread; always ends the channel, whatever happens."""
    out = None
    sent = 0
    try:
        out = av.open(_ChannelWriter(channel), "w", format="mp4", options={"movflags": FMP4_FLAGS})
        # The muxer counts from zero whatever the first timestamp; the player learns the
        # wall time of zero from the header, as it cannot read the HTTP headers.
        out.metadata["comment"] = f"{START_TAG}{to_wire(plan.start)}"
        sent = remux_plan(plan, footage, out).packets
        closing, out = out, None
        closing.close()
    except ConsumerGone:
        log.info("playback of %s: client went away", plan.camera_id)
    except Exception:  # noqa: BLE001 — headers are sent; all we can do is end the stream
        log.exception("playback of %s failed after %d frames", plan.camera_id, sent)
    finally:
        if out is not None:
            with contextlib.suppress(Exception):
                out.close()
        channel.finish()
