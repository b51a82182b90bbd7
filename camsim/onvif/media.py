"""ONVIF media service (ver10): profiles "main" and "sub" and their RTSP URIs."""

from __future__ import annotations

from camsim.onvif import ptz_xml
from camsim.onvif.device import CameraDevice
from camsim.onvif.soap import Request, action_not_supported, child_text, el, invalid_arg, text
from camsim.profiles import PROFILES, Profile

VIDEO_SOURCE_TOKEN = "video-source"


def handle(device: CameraDevice, request: Request) -> str:
    handlers = {
        "GetProfiles": _profiles,
        "GetProfile": _profile,
        "GetStreamUri": _stream_uri,
    }
    handler = handlers.get(request.name)
    if handler is None:
        raise action_not_supported("NotSupported", f"{request.name} is not supported")
    return handler(device, request)


def profile_token(request: Request) -> str:
    token = child_text(request.operation, "trt:ProfileToken") or child_text(
        request.operation, "tptz:ProfileToken"
    )
    if token not in PROFILES:
        raise invalid_arg("NoProfile", f"no profile with token {token!r}")
    return token


def _profile_xml(device: CameraDevice, profile: Profile, tag: str) -> str:
    main = PROFILES["main"]
    source = el(
        "tt:VideoSourceConfiguration",
        el("tt:Name", text("Camera")) + el("tt:UseCount", text(len(PROFILES)))
        + el("tt:SourceToken", text(VIDEO_SOURCE_TOKEN))
        + el("tt:Bounds", "", x=0, y=0, width=main.width, height=main.height),
        token="video-source-config",
    )  # fmt: skip
    encoder = el(
        "tt:VideoEncoderConfiguration",
        el("tt:Name", text(f"H.264 {profile.name}"))
        + el("tt:UseCount", text(1))
        + el("tt:Encoding", text("H264"))
        + el("tt:Resolution", el("tt:Width", text(profile.width))
             + el("tt:Height", text(profile.height)))
        + el("tt:Quality", text(5.0))
        + el("tt:RateControl", el("tt:FrameRateLimit", text(device.fps))
             + el("tt:EncodingInterval", text(1)) + el("tt:BitrateLimit", text(profile.kbps)))
        + el("tt:H264", el("tt:GovLength", text(device.gop))
             + el("tt:H264Profile", text("Baseline")))
        + el("tt:Multicast", el("tt:Address", el("tt:Type", text("IPv4"))
             + el("tt:IPv4Address", text("0.0.0.0"))) + el("tt:Port", text(0))
             + el("tt:TTL", text(1)) + el("tt:AutoStart", text(False)))
        + el("tt:SessionTimeout", text("PT60S")),
        token=f"encoder-{profile.name}",
    )  # fmt: skip
    ptz = ptz_xml.configuration() if device.camera.ptz else ""
    return el(
        tag,
        el("tt:Name", text(profile.name)) + source + encoder + ptz,
        token=profile.name,
        fixed=True,
    )


def _profiles(device: CameraDevice, _request: Request) -> str:
    body = "".join(_profile_xml(device, p, "trt:Profiles") for p in PROFILES.values())
    return el("trt:GetProfilesResponse", body)


def _profile(device: CameraDevice, request: Request) -> str:
    profile = PROFILES[profile_token(request)]
    return el("trt:GetProfileResponse", _profile_xml(device, profile, "trt:Profile"))


def _stream_uri(device: CameraDevice, request: Request) -> str:
    uri = device.stream_urls[profile_token(request)]
    media_uri = (
        el("tt:Uri", text(uri))
        + el("tt:InvalidAfterConnect", text(False))
        + el("tt:InvalidAfterReboot", text(False))
        + el("tt:Timeout", text("PT0S"))
    )
    return el("trt:GetStreamUriResponse", el("trt:MediaUri", media_uri))
