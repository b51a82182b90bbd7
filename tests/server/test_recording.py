"""Recording and playback against a real camera fleet (camsim over RTSP), checked with
ffprobe and PyAV as a player would read it."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import av
import pytest
from sqlalchemy import create_engine, select

from server.db import default_url
from server.schema import segments as segments_table
from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import run_server

SEGMENT_S = 4
FPS = 15
GOP = 30
GOP_S = GOP / FPS
RECORD_S = 30


def ffprobe(path_or_url: str, *extra: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", *extra, "-show_format", "-show_streams", "-of", "json",
         path_or_url],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def first_frame(path: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v", "-read_intervals", "%+#1",
         "-show_entries", "frame=key_frame,pict_type", "-of", "json", path],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)["frames"][0]


def wire(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def wait_for(predicate, what: str, timeout_s: float = 60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"gave up waiting for {what}")


def recorder_states(srv) -> dict:
    return srv.recorder_states()


def indexed_segments(data_dir) -> list[tuple]:
    """The segment index as rows, times as SQLite keeps them (naive UTC text); read
    through SQLAlchemy so it follows the suite's database (SQLite or PostgreSQL)."""
    t = segments_table.c
    engine = create_engine(default_url(data_dir))
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(t.camera_id, t.start_utc, t.end_utc, t.path, t.bytes,
                                       t.frames).order_by(t.camera_id, t.start_utc)).all()
    finally:
        engine.dispose()
    text = "%Y-%m-%d %H:%M:%S.%f"
    return [(cam, start.strftime(text), end.strftime(text), path, size, frames)
            for cam, start, end, path, size, frames in rows]


def download(url: str, token: str, dest) -> dict:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=60) as resp, open(dest, "wb") as out:
        out.write(resp.read())
        return {k.lower(): v for k, v in resp.headers.items()}


