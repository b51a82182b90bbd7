"""Fault injection through the control API, seen from an RTSP client."""

from __future__ import annotations

import time

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
