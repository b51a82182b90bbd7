"""Faces blurred before footage leaves (issue 17), on real footage: camsim's staged camera
shows a real face photograph (scikit-image's astronaut, Eileen Collins) crossing the
scene; the server records it; an export asked to blur faces finds the face itself and
pixelates it in every picture it is in, and changes nothing else, compared picture by
picture with the unblurred cut of the same range; its manifest says which pictures were
blurred and by what."""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from skimage import data

from camsim.stage import FACE_HEIGHT, FACE_TOP
from server.clock import parse_wire, to_wire
from tests.support.camsim_fleet import run_camsim
from tests.support.net import http_json
from tests.support.server_proc import run_server

CROSS_S = 6.0
# Eileen Collins' face in camsim's photograph (skimage astronaut rows 0-300, columns
# 100-350): its box in fractions of the photograph, from the photograph's pixels.
FACE_IN_PHOTO = (80 / 250, 62 / 300, 171 / 250, 178 / 300)


def _export(srv, token, body) -> dict:
    status, job = http_json("POST", srv.api + "/exports", body, token=token)
    assert status == 202, job
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        status, job = http_json("GET", srv.api + f"/exports/{job['id']}", token=token)
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert job["state"] == "done", job
    return job


def _download(srv, token, export_id: int, part: str, dest: Path) -> Path:
    request = urllib.request.Request(srv.api + f"/exports/{export_id}/{part}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        dest.write_bytes(answer.read())
    return dest


def _pictures(path: Path) -> dict[float, np.ndarray]:
    """Seconds after the clip's first picture -> the picture."""
    with av.open(str(path)) as container:
        return {float(frame.pts * frame.time_base): frame.to_ndarray(format="rgb24")
                for frame in container.decode(video=0)}


def _photo_template(width: int, height: int) -> np.ndarray:
    photo = data.astronaut()[0:300, 100:350]
    return cv2.resize(photo, (width, height), interpolation=cv2.INTER_AREA)


def _detail(picture: np.ndarray) -> np.ndarray:
    """The fine detail a face is recognised by: grey minus its 5x5 average."""
    grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY).astype(np.float64)
    return grey - cv2.blur(grey, (5, 5))


