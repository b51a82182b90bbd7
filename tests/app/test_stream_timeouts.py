"""A silent camera is a timeout, not unreadable video: the PyAV engine against peers that
accept the connection and then say nothing (at the RTSP level, and after PLAY), beside
one that answers garbage at once (still a bad stream). No Qt: the sink is a recorder."""

from __future__ import annotations

import pytest

from app.streams.engine import StreamError, StreamState
from tests.support.net import LOOPBACK
from tests.support.silent_rtsp import Peer, answers_then_silent, garbage, mute

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("talk, error", [
    (mute, StreamError.UNREACHABLE),  # no answer: "The camera does not answer"
    (answers_then_silent, StreamError.NO_FRAMES),  # connected, no data
])
def test_a_silent_camera_is_a_timeout(engines, talk, error):
    peer = Peer(talk)
    try:
        _, sink = engines(f"rtsp://{LOOPBACK}:{peer.port}/cam", connect_timeout_s=1.5,
                          offline_after_attempts=1)
        sink.wait_state(StreamState.OFFLINE, error)
        failures = [(e, message) for _, e, message in sink.states if e is not StreamError.NONE]
        assert failures and all(e is error for e, _ in failures), sink.states
        assert all("timed out" in message for _, message in failures), failures
        assert not sink.frames
    finally:
        peer.close()


def test_garbage_is_still_a_bad_stream(engines):
    peer = Peer(garbage)
    try:
        _, sink = engines(f"rtsp://{LOOPBACK}:{peer.port}/cam", connect_timeout_s=5.0,
                          offline_after_attempts=1)
        sink.wait_state(StreamState.OFFLINE, StreamError.BAD_STREAM)
    finally:
        peer.close()
