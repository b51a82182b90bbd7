"""Camera kinds: H.265 main streams (cam004, cam008, …) and third streams (cam001,
cam004, …), seen over RTSP, in GET /cameras and through ONVIF."""

from __future__ import annotations

import pytest

from tests.camsim.onvif_client import NS, call
from tests.camsim.pictures import grab
from tests.camsim.rtsp_probe import ffprobe, video_stream

H265_CAM = "cam004"  # fixed, H.265 main, third stream


def test_h265_main_is_hevc_1080p_and_decodes_from_where_a_client_joins(fleet):
    url = fleet.rtsp_url(H265_CAM, "main")
    stream = video_stream(url)
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("hevc", 1920, 1080)
    # A fresh session joins the loop wherever it is: parameter sets come in-band with
    # the next IDR picture, and decoding starts there.
    frames = grab(url, 5)
    assert [f.shape for f in frames] == [(1080, 1920, 3)] * 5


@pytest.mark.parametrize(
    ("cam_id", "profile", "expected"),
    [
        (H265_CAM, "sub", ("h264", 640, 360)),  # sub streams stay H.264
        (H265_CAM, "third", ("h264", 320, 180)),
        ("cam001", "third", ("h264", 320, 180)),  # PTZ: encoded live
    ],
)
def test_smaller_streams_are_h264(fleet, cam_id, profile, expected):
    stream = video_stream(fleet.rtsp_url(cam_id, profile))
    assert (stream["codec_name"], stream["width"], stream["height"]) == expected


def test_a_camera_without_a_third_stream_has_no_such_path(fleet):
    missing = ffprobe(fleet.rtsp_url("cam002", "third"), check=False)
    assert missing.returncode != 0 and "404 Not Found" in missing.stderr


def test_the_catalogue_describes_each_cameras_streams(fleet):
    by_id = {cam["id"]: cam for cam in fleet.cameras}
    h265 = by_id[H265_CAM]
    assert h265["streams"] == {
        "main": {"codec": "h265", "width": 1920, "height": 1080, "fps": 15},
        "sub": {"codec": "h264", "width": 640, "height": 360, "fps": 15},
        "third": {"codec": "h264", "width": 320, "height": 180, "fps": 15},
    }
    assert set(h265["rtsp"]) == {"main", "sub", "third"}
    assert (h265["vendor"], h265["model"]) == ("Pantau", "camsim fixed H.265 3-stream")
    assert set(by_id["cam002"]["streams"]) == {"main", "sub"}
    assert by_id["cam001"]["streams"]["main"]["codec"] == "h264"  # PTZ: always H.264
    passwords = {cam["credentials"]["password"] for cam in fleet.cameras}
    assert len(passwords) == len(fleet.cameras)  # an account per camera
    assert {cam["credentials"]["username"] for cam in fleet.cameras} == {"admin"}


def _onvif(fleet, service: str, body: str):
    reply = call(fleet.onvif_url(H265_CAM, service), body, *fleet.credentials(H265_CAM))
    assert reply.status == 200, reply.fault_subcodes
    return reply.body


def test_onvif_answers_the_h265_cameras_profiles(fleet):
    profiles = _onvif(fleet, "media_service", "<trt:GetProfiles/>").findall("trt:Profiles", NS)
    seen = {
        p.get("token"): (
            p.find("tt:VideoEncoderConfiguration/tt:Encoding", NS).text,
            int(p.find("tt:VideoEncoderConfiguration/tt:Resolution/tt:Width", NS).text),
            int(p.find("tt:VideoEncoderConfiguration/tt:Resolution/tt:Height", NS).text),
            int(p.find("tt:VideoEncoderConfiguration/tt:RateControl/tt:FrameRateLimit",
                       NS).text),
        )
        for p in profiles
    }  # fmt: skip
    assert seen == {
        "main": ("H265", 1920, 1080, 15),
        "sub": ("H264", 640, 360, 15),
        "third": ("H264", 320, 180, 15),
    }


@pytest.mark.parametrize("profile", ["main", "third"])
def test_onvif_stream_uri_per_profile_has_no_credentials(fleet, profile):
    body = _onvif(fleet, "media_service",
                  "<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
                  "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>"
                  f"<trt:ProfileToken>{profile}</trt:ProfileToken></trt:GetStreamUri>")  # fmt: skip
    uri = body.find("trt:MediaUri/tt:Uri", NS).text
    assert uri == fleet.rtsp_url(H265_CAM, profile, with_credentials=False)


def test_onvif_device_information_names_the_catalogues_vendor_and_model(fleet):
    body = _onvif(fleet, "device_service", "<tds:GetDeviceInformation/>")
    cam = fleet.camera(H265_CAM)
    assert body.find("tds:Manufacturer", NS).text == cam["vendor"]
    assert body.find("tds:Model", NS).text == cam["model"]


def test_onvif_refuses_a_profile_the_camera_lacks(fleet):
    reply = call(fleet.onvif_url("cam002", "media_service"),
                 "<trt:GetProfile><trt:ProfileToken>third</trt:ProfileToken></trt:GetProfile>",
                 *fleet.credentials("cam002"))  # fmt: skip
    assert "ter:NoProfile" in reply.fault_subcodes
