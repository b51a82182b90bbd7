"""Fault-injection and catalogue HTTP API (JSON).

GET  /health                 200 once the fleet is ready
GET  /cameras                every camera: place, state, account, streams and URLs
GET  /cameras/<id>           one camera
GET  /cameras/<id>/sessions  RTSP sessions per stream: {"main": {"active", "total"}, …}
POST /cameras/<id>/offline   tear down its RTSP sessions and refuse new ones
POST /cameras/<id>/freeze    keep sessions open but send no more video
POST /cameras/<id>/online    back to normal
GET  /cameras/<id>/stage     a staged camera's act (camsim.staged), when it began and,
                             for a face, where the face is now
POST /cameras/<id>/stage     a JSON body sets the act, replacing the current one:
    {"act": "calm"}                               the still, nothing moves
    {"act": "motion", "region": [x0, y0, x1, y1]} a checkerboard drifts inside the
                                                  region (picture fractions, 0..1)
    {"act": "cover"}                              lens covered: dark grey
    {"act": "blur", "sigma": 8}                   out of focus (Gaussian, 720p pixels)
    {"act": "turn"}                               another view of the scene, which stays
    {"act": "face", "seconds": 8}                 a face photograph crosses left to
                                                  right in that time, then stays right
    {"act": "crowd", "people": 12}                figures walking over the lower half
  Both answer {"act": …, <its parameters>, "began": "2026-12-05T21:00:00.123Z",
  "at": <now, the same form>, "elapsed_s": 1.5} and, for a face, "face_box":
  [x0, y0, x1, y1] at "at". Bad JSON, an unknown act or a bad value: 400
  {"error": "bad_json" | "bad_act", "detail": …}; a body over 4 KiB: 413; a camera
  that is not staged: 404 {"error": "not_staged"}.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

from camsim.catalog import Camera
from camsim.stage import ActError, parse_act
from camsim.state import CameraState, FleetState

log = logging.getLogger(__name__)

_ACTIONS = {
    "offline": CameraState.OFFLINE,
    "freeze": CameraState.FROZEN,
    "online": CameraState.ONLINE,
}
MAX_BODY = 4096  # bytes; acts are a line of JSON


class StagedCamera(Protocol):
    """A staged camera's act (camsim.staged.Stage)."""

    def perform(self, act) -> dict: ...

    def describe(self) -> dict: ...


class ControlApi:
    def __init__(
        self,
        cameras: list[Camera],
        fleet: FleetState,
        describe: Callable[[Camera], dict],
        sessions: Callable[[Camera], dict],
        stages: Mapping[str, StagedCamera] | None = None,
    ) -> None:
        self._cameras = {cam.id: cam for cam in cameras}
        self._order = [cam.id for cam in cameras]
        self._fleet = fleet
        self._describe = describe
        self._sessions = sessions
        self._stages = stages if stages is not None else {}
        self.ready = threading.Event()

    def camera_json(self, camera_id: str) -> dict:
        cam = self._cameras[camera_id]
        return {**cam.to_json(), "state": self._fleet.get(camera_id).value, **self._describe(cam)}

    def handle(self, method: str, path: str, body: bytes = b"") -> tuple[HTTPStatus, object]:
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
        if parts[2:] == ["stage"] and method in ("GET", "POST"):
            return self._stage(camera_id, method, body)
        if method == "POST" and len(parts) == 3 and parts[2] in _ACTIONS:
            self._fleet.set(camera_id, _ACTIONS[parts[2]])
            log.info("camera %s is now %s", camera_id, _ACTIONS[parts[2]].value)
            return HTTPStatus.OK, self.camera_json(camera_id)
        return HTTPStatus.NOT_FOUND, {"error": "not_found", "path": path}

    def _stage(self, camera_id: str, method: str, body: bytes) -> tuple[HTTPStatus, object]:
        stage = self._stages.get(camera_id)
        if stage is None:
            return HTTPStatus.NOT_FOUND, {"error": "not_staged", "id": camera_id}
        if method == "GET":
            return HTTPStatus.OK, stage.describe()
        if not body.strip():
            return HTTPStatus.BAD_REQUEST, {"error": "bad_json", "detail": "a JSON body is needed"}
        try:
            request = json.loads(body)
        except ValueError as exc:  # UnicodeDecodeError included
            return HTTPStatus.BAD_REQUEST, {"error": "bad_json", "detail": str(exc)}
        try:
            act = parse_act(request)
        except ActError as exc:
            return HTTPStatus.BAD_REQUEST, {"error": "bad_act", "detail": str(exc)}
        log.info("camera %s stages %s", camera_id, act.to_json())
        return HTTPStatus.OK, stage.perform(act)


def _handler_for(api: ControlApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                # Left unread: the connection closes after the answer.
                self.close_connection = True
                status, body = HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {
                    "error": "body_too_large", "limit": MAX_BODY}
                if length < 0:
                    status, body = HTTPStatus.BAD_REQUEST, {"error": "bad_content_length"}
            else:
                status, body = api.handle(method, self.path, self.rfile.read(length))
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
