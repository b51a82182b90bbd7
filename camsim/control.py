"""Fault-injection and catalogue HTTP API (JSON).

GET  /health                 200 once the fleet is ready
GET  /cameras                every camera: place, state, account, streams and URLs
GET  /cameras/<id>           one camera
GET  /cameras/<id>/sessions  RTSP sessions per stream: {"main": {"active", "total"}, …}
POST /cameras/<id>/offline   tear down its RTSP sessions and refuse new ones
POST /cameras/<id>/freeze    keep sessions open but send no more video
POST /cameras/<id>/online    back to normal
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from camsim.catalog import Camera
from camsim.state import CameraState, FleetState

log = logging.getLogger(__name__)

_ACTIONS = {
    "offline": CameraState.OFFLINE,
    "freeze": CameraState.FROZEN,
    "online": CameraState.ONLINE,
}


class ControlApi:
    def __init__(
        self,
        cameras: list[Camera],
        fleet: FleetState,
        describe: Callable[[Camera], dict],
        sessions: Callable[[Camera], dict],
    ) -> None:
        self._cameras = {cam.id: cam for cam in cameras}
        self._order = [cam.id for cam in cameras]
        self._fleet = fleet
        self._describe = describe
        self._sessions = sessions
        self.ready = threading.Event()

    def camera_json(self, camera_id: str) -> dict:
        cam = self._cameras[camera_id]
        return {**cam.to_json(), "state": self._fleet.get(camera_id).value, **self._describe(cam)}

    def handle(self, method: str, path: str) -> tuple[HTTPStatus, object]:
        parts = [p for p in path.split("?")[0].split("/") if p]
        if method == "GET" and parts == ["health"]:
            if self.ready.is_set():
                return HTTPStatus.OK, {"status": "ready"}
            return HTTPStatus.SERVICE_UNAVAILABLE, {"status": "starting"}
        if not parts or parts[0] != "cameras":
            return HTTPStatus.NOT_FOUND, {"error": "not_found", "path": path}
        if method == "GET" and len(parts) == 1:
            return HTTPStatus.OK, [self.camera_json(cid) for cid in self._order]
        camera_id = parts[1]
        if camera_id not in self._cameras:
            return HTTPStatus.NOT_FOUND, {"error": "unknown_camera", "id": camera_id}
        if method == "GET" and len(parts) == 2:
            return HTTPStatus.OK, self.camera_json(camera_id)
        if method == "GET" and parts[2:] == ["sessions"]:
            return HTTPStatus.OK, self._sessions(self._cameras[camera_id])
        if method == "POST" and len(parts) == 3 and parts[2] in _ACTIONS:
            self._fleet.set(camera_id, _ACTIONS[parts[2]])
            log.info("camera %s is now %s", camera_id, _ACTIONS[parts[2]].value)
            return HTTPStatus.OK, self.camera_json(camera_id)
        return HTTPStatus.NOT_FOUND, {"error": "not_found", "path": path}


def _handler_for(api: ControlApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            status, body = api.handle(method, self.path)
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def log_message(self, fmt: str, *args) -> None:
            log.debug("control %s", fmt % args)

    return Handler


def serve_in_thread(server: ThreadingHTTPServer, name: str) -> threading.Thread:
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    return thread


def make_control_server(host: str, port: int, api: ControlApi) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), _handler_for(api))
