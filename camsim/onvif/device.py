"""The per-camera view the ONVIF services answer from, and the device service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from camsim.catalog import Camera
from camsim.onvif.soap import NS, Request, action_not_supported, el, text
from camsim.presets import PresetStore
from camsim.profiles import Stream
from camsim.ptz import PtzHead

FIRMWARE = "1.0"

# Answered without credentials, as ONVIF's PRE_AUTH access class allows.
PUBLIC_OPERATIONS = frozenset(
    {"GetSystemDateAndTime", "GetCapabilities", "GetServices", "GetServiceCapabilities",
     "GetWsdlUrl"}
)  # fmt: skip


@dataclass(frozen=True)
class CameraDevice:
    camera: Camera
    base_url: str  # http://host:port/onvif/<id>
    stream_urls: dict[Stream, str]  # rtsp url of each stream the camera serves
    fps: int
    gop: int
    head: PtzHead | None
    presets: PresetStore | None

    def xaddr(self, service: str) -> str:
        return f"{self.base_url}/{service}"


def handle(device: CameraDevice, request: Request) -> str:
    handlers = {
        "GetDeviceInformation": _device_information,
        "GetCapabilities": _capabilities,
        "GetServices": _services,
        "GetSystemDateAndTime": _date_and_time,
    }
    handler = handlers.get(request.name)
    if handler is None:
        raise action_not_supported("NotSupported", f"{request.name} is not supported")
    return handler(device, request)


def _device_information(device: CameraDevice, _request: Request) -> str:
    cam = device.camera
    return el(
        "tds:GetDeviceInformationResponse",
        el("tds:Manufacturer", text(cam.lineup.vendor))
        + el("tds:Model", text(cam.lineup.model))
        + el("tds:FirmwareVersion", text(FIRMWARE))
        + el("tds:SerialNumber", text(f"CAMSIM-{cam.id.upper()}"))
        + el("tds:HardwareId", text(cam.id)),
    )


def _capabilities(device: CameraDevice, _request: Request) -> str:
    streaming = el(
        "tt:StreamingCapabilities",
        el("tt:RTPMulticast", text(False))
        + el("tt:RTP_TCP", text(True))
        + el("tt:RTP_RTSP_TCP", text(True)),
    )
    caps = el("tt:Device", el("tt:XAddr", text(device.xaddr("device_service"))))
    caps += el("tt:Media", el("tt:XAddr", text(device.xaddr("media_service"))) + streaming)
    if device.camera.ptz:
        caps += el("tt:PTZ", el("tt:XAddr", text(device.xaddr("ptz_service"))))
    return el("tds:GetCapabilitiesResponse", el("tds:Capabilities", caps))


def _services(device: CameraDevice, _request: Request) -> str:
    services = [("tds", "device_service", 2, 60), ("trt", "media_service", 2, 60)]
    if device.camera.ptz:
        services.append(("tptz", "ptz_service", 2, 60))
    body = "".join(
        el(
            "tds:Service",
            el("tds:Namespace", text(NS[prefix]))
            + el("tds:XAddr", text(device.xaddr(path)))
            + el("tds:Version", el("tt:Major", text(major)) + el("tt:Minor", text(minor))),
        )
        for prefix, path, major, minor in services
    )
    return el("tds:GetServicesResponse", body)


def _date_and_time(_device: CameraDevice, _request: Request) -> str:
    now = datetime.now(UTC)
    utc = el(
        "tt:UTCDateTime",
        el("tt:Time", el("tt:Hour", text(now.hour)) + el("tt:Minute", text(now.minute))
           + el("tt:Second", text(now.second)))
        + el("tt:Date", el("tt:Year", text(now.year)) + el("tt:Month", text(now.month))
             + el("tt:Day", text(now.day))),
    )  # fmt: skip
    return el(
        "tds:GetSystemDateAndTimeResponse",
        el(
            "tds:SystemDateAndTime",
            el("tt:DateTimeType", text("NTP"))
            + el("tt:DaylightSavings", text(False))
            + el("tt:TimeZone", el("tt:TZ", text("WIB-7")))
            + utc,
        ),
    )
