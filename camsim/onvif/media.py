"""ONVIF media service (ver10): one profile per stream the camera serves and its URI.

Profile tokens are the stream names (``main``, ``sub``, and ``third`` where the camera
has one). An H.265 stream says ``H265`` in ``tt:Encoding``: outside the ver10
enumeration, but what real devices answer in ver10 (media2 is not served).
"""

from __future__ import annotations

from camsim.lineup import StreamSpec
from camsim.onvif import ptz_xml
from camsim.onvif.device import CameraDevice
from camsim.onvif.soap import Request, action_not_supported, child_text, el, invalid_arg, text
from camsim.profiles import Codec, Stream

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


def profile_token(device: CameraDevice, request: Request) -> Stream:
    token = child_text(request.operation, "trt:ProfileToken") or child_text(
        request.operation, "tptz:ProfileToken"
    )
    if token not in device.camera.lineup.names:
        raise invalid_arg("NoProfile", f"no profile with token {token!r}")
    return Stream(token)


def _encoder_xml(device: CameraDevice, spec: StreamSpec) -> str:
    profile = spec.profile
    h264 = (
        el("tt:H264", el("tt:GovLength", text(device.gop))
           + el("tt:H264Profile", text("Baseline")))
        if spec.codec is Codec.H264 else ""
    )  # fmt: skip
    return el(
        "tt:VideoEncoderConfiguration",
        el("tt:Name", text(f"{spec.codec.onvif_encoding} {profile.name}"))
        + el("tt:UseCount", text(1))
        + el("tt:Encoding", text(spec.codec.onvif_encoding))
        + el("tt:Resolution", el("tt:Width", text(profile.width))
             + el("tt:Height", text(profile.height)))
        + el("tt:Quality", text(5.0))
        + el("tt:RateControl", el("tt:FrameRateLimit", text(device.fps))
             + el("tt:EncodingInterval", text(1)) + el("tt:BitrateLimit", text(profile.kbps)))
        + h264
        + el("tt:Multicast", el("tt:Address", el("tt:Type", text("IPv4"))
             + el("tt:IPv4Address", text("0.0.0.0"))) + el("tt:Port", text(0))
             + el("tt:TTL", text(1)) + el("tt:AutoStart", text(False)))
        + el("tt:SessionTimeout", text("PT60S")),
        token=f"encoder-{profile.name}",
    )  # fmt: skip


def _profile_xml(device: CameraDevice, spec: StreamSpec, tag: str) -> str:
    lineup = device.camera.lineup
    main = lineup.spec(Stream.MAIN).profile
    source = el(
        "tt:VideoSourceConfiguration",
        el("tt:Name", text("Camera")) + el("tt:UseCount", text(len(lineup.streams)))
        + el("tt:SourceToken", text(VIDEO_SOURCE_TOKEN))
        + el("tt:Bounds", "", x=0, y=0, width=main.width, height=main.height),
        token="video-source-config",
    )  # fmt: skip
    ptz = ptz_xml.configuration() if device.camera.ptz else ""
    return el(
        tag,
        el("tt:Name", text(spec.profile.name)) + source + _encoder_xml(device, spec) + ptz,
        token=spec.profile.name,
        fixed=True,
    )


def _profiles(device: CameraDevice, _request: Request) -> str:
    streams = device.camera.lineup.streams
    body = "".join(_profile_xml(device, spec, "trt:Profiles") for spec in streams)
    return el("trt:GetProfilesResponse", body)


def _profile(device: CameraDevice, request: Request) -> str:
    spec = device.camera.lineup.spec(profile_token(device, request))
    return el("trt:GetProfileResponse", _profile_xml(device, spec, "trt:Profile"))


def _stream_uri(device: CameraDevice, request: Request) -> str:
    uri = device.stream_urls[profile_token(device, request)]
    media_uri = (
        el("tt:Uri", text(uri))
        + el("tt:InvalidAfterConnect", text(False))
        + el("tt:InvalidAfterReboot", text(False))
        + el("tt:Timeout", text("PT0S"))
    )
    return el("trt:GetStreamUriResponse", el("trt:MediaUri", media_uri))
