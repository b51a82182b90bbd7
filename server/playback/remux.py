"""Remux a playback plan into one continuous fragmented MP4 (no transcoding).

Timestamps start at zero and run on across segment boundaries; a gap between recorded
spans is jumped over, so the stream plays the footage back to back.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from pathlib import Path

import av

from server.playback.channel import ChunkChannel, ConsumerGone
from server.playback.plan import PlaybackPlan

log = logging.getLogger(__name__)

FMP4_FLAGS = "frag_keyframe+empty_moov+default_base_moof"


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


def produce(plan: PlaybackPlan, data_dir: Path, channel: ChunkChannel) -> None:
    """Runs on a worker thread; always ends the channel, whatever happens."""
    out = None
    out_stream = None
    template = None
    elapsed_s = 0.0  # output time reached so far; the next segment continues from it
    sent = 0
    try:
        out = av.open(_ChannelWriter(channel), "w", format="mp4", options={"movflags": FMP4_FLAGS})
        for index, seg in enumerate(plan.segments):
            path = data_dir / seg.path
            try:
                container = av.open(str(path))
            except (av.FFmpegError, OSError) as exc:
                log.warning("playback: segment %s skipped: %s", seg.path, exc)
                continue
            with container:
                stream = container.streams.video[0]
                tb = stream.time_base
                if out_stream is None:
                    out_stream = out.add_stream_from_template(stream)
                    template = stream
                elif not _same_codec(template, stream):
                    log.info("playback: codec changed at %s; stream ends there", seg.path)
                    break
                base = round(elapsed_s / tb)  # in this segment's ticks
                first = None
                done = False
                for packet in container.demux(stream):
                    if packet.dts is None:
                        continue
                    if index == 0 and packet.dts < plan.first_dts:
                        continue
                    if seg.start + timedelta(seconds=float(packet.dts * tb)) >= plan.end:
                        done = True
                        break
                    if first is None:
                        first = packet.dts
                    duration = max(packet.duration or 0, 1)
                    dts = base + packet.dts - first
                    offset = (packet.pts - packet.dts) if packet.pts is not None else 0
                    packet.dts = dts
                    packet.pts = dts + max(offset, 0)
                    packet.duration = duration
                    packet.stream = out_stream
                    out.mux(packet)
                    sent += 1
                    elapsed_s = float((dts + duration) * tb)
                if done:
                    break
        closing, out = out, None
        closing.close()
    except ConsumerGone:
        log.info("playback of %s: client went away after %d frames", plan.camera_id, sent)
    except Exception:  # noqa: BLE001 — headers are sent; all we can do is end the stream
        log.exception("playback of %s failed after %d frames", plan.camera_id, sent)
    finally:
        if out is not None:
            with contextlib.suppress(Exception):
                out.close()
        channel.finish()
