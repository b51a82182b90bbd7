"""RTSP digest authentication: every camera plays only for its own account."""

from __future__ import annotations

import pytest

from tests.camsim.rtsp_probe import RawRtsp, digest_authorization, ffprobe, video_stream
from tests.support.camsim_fleet import run_camsim


def test_the_cameras_own_account_plays(fleet):
    assert video_stream(fleet.rtsp_url("cam002", "sub"))["codec_name"] == "h264"


@pytest.mark.parametrize(
    "account",
    ["none", "wrong password", "another camera's", "the fleet secret"],
)
def test_any_other_account_gets_401(fleet, account):
    bare = fleet.rtsp_url("cam002", "sub", with_credentials=False)
    user, password = {
        "wrong password": ("admin", "wrong"),
        "another camera's": fleet.credentials("cam003"),
        "the fleet secret": ("admin", fleet.secret),
    }.get(account, (None, None))
    url = bare if user is None else bare.replace("rtsp://", f"rtsp://{user}:{password}@")
    refused = ffprobe(url, "-show_entries", "stream=codec_name", check=False)
    assert refused.returncode != 0
    assert "401 Unauthorized" in refused.stderr


def test_the_challenge_is_digest_with_a_realm_per_camera(fleet):
    url = fleet.rtsp_url("cam002", "main", with_credentials=False)
    rtsp = RawRtsp(url)
    try:
        challenge = rtsp.request("DESCRIBE")
        assert challenge.status == 401
        header = challenge.headers["www-authenticate"]
        assert header.startswith("Digest ") and 'realm="camsim cam002"' in header
        user, password = fleet.credentials("cam002")
        answer = digest_authorization(header, "DESCRIBE", url, user, password)
        described = rtsp.request("DESCRIBE", {"Authorization": answer, "Accept": "application/sdp"})
        assert described.status == 200
        assert "H264/90000" in described.body
    finally:
        rtsp.close()


def test_no_auth_serves_anyone(tmp_path):
    with run_camsim(tmp_path, cameras=2, ptz=1, rtsp_auth=False) as open_fleet:
        url = open_fleet.rtsp_url("cam002", "sub", with_credentials=False)
        assert video_stream(url)["codec_name"] == "h264"
