"""A real HTTP server on 127.0.0.1 answering canned JSON, for client-side tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, object]  # status, body (dict/list -> JSON, bytes -> raw)


class _Handler(BaseHTTPRequestHandler):
    routes: dict[tuple[str, str], Route] = {}
    seen: list[dict] = []

    def log_message(self, *args) -> None:  # keep pytest output quiet
        pass

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        self.seen.append({"method": method, "path": self.path, "body": body,
                          "authorization": self.headers.get("Authorization")})
        status, payload = self.routes.get((method, path), (404, {"detail": {
            "code": "not_found", "message": "no such thing"}}))
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def do_PUT(self) -> None:
        self._answer("PUT")


@contextmanager
def serve(routes: dict[tuple[str, str], Route]) -> Iterator[tuple[str, list[dict]]]:
    handler = type("Handler", (_Handler,), {"routes": routes, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.seen
    finally:
        server.shutdown()
        server.server_close()


LOGIN_OK = (200, {"token": "tok-123", "expires_at": "2030-01-01T00:00:00Z",
                  "user": {"username": "operator", "display_name": "Operator",
                           "roles": ["operator"], "areas": ["jakarta"]}})
WRONG_PASSWORD = (401, {"detail": {"code": "invalid_credentials",
                                   "message": "Wrong user name or password"}})
AREAS = (200, [{"id": "jp", "name": "Jakarta Pusat", "kind": "kota", "children": [
    {"id": "menteng", "name": "Menteng", "kind": "kecamatan", "children": []},
    {"id": "gambir", "name": "Gambir", "kind": "kecamatan", "children": []}]}])
CAMERAS = (200, [
    {"id": "cam001", "name": "Taman Suropati", "area_id": "menteng",
     "area_path": ["Jakarta Pusat", "Menteng"], "tags": ["park"], "ptz": True,
     "lat": -6.2, "lon": 106.8, "profiles": ["main", "sub"], "status": "online"},
    {"id": "cam002", "name": "Bundaran HI", "area_id": "menteng",
     "area_path": ["Jakarta Pusat", "Menteng"], "tags": ["traffic"], "ptz": False,
     "lat": None, "lon": None, "profiles": ["main", "sub"], "status": "offline"},
    {"id": "cam003", "name": "Stasiun Gambir", "area_id": "gambir",
     "area_path": ["Jakarta Pusat", "Gambir"], "tags": ["station", "crowd"], "ptz": False,
     "lat": None, "lon": None, "profiles": ["main"], "status": "weird"},
])


def catalog_routes() -> dict[tuple[str, str], Route]:
    return {("POST", "/api/v1/auth/login"): LOGIN_OK,
            ("GET", "/api/v1/areas"): AREAS,
            ("GET", "/api/v1/cameras"): CAMERAS}
