"""Camera audio and the codec's name in exports: segments made by ffmpeg as the recorder
makes them (fragmented MP4, H.264 or H.265 with AAC audio), cut by the real server and
checked with ffprobe."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from server.recordings import Segment, add_segment
from tests.server.conftest import FOOTAGE_T0 as T0
from tests.server.conftest import make_api
from tests.server.test_exports import _ask, _download, _post, _wait_done


def _segment(api, at, seconds: float, video: str = "libx264", audio: bool = True,
             bframes: int = 0) -> None:
    """One recorded segment made by ffmpeg: 15 fps, a keyframe a second, 48 kHz AAC
    (a 440 Hz tone) when ``audio``; indexed like the recorder's."""
    data: Path = api.ctx.settings.data_dir
    rel = f"recordings/cam001/{at.strftime('%Y%m%dT%H%M%S%f')}.mp4"
    (data / rel).parent.mkdir(parents=True, exist_ok=True)
    cmd = ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
           f"testsrc=s=320x180:r=15:d={seconds}"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={seconds}",
                "-c:a", "aac", "-b:a", "64k"]
    cmd += ["-c:v", video, "-g", "15", "-bf", str(bframes), "-pix_fmt", "yuv420p",
            "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(data / rel)]
    if video == "libx265":
        cmd[-1:-1] = ["-x265-params", "log-level=error:keyint=15:bframes=0", "-tag:v", "hvc1"]
    else:
        cmd[-1:-1] = ["-x264-params", "keyint=15:min-keyint=15:scenecut=0"]
    subprocess.run(cmd, check=True, timeout=120)
    seg = Segment("cam001", at, at + timedelta(seconds=seconds), rel,
                  (data / rel).stat().st_size, round(seconds * 15))
    with api.ctx.engine.begin() as conn:
        add_segment(conn, seg)


@pytest.fixture
def audio_api(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        yield api


def _streams(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries",
         "stream=codec_type,codec_name,sample_rate,duration:format=duration",
         "-of", "json", str(path)], capture_output=True, text=True, timeout=60, check=True)
    probe = json.loads(out.stdout)
    return {s["codec_type"]: s for s in probe["streams"]}, float(probe["format"]["duration"])


def test_camera_audio_is_copied_across_a_gap_and_the_manifest_says_so(audio_api, tmp_path):
    api = audio_api
    _segment(api, T0, 4)
    _segment(api, T0 + timedelta(seconds=4), 4)
    _segment(api, T0 + timedelta(seconds=12), 4)  # 8-12 s: the camera was offline
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(1, 16)).json()["id"])
    assert job["state"] == "done", job
    mp4, manifest_path, _ = _download(api, token, job, tmp_path / "evidence")
    manifest = json.loads(manifest_path.read_bytes())
    assert manifest["video"]["codec"] == "h264"
    assert manifest["audio"]["kept"] is True and manifest["audio"]["codec"] == "aac"
    assert manifest["audio"]["sample_rate"] == 48000
    assert [g["reason"] for g in manifest["gaps"]] == ["not_recorded"]
    streams, duration = _streams(mp4)
    assert streams["audio"]["codec_name"] == "aac" and streams["audio"]["sample_rate"] == "48000"
    contained = manifest["contained"]
    assert contained["start_utc"] <= "2026-11-22T03:00:01.000Z"  # the keyframe before 1 s
    # The file's length is the contained time with the 4 s gap in it; the sound covers
    # the recorded time (16 - 4 s less what precedes the first picture), none in the gap.
    assert duration == pytest.approx(contained["duration_s"], abs=1 / 15)
    assert contained["duration_s"] - contained["recorded_s"] == pytest.approx(4.0, abs=1 / 15)
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "packet=pts_time,duration_time", "-of", "json", str(mp4)],
        capture_output=True, text=True, timeout=60, check=True)
    packets = json.loads(out.stdout)["packets"]
    heard = len(packets) * 1024 / 48000  # an AAC frame is 1024 samples (the MP4 stretches
    # the last one before a gap over it, so its duration_time says nothing)
    assert heard == pytest.approx(contained["recorded_s"], abs=0.1)
    spans = manifest["spans"]
    gap = (spans[0]["file_end_s"], spans[1]["file_start_s"])
    assert gap[1] - gap[0] == pytest.approx(4.0, abs=1 / 15)
    assert not [p for p in packets if gap[0] + 0.05 < float(p["pts_time"]) < gap[1] - 0.05]


