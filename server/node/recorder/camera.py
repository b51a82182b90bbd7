"""The recording worker of one camera: pull the main stream over RTSP/TCP, cut it into
segments at keyframes, hand each finished segment to the index, reconnect on loss.

Time: a camera's timestamps say how far apart its pictures are, never when they were
taken. Real cameras step their clocks (NTP), restart their RTP timelines (a reboot,
a second client) and drift. So the index is anchored on the server clock at arrival:
each segment's start is its first picture's camera time plus the smallest
(arrival - camera time) seen among that segment's pictures, i.e. the moment the
least-delayed picture says the timeline was at. A picture read late (a burst after
the stream's probe, a busy thread) never pushes the index later, and each segment
re-anchors, so drift between the two clocks cannot build up.

A timestamp that goes backwards, or forwards by more than JUMP_FRAMES frame
intervals more than the arrival clock moved, is a discontinuity: the segment is
closed at the last good picture, logged once with the jump's size, and recording
resumes with a new segment at the next keyframe (never mid-GOP).

Volumes (issue 15, server/node/volumes.py): with several, each new segment goes to the
one ``Volumes.pick`` names, and is reported with that volume's root. A write that fails
there marks the volume failed, closes the segment as far as it can (what was written is
playable, and is indexed), and the next keyframe starts a segment on the next volume;
with none left no segment starts until the storage guard pauses recording.
"""

from __future__ import annotations

import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import av

from server.clock import utc_now
from server.logmask import mask_text, mask_url
from server.node.recorder.segment_writer import SegmentWriter
from server.node.recorder.states import RecorderState
from server.node.volumes import Volume, Volumes
from server.recordings import Segment

log = logging.getLogger(__name__)

OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 5.0  # a frozen camera (connected, no frames) counts as lost after this
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 5.0  # every second away from a camera is footage lost
FAILURES_BEFORE_OFFLINE = 3
# A jump forward smaller than this many frame intervals is a late or lost picture, not
# a new timeline (real cameras skip a frame now and then).
JUMP_FRAMES = 4
# Packets of one timestamp merged into one picture at most (parameter sets, slices):
# more is a camera clock that stopped, not a picture.
MAX_PARTS = 64
# Nothing written for this long (and at least STALL_FRAMES intervals) on an open
# connection: not recording, whatever the socket says.
STALL_AFTER_S = 2.0
STALL_FRAMES = 3
# Audio kept in segments: MP4 carries AAC as the camera sent it. (G.711, which some
# cameras send, would need a re-encode: not recorded, and logged.)
RECORDED_AUDIO = frozenset({"aac"})
AUDIO_QUEUE = 64  # packets (4 s of 16 kHz AAC): audio waits at most this for pictures
AUDIO_AHEAD_S = 2.0  # audio this far ahead of the pictures has jumped: re-anchored

# The SDP names the codecs and their parameter sets; a camera without them is probed
# on (ffmpeg reads on until it knows the stream).
PROBE_US = 200_000

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]")


def segment_relpath(camera_id: str, start: datetime) -> Path:
    stamp = start.strftime("%Y%m%dT%H%M%S.") + f"{start.microsecond // 1000:03d}Z"
    return (
        Path("recordings")
        / _SAFE_NAME.sub("_", camera_id)
        / start.strftime("%Y-%m-%d")
        / f"{stamp}.mp4"
    )


def _seconds(ticks: int, tb: Fraction) -> float:
    """``float(ticks * tb)``, bit for bit (int true division rounds correctly, as
    Fraction's float does), without making a Fraction for every packet: measured on 8
    camsim main streams, the work per picture outside the demuxer went from 90 to 73 us
    (thread CPU), about 3 % of a recorder's CPU (bench/bench_node_capacity.py)."""
    return ticks * tb.numerator / tb.denominator


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def _merged(first: av.Packet, second: av.Packet, timed_by: av.Packet | None = None) -> av.Packet:
    """One packet of both, with the timestamps of ``timed_by`` (default the first)."""
    packet = av.Packet(bytes(first) + bytes(second))
    source = timed_by or first
    packet.pts, packet.dts, packet.time_base = source.pts, source.dts, source.time_base
    packet.stream = source.stream
    packet.is_keyframe = first.is_keyframe or second.is_keyframe
    return packet