@pytest.mark.slow
@pytest.mark.postgres
def test_record_play_back_survive_a_drop_and_a_crash(tmp_path):
    with run_camsim(tmp_path, cameras=2, ptz=1, fps=FPS, gop=GOP) as fleet:
        with run_server(tmp_path, camsim_url=fleet.control_url, segment_seconds=SEGMENT_S) as srv:
            token = srv.login("operator")
            wait_for(
                lambda: recorder_states(srv) == {"cam001": "recording", "cam002": "recording"},
                "both cameras recording",
            )
            assert srv.get("/cameras/cam001", token)[1]["status"] == "online"
            started = datetime.now(UTC)
            time.sleep(RECORD_S)

            # Every finished segment: H.264 in MP4, about SEGMENT_S long (cut at the
            # first keyframe after SEGMENT_S), its index entry matching the file.
            segments = indexed_segments(srv.data_dir)
            for cam in ("cam001", "cam002"):
                assert sum(1 for s in segments if s[0] == cam) >= RECORD_S // (SEGMENT_S + GOP_S)
            for _cam, start, end, rel, size, frames in segments:
                path = srv.data_dir / rel
                info = ffprobe(str(path), "-count_packets")
                assert "mp4" in info["format"]["format_name"]
                (video,) = info["streams"]
                assert video["codec_name"] == "h264"
                duration = float(info["format"]["duration"])
                assert SEGMENT_S - 0.01 <= duration <= SEGMENT_S + GOP_S + 0.01, rel
                indexed = (
                    datetime.fromisoformat(end) - datetime.fromisoformat(start)
                ).total_seconds()
                assert abs(indexed - duration) < 1.5 / FPS, rel
                assert int(video["nb_read_packets"]) == frames
                assert path.stat().st_size == size
                assert first_frame(str(path))["key_frame"] == 1

            # One span without gaps covers the recorded time.
            status, rec = srv.get(
                "/cameras/cam001/recordings?"
                + urllib.parse.urlencode({"start": wire(started - timedelta(minutes=5)),
                                          "end": wire(datetime.now(UTC))}),
                token,
            )  # fmt: skip
            assert status == 200 and len(rec["spans"]) == 1, rec
            span_start, span_end = (parse(rec["spans"][0][k]) for k in ("start", "end"))
            assert span_start <= started
            assert span_end >= started + timedelta(seconds=RECORD_S - SEGMENT_S - GOP_S - 1)

            # Playback of 10 s inside the span: from the keyframe at or before start.
            want_start = started + timedelta(seconds=5.5)
            want_end = want_start + timedelta(seconds=10)
            query = urllib.parse.urlencode({"start": wire(want_start), "end": wire(want_end)})
            play_url = f"{srv.api}/cameras/cam001/playback?{query}"
            clip = tmp_path / "clip.mp4"
            headers = download(play_url, token, clip)
            assert headers["content-type"] == "video/mp4"
            actual_start = parse(headers["x-pantau-start"])
            assert want_start - timedelta(seconds=GOP_S) <= actual_start <= want_start
            info = ffprobe(str(clip))
            assert info["streams"][0]["codec_name"] == "h264"
            duration = float(info["format"]["duration"])
            assert 10 - 0.1 <= duration <= 10 + GOP_S + 0.1
            expected = (want_end - actual_start).total_seconds()
            assert abs(duration - expected) < 1.5 / FPS
            assert first_frame(str(clip)) == {"key_frame": 1, "pict_type": "I"}

            # A player reading the HTTP stream as it arrives (PyAV, decoding), with the
            # token in the URL as a player without custom headers (VLC) would send it.
            with av.open(f"{play_url}&access_token={token}") as c:
                frames = list(c.decode(video=0))
            assert frames[0].key_frame
            assert abs(len(frames) - expected * FPS) <= 1
            assert frames[-1].time == pytest.approx(expected - 1 / FPS, abs=1.5 / FPS)

            # Nothing recorded an hour ago.
            earlier = started - timedelta(hours=1)
            query = urllib.parse.urlencode(
                {"start": wire(earlier), "end": wire(earlier + timedelta(minutes=10))}
            )
            status, body = srv.get(f"/cameras/cam001/playback?{query}", token)
            assert status == 404 and body["detail"]["code"] == "no_recording"

            # The camera drops and comes back: the recorder says so and resumes.
            fleet.offline("cam002")
            wait_for(
                lambda: recorder_states(srv)["cam002"] in ("reconnecting", "offline"),
                "cam002 reported lost",
            )
            assert srv.get("/cameras/cam002", token)[1]["status"] == "offline"
            fleet.online("cam002")
            wait_for(lambda: recorder_states(srv)["cam002"] == "recording", "cam002 back")

            # Playback across the gap plays both spans back to back, every frame once,
            # with timestamps running on from zero.
            def cam002_spans():
                query = urllib.parse.urlencode(
                    {"start": wire(started - timedelta(minutes=5)), "end": wire(datetime.now(UTC))}
                )
                spans = srv.get(f"/cameras/cam002/recordings?{query}", token)[1]["spans"]
                return spans if len(spans) == 2 else None

            spans = wait_for(cam002_spans, "a segment recorded after the drop")
            first, last = parse(spans[0]["start"]), parse(spans[-1]["end"])
            in_range = [
                s for s in indexed_segments(srv.data_dir)
                if s[0] == "cam002" and first <= parse(s[1] + "Z") < last
            ]  # fmt: skip
            recorded_s = sum(
                (parse(s[2] + "Z") - parse(s[1] + "Z")).total_seconds() for s in in_range
            )
            query = urllib.parse.urlencode({"start": wire(first), "end": wire(last)})
            with av.open(
                f"{srv.api}/cameras/cam002/playback?{query}",
                options={"headers": f"Authorization: Bearer {token}\r\n"},
            ) as c:
                pts = [p.pts * p.time_base for p in c.demux(video=0) if p.pts is not None]
            assert len(pts) == sum(s[5] for s in in_range)
            assert pts[0] == 0 and all(b > a for a, b in zip(pts, pts[1:], strict=False))
            # The seconds of the drop are not in the stream (single late frames from the
            # camera are: they are in the recording too).
            assert float(pts[-1]) + 1 / FPS == pytest.approx(recorded_s, abs=1.5 / FPS)
            assert max(b - a for a, b in zip(pts, pts[1:], strict=False)) < 0.5

            # A player that stops reading releases the server's worker.
            query = urllib.parse.urlencode({"start": wire(first), "end": wire(last)})
            req = urllib.request.Request(
                f"{srv.api}/cameras/cam002/playback?{query}",
                headers={"Authorization": f"Bearer {token}"},
            )
            with urllib.request.urlopen(req, timeout=30) as resp:
                assert resp.read(4096)
            wait_for(lambda: "client went away" in srv.log_text(), "the producer to stop")

            # A crash: the open segment's finished fragments are on disk and playable,
            # and the next start indexes them.
            def cam001_count():
                return sum(1 for s in indexed_segments(srv.data_dir) if s[0] == "cam001")

            before = cam001_count()
            wait_for(lambda: cam001_count() > before, "a new cam001 segment to begin")
            # Into the new segment by more than one GOP (so it has a finished fragment)
            # and less than SEGMENT_S (so it is still open).
            time.sleep(GOP_S + 0.5)
            known = {s[3] for s in indexed_segments(srv.data_dir)}
            srv.process.kill()
            srv.process.wait(timeout=30)
            killed_at = datetime.now(UTC)
            leftovers = [
                p for p in (srv.data_dir / "recordings" / "cam001").rglob("*.mp4")
                if p.relative_to(srv.data_dir).as_posix() not in known
            ]  # fmt: skip
            assert len(leftovers) == 1
            info = ffprobe(str(leftovers[0]))
            assert info["streams"][0]["codec_name"] == "h264"
            assert float(info["format"]["duration"]) >= GOP_S - 0.01
            data_dir = srv.data_dir

        with run_server(tmp_path, data_dir=data_dir, record=False) as again:
            token = again.login("operator")
            query = urllib.parse.urlencode(
                {"start": wire(started), "end": wire(killed_at + timedelta(minutes=1))}
            )
            status, rec = again.get(f"/cameras/cam001/recordings?{query}", token)
            assert status == 200
            # At most the fragment being filled (one GOP) is lost.
            last_end = parse(rec["spans"][-1]["end"])
            assert last_end >= killed_at - timedelta(seconds=GOP_S + 1)
