"""Fault injection through the control API, seen from an RTSP client."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit

import av
import pytest

from tests.camsim.pictures import LiveReader, grab, open_rtsp
from tests.support.net import http_json


def test_unknown_camera_is_a_json_404(fleet):
    status, body = http_json("POST", f"{fleet.control_url}/cameras/cam999/offline")
    assert status == 404
    assert body["error"] == "unknown_camera"


def test_health_and_catalogue(fleet):
    assert http_json("GET", f"{fleet.control_url}/health")[0] == 200
    first = fleet.cameras[0]
    assert (first["id"], first["name"], first["kecamatan"], first["kota"]) == (
        "cam001", "Taman Tebet Eco Park", "Tebet", "Jakarta Selatan",
    )  # fmt: skip
    assert [c["name"] for c in fleet.cameras[1:4]] == [
        "Taman Langsat", "Taman Leuser", "Permukiman Kebon Jeruk",
    ]  # fmt: skip
    assert [c["ptz"] for c in fleet.cameras] == [True] + [False] * 5
    assert {c["state"] for c in fleet.cameras} == {"online"}
    assert first["rw"].startswith("RW ") and first["rt"].startswith("RT ")


def test_offline_tears_down_sessions_and_refuses_new_ones(fleet):
    reader = LiveReader(fleet.rtsp_url("cam006", "sub"))
    try:
        reader.frame_after(3)
        assert fleet.offline("cam006")["state"] == "offline"
        with pytest.raises(AssertionError, match="stream stopped"):
            reader.frame_after(30)
        with pytest.raises(av.error.HTTPNotFoundError):  # RTSP 404 on DESCRIBE
            open_rtsp(fleet.rtsp_url("cam006", "main"))
        assert fleet.online("cam006")["state"] == "online"
        assert len(grab(fleet.rtsp_url("cam006", "sub"), 3)) == 3
    finally:
        reader.close()
        fleet.online("cam006")


def test_freeze_stops_the_picture_but_keeps_the_session(fleet):
    reader = LiveReader(fleet.rtsp_url("cam005", "sub"))
    try:
        reader.frame_after(20)  # past the burst buffered while the client probed
        assert fleet.freeze("cam005")["state"] == "frozen"
        time.sleep(2)  # let frames already in flight drain
        frozen_at = reader.count
        time.sleep(2)
        assert reader.count == frozen_at, "frames kept arriving while frozen"
        assert reader.error is None and not reader.closed  # the session is still open
        assert fleet.online("cam005")["state"] == "online"
        reader.frame_after(5)  # the same session shows pictures again
    finally:
        reader.close()
        fleet.online("cam005")


def _describe(url: str, timeout_s: float) -> tuple[socket.socket, threading.Event, list[str]]:
    """Send an RTSP DESCRIBE; a thread waits for the status line. (socket, done, [line])"""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    sock = socket.create_connection((host, port), timeout=timeout_s)
    sock.sendall(f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n"
                 .encode())
    done, status = threading.Event(), []

    def read() -> None:
        with contextlib.suppress(OSError):
            status.append(sock.makefile("rb").readline().decode().strip())
        done.set()

    threading.Thread(target=read, daemon=True).start()
    return sock, done, status


def test_a_camera_that_sends_nothing_does_not_hold_up_the_others(fleet):
    # A frozen camera's new session cannot start (its media waits for a first
    # picture); a real camera fleet answers every other camera meanwhile.
    fleet.freeze("cam004")
    stuck, stuck_done, stuck_status = _describe(fleet.rtsp_url("cam004", "main"), 30)
    other, other_done, other_status = _describe(fleet.rtsp_url("cam003", "main"), 30)
    try:
        assert other_done.wait(15), "cam003 got no answer while cam004 was frozen"
        assert other_status == ["RTSP/1.0 200 OK"]
        assert not stuck_done.is_set()  # cam004 still had nothing to describe
        fleet.online("cam004")
        assert stuck_done.wait(15), "cam004 did not answer once back online"
        assert stuck_status == ["RTSP/1.0 200 OK"]
    finally:
        stuck.close()
        other.close()
        fleet.online("cam004")
