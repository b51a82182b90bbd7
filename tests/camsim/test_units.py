"""Pure parts of camsim, without processes: PTZ mechanics, token checks, access units."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from camsim.access_units import split_access_units
from camsim.onvif.soap import SoapFault
from camsim.onvif.wsse import PASSWORD_DIGEST, Authenticator, password_digest
from camsim.profiles import Codec
from camsim.ptz import MoveStatus, Position, PtzHead, Velocity


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_continuous_move_integrates_until_its_timeout():
    clock = FakeClock()
    head = PtzHead(clock)
    head.continuous_move(Velocity(pan=1.0, zoom=0.5), timeout_s=1.0)
    clock.now += 0.5
    assert head.status().pan_tilt is MoveStatus.MOVING
    clock.now += 10
    status = head.status()
    assert status.position == Position(pan=0.5, tilt=0.0, zoom=0.25)
    assert status.pan_tilt is MoveStatus.IDLE


def test_stop_keeps_the_position_reached_and_limits_clamp():
    clock = FakeClock()
    head = PtzHead(clock)
    head.continuous_move(Velocity(tilt=-1.0), timeout_s=60)
    clock.now += 1
    head.stop()
    clock.now += 5
    assert head.position() == Position(tilt=-0.5)
    head.relative_move(Position(pan=3.0, zoom=-1.0))
    assert head.position() == Position(pan=1.0, tilt=-0.5, zoom=0.0)


def _header(user, password, nonce, created):
    wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    return ET.fromstring(
        f'<h xmlns:wsse="{wsse}" xmlns:wsu="{wsu}"><wsse:Security><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username><wsse:Password Type=\"{PASSWORD_DIGEST}\">"
        f"{password_digest(nonce, created, password)}</wsse:Password>"
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security></h>"
    )


def test_digest_token_accepted_once_and_replay_refused():
    created = "2026-01-01T00:00:00Z"
    auth = Authenticator("admin", "secret", clock=lambda: 1767225600.0 + 10)
    header = _header("admin", "secret", b"nonce-1", created)
    auth.check(header)
    with pytest.raises(SoapFault) as replay:
        auth.check(header)
    assert replay.value.subcodes == ("ter:NotAuthorized",)
    with pytest.raises(SoapFault):
        auth.check(_header("admin", "wrong", b"nonce-2", created))


def test_access_units_carry_parameter_sets_on_keyframes():
    sps, pps = b"\x67\x42\x00\x1f", b"\x68\xce"
    idr, p1 = b"\x65\x88\x84", b"\x41\x9a\x02"
    stream = b"".join(b"\x00\x00\x00\x01" + n for n in (sps, pps, idr, p1, idr))
    units = split_access_units(stream)
    assert [u.keyframe for u in units] == [True, False, True]
    assert units[2].data.startswith(b"\x00\x00\x00\x01" + sps)
    assert units[1].data == b"\x00\x00\x00\x01" + p1


def test_h265_keyframes_carry_vps_sps_pps():
    # Two-byte headers: type << 1, then layer 0 / temporal id 1.
    vps, sps, pps = b"\x40\x01\x0c", b"\x42\x01\x01", b"\x44\x01\xc1"
    idr, trail = b"\x28\x01\xaf\x10", b"\x02\x01\xd0\x20"  # first slice of a picture
    second_slice = b"\x02\x01\x40\x30"  # same picture, not its first slice
    stream = b"".join(
        b"\x00\x00\x00\x01" + n for n in (vps, sps, pps, idr, trail, second_slice, idr)
    )
    units = split_access_units(stream, Codec.H265)
    assert [u.keyframe for u in units] == [True, False, True]
    assert units[1].data.count(b"\x00\x00\x00\x01") == 2  # both slices, one picture
    prefix = b"".join(b"\x00\x00\x00\x01" + n for n in (vps, sps, pps))
    assert units[2].data == prefix + b"\x00\x00\x00\x01" + idr
