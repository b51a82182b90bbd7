"""Exports across gaps, checked as a third party would: ffprobe for the MP4's timeline,
the `cryptography` package and openssl for the signature, following
docs/evidence-format.md and not Pantau's own verifier.

Footage of cam001 (10 fps, a keyframe a second): recorded 0-8 s, nothing 8-15.5 s (the
camera was offline), recorded 15.5-24 s, a 4 s segment indexed at 24-28 s whose file is
gone, recorded 28-32 s.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import timedelta

import av
import pytest
from cryptography.hazmat.primitives import serialization

from server.clock import parse_wire, to_wire
from server.recordings import add_segment
from tests.server.conftest import FOOTAGE_T0 as T0
from tests.server.conftest import make_api
from tests.server.test_exports import _ask, _download, _post, _wait_done
from tests.support.footage import picture, record

FPS = 10
FRAME_S = 1 / FPS


@pytest.fixture
def gap_api(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    engine = api.ctx.engine
    record(engine, data, "cam001", T0, seconds=8, segment_s=4)
    record(engine, data, "cam001", T0 + timedelta(seconds=15.5), seconds=8.5, segment_s=4.5)
    lost = record(engine, data, "cam001", T0 + timedelta(seconds=24), seconds=4, segment_s=4)
    (data / lost[0].path).unlink()
    record(engine, data, "cam001", T0 + timedelta(seconds=28), seconds=4, segment_s=4)
    with client:
        yield api


def _probe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries",
         "format=duration:format_tags=comment,creation_time:stream=codec_type,codec_name"
         ":packet=stream_index,pts_time,duration_time",
         "-of", "json", str(path)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def _t(seconds):
    return T0 + timedelta(seconds=seconds)


def test_a_gap_stays_a_gap_and_the_manifest_lists_every_span_and_gap(gap_api, tmp_path):
    api = gap_api
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(2, 31)).json()["id"])
    assert job["state"] == "done", job
    mp4, manifest_path, key = _download(api, token, job, tmp_path / "evidence")
    manifest = json.loads(manifest_path.read_bytes())

    assert manifest["pantau_export"] == 2
    spans = [(parse_wire(s["start_utc"]), parse_wire(s["end_utc"])) for s in manifest["spans"]]
    assert spans == [(_t(2), _t(8)), (_t(15.5), _t(24)), (_t(28), _t(31))]
    gaps = [(parse_wire(g["start_utc"]), parse_wire(g["end_utc"]), g["reason"])
            for g in manifest["gaps"]]
    assert gaps == [(_t(8), _t(15.5), "not_recorded"), (_t(24), _t(28), "missing")]
    assert manifest["contained"]["duration_s"] == 29.0
    assert manifest["contained"]["recorded_s"] == 17.5
    assert manifest["video"]["frames"] == 175

    # The file alone: its comment says when timestamp zero was recorded, and its
    # duration is the contained time, gaps included (not the 17.5 s recorded).
    probe = _probe(mp4)
    origin_tag = probe["format"]["tags"]["comment"]
    assert origin_tag == f"pantau-start={to_wire(_t(2))}" == manifest["timeline"]["mp4_comment"]
    origin = parse_wire(origin_tag.split("=", 1)[1])
    assert float(probe["format"]["duration"]) == pytest.approx(29.0, abs=FRAME_S)
    times = [float(p["pts_time"]) for p in probe["packets"]]
    assert len(times) == 175 and times == sorted(times)
    # No picture inside a gap; each span starts at its file time.
    for g in manifest["gaps"]:
        lo = (parse_wire(g["start_utc"]) - origin).total_seconds()
        hi = (parse_wire(g["end_utc"]) - origin).total_seconds()
        assert not [t for t in times if lo + FRAME_S / 2 < t < hi - FRAME_S / 2]
    for s in manifest["spans"]:
        assert min(abs(t - s["file_start_s"]) for t in times) < 1e-3

    # A frame after the gap: its UTC time read from the file alone is when it was
    # recorded (frame 3 of the recording that restarted at 15.5 s, green 40 + 21).
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            at = origin + timedelta(seconds=float(frame.pts * stream.time_base))
            if at >= _t(15.8 - FRAME_S / 2):
                break
    assert abs((at - _t(15.8)).total_seconds()) < FRAME_S
    green = frame.to_ndarray(format="rgb24")[100:110, 20:60, 1].mean()
    assert abs(green - picture(3)[0, 0, 1]) < 12


def test_the_signature_checks_by_the_documented_recipe_without_pantau(gap_api, tmp_path):
    """docs/evidence-format.md: the signature is Ed25519 over the manifest file's bytes;
    key_id is the first 16 hex characters of SHA-256 over the raw 32-byte public key."""
    api = gap_api
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(0, 10)).json()["id"])
    mp4, manifest_path, key = _download(api, token, job, tmp_path / "evidence")
    sig_path = manifest_path.with_name(manifest_path.name.replace(".json", ".sig"))
    data, signature = manifest_path.read_bytes(), sig_path.read_bytes()

    public = serialization.load_pem_public_key(key["public_key_pem"].encode())
    public.verify(signature, data)  # raises InvalidSignature if not
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert hashlib.sha256(raw).hexdigest() == key["fingerprint"]
    manifest = json.loads(data)
    assert manifest["server"]["key_id"] == hashlib.sha256(raw).hexdigest()[:16] == key["key_id"]
    assert manifest["file"]["sha256"] == hashlib.sha256(mp4.read_bytes()).hexdigest()
    # The footage ends at 8 s; the rest of the asked range is a gap, and says why.
    assert manifest["contained"]["duration_s"] == 8.0
    assert [(g["start_utc"], g["end_utc"], g["reason"]) for g in manifest["gaps"]] == [
        (to_wire(_t(8)), to_wire(_t(10)), "not_recorded")]

    # openssl, as an expert without Python would.
    pem = tmp_path / "server.pem"
    pem.write_text(key["public_key_pem"])
    cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(pem), "-rawin",
           "-in", str(manifest_path), "-sigfile", str(sig_path)]
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "Signature Verified Successfully" in ok.stdout
    manifest_path.write_bytes(data.replace(b'"supervisor"', b'"supervisorx"', 1))
    assert subprocess.run(cmd, capture_output=True, timeout=60).returncode != 0


def test_the_key_fingerprint_is_published_in_api_cli_and_log(gap_api, tmp_path, caplog):
    import sys

    key = gap_api.client.get("/api/v1/exports/public-key").json()
    assert len(key["fingerprint"]) == 64 and key["fingerprint"].startswith(key["key_id"])
    cli = subprocess.run(
        [sys.executable, "-m", "server", "keys", "fingerprint", "--data-dir",
         str(gap_api.ctx.settings.data_dir)], capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    shown = json.loads(cli.stdout)
    assert (shown["key_id"], shown["fingerprint"]) == (key["key_id"], key["fingerprint"])
    assert "PRIVATE" not in cli.stdout
    from server.app import create_app

    with caplog.at_level("INFO", logger="server.app"):
        create_app(gap_api.ctx, start_services=False)
    assert any(key["fingerprint"] in r.getMessage() for r in caplog.records)


def _segment_with_a_dropped_frame(api, at, frames=40, dropped=17):
    """A 4 s segment whose frame ``dropped`` never arrived: its timestamps jump a frame."""
    from fractions import Fraction

    data = api.ctx.settings.data_dir
    rel = f"recordings/cam001/{at.strftime('%Y%m%dT%H%M%S%f')}.mp4"
    (data / rel).parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(data / rel), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.time_base = Fraction(1, FPS * 1000)
        stream.options = {"g": "10", "bf": "0", "preset": "ultrafast"}
        for i in (i for i in range(frames) if i != dropped):
            frame = av.VideoFrame.from_ndarray(picture(i), format="rgb24")
            frame.pts, frame.time_base = i * 1000, stream.time_base
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    from server.recordings import Segment

    seg = Segment("cam001", at, at + timedelta(seconds=frames / FPS), rel,
                  (data / rel).stat().st_size, frames - 1)
    with api.ctx.engine.begin() as conn:
        add_segment(conn, seg)


def test_five_concurrent_watermarked_exports_over_a_gap_and_a_dropped_frame(gap_api, tmp_path):
    api = gap_api
    _segment_with_a_dropped_frame(api, _t(32))
    token = api.token("supervisor")
    mask = {"x": 0.0, "y": 0.0, "w": 0.2, "h": 0.2}
    ids = [_post(api, token, **_ask(4 + i * 0.5, 36), watermark=True, masks=[mask]).json()["id"]
           for i in range(5)]
    jobs = [_wait_done(api, token, i, timeout_s=180) for i in ids]
    assert [j["state"] for j in jobs] == ["done"] * 5, [j["error"] for j in jobs]
    mp4, manifest_path, _ = _download(api, token, jobs[0], tmp_path / "first")
    manifest = json.loads(manifest_path.read_bytes())
    assert manifest["reencoded"] is True and manifest["video"]["codec"] == "h264"
    assert [g["reason"] for g in manifest["gaps"]] == ["not_recorded", "missing"]
    origin = parse_wire(manifest["timeline"]["origin_utc"])
    probe = _probe(mp4)
    assert probe["format"]["tags"]["comment"] == manifest["timeline"]["mp4_comment"]
    times = [float(p["pts_time"]) for p in probe["packets"]]
    assert times == sorted(times) and len(set(times)) == len(times)
    # The gap is still a gap after re-encoding: the first picture after it is at 15.5 s.
    after = min(t for t in times if t > (_t(8) - origin).total_seconds())
    assert origin + timedelta(seconds=after) == pytest.approx(_t(15.5), abs=timedelta(
        seconds=FRAME_S))
    # 8-15.5 and 24-28 hold nothing; 32-36 lost one frame: 4*10 + ... frames in all.
    assert len(times) == (8 - 4) * FPS + 85 + 40 + 39


def test_a_bookmark_outside_the_callers_scope_or_camera_is_refused(gap_api):
    api = gap_api
    admin = api.token("admin")
    marks = {}
    for camera in ("cam001", "cam003"):
        resp = api.client.post("/api/v1/bookmarks", headers={"Authorization": f"Bearer {admin}"},
                               json={"camera_id": camera, "at": to_wire(_t(5)),
                                     "title": f"Insiden {camera}"})
        assert resp.status_code in (200, 201), resp.text
        marks[camera] = resp.json()["id"]
    police = api.token("police")  # Jakarta Selatan: cam001, not cam003 (Jakarta Pusat)
    other_area = _post(api, police, **_ask(0, 5), bookmark_id=marks["cam003"])
    assert other_area.status_code == 404
    assert other_area.json()["detail"]["code"] == "bookmark_not_found"
    supervisor = api.token("supervisor")
    other_camera = _post(api, supervisor, **_ask(0, 5), bookmark_id=marks["cam003"])
    assert other_camera.status_code == 404
    assert _post(api, police, **_ask(0, 5), bookmark_id=999999).status_code == 404
    assert not api.get("/exports", supervisor).json()  # nothing was queued
    good = _post(api, police, **_ask(0, 5), bookmark_id=marks["cam001"])
    assert good.status_code == 202 and good.json()["bookmark_id"] == marks["cam001"]


def test_a_damaged_segment_is_a_named_gap_never_exported_as_intact(gap_api, tmp_path):
    """The 15.5-20 s segment cut to half its bytes (a disk that failed mid-write): the
    export holds 2-8 s and 20-24 s, and says what is lost and why."""
    api = gap_api
    data = api.ctx.settings.data_dir
    with api.ctx.engine.connect() as conn:
        from server.recordings import segments_in

        damaged = segments_in(conn, "cam001", _t(15.5), _t(16))[0]
    raw = (data / damaged.path).read_bytes()
    (data / damaged.path).write_bytes(raw[: len(raw) // 2])
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(2, 23)).json()["id"])
    assert job["state"] == "done", job
    mp4, manifest_path, _ = _download(api, token, job, tmp_path / "evidence")
    manifest = json.loads(manifest_path.read_bytes())
    gaps = [(parse_wire(g["start_utc"]), parse_wire(g["end_utc"]), g["reason"])
            for g in manifest["gaps"]]
    assert gaps[0] == (_t(8), _t(15.5), "not_recorded")
    assert gaps[1][:2] == (_t(15.5), _t(20)) and gaps[1][2] in ("truncated", "corrupt")
    assert manifest["contained"]["recorded_s"] == 9.0  # 2-8 s and 20-23 s
    times = [float(p["pts_time"]) for p in _probe(mp4)["packets"]]
    assert len(times) == 90 and not [t for t in times if 6.05 < t < 17.95]
