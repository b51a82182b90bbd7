"""The fleet's rules, without processes: accounts, camera kinds, session counting."""

from __future__ import annotations

import hashlib
import hmac

from camsim.accounts import camera_account
from camsim.catalog import build_fleet
from camsim.profiles import Codec, Stream
from camsim.sessions import SessionLedger, path_of


def test_each_camera_has_its_own_password_derived_from_the_fleet_secret():
    accounts = [camera_account("pantau-sim", f"cam{n:03d}") for n in range(1, 65)]
    assert len({a.password for a in accounts}) == 64
    assert {a.username for a in accounts} == {"admin"}
    # The documented rule, computed here from the standard library.
    expected = hmac.new(b"pantau-sim", b"cam004", hashlib.sha256).hexdigest()[:12]
    assert camera_account("pantau-sim", "cam004").password == expected
    assert camera_account("other-site", "cam004").password != expected
    assert "password" not in repr(accounts[0]) and accounts[0].password not in repr(accounts[0])


def test_every_fourth_fixed_camera_is_h265_and_every_third_has_a_third_stream():
    fleet = build_fleet(12, ptz_count=2)
    h265 = [c.id for c in fleet if c.lineup.spec(Stream.MAIN).codec is Codec.H265]
    third = [c.id for c in fleet if Stream.THIRD in c.lineup]
    assert h265 == ["cam004", "cam008", "cam012"]
    assert third == ["cam001", "cam004", "cam007", "cam010"]
    for cam in fleet:  # only main streams may be H.265
        assert all(s.codec is Codec.H264 for s in cam.lineup.streams if s.stream is not Stream.MAIN)


def test_a_ptz_camera_stays_h264():
    (*_, cam004) = build_fleet(4, ptz_count=4)
    assert cam004.ptz and cam004.lineup.spec(Stream.MAIN).codec is Codec.H264
    assert cam004.lineup.model == "camsim PTZ H.264 3-stream"


def test_a_session_counts_once_per_path():
    ledger = SessionLedger()
    ledger.setup("s1", path_of("/cam004/main/stream=0"))
    ledger.setup("s1", path_of("/cam004/main/stream=1"))  # a second stream, same session
    ledger.setup("s2", "/cam004/main")
    ledger.setup("s2", "/cam004/sub")
    assert (ledger.total("/cam004/main"), ledger.total("/cam004/sub")) == (2, 1)
    ledger.forget("s1")
    ledger.setup("s1", "/cam004/main")  # an id used again is a new session
    assert ledger.total("/cam004/main") == 3
