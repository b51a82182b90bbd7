"""The libVLC engine against real peers: a fragmented MP4 over HTTP (made by ffmpeg,
served on loopback), and the RTSP fallback of this machine's libVLC."""

from __future__ import annotations

import logging

import pytest

from app.settings import EngineChoice
from app.streams.engine import EngineKind, StreamOptions, StreamState
from app.streams.factory import choose, default_engine_factory, window_policy
from tests.app.local_http import serve
from tests.app.sinks import RecordingSink
from tests.support.clips import blue_red_clip

vlc_engine = pytest.importorskip("app.streams.vlc_engine")


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    """Two seconds, 320x180: the left half blue, the right half red."""
    return blue_red_clip(tmp_path_factory.mktemp("vlc") / "clip.mp4", 2)


def test_vlc_engine_plays_http_fragmented_mp4_with_the_token_in_the_query(clip):
    with serve({("GET", "/playback.mp4"): (200, clip)}) as (url, seen):
        sink = RecordingSink()
        options = StreamOptions(loop_forever=False,
                                http_headers={"Authorization": "Bearer s3cret"})
        factory = default_engine_factory(EngineChoice.AUTO)
        engine = factory(url + "/playback.mp4", sink, options)
        assert engine.kind is EngineKind.VLC  # HTTP: libVLC serves it
        engine.start()
        assert sink.finished.wait(20)
        assert engine.join(5)
    # libVLC cannot send headers: the server's ?access_token= carries the bearer token.
    assert seen and seen[0]["path"] == "/playback.mp4?access_token=s3cret"
    assert sink.state_names()[0] is StreamState.CONNECTING
    assert StreamState.LIVE in sink.state_names() and sink.state_names()[-1] is StreamState.ENDED
    assert len(sink.frames) > 15
    picture = sink.frames[-1].rgb
    assert picture.shape == (180, 320, 3)
    left, right = picture[90, 40].tolist(), picture[90, 280].tolist()
    assert left[2] > 200 and left[0] < 40  # blue
    assert right[0] > 200 and right[2] < 40  # red
    assert sink.stats and (sink.stats[-1].width, sink.stats[-1].height) == (320, 180)
    assert sink.stats[-1].codec == "h264"


def test_rtsp_without_live555_falls_back_to_pyav_and_says_so_once(caplog):
    if vlc_engine.rtsp_supported():
        pytest.skip("this libVLC has live555: RTSP stays with libVLC")
    vlc_engine.rtsp_supported.cache_clear()
    caplog.clear()
    factory = default_engine_factory(EngineChoice.VLC)
    sink = RecordingSink()
    with caplog.at_level(logging.WARNING, logger="app.streams.vlc_engine"):
        first = factory("rtsp://127.0.0.1:9/cam001/sub", sink, StreamOptions())
        second = factory("rtsp://127.0.0.1:9/cam002/sub", sink, StreamOptions())
    assert first.kind is second.kind is EngineKind.PYAV
    assert [r.message for r in caplog.records].count(
        "this libVLC cannot open RTSP (no live555 module): "
        "the PyAV engine plays live cameras") == 1
    assert choose(EngineChoice.AUTO, "http://127.0.0.1/x.mp4") is EngineChoice.VLC
    assert choose(EngineChoice.PYAV, "http://127.0.0.1/x.mp4") is EngineChoice.PYAV
    # A tile that asks for PyAV by name gets it even for HTTP.
    engine = factory("http://127.0.0.1:9/x.mp4", sink, StreamOptions(engine="pyav"))
    assert engine.kind is EngineKind.PYAV


def test_live_tiles_lend_their_window_only_where_libvlc_plays_rtsp():
    # Debian's libVLC has no RTSP: live tiles keep PyAV and its shared frames.
    live555 = vlc_engine.rtsp_supported()
    assert window_policy(EngineChoice.AUTO)("") is live555
    assert window_policy(EngineChoice.AUTO)("vlc") is live555
    assert window_policy(EngineChoice.VLC)("pyav") is False
    assert window_policy(EngineChoice.PYAV)("") is False
