"""The playback stream is for every player, not only ours: ffplay and libVLC each play a
recorded range to its end and decode its frames."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.parse
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.camsim_fleet import run_camsim
from tests.support.server_proc import run_server

pytestmark = pytest.mark.slow

RANGE_S = 6
FPS = 15


def wire(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A server that has recorded one camera for a little more than RANGE_S seconds;
    yields (playback URL without auth, token)."""
    base = tmp_path_factory.mktemp("players")
    with run_camsim(base, cameras=1, ptz=0, fps=FPS) as fleet, \
            run_server(base, camsim_url=fleet.control_url, segment_seconds=2) as srv:
        token = srv.login("operator")
        started = datetime.now(UTC)
        deadline = time.monotonic() + 90
        span = None
        while time.monotonic() < deadline:
            query = urllib.parse.urlencode({"start": wire(started - timedelta(minutes=1)),
                                            "end": wire(datetime.now(UTC))})
            _, body = srv.get(f"/cameras/cam001/recordings?{query}", token=token)
            spans = body["spans"] if isinstance(body, dict) else []
            if spans and (datetime.fromisoformat(spans[-1]["end"])
                          - datetime.fromisoformat(spans[-1]["start"])).total_seconds() \
                    >= RANGE_S + 1:
                span = spans[-1]
                break
            time.sleep(0.5)
        assert span, "the server recorded nothing to play back"
        start = datetime.fromisoformat(span["start"]) + timedelta(seconds=0.5)
        query = urllib.parse.urlencode(
            {"start": wire(start), "end": wire(start + timedelta(seconds=RANGE_S))})
        yield f"{srv.api}/cameras/cam001/playback?{query}", token


def test_ffplay_plays_the_range_to_its_end(recorded):
    url, token = recorded
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    result = subprocess.run(
        ["ffplay", "-v", "error", "-autoexit", "-an", "-stats",
         "-headers", f"Authorization: Bearer {token}\r\n", url],
        capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rror" not in result.stderr, result.stderr[-2000:]


def test_libvlc_plays_the_range_and_decodes_its_frames(recorded):
    vlc = pytest.importorskip("vlc")
    url, token = recorded
    # libVLC cannot send an Authorization header; the server takes the token in the query.
    instance = vlc.Instance(["--vout=dummy", "--aout=dummy", "--no-audio", "--quiet",
                             "--no-video-title-show"])
    player = instance.media_player_new()
    media = instance.media_new(f"{url}&access_token={urllib.parse.quote(token)}")
    player.set_media(media)
    try:
        player.play()
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and media.get_state() not in (
                vlc.State.Ended, vlc.State.Error):
            time.sleep(0.2)
        stats = vlc.MediaStats()
        media.get_stats(stats)
        assert media.get_state() == vlc.State.Ended
        assert stats.decoded_video >= RANGE_S * FPS * 0.8
    finally:
        player.stop()
        player.release()
        instance.release()
