"""The server's ONVIF PTZ client, on onvif-zeep-async (zeep with the ONVIF WSDLs): the
only module that speaks to cameras' PTZ. Async, so the event loop never waits on a
camera; each call has a deadline.

The library expects the device service at ``/onvif/device_service`` of the host; a
camera's device service address comes from discovery (our ``cameras.onvif_url``) and may
be anywhere, as it is on camsim (``/onvif/<id>/device_service``), so the device-service
address is taken from the catalog. Every other service address comes from the device's
own GetServices answer, as ONVIF intends.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import onvif
from onvif import ONVIFCamera
from onvif.exceptions import ONVIFError

from server.logmask import mask_url

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 5.0
WSDL_DIR = str(Path(onvif.__file__).parent / "wsdl")


class PtzUnreachable(Exception):
    """The camera did not answer, refused our credentials, or answered with a fault."""


@dataclass(frozen=True)
class Position:
    pan: float
    tilt: float
    zoom: float

    def to_json(self) -> dict:
        return {"pan": round(self.pan, 5), "tilt": round(self.tilt, 5), "zoom": round(self.zoom, 5)}


@dataclass(frozen=True)
class Preset:
    token: str
    name: str


class _CameraAt(ONVIFCamera):
    """ONVIFCamera whose device service is at a known URL instead of the fixed path."""

    def __init__(self, device_url: str, user: str, password: str) -> None:
        parts = urlsplit(device_url)
        super().__init__(parts.hostname or "", parts.port or 80, user, password, WSDL_DIR)
        self._device_url = device_url

    def get_definition(self, name: str, port_type: str | None = None):
        xaddr, wsdl, binding = super().get_definition(name, port_type)
        return (self._device_url if name == "devicemgmt" else xaddr), wsdl, binding


class PtzDevice:
    def __init__(self, camera_id: str, device_url: str, user: str, password: str) -> None:
        self.camera_id = camera_id
        self._url = device_url
        self._camera = _CameraAt(device_url, user, password)
        self._ptz = None
        self._profile = ""
        self._ready = asyncio.Lock()

    async def _call(self, what: str, coro_fn):
        try:
            async with self._ready:
                if self._ptz is None:
                    await asyncio.wait_for(self._camera.update_xaddrs(), CALL_TIMEOUT_S)
                    media = await self._camera.create_media_service()
                    profiles = await asyncio.wait_for(media.GetProfiles(), CALL_TIMEOUT_S)
                    with_ptz = [p for p in profiles if getattr(p, "PTZConfiguration", None)]
                    self._profile = (with_ptz or profiles)[0].token
                    self._ptz = await self._camera.create_ptz_service()
            return await asyncio.wait_for(coro_fn(self._ptz, self._profile), CALL_TIMEOUT_S)
        except (TimeoutError, ONVIFError, OSError, IndexError, AttributeError) as exc:
            self._ptz = None  # set up again next time: the camera may have restarted
            log.info("PTZ %s on %s failed: %s", what, mask_url(self._url), type(exc).__name__)
            raise PtzUnreachable(f"{self.camera_id} did not answer {what}") from exc
        except Exception as exc:  # zeep faults: the device refused the request
            log.info("PTZ %s on %s refused: %s", what, mask_url(self._url), exc)
            raise PtzUnreachable(f"{self.camera_id} refused {what}") from exc

    async def position(self) -> Position:
        status = await self._call("GetStatus", lambda s, p: s.GetStatus({"ProfileToken": p}))
        where = status.Position
        return Position(where.PanTilt.x, where.PanTilt.y, where.Zoom.x)

    async def move(self, pan: float, tilt: float, zoom: float, timeout_s: float) -> None:
        body = {
            "Velocity": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
            "Timeout": f"PT{timeout_s:g}S",
        }
        await self._call(
            "ContinuousMove", lambda s, p: s.ContinuousMove({"ProfileToken": p, **body})
        )

    async def stop(self) -> None:
        await self._call(
            "Stop", lambda s, p: s.Stop({"ProfileToken": p, "PanTilt": True, "Zoom": True})
        )

    async def relative(self, pan: float, tilt: float) -> None:
        body = {"Translation": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": 0.0}}}
        await self._call("RelativeMove", lambda s, p: s.RelativeMove({"ProfileToken": p, **body}))

    async def presets(self) -> list[Preset]:
        found = await self._call("GetPresets", lambda s, p: s.GetPresets({"ProfileToken": p}))
        return [Preset(str(p.token), str(p.Name or p.token)) for p in found or []]

    async def save_preset(self, name: str) -> str:
        token = await self._call(
            "SetPreset", lambda s, p: s.SetPreset({"ProfileToken": p, "PresetName": name})
        )
        return str(token)

    async def goto_preset(self, token: str) -> None:
        await self._call(
            "GotoPreset", lambda s, p: s.GotoPreset({"ProfileToken": p, "PresetToken": token})
        )

    async def remove_preset(self, token: str) -> None:
        await self._call(
            "RemovePreset",
            lambda s, p: s.RemovePreset({"ProfileToken": p, "PresetToken": token}),
        )

    async def close(self) -> None:
        try:
            await self._camera.close()
        except Exception:  # noqa: BLE001 — closing a session to a gone camera
            log.debug("closing ONVIF session of %s failed", self.camera_id, exc_info=True)


class PtzDevices:
    """One ONVIF session per camera, made on first use, with the camera's own account
    (or, for a camera onboarded without one, the server-wide account)."""

    def __init__(self, user: str, password: str) -> None:
        self._fallback = (user, password)
        self._devices: dict[str, tuple[PtzDevice, tuple[str, str, str]]] = {}

    def device(
        self, camera_id: str, device_url: str, account: tuple[str, str] | None = None
    ) -> PtzDevice:
        user, password = account or self._fallback
        # A changed address or account (an administrator edited the camera) needs a
        # new session; the key is compared in memory only.
        key = (device_url, user, password)
        found = self._devices.get(camera_id)
        if found is None or found[1] != key:
            device = PtzDevice(camera_id, device_url, user, password)
            self._devices[camera_id] = (device, key)
            return device
        return found[0]

    async def close(self) -> None:
        for device, _key in list(self._devices.values()):
            await device.close()
        self._devices.clear()
