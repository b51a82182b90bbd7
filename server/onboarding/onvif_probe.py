"""Ask an ONVIF device what it is: GetDeviceInformation (vendor, model), GetServices (is
there a PTZ service), the media service's GetProfiles and GetStreamUri per profile.

On onvif-zeep-async, as the PTZ proxy (server/ptz/onvif_client.py): the device service
is at a URL we are given (``http://host:port/onvif/device_service`` for a bare address;
camsim serves one per camera at ``/onvif/<id>/device_service``), every other service at
the address the device's GetServices names. The library wraps failures in layers
(aiohttp, zeep, its own ONVIFError), so the kind of failure is read from the whole chain
of causes.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import onvif
import zeep.exceptions
from onvif import ONVIFCamera

from server.logmask import mask_url
from server.onboarding.addresses import device_service_url
from server.onboarding.failures import ProbeError, ProbeFailure
from server.onboarding.streams import ProbeResult, StreamInfo, by_size, codec_name
from server.onboarding.vendor_patterns import load_patterns

log = logging.getLogger(__name__)

WSDL_DIR = str(Path(onvif.__file__).parent / "wsdl")
PTZ_NAMESPACE = "http://www.onvif.org/ver20/ptz/wsdl"
DEFAULT_TIMEOUT_S = 8.0
_AUTH_WORDS = ("notauthorized", "not authorized", "unauthorized", "authority failure",
               "failedauthentication", "authentication")  # fmt: skip


class _DeviceAt(ONVIFCamera):
    """ONVIFCamera whose device service lives at a URL we were given."""

    def __init__(self, device_url: str, user: str, password: str) -> None:
        parts = urlsplit(device_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        super().__init__(parts.hostname or "", port, user, password, WSDL_DIR)
        self._device_url = device_url

    def get_definition(self, name: str, port_type: str | None = None):
        xaddr, wsdl, binding = super().get_definition(name, port_type)
        return (self._device_url if name == "devicemgmt" else xaddr), wsdl, binding


def _chain(exc: BaseException):
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def classify(exc: BaseException, where: str, timeout_s: float) -> ProbeError:
    """The administrator's reading of whatever the library raised."""
    causes = list(_chain(exc))
    for c in causes:
        if isinstance(c, ConnectionRefusedError) or (
            isinstance(c, aiohttp.ClientConnectorError)
            and isinstance(getattr(c, "os_error", None), ConnectionRefusedError)
        ):
            return ProbeError(
                ProbeFailure.REFUSED,
                f"Nothing accepts connections at {where}: check the address and port, "
                "and that the camera is on the network.",
            )
    for c in causes:
        if isinstance(c, TimeoutError | aiohttp.ServerTimeoutError):
            return ProbeError(
                ProbeFailure.TIMEOUT,
                f"The camera at {where} did not answer within {timeout_s:g} s.",
            )
    for c in causes:
        status = getattr(c, "status_code", None) or getattr(c, "status", None)
        fault_text = ""
        if isinstance(c, zeep.exceptions.Fault):
            fault_text = " ".join(
                str(x) for x in (c.message, c.code, *(getattr(c, "subcodes", None) or ()))
            ).lower()
        if status in (401, 403) or any(w in fault_text for w in _AUTH_WORDS):
            return ProbeError(
                ProbeFailure.AUTH_FAILED,
                f"The camera at {where} refused the user name or password.",
            )
    for c in causes:
        if isinstance(c, aiohttp.ClientConnectorError):
            return ProbeError(
                ProbeFailure.REFUSED, f"The camera at {where} cannot be reached: {c.strerror}."
            )
    for c in causes:
        if isinstance(c, zeep.exceptions.TransportError):
            return ProbeError(
                ProbeFailure.NOT_ONVIF,
                f"{where} answered HTTP {c.status_code}, not ONVIF: check the address, and "
                "that ONVIF is switched on in the camera.",
            )
        if isinstance(c, zeep.exceptions.Fault):
            return ProbeError(
                ProbeFailure.NOT_ONVIF, f"{where} answered with a SOAP fault: {c.message}."
            )
    return ProbeError(
        ProbeFailure.NOT_ONVIF,
        f"{where} answers, but not as an ONVIF device (its answer is not ONVIF SOAP): check "
        "the address, and that ONVIF is switched on in the camera.",
    )


def _no_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _encoder_stream(profile, uri: str) -> StreamInfo | None:
    encoder = getattr(profile, "VideoEncoderConfiguration", None)
    if encoder is None:
        return None
    resolution = getattr(encoder, "Resolution", None)
    rate = getattr(encoder, "RateControl", None)
    fps = getattr(rate, "FrameRateLimit", None) if rate is not None else None
    return StreamInfo(
        url=_no_userinfo(uri),
        codec=codec_name(str(getattr(encoder, "Encoding", "") or "")),
        width=int(resolution.Width) if resolution is not None else None,
        height=int(resolution.Height) if resolution is not None else None,
        fps=float(fps) if fps else None,
    )


async def _ask(device_url: str, username: str, password: str, timeout_s: float) -> ProbeResult:
    camera = _DeviceAt(device_url, username, password)
    try:
        devicemgmt = await camera.create_devicemgmt_service()
        # Asked first and with the account: the answer that tells a wrong password, a
        # silent port and a web page apart most plainly.
        info = await devicemgmt.GetDeviceInformation()
        await camera.update_xaddrs()
        ptz = PTZ_NAMESPACE in camera.xaddrs
        media = await camera.create_media_service()
        found = []
        for profile in await media.GetProfiles() or []:
            answer = await media.GetStreamUri(
                {
                    "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                    "ProfileToken": profile.token,
                }
            )
            info_stream = _encoder_stream(profile, str(answer.Uri))
            if info_stream is not None:
                found.append(info_stream)
                ptz = ptz or getattr(profile, "PTZConfiguration", None) is not None
    finally:
        try:
            await camera.close()
        except Exception:  # noqa: BLE001 — closing a session to a device that misbehaved
            log.debug("closing the ONVIF probe session failed", exc_info=True)
    if not found:
        raise ProbeError(
            ProbeFailure.STREAM_UNREADABLE,
            f"The camera at {mask_url(device_url)} has no video profile.",
        )
    host = urlsplit(device_url).hostname or ""
    return ProbeResult(
        vendor=(str(info.Manufacturer).strip() or None) if info.Manufacturer else None,
        model=(str(info.Model).strip() or None) if info.Model else None,
        ptz=ptz,
        onvif_url=device_url,
        streams=by_size(found),
        suggested_urls=load_patterns().suggest(host),
    )


async def probe_onvif(
    address: str, username: str, password: str, timeout_s: float = DEFAULT_TIMEOUT_S
) -> ProbeResult:
    """The device behind ``address`` (host:port or device service URL), its streams
    ordered main → sub → third. Raises ValueError for an address that is not one, and
    ProbeError for a device that cannot be asked."""
    device_url = device_service_url(address)
    where = mask_url(device_url)
    try:
        return await asyncio.wait_for(_ask(device_url, username, password, timeout_s), timeout_s)
    except ProbeError:
        raise
    except Exception as exc:  # noqa: BLE001 — every failure is classified for the admin
        failure = classify(exc, where, timeout_s)
        log.info("ONVIF probe of %s: %s (%s)", where, failure.failure, type(exc).__name__)
        raise failure from None