def test_without_audio_the_manifest_says_none_was_kept(audio_api, tmp_path):
    api = audio_api
    _segment(api, T0, 4, audio=False)
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(0, 4)).json()["id"])
    mp4, manifest_path, _ = _download(api, token, job, tmp_path / "evidence")
    manifest = json.loads(manifest_path.read_bytes())
    assert manifest["audio"]["kept"] is False and manifest["audio"]["codec"] is None
    assert "audio" not in _streams(mp4)[0]


def test_h265_is_named_hevc_and_watermarked_exports_keep_the_audio(audio_api, tmp_path):
    api = audio_api
    _segment(api, T0, 4, video="libx265")
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(0, 4)).json()["id"])
    manifest = json.loads(_download(api, token, job, tmp_path / "copy")[1].read_bytes())
    assert manifest["video"]["codec"] == "hevc" and manifest["reencoded"] is False
    marked = _wait_done(api, token, _post(api, token, **_ask(0, 4), watermark=True).json()["id"])
    assert marked["state"] == "done", marked
    mp4, manifest_path, _ = _download(api, token, marked, tmp_path / "marked")
    manifest = json.loads(manifest_path.read_bytes())
    assert manifest["video"]["codec"] == "h264" and manifest["audio"]["kept"] is True
    streams, _ = _streams(mp4)
    assert (streams["video"]["codec_name"], streams["audio"]["codec_name"]) == ("h264", "aac")


def _frame_times(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "frame=pts_time:format_tags=comment", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60, check=True)
    probe = json.loads(out.stdout)
    return sorted(float(f["pts_time"]) for f in probe["frames"]), probe["format"].get("tags", {})


def test_with_b_frames_each_picture_keeps_its_recorded_time(audio_api, tmp_path):
    """A camera sending B-frames (pictures stored out of display order): a picture's time
    read from the export alone equals its time in the recorded segment."""
    from server.clock import parse_wire

    api = audio_api
    for at in (0, 4):
        _segment(api, T0 + timedelta(seconds=at), 4, bframes=2)
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(2.5, 7)).json()["id"])
    assert job["state"] == "done", job
    mp4, _, _ = _download(api, token, job, tmp_path / "evidence")
    data = api.ctx.settings.data_dir
    recorded = []
    for at, seg in zip((0, 4), sorted((data / "recordings" / "cam001").glob("*.mp4")),
                       strict=True):
        recorded += [at + t for t in _frame_times(seg)[0]]
    times, tags = _frame_times(mp4)
    origin = (parse_wire(tags["comment"].split("=", 1)[1]) - T0).total_seconds()
    exported = [origin + t for t in times]
    # Every exported picture is a recorded one, at its recorded time (the tag has
    # millisecond precision), from the keyframe before 2.5 s on.
    assert len(exported) >= 4.5 * 15
    for t in exported:
        assert min(abs(t - r) for r in recorded) < 0.002, t
    assert exported[0] <= 2.5 and exported == sorted(exported)


def test_the_recorders_own_segments_export_with_the_cameras_aac(tmp_path):
    """What the recorder writes from a camera with audio (a GStreamer RTSP camera, AAC at
    16 kHz) exports with that audio, copied, and says so."""

    from tests.support.gst_camera import GstCamera, record_segments

    data = tmp_path / "data"
    api, client = make_api(data)
    with GstCamera(tmp_path, fps=15, gop=15, audio=True) as cam:
        segments = record_segments(cam, data, "cam001", 1.0, at_least=4)
    assert len(segments) >= 4, segments
    with api.ctx.engine.begin() as conn:
        for seg in segments:
            add_segment(conn, seg)
    start, end = segments[1].start, segments[3].end
    with client:
        token = api.token("supervisor")
        ask = {**_ask(0, 1), "start": start.isoformat(), "end": end.isoformat()}
        job = _wait_done(api, token, _post(api, token, **ask).json()["id"])
        assert job["state"] == "done", job
        mp4, manifest_path, _ = _download(api, token, job, tmp_path / "evidence")
    manifest = json.loads(manifest_path.read_bytes())
    assert manifest["audio"]["kept"] is True and manifest["audio"]["codec"] == "aac"
    assert manifest["audio"]["sample_rate"] == 16000
    streams, duration = _streams(mp4)
    assert (streams["video"]["codec_name"], streams["audio"]["codec_name"]) == ("h264", "aac")
    assert duration == pytest.approx(manifest["contained"]["duration_s"], abs=0.1)
