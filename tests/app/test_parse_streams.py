"""The catalog's stream sizes as the client reads them (app/api/parse.py): what a tile's
ladder is built from, from a current server, an older one and a newer one."""

from __future__ import annotations

import pytest

from app.api.errors import ApiError
from app.api.parse import camera
from app.domain import Profile, StreamInfo

BASE = {"id": "cam001", "name": "Pintu Air", "area_id": "tebet", "profiles": ["main", "sub"]}


def test_each_stream_with_its_picture():
    cam = camera(BASE | {"profiles": ["main", "sub", "third"], "streams": [
        {"profile": "main", "width": 1920, "height": 1080, "fps": 25},
        {"profile": "sub", "width": None, "height": None, "fps": None},
        {"profile": "third", "width": 320, "height": 180, "fps": 12.5},
    ]})
    assert cam.stream_infos() == (StreamInfo(Profile.MAIN, 1920, 1080, 25.0),
                                  StreamInfo(Profile.SUB),
                                  StreamInfo(Profile.THIRD, 320, 180, 12.5))


def test_an_older_server_names_only_the_profiles():
    assert camera(BASE).stream_infos() == (StreamInfo(Profile.MAIN), StreamInfo(Profile.SUB))


def test_a_kind_of_stream_this_client_does_not_know_is_left_out():
    cam = camera(BASE | {"profiles": ["main", "fisheye"], "streams": [
        {"profile": "fisheye", "width": 2048, "height": 2048, "fps": 15}]})
    assert cam.stream_infos() == (StreamInfo(Profile.MAIN),)


@pytest.mark.parametrize("bad", [0, -640, "wide", [1]])
def test_a_nonsense_size_is_a_bad_answer(bad):
    with pytest.raises(ApiError):
        camera(BASE | {"streams": [{"profile": "main", "width": bad, "height": 1080}]})
