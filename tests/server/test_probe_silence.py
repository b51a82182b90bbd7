"""The onboarding probe names a silent camera (RTSP answered, then no video) a timeout,
not an unreadable stream; one answering garbage stays unreadable."""

from __future__ import annotations

import pytest

from server.onboarding.failures import ProbeError, ProbeFailure
from server.onboarding.rtsp_probe import grab
from tests.support.net import LOOPBACK
from tests.support.silent_rtsp import Peer, answers_then_silent, garbage, mute


@pytest.mark.parametrize("talk, failure", [
    (mute, ProbeFailure.TIMEOUT),
    (answers_then_silent, ProbeFailure.TIMEOUT),
    (garbage, ProbeFailure.STREAM_UNREADABLE),
])
def test_silence_is_a_timeout(talk, failure):
    peer = Peer(talk)
    try:
        with pytest.raises(ProbeError) as info:
            grab(f"rtsp://{LOOPBACK}:{peer.port}/cam", open_timeout_s=1.5, read_timeout_s=1.5)
        assert info.value.failure is failure, info.value
    finally:
        peer.close()