def _same_detail(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of two pictures' fine detail: near 1 for the same face re-encoded,
    near 0 when one of them no longer carries it."""
    da, db = _detail(a).ravel(), _detail(b).ravel()
    return float(np.corrcoef(da, db)[0, 1])


@pytest.mark.slow
def test_an_export_pixelates_the_face_in_every_picture_and_nothing_else(tmp_path):
    with run_camsim(tmp_path, cameras=1, ptz=0, staged=1) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, segment_seconds=4) as srv:
        token = srv.token("supervisor")
        deadline = time.monotonic() + 60
        while fleet.sessions("stg001")["main"]["active"] < 1:  # the recorder is on it
            assert time.monotonic() < deadline
            time.sleep(0.5)
        time.sleep(3)
        began = parse_wire(fleet.stage("stg001", {"act": "face", "seconds": CROSS_S})["began"])
        time.sleep(CROSS_S + 1)
        fleet.stage("stg001", {"act": "calm"})
        start, end = began + timedelta(seconds=0.5), began + timedelta(seconds=CROSS_S - 0.5)
        # recorded past the end: segments of 4 s are indexed as they close
        deadline = time.monotonic() + 30
        while True:
            status, spans = http_json("GET", srv.api + "/cameras/stg001/recordings?start="
                                      + to_wire(start) + "&end=" + to_wire(end), token=token)
            if spans["spans"] and parse_wire(spans["spans"][-1]["end"]) >= end:
                break
            assert time.monotonic() < deadline, spans
            time.sleep(0.5)

        ask = {"camera_id": "stg001", "start": to_wire(start), "end": to_wire(end),
               "reason": "Laporan pencurian", "case_number": "LP/123/XII/2026"}
        plain = _export(srv, token, ask)
        blurred = _export(srv, token, {**ask, "blur_faces": True})
        # re-encoded as the blurred one is, without blurring: the control
        reencoded = _export(srv, token, {**ask, "watermark": True})
        assert blurred["reencoded"] is True and plain["reencoded"] is False
        before = _pictures(_download(srv, token, plain["id"], "file", tmp_path / "plain.mp4"))
        after = _pictures(_download(srv, token, blurred["id"], "file", tmp_path / "blur.mp4"))
        control = _pictures(_download(srv, token, reencoded["id"], "file",
                                      tmp_path / "control.mp4"))
        manifest_path = _download(srv, token, blurred["id"], "manifest",
                                  tmp_path / "blur.manifest.json")
        manifest = json.loads(manifest_path.read_text())

        # The mask editor's way: scan first, correct, then export what was approved.
        status, scan = http_json("POST", srv.api + "/face-scans", {
            "camera_id": "stg001", "start": to_wire(start), "end": to_wire(end)}, token=token)
        assert status == 202, scan
        deadline = time.monotonic() + 120
        while scan["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline, scan
            time.sleep(0.5)
            status, scan = http_json("GET", srv.api + f"/face-scans/{scan['id']}", token=token)
        assert scan["state"] == "done", scan
        assert scan["detector"].startswith("CenterFace") and scan["tracks"]
        for track in scan["tracks"]:  # every face found lies on the photograph's band
            for point in track["points"]:
                assert FACE_TOP - 0.05 <= point["y"] <= FACE_TOP + FACE_HEIGHT, point
        drawn = {"id": 900, "source": "supervisor", "points": [
            {"at": to_wire(start), "x": 0.02, "y": 0.8, "w": 0.1, "h": 0.15},
            {"at": to_wire(end), "x": 0.02, "y": 0.8, "w": 0.1, "h": 0.15}]}
        corrected = _export(srv, token, {**ask, "blur_faces": True, "faces": {
            "tracks": [*scan["tracks"], drawn], "dropped": [], "detector": scan["detector"]}})
        corrected_manifest = json.loads(_download(
            srv, token, corrected["id"], "manifest", tmp_path / "corrected.json").read_text())
        corrected_file = _pictures(_download(srv, token, corrected["id"], "file",
                                             tmp_path / "corrected.mp4"))

    assert sorted(before) == sorted(after)  # the same pictures, picture for picture
    height, width = next(iter(before.values())).shape[:2]
    sprite_w = round(FACE_HEIGHT * (250 / 300) / (width / height) * width)
    sprite_h = round(FACE_HEIGHT * height)
    template = _photo_template(sprite_w, sprite_h)
    top = round(FACE_TOP * height)
    checked = 0
    blurred_indices = set()
    first_at = parse_wire(blurred["actual_start"])
    for index, offset in enumerate(sorted(before)):
        plain_picture, blurred_picture = before[offset], after[offset]
        strip = plain_picture[top:top + sprite_h]
        match = cv2.matchTemplate(strip, template, cv2.TM_CCOEFF_NORMED)
        _, score, _, (left, _) = cv2.minMaxLoc(match)
        at = first_at + timedelta(seconds=offset)
        if at < began + timedelta(seconds=0.2):
            continue  # the cut starts at the keyframe before start: the face may not be in
        assert score > 0.8, (index, score)  # the photograph is in every later picture
        fx0, fy0, fx1, fy1 = FACE_IN_PHOTO
        face = (slice(top + int(fy0 * sprite_h), top + int(fy1 * sprite_h)),
                slice(left + int(fx0 * sprite_w), left + int(fx1 * sprite_w)))
        # The face: its detail gone (pixelated), unlike the unblurred cut.
        kept = _same_detail(blurred_picture[face], plain_picture[face])
        assert kept < 0.3, (index, kept)
        # ... which a re-encode alone keeps (the measure can tell them apart).
        assert _same_detail(control[offset][face], plain_picture[face]) > 0.8, index
        # Elsewhere, away from the photograph: the same picture, but for re-encoding.
        outside = np.ones((height, width), dtype=bool)
        outside[max(0, top - 40):top + sprite_h + 40,
                max(0, left - 40):left + sprite_w + 40] = False
        difference = np.abs(blurred_picture.astype(np.int16) - plain_picture.astype(np.int16))
        assert difference.max(axis=2)[outside].mean() < 3.0, index
        checked += 1
        blurred_indices.add(index)
    assert checked >= CROSS_S * 10  # 15 fps, a few seconds

    faces = next(step for step in manifest["applied"] if step["kind"] == "face_blur")
    assert faces["detector"].startswith("CenterFace") and len(faces["model_sha256"]) == 64
    assert faces["method"].startswith("pixelated")
    listed = {i for first, last in faces["frames"] for i in range(first, last + 1)}
    assert blurred_indices <= listed
    assert len(faces["tracks"]) >= 1 and all(t["source"] == "detector" for t in faces["tracks"])

    approved = next(s for s in corrected_manifest["applied"] if s["kind"] == "face_blur")
    assert {t["source"] for t in approved["tracks"]} == {"detector", "supervisor"}
    middle = sorted(before)[len(before) // 2]
    drawn_area = (slice(int(0.8 * height) + 4, int(0.95 * height) - 4),
                  slice(int(0.02 * width) + 4, int(0.12 * width) - 4))
    assert _same_detail(corrected_file[middle][drawn_area], before[middle][drawn_area]) < 0.3
