"""Malformed and oversized input against a real server process, over raw sockets and a
kept-alive http.client connection: every answer a 4xx in the one error shape, a body
over its cap refused before it is read, and the connection either still usable or
closed with ``Connection: close``."""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest

from tests.support.server_proc import run_server

BIG_ID = str(2**64)
TOO_EARLY = ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+05:00", "1969-12-31T23:59:59Z"]
TOO_LATE = ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59-05:00"]
OK_TIME = "2026-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with run_server(tmp_path_factory.mktemp("abuse"), record=False) as srv:
        srv.tokens = {name: srv.login(name) for name in ("admin", "operator")}
        yield srv


def _connection(server) -> http.client.HTTPConnection:
    parts = urlsplit(server.url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def _ask(conn, method, path, token=None, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, "/api/v1" + path, body=data, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    return resp, json.loads(raw) if raw else None


def _error_shape(body) -> str:
    assert set(body) == {"detail"}, body
    assert set(body["detail"]) >= {"code", "message"}, body
    return body["detail"]["code"]


def _malformed_requests():
    for path in (f"/bookmarks/{BIG_ID}", f"/exports/{BIG_ID}", f"/exports/{BIG_ID}/manifest",
                 f"/evidence-requests/{BIG_ID}", f"/evidence-requests/{BIG_ID}/receipt",
                 f"/views/{BIG_ID}", f"/views/-{BIG_ID}"):
        yield "GET", path, None
    yield "DELETE", f"/views/{BIG_ID}", None
    yield "DELETE", f"/bookmarks/{BIG_ID}", None
    yield "POST", f"/evidence-requests/{BIG_ID}/refuse", {"reason": "no footage here"}
    # An id beyond 64 bits in a body, where no route bound catches it first.
    yield "POST", "/exports", {"camera_id": "cam001", "start": OK_TIME,
                               "end": "2026-01-01T00:00:10Z", "reason": "x",
                               "case_number": "x", "bookmark_id": 2**64}
    for bad in TOO_EARLY + TOO_LATE:
        for path, field in (("/cameras/cam001/recordings", "start"),
                            ("/cameras/cam001/recordings", "end"),
                            ("/cameras/cam001/playback", "start"),
                            ("/bookmarks", "start"), ("/audit", "start"), ("/audit", "end")):
            other = "end" if field == "start" else "start"
            yield "GET", f"{path}?{field}={_q(bad)}&{other}={_q(OK_TIME)}", None
        yield "GET", f"/cameras/cam001/thumbnail?at={_q(bad)}", None
        yield "POST", "/bookmarks", {"camera_id": "cam001", "at": bad, "title": "x"}
        yield "POST", "/exports", {"camera_id": "cam001", "start": bad, "end": OK_TIME,
                                   "reason": "x", "case_number": "x"}
        yield "POST", "/evidence-requests", {
            "requester_name": "Budi", "requester_contact": "0812", "incident_at": bad,
            "incident_place": "Tebet", "camera_ids": ["cam001"], "start": bad, "end": bad}


def _q(text: str) -> str:
    return text.replace("+", "%2B")


def test_malformed_ids_and_times_are_4xx_and_keep_the_connection(server):
    """Each request on ONE kept-alive connection; after every error the same socket
    still answers /auth/me, unless the error said Connection: close."""
    token = server.tokens["admin"]
    conn = _connection(server)
    checked = 0
    for method, path, body in _malformed_requests():
        resp, answer = _ask(conn, method, path, token, body)
        assert 400 <= resp.status < 500, (method, path, resp.status, answer)
        _error_shape(answer)
        sock = conn.sock
        if (resp.getheader("Connection") or "").lower() == "close":
            conn.close()
            continue
        me, who = _ask(conn, "GET", "/auth/me", token)
        assert me.status == 200 and who["username"] == "admin", (method, path)
        assert conn.sock is sock, f"{method} {path}: the connection was dropped silently"
        checked += 1
    assert checked == len(list(_malformed_requests()))  # none needed to close
    conn.close()


def _raw(server) -> socket.socket:
    parts = urlsplit(server.url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return sock


def _read_response(sock) -> tuple[int, dict, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before an answer: {data!r}"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:length]


def _closed_after(sock) -> bool:
    """True once the server has closed its side (recv returns b'' or a reset)."""
    try:
        while True:
            if not sock.recv(65536):
                return True
    except ConnectionResetError:
        return True


def test_a_huge_declared_sign_in_body_is_refused_before_it_is_read(server):
    """A 600 MB login body: answered 413 after its headers and 64 KiB, the rest never
    sent; the server closes the connection as its answer said."""
    sock = _raw(server)
    head = (
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {600 << 20}\r\n\r\n"
    )
    sock.sendall(head.encode() + b'{"username": "admin", "password": "' + b"a" * 65536)
    status, headers, body = _read_response(sock)
    assert status == 413
    assert headers["connection"] == "close"
    assert _error_shape(json.loads(body)) == "payload_too_large"
    assert _closed_after(sock)
    sock.close()


def test_a_chunked_body_is_cut_off_at_its_cap(server):
    """No Content-Length: the server counts what streams in and answers 413 while the
    body has not ended (the terminating chunk is never sent)."""
    sock = _raw(server)
    sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    piece = b"a" * 65536
    sent = 0
    try:
        while sent <= (1 << 20) + 2 * len(piece):
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed while we were still sending
    status, headers, body = _read_response(sock)
    assert status == 413
    assert headers["connection"] == "close"
    assert _error_shape(json.loads(body)) == "payload_too_large"
    sock.close()


def test_the_camera_import_takes_a_larger_file(server):
    """2 MiB is over the JSON cap but a fleet's CSV may be that large: it reaches the
    import, which judges its lines (here: none is a camera)."""
    conn = _connection(server)
    csv = b"id,name,area_id,main_url\n" + b"#" * (2 << 20) + b"\n"
    conn.request("POST", "/api/v1/admin/cameras/import?dry_run=true", body=csv,
                 headers={"Authorization": f"Bearer {server.tokens['admin']}",
                          "Content-Type": "text/csv"})
    resp = conn.getresponse()
    answer = json.loads(resp.read())
    assert resp.status != 413, answer
    assert resp.status < 500, answer
    conn.close()


def test_lists_in_bodies_are_capped(server):
    conn = _connection(server)
    token = server.tokens["admin"]
    resp, answer = _ask(conn, "POST", "/evidence-requests", token, {
        "requester_name": "Budi", "requester_contact": "0812", "incident_at": OK_TIME,
        "incident_place": "Tebet", "camera_ids": [f"cam{i:03d}" for i in range(17)],
        "start": OK_TIME, "end": "2026-01-01T00:10:00Z"})
    assert resp.status == 422 and _error_shape(answer) == "validation_error", answer
    resp, answer = _ask(conn, "PUT", "/walls/ws-abuse", token, {
        "monitors": [{"index": i % 64, "geometry": [0, 0, 1, 1]} for i in range(65)]})
    assert resp.status == 422 and _error_shape(answer) == "validation_error", answer
    resp, answer = _ask(conn, "POST", "/views", token, {
        "name": "big", "layout": "4x4",
        "cameras": {str(i): "cam001" for i in range(1000)}})
    assert resp.status == 422 and _error_shape(answer) == "validation_error", answer
    conn.close()


def test_an_unexpected_error_closes_the_connection_saying_so(tmp_path):
    """Whatever still fails inside (a route raising, here one the test adds) answers 500
    in the error shape with Connection: close, and the server then closes: a keep-alive
    client never sends its next request into a dead connection."""
    from tests.server.conftest import FLEET
    from tests.support.live_app import serve_app

    with serve_app(tmp_path / "data", FLEET) as (url, app):
        def boom() -> dict:
            raise RuntimeError("a bug")

        app.add_api_route("/api/v1/test-boom", boom)
        parts = urlsplit(url)
        sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        sock.sendall(b"GET /api/v1/test-boom HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = _read_response(sock)
        assert status == 500
        assert _error_shape(json.loads(body)) == "internal_error"
        assert b"a bug" not in body
        assert headers["connection"] == "close"
        assert _closed_after(sock)
        sock.close()
