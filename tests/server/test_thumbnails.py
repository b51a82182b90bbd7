"""Timeline thumbnails from real footage: the keyframe at or before the moment asked,
scaled to the width asked, as a JPEG any decoder reads; nothing where nothing is
recorded; cameras outside the user's areas stay hidden."""

from __future__ import annotations

import io
from datetime import timedelta

import av
import numpy as np

from server.clock import parse_wire, to_wire
from server.recordings import segments_in
from tests.server.conftest import FOOTAGE_T0
from tests.support.footage import HEIGHT, WIDTH, picture


def _thumb(api, token, camera="cam001", **params):
    return api.client.get(f"/api/v1/cameras/{camera}/thumbnail",
                          headers={"Authorization": f"Bearer {token}"}, params=params)


def _decoded(jpeg: bytes) -> np.ndarray:
    with av.open(io.BytesIO(jpeg)) as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")


def _green_of(index: int) -> int:
    """The grey-level band of footage picture ``index`` (its green channel)."""
    return int(picture(index)[0, WIDTH - 1, 1])


def test_thumbnail_is_the_keyframe_at_or_before(footage_api):
    api = footage_api
    token = api.token("operator")
    # The footage has a keyframe every second (picture 10 * s); 5.7 s shows the one at 5 s.
    resp = _thumb(api, token, at=to_wire(FOOTAGE_T0 + timedelta(seconds=5.7)))
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "image/jpeg"
    assert parse_wire(resp.headers["X-Pantau-At"]) == FOOTAGE_T0 + timedelta(seconds=5)
    pixels = _decoded(resp.content)
    assert pixels.shape == (90, 160, 3)  # default width 160, aspect of 320x180 kept
    assert abs(int(pixels[45, 150, 1]) - _green_of(50)) <= 8
    assert _green_of(50) != _green_of(57)  # a decoded picture 57 would tell

    # Exactly on a keyframe: that one; a wider picture when asked.
    wide = _thumb(api, token, at=to_wire(FOOTAGE_T0 + timedelta(seconds=12)), width=WIDTH)
    assert parse_wire(wide.headers["X-Pantau-At"]) == FOOTAGE_T0 + timedelta(seconds=12)
    big = _decoded(wide.content)
    assert big.shape == (HEIGHT, WIDTH, 3)
    assert abs(int(big[90, WIDTH - 5, 1]) - _green_of(120)) <= 8

    # The same picture again comes from the cache, byte for byte.
    cache = api.client.app.state.thumbnails
    hits = cache.hits
    again = _thumb(api, token, at=to_wire(FOOTAGE_T0 + timedelta(seconds=5.2)))
    assert again.content == resp.content and cache.hits == hits + 1


def test_thumbnail_refusals(footage_api):
    api = footage_api
    token = api.token("operator")
    for at in (FOOTAGE_T0 - timedelta(seconds=1), FOOTAGE_T0 + timedelta(seconds=21)):
        resp = _thumb(api, token, at=to_wire(at))
        assert resp.status_code == 404 and resp.json()["detail"]["code"] == "no_recording"
    assert _thumb(api, token, at="yesterday").json()["detail"]["code"] == "invalid_time"
    too_wide = _thumb(api, token, at=to_wire(FOOTAGE_T0), width=641)
    assert too_wide.json()["detail"]["code"] == "validation_error"
    # Players without headers sign in with the access_token query parameter.
    plain = api.client.get("/api/v1/cameras/cam001/thumbnail",
                           params={"at": to_wire(FOOTAGE_T0), "access_token": token})
    assert plain.status_code == 200 and plain.content[:2] == b"\xff\xd8"
    assert api.client.get("/api/v1/cameras/cam001/thumbnail",
                          params={"at": to_wire(FOOTAGE_T0)}).status_code == 401
    # cam003 is in Jakarta Pusat: outside the police user's areas, so it does not exist.
    hidden = _thumb(api, api.token("police"), camera="cam003", at=to_wire(FOOTAGE_T0))
    assert hidden.status_code == 404 and hidden.json()["detail"]["code"] == "camera_not_found"


def test_an_unreadable_segment_gives_no_picture_and_is_a_gap_from_then_on(footage_api):
    """The hover picture reads a segment whose file is garbage: no picture, and the
    index learns it, as it does when playback reads it (a corrupt gap in /recordings)."""
    api = footage_api
    token = api.token("operator")
    recorded = api.client.get("/api/v1/cameras/cam001/recordings", params={
        "start": to_wire(FOOTAGE_T0), "end": to_wire(FOOTAGE_T0 + timedelta(seconds=20))},
        headers={"Authorization": f"Bearer {token}"})
    assert recorded.json()["gaps"] == []
    at = FOOTAGE_T0 + timedelta(seconds=5.7)
    with api.ctx.engine.connect() as conn:
        (seg,) = segments_in(conn, "cam001", at, at + timedelta(microseconds=1))
    (api.ctx.settings.data_dir / seg.path).write_bytes(b"\xa5" * 4096)
    resp = _thumb(api, token, at=to_wire(FOOTAGE_T0 + timedelta(seconds=5.7)))
    assert resp.status_code == 404 and resp.json()["detail"]["code"] == "no_recording"
    gaps = api.client.get("/api/v1/cameras/cam001/recordings", params={
        "start": to_wire(FOOTAGE_T0), "end": to_wire(FOOTAGE_T0 + timedelta(seconds=20))},
        headers={"Authorization": f"Bearer {token}"}).json()["gaps"]
    assert [(parse_wire(g["start"]), parse_wire(g["end"]), g["reason"]) for g in gaps] == [
        (seg.start, seg.end, "corrupt")]
    # The neighbours still give their pictures.
    assert _thumb(api, token, at=to_wire(FOOTAGE_T0 + timedelta(seconds=2))).status_code == 200
