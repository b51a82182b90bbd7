"""Segment health (issue 13) on real files and a real database: segment_check's verdict
on fragmented MP4 segments written like the recorder's, cut, zero-filled, overwritten
and deleted; a damaged segment handed to the index is indexed with its reason and only
its intact part counts as footage; start-up recovery finds a file gone and a cut
leftover; the plan of a range lists every gap with its reason."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import av
import pytest

from server.footage import Footage
from server.node.playback.plan import coverage, plan_playback
from server.node.recorder.recovery import index_orphans
from server.recordings import (
    GapReason,
    Segment,
    add_segment,
    checked,
    damaged_gaps,
    recorded_spans,
)
from server.segment_check import SegmentHealth, check_segment
from tests.server.conftest import FOOTAGE_T0
from tests.support.footage import picture

FPS, GOP = 10, 10  # a fragment a second
FLAGS = "frag_keyframe+empty_moov+default_base_moof"


def _fragmented(path: Path, frames: int = 40, codec: str = "libx264", bf: int = 2) -> Path:
    """A segment as the recorder writes it: fragmented, a fragment per GOP (B-frames, as
    real cameras send)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4", options={"movflags": FLAGS}) as out:
        stream = out.add_stream(codec, rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.time_base = Fraction(1, FPS * 1000)
        stream.options = {"g": str(GOP), "keyint_min": str(GOP), "bf": str(bf),
                          "preset": "ultrafast"}
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(picture(i), format="rgb24")
            frame.pts, frame.time_base = i * 1000, stream.time_base
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def _zero_from(path: Path, fraction: float) -> None:
    data = bytearray(path.read_bytes())
    at = int(len(data) * fraction)
    data[at:] = bytes(len(data) - at)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("codec", ["libx264", "libx265"])
def test_a_whole_segment_is_ok(tmp_path, codec):
    verdict = check_segment(_fragmented(tmp_path / "a.mp4", codec=codec), 40)
    assert (verdict.health, verdict.intact_s, verdict.frames) == (SegmentHealth.OK, None, 40)


def test_damage_is_found_and_the_intact_fragments_kept(tmp_path):
    good = _fragmented(tmp_path / "good.mp4")
    data = good.read_bytes()

    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    verdict = check_segment(cut, 40)
    assert verdict.health is SegmentHealth.TRUNCATED
    assert verdict.intact_s in (1.0, 2.0) and verdict.frames == verdict.intact_s * FPS

    zeroed = tmp_path / "zeroed.mp4"
    zeroed.write_bytes(data)
    _zero_from(zeroed, 0.6)
    verdict = check_segment(zeroed, 40)
    assert verdict.health is SegmentHealth.CORRUPT and 1.0 <= verdict.intact_s <= 3.0

    blank = tmp_path / "blank.mp4"
    blank.write_bytes(bytes(len(data)))
    assert check_segment(blank, 40).health is SegmentHealth.CORRUPT
    assert check_segment(blank, 40).intact_s == 0

    # The boxes are whole, the pictures overwritten: NAL units that cannot be.
    scribbled = bytearray(data)
    mdat = data.index(b"mdat")
    scribbled[mdat + 4 : mdat + 4 + 64] = b"\xff" * 64
    (tmp_path / "scribbled.mp4").write_bytes(bytes(scribbled))
    verdict = check_segment(tmp_path / "scribbled.mp4", 40)
    assert (verdict.health, verdict.intact_s) == (SegmentHealth.CORRUPT, 0.0)

    assert check_segment(tmp_path / "gone.mp4", 40).health is SegmentHealth.MISSING
    # Killed before its first fragment was complete: the moov alone holds no picture,
    # whether or not the check decodes.
    moov_end = data.index(b"moof") - 4
    (tmp_path / "moov-only.mp4").write_bytes(data[:moov_end])
    for decode in (True, False):
        verdict = check_segment(tmp_path / "moov-only.mp4", 40, decode=decode)
        assert (verdict.health, verdict.intact_s, verdict.frames) == (
            SegmentHealth.TRUNCATED, 0.0, 0)
    # Whole boxes, fewer frames than the recorder counted: cut at a fragment boundary.
    assert check_segment(good, 50).health is SegmentHealth.TRUNCATED


def _video_samples(path: Path) -> list[tuple[int, int]]:
    """(byte offset, size) of each video sample, as ffprobe reads the file."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pos,size", "-of", "json", str(path)],
        check=True, capture_output=True, text=True).stdout
    return [(int(p["pos"]), int(p["size"])) for p in json.loads(out)["packets"]]


@pytest.mark.parametrize("codec", ["libx264", "libx265"])
def test_zeros_inside_a_picture_are_found_where_every_length_is_intact(tmp_path, codec):
    """A power cut zeroes disk blocks, not boxes: in the newest segment the zeros may all
    fall inside one large keyframe, whose NAL lengths and box sizes stay intact."""
    good = _fragmented(tmp_path / "good.mp4", codec=codec)
    data = good.read_bytes()
    samples = _video_samples(good)
    key_at, key_size = max(samples[GOP : 2 * GOP], key=lambda s: s[1])  # 2nd fragment
    assert key_size > 256
    inside = bytearray(data)
    inside[key_at + key_size // 2 : key_at + key_size - 1] = bytes(key_size // 2 - 1)
    (tmp_path / "inside.mp4").write_bytes(bytes(inside))
    verdict = check_segment(tmp_path / "inside.mp4", 40)
    assert (verdict.health, verdict.intact_s, verdict.frames) == (
        SegmentHealth.CORRUPT, 1.0, GOP)

    # The newest segment cut by the stop after one fragment: its tail zeroed to the end.
    one = tmp_path / "one.mp4"
    _fragmented(one, frames=GOP, codec=codec)
    key_at, key_size = max(_video_samples(one), key=lambda s: s[1])
    tail = bytearray(one.read_bytes())
    tail[key_at + key_size // 2 :] = bytes(len(tail) - key_at - key_size // 2)
    one.write_bytes(bytes(tail))
    verdict = check_segment(one, GOP)
    assert (verdict.health, verdict.intact_s) == (SegmentHealth.CORRUPT, 0.0)


def test_a_damaged_segment_is_indexed_with_its_reason(api):
    data = api.ctx.settings.data_dir
    t0 = FOOTAGE_T0
    segs = []
    for n in range(3):
        rel = f"recordings/cam001/2026-11-22/seg{n}.mp4"
        _fragmented(data / rel)
        start = t0 + timedelta(seconds=4 * n)
        segs.append(Segment("cam001", start, start + timedelta(seconds=4), rel,
                            (data / rel).stat().st_size, 40))
    cut = data / segs[1].path
    cut.write_bytes(cut.read_bytes()[: int(cut.stat().st_size * 0.7)])
    (data / segs[2].path).unlink()
    for seg in segs:  # what the recorder manager does with each finished segment
        with api.ctx.engine.begin() as conn:
            add_segment(conn, checked(data, seg))

    end = t0 + timedelta(seconds=12)
    with api.ctx.engine.connect() as conn:
        spans = recorded_spans(conn, "cam001", t0, end)
        gaps = damaged_gaps(conn, "cam001", t0, end)
    assert len(spans) == 1 and spans[0].start == t0
    assert t0 + timedelta(seconds=5) <= spans[0].end <= t0 + timedelta(seconds=6)
    assert [(g.start, g.end, g.reason) for g in gaps] == [
        (spans[0].end, t0 + timedelta(seconds=8), GapReason.TRUNCATED),
        (t0 + timedelta(seconds=8), end, GapReason.MISSING),
    ]
    resp = api.get("/cameras/cam001/recordings", api.token("viewer"),
                   start="2026-11-22T03:00:00Z", end="2026-11-22T03:00:20Z")
    assert resp.status_code == 200, resp.text
    assert [g["reason"] for g in resp.json()["gaps"]] == ["truncated", "missing"]

    plan = plan_playback(api.ctx.engine, Footage(data), "cam001", t0, end + timedelta(seconds=2))
    assert [(p.start, p.end) for p in plan.pieces] == [(s.start, s.end) for s in spans]
    assert [g.reason for g in plan.gaps] == [
        GapReason.TRUNCATED, GapReason.MISSING, GapReason.NOT_RECORDED]
    nothing = coverage(api.ctx.engine, Footage(data), "cam001", t0 + timedelta(seconds=9), end)
    assert nothing.pieces == () and [g.reason for g in nothing.gaps] == [GapReason.MISSING]


def test_start_up_marks_files_gone_and_indexes_a_cut_leftover(api):
    data = api.ctx.settings.data_dir
    rel = "recordings/cam001/2026-11-22/20261122T030000.000000Z.mp4"
    _fragmented(data / rel)
    with api.ctx.engine.begin() as conn:
        add_segment(conn, Segment("cam001", FOOTAGE_T0, FOOTAGE_T0 + timedelta(seconds=4),
                                  rel, 1, 40))
    (data / rel).unlink()
    # A crash's leftover, not indexed, its last fragment cut.
    left = "recordings/cam001/2026-11-22/20261122T030010.000000Z.mp4"
    _fragmented(data / left)
    raw = (data / left).read_bytes()
    (data / left).write_bytes(raw[: int(len(raw) * 0.8)])

    assert index_orphans(api.ctx.engine, data) == 1
    t0 = FOOTAGE_T0
    with api.ctx.engine.connect() as conn:
        gaps = damaged_gaps(conn, "cam001", t0, t0 + timedelta(seconds=30))
        spans = recorded_spans(conn, "cam001", t0, t0 + timedelta(seconds=30))
    assert gaps[0].start == t0 and gaps[0].end == t0 + timedelta(seconds=4)
    assert gaps[0].reason is GapReason.MISSING
    # What is intact of the leftover is footage; the rest of it a truncated gap.
    assert len(spans) == 1 and spans[0].start == t0 + timedelta(seconds=10)
    assert [g.reason for g in gaps[1:]] == [GapReason.TRUNCATED]
    assert gaps[1].start == spans[0].end
