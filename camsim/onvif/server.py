"""HTTP front of the ONVIF services: POST /onvif/<camera id>/<service>.

An offline camera does not answer (503, no SOAP), like a device that is gone. Every
operation except the pre-authentication ones needs a valid WS-Security token for that
camera's own account.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from camsim.onvif import device as device_service
from camsim.onvif import media, ptz_service
from camsim.onvif.device import PUBLIC_OPERATIONS, CameraDevice
from camsim.onvif.soap import (
    CONTENT_TYPE,
    NS,
    SoapFault,
    action_not_supported,
    envelope,
    fault_envelope,
    parse_request,
)
from camsim.onvif.wsse import Authenticator
from camsim.state import CameraState

log = logging.getLogger(__name__)
_MAX_BODY = 1 << 20

SERVICES = {
    "device_service": (NS["tds"], device_service.handle),
    "media_service": (NS["trt"], media.handle),
    "ptz_service": (NS["tptz"], ptz_service.handle),
}


class OnvifApi:
    def __init__(
        self,
        devices: dict[str, CameraDevice],
        auths: dict[str, Authenticator],
        state: Callable[[str], CameraState],
    ) -> None:
        self._devices = devices
        self._auths = auths  # camera id -> its account's checker
        self._state = state

    def handle(self, path: str, raw: bytes) -> tuple[HTTPStatus, bytes | None]:
        """(status, SOAP body); a None body means plain HTTP with no SOAP answer."""
        parts = [p for p in path.split("?")[0].split("/") if p]
        if len(parts) != 3 or parts[0] != "onvif" or parts[2] not in SERVICES:
            return HTTPStatus.NOT_FOUND, None
        device = self._devices.get(parts[1])
        if device is None:
            return HTTPStatus.NOT_FOUND, None
        if self._state(device.camera.id) is CameraState.OFFLINE:
            return HTTPStatus.SERVICE_UNAVAILABLE, None
        namespace, handler = SERVICES[parts[2]]
        try:
            request = parse_request(raw)
            if request.namespace != namespace:
                raise action_not_supported(
                    "NotSupported", f"{request.name} does not belong to {parts[2]}"
                )
            if not (parts[2] == "device_service" and request.name in PUBLIC_OPERATIONS):
                self._auths[device.camera.id].check(request.header)
            body = handler(device, request)
        except SoapFault as fault:
            log.info("onvif %s %s: fault %s", parts[1], parts[2], " ".join(fault.subcodes))
            return fault.status, fault_envelope(fault)
        log.debug("onvif %s %s %s", parts[1], parts[2], request.name)
        return HTTPStatus.OK, envelope(body)


def _handler_for(api: OnvifApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_BODY:
                self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
                return
            status, body = api.handle(self.path, self.rfile.read(length))
            if body is None:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt: str, *args) -> None:
            log.debug("onvif http %s", fmt % args)

    return Handler


def make_onvif_server(host: str, port: int, api: OnvifApi) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), _handler_for(api))