@dataclass
class _Open:
    writer: SegmentWriter
    root: Path  # the volume (or the data directory) ``relpath`` is under
    volume: Volume | None  # None: the data directory, no Volumes
    relpath: Path
    first_cam_s: float  # camera time of the first picture, seconds
    offset_s: float  # smallest (arrival - camera time) among its pictures so far
    audio_origin_s: float  # estimated arrival of the first picture, for placing audio
    follows: bool  # cut at a keyframe from the segment just before, with no break
    interval_s: float  # the camera's frame interval
    failed: OSError | None = None  # a write failed: nothing more goes into this file


class CameraRecorder(threading.Thread):
    def __init__(
        self,
        camera_id: str,
        source: Callable[[], str | None],
        data_dir: Path,
        segment_seconds: float,
        on_segment: Callable[[Segment], None],
        stop: threading.Event,
        volumes: Volumes | None = None,
    ) -> None:
        """``volumes``: where each segment goes (None: ``data_dir`` alone, as the
        one-machine server records)."""
        super().__init__(name=f"rec-{camera_id}", daemon=True)
        self.camera_id = camera_id
        # Asked again for every connection: a relay URL carries a ticket that only
        # opens sessions for a little while.
        self._source = source
        self._data_dir = data_dir
        self._volumes = volumes
        self._no_volume = False  # logged once until a volume is found again
        self._segment_s = segment_seconds
        self._on_segment = on_segment
        self._halt = stop
        self._phase = RecorderState.RECONNECTING
        self._last_write = 0.0  # time.monotonic() of the last picture written
        self._stall_s = STALL_AFTER_S
        # False until the first connection attempt has succeeded or failed: until then
        # nothing is known about the camera.
        self.settled = False
        self._failures = 0
        self._last_end: datetime | None = None  # segments of one camera never overlap
        # Pictures demuxed, written, and dropped (waiting for a keyframe, or bad
        # timestamps): frames in vs. frames written, for benchmarks and logs.
        self.frames_in = 0
        self.frames_written = 0
        self.discontinuities = 0

    @property
    def state(self) -> RecorderState:
        """RECORDING only while pictures are being written."""
        phase = self._phase
        if phase is RecorderState.RECORDING and (
            time.monotonic() - self._last_write > self._stall_s
        ):
            return RecorderState.STALLED
        return phase

    # -- thread ---------------------------------------------------------------------

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self._record_once()
            except Exception as exc:  # noqa: BLE001 — any failure means reconnect
                self._failures += 1
                self.settled = True
                self._phase = (
                    RecorderState.OFFLINE
                    if self._failures >= FAILURES_BEFORE_OFFLINE
                    else RecorderState.RECONNECTING
                )
                log.warning("%s: %s (%s)", self.camera_id, self._phase.value,
                            mask_text(str(exc)))
            if self._halt.is_set():
                break
            delay = min(BACKOFF_FIRST_S * 2 ** max(self._failures - 1, 0), BACKOFF_MAX_S)
            # Jitter keeps a fleet that dropped together from reconnecting in lockstep.
            self._halt.wait(delay * random.uniform(0.7, 1.3))
        log.info("%s: recorder stopped", self.camera_id)

    # -- one connection -------------------------------------------------------------

    def _record_once(self) -> None:
        url = self._source()
        if url is None:
            raise ConnectionError("the camera has no main stream now")
        log.info("%s: connecting to %s", self.camera_id, mask_url(url))
        container = av.open(
            url,
            options={
                "rtsp_transport": "tcp",
                "timeout": str(int(READ_TIMEOUT_S * 1_000_000)),  # socket I/O, microseconds
                "allowed_media_types": "video+audio",
                # Probe briefly: what the probe reads is handed over later in one burst,
                # and a picture read late is a picture whose arrival is unknown.
                "analyzeduration": str(PROBE_US),
            },
            timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S),
        )
        try:
            self._record_from(container)
        finally:
            container.close()

    def _record_from(self, container) -> None:  # noqa: C901, PLR0912, PLR0915 — one loop
        stream = container.streams.video[0]
        audio = next(
            (a for a in container.streams.audio if a.codec_context.name in RECORDED_AUDIO),
            None,
        )
        for other in container.streams.audio:
            if other is not audio:
                log.info("%s: audio %s is not recorded (only AAC is)", self.camera_id,
                         other.codec_context.name)
        tb: Fraction = stream.time_base
        rate = float(stream.average_rate or stream.guessed_rate or 15)
        interval_s = min(max(1 / rate, 1 / 120), 1.0)
        jump_s = JUMP_FRAMES * interval_s
        self._stall_s = max(STALL_AFTER_S, STALL_FRAMES * interval_s)
        # The usual distance between pictures (what the last one of a segment is taken
        # to last), and the distance before the picture in hand: both in time-base units,
        # the camera's announced rate until real gaps are seen.
        usual_gap = prev_gap = max(1, round(interval_s / float(tb)))
        current: _Open | None = None
        held: av.Packet | None = None  # one packet back: its duration is the next dts gap
        held_dts = 0
        held_arrival = 0.0
        held_parts = 0  # packets merged into ``held``
        # Smallest (arrival - camera time) of each track since the last discontinuity:
        # where audio goes in a segment.
        video_off: float | None = None
        audio_off: float | None = None
        untimed: av.Packet | None = None
        # Audio waits here until the pictures written reach its time, so that at a cut
        # it goes into the segment it belongs to: (packet, estimated arrival).
        pending: list[tuple[av.Packet, float]] = []
        last_picture = time.monotonic()

        def flush_audio() -> None:
            nonlocal audio_off
            while pending and current is not None and current.writer.has_audio:
                packet, wall = pending[0]
                at = wall - current.audio_origin_s
                if at > current.writer.duration_s() + AUDIO_AHEAD_S:
                    # The audio clock jumped ahead of the pictures: re-anchor it.
                    pending.clear()
                    audio_off = None
                    return
                if at >= current.writer.duration_s():
                    return
                pending.pop(0)
                if current.failed is None:
                    try:  # drops what lies before the segment
                        current.writer.write_audio(packet, at)
                    except OSError as exc:
                        self._write_failed(current, exc)

        demuxed = [stream] + ([audio] if audio is not None else [])
        try:
            for packet in container.demux(demuxed):
                if self._halt.is_set():
                    break
                arrival = utc_now().timestamp()
                dts = packet.dts if packet.dts is not None else packet.pts
                if packet.size == 0:
                    continue
                if packet.stream is stream:
                    if dts is None:
                        # Part of the next picture sent before its timestamp was known
                        # (the first picture of a session: its slices, SEI): keep it.
                        untimed = packet if untimed is None else _merged(untimed, packet)
                        continue
                    if untimed is not None and packet.is_keyframe:
                        packet, untimed = _merged(untimed, packet, timed_by=packet), None
                    elif untimed is not None:
                        # A whole picture before this one (the session's first keyframe,
                        # read before its time was known), not a part of it: merged, a
                        # decoder sees two pictures in one. Not recorded: the segment
                        # starts at the next keyframe.
                        untimed = None
                elif dts is None:
                    continue
                if packet.stream is not stream:
                    cam_s = _seconds(dts, packet.time_base)
                    o = arrival - cam_s
                    if audio_off is None or o < audio_off:
                        audio_off = o
                    if time.monotonic() - last_picture > READ_TIMEOUT_S:
                        # Sound but no pictures: as lost as a silent camera.
                        raise ConnectionError(f"no pictures for {READ_TIMEOUT_S:.0f} s")
                    pending.append((packet, cam_s + audio_off))
                    del pending[:-AUDIO_QUEUE]
                    flush_audio()
                    continue
                # libavformat's parser hands a picture over when the next one begins,
                # or at once when a keyframe's parts end it: 0 to 1 frame interval
                # after it reached us (measured with gst_camera, direct, 15 fps: +68 ms
                # steady, -57 ms after a jump with a full interval taken off). The
                # middle keeps the index within half an interval of either.
                arrival -= interval_s / 2
                cam_s = _seconds(dts, tb)
                if held is not None and dts == held_dts and held_parts < MAX_PARTS:
                    # One picture in two packets (some cameras send the parameter sets
                    # as a packet of their own, with the picture's timestamp): one frame.
                    # The parser hands the second over when the next picture begins, a
                    # whole interval later (a second at 1 fps), so arrival cannot tell
                    # them apart from a stuck clock; a count can: past MAX_PARTS it is
                    # a discontinuity below, not one ever-growing picture.
                    held = _merged(held, packet)
                    held_parts += 1
                    continue
                self.frames_in += 1
                last_picture = time.monotonic()
                hole = False
                if held is not None:
                    gap = dts - held_dts
                    jumped = _seconds(gap, tb) - (arrival - held_arrival)
                    # Forwards only when the camera's time also ran ahead of the server
                    # clock as a whole: a busy server reads the picture before a hole
                    # late (the hole is dropped pictures, true time), which looks like a
                    # jump between two packets but leaves (arrival - camera time) at or
                    # above its lowest.
                    ahead = video_off is not None and arrival - cam_s < video_off - jump_s
                    if gap <= 0 or (jumped > jump_s and ahead):
                        self.discontinuities += 1
                        log.warning(
                            "%s: the camera's timestamps jumped %+.3f s (%s); segment "
                            "closed, recording resumes at the next keyframe",
                            self.camera_id, jumped,
                            "backwards" if gap <= 0 else "forwards",
                        )  # fmt: skip
                        self._write(current, held, held_dts, usual_gap)
                        finished, current, held = current, None, None
                        self._finish(finished)
                        video_off = audio_off = None
                        pending.clear()
                        self._phase = RecorderState.STALLED
                    else:
                        # A hole (pictures lost on the way, in true time: not a jump):
                        # the picture before it is not footage of the hole's length. Its
                        # length counts as the usual interval; a hole inside a segment
                        # stays in its timestamps, and one that ends at a keyframe ends
                        # the segment, so /recordings shows it as a gap. Measured against
                        # the gap before it, not only the announced rate: a camera that
                        # lowers its frame rate when nothing moves (smart codecs) has
                        # one hole at the change, then a new usual interval.
                        hole = _seconds(gap, tb) > jump_s and gap > JUMP_FRAMES * prev_gap
                        self._write(current, held, held_dts, usual_gap if hole else gap)
                        if not hole:
                            usual_gap = gap
                        prev_gap = gap
                        flush_audio()
                if held is None and current is None and not packet.is_keyframe:
                    continue  # a segment must start with a keyframe
                o = arrival - cam_s
                if video_off is None or o < video_off:
                    video_off = o
                if packet.is_keyframe and (
                    current is None or hole or current.failed is not None
                    or current.writer.duration_s() >= self._segment_s
                ):
                    follows = current is not None and not hole and current.failed is None
                    if current is not None:
                        finished, current = current, None
                        self._finish(finished)
                    current = self._begin(cam_s, o, video_off, stream, audio, follows,
                                          interval_s)  # fmt: skip
                    if current is None:  # no volume to write on: try at the next keyframe
                        held = None
                        pending.clear()
                        continue
                elif current.offset_s > o:
                    current.offset_s = o
                held, held_dts, held_arrival, held_parts = packet, dts, arrival, 1
            if held is not None and current is not None:
                self._write(current, held, held_dts, usual_gap)
                finished, current = current, None
                self._finish(finished)
            if not self._halt.is_set():
                raise ConnectionError("stream ended")
        finally:
            if current is not None:
                # Lost mid-segment: keep what was written, it is playable.
                self._finish(current)

    def _write(self, seg: _Open, packet: av.Packet, dts: int, duration: int) -> None:
        if seg.failed is not None:
            return  # the rest of this segment is lost; the next keyframe starts another
        try:
            seg.writer.write(packet, dts, duration)
        except OSError as exc:
            self._write_failed(seg, exc)
            return
        self._written()

    def _write_failed(self, seg: _Open, exc: OSError) -> None:
        seg.failed = exc
        log.error("%s: writing %s failed: %s", self.camera_id, seg.root / seg.relpath, exc)
        if seg.volume is not None and self._volumes is not None:
            self._volumes.mark_failed(seg.volume, exc)

    def _written(self) -> None:
        self.frames_written += 1
        self._last_write = time.monotonic()
        if self._phase is not RecorderState.RECORDING:
            if self._phase is not RecorderState.STALLED:
                log.info("%s: recording", self.camera_id)
            self._phase = RecorderState.RECORDING
            self.settled = True
            self._failures = 0

    def _begin(  # noqa: PLR0913
        self, cam_s: float, o: float, video_off: float, stream, audio, follows: bool,
        interval_s: float,
    ) -> _Open | None:  # fmt: skip
        # Named now after the best estimate; renamed when it closes if that moved.
        start = _utc(cam_s + o)
        relpath = segment_relpath(self.camera_id, start)
        if self._volumes is None:
            return _Open(SegmentWriter(self._data_dir / relpath, stream, audio),
                         self._data_dir, None, relpath, cam_s, o, cam_s + video_off,
                         follows, interval_s)  # fmt: skip
        while (volume := self._volumes.pick()) is not None:
            try:
                writer = SegmentWriter(volume.path / relpath, stream, audio)
            except OSError as exc:
                log.error("%s: cannot write on %s: %s", self.camera_id, volume.path, exc)
                self._volumes.mark_failed(volume, exc)
                continue
            if self._no_volume:
                log.warning("%s: recording again, on %s", self.camera_id, volume.path)
                self._no_volume = False
            return _Open(writer, volume.path, volume, relpath, cam_s, o, cam_s + video_off,
                         follows, interval_s)  # fmt: skip
        if not self._no_volume:
            log.error("%s: no volume has room or works: nothing recorded", self.camera_id)
            self._no_volume = True
        return None

    def _finish(self, seg: _Open) -> None:
        try:
            size = seg.writer.close()
        except Exception as exc:  # noqa: BLE001
            log.error("%s: closing %s failed: %s", self.camera_id, seg.relpath, exc)
            if isinstance(exc, OSError) and seg.failed is None:
                # A fragment is written when the next keyframe comes or at close: a full
                # or failing disk often says so only here.
                self._write_failed(seg, exc)
            if seg.failed is None:
                return
            # A volume that failed under it: its finished fragments are playable, so it
            # is indexed (checked: the cut fragment is a gap), not left for a restart.
            try:
                size = (seg.root / seg.relpath).stat().st_size
            except OSError:
                return
        start = _utc(seg.first_cam_s + seg.offset_s)
        last = self._last_end
        if last is not None and (
            start < last
            # The next segment of an unbroken stream continues where the last ended
            # unless the clocks drifted apart by more than a frame: spans stay whole.
            or (seg.follows and start - last <= timedelta(seconds=seg.interval_s))
        ):
            start = last
        end = start + timedelta(seconds=seg.writer.duration_s())
        root = seg.root
        if seg.writer.frames == 0 or end <= start:
            try:
                (root / seg.relpath).unlink(missing_ok=True)
            except OSError as exc:  # a failed volume: recovery finds nothing playable there
                log.warning("%s: removing empty %s failed: %s", self.camera_id, seg.relpath, exc)
            return
        relpath = segment_relpath(self.camera_id, start)
        if relpath != seg.relpath:
            try:
                (root / relpath).parent.mkdir(parents=True, exist_ok=True)
                os.replace(root / seg.relpath, root / relpath)
            except OSError as exc:
                log.warning("%s: renaming %s failed: %s", self.camera_id, seg.relpath, exc)
                relpath = seg.relpath
        self._last_end = end
        self._on_segment(
            Segment(
                camera_id=self.camera_id,
                start=start,
                end=end,
                path=relpath.as_posix(),
                bytes=size,
                frames=seg.writer.frames,
                node=self._volumes.node if self._volumes is not None else None,
                volume=seg.volume.column if seg.volume is not None else None,
            )
        )
