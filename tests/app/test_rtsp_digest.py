"""The receiver's text parts without a network: Digest and Basic answers (RFC 2617's own
example), SDP as cameras write it, and control URLs resolved as servers mean them."""

from __future__ import annotations

import base64
import hashlib

import pytest

from app.streams.rtsp import BadData, Unsupported
from app.streams.rtsp.auth import Authenticator, digest_response, parse_challenge
from app.streams.rtsp.sdp import parse_sdp
from app.streams.rtsp.url import parse_url, resolve_control, with_credentials

# -- Digest ----------------------------------------------------------------------------


def test_rfc_2617_example_with_qop_auth():
    # RFC 2617 section 3.5: Mufasa / "Circle Of Life" asks for /dir/index.html.
    assert digest_response("Mufasa", "Circle Of Life", "testrealm@host.com",
                           "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html",
                           "auth", "00000001", "0a4f113b") == "6629fae49393a05397450978507c4ef1"


def test_digest_without_qop_is_rfc_2069s_hash():
    ha1 = hashlib.md5(b"admin:cam:s3cret").hexdigest()
    ha2 = hashlib.md5(b"DESCRIBE:rtsp://10.0.0.5/live").hexdigest()
    want = hashlib.md5(f"{ha1}:abc:{ha2}".encode()).hexdigest()
    assert digest_response("admin", "s3cret", "cam", "abc", "DESCRIBE",
                           "rtsp://10.0.0.5/live") == want


def test_challenge_with_quoted_commas_and_escapes():
    scheme, params = parse_challenge(
        'Digest realm="a, \\"b\\"", nonce="n1", qop="auth,auth-int", stale=FALSE')
    assert scheme == "digest"
    assert params == {"realm": 'a, "b"', "nonce": "n1", "qop": "auth,auth-int",
                      "stale": "FALSE"}


def _fields(header: str) -> dict[str, str]:
    return parse_challenge(header)[1]


def test_authenticator_answers_digest_and_counts_nonces():
    auth = Authenticator("admin", "pa:ss@")
    assert auth.header("OPTIONS", "rtsp://h/x") is None  # nothing until challenged
    assert auth.challenge(['Basic realm="r"', 'Digest realm="r", nonce="n", qop="auth"'])
    first = _fields(auth.header("DESCRIBE", "rtsp://h/x?ticket=t"))
    second = _fields(auth.header("SETUP", "rtsp://h/x/trackID=1?ticket=t"))
    assert (first["nc"], second["nc"]) == ("00000001", "00000002")
    assert first["uri"] == "rtsp://h/x?ticket=t" and first["username"] == "admin"
    assert first["response"] == digest_response(
        "admin", "pa:ss@", "r", "n", "DESCRIBE", "rtsp://h/x?ticket=t", "auth",
        first["nc"], first["cnonce"])
    # The same nonce refused again: the password is wrong, no third try.
    assert not auth.challenge(['Digest realm="r", nonce="n", qop="auth"'])


def test_a_stale_nonce_is_answered_again():
    auth = Authenticator("admin", "x")
    assert auth.challenge(['Digest realm="r", nonce="n"'])
    assert auth.challenge(['Digest realm="r", nonce="n", stale=true'])


def test_basic_when_only_basic_is_offered():
    auth = Authenticator("user", "pässword")
    assert auth.challenge(['Basic realm="cam"'])
    header = auth.header("DESCRIBE", "rtsp://h/x")
    assert base64.b64decode(header.split()[1]).decode() == "user:pässword"
    assert not auth.challenge(['Basic realm="cam"'])


def test_no_credentials_no_retry():
    assert not Authenticator("", "").challenge(['Digest realm="r", nonce="n"'])


# -- SDP -------------------------------------------------------------------------------

# As a common camera writes it: audio first, H.264 second, session control "*".
CAMERA_SDP = ("""v=0
o=- 1 1 IN IP4 10.0.0.5
s=Media Presentation
t=0 0
a=control:*
m=audio 0 RTP/AVP 97
a=rtpmap:97 MPEG4-GENERIC/16000/1
a=control:trackID=1
m=video 0 RTP/AVP 96
a=rtpmap:96 H264/90000
a=fmtp:96 profile-level-id=420029; packetization-mode=1; """
              """sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==
a=control:trackID=2
""")


def test_sdp_first_h264_video_and_its_parameter_sets():
    sdp = parse_sdp(CAMERA_SDP.replace("\n", "\r\n"))
    assert sdp.control == "*"
    media = sdp.first_video()
    assert media is not None and media.codec == "h264" and media.control == "trackID=2"
    sps, pps = media.parameter_sets()
    assert sps[0] & 0x1F == 7 and pps == b"\x68\xce\x3c\x80"


def test_sdp_h265_parameter_sets():
    sdp = parse_sdp("v=0\nm=video 0 RTP/AVP 98\na=rtpmap:98 H265/90000\n"
                    "a=fmtp:98 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ;"
                    " sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAEA==;"
                    " sprop-pps=RAHBcrRiQA==\n")
    media = sdp.first_video()
    assert media is not None and media.codec == "hevc"
    assert [(u[0] >> 1) & 0x3F for u in media.parameter_sets()] == [32, 33, 34]


def test_sdp_without_h264_or_h265_has_no_video_for_the_receiver():
    sdp = parse_sdp("v=0\nm=video 0 RTP/AVP 26\na=control:track1\n"
                    "m=video 0 RTP/AVP 96\na=rtpmap:96 MP4V-ES/90000\n")
    assert sdp.first_video() is None


# -- URLs ------------------------------------------------------------------------------


def test_url_credentials_are_percent_decoded_and_left_off_the_request():
    url = parse_url("rtsp://ad%40min:p%3Ass%2Fw@cam.local:8554/live/main?ticket=a%2Bb")
    assert (url.username, url.password) == ("ad@min", "p:ss/w")
    assert url.request_url == "rtsp://cam.local:8554/live/main?ticket=a%2Bb"
    assert (url.host, url.port, url.query) == ("cam.local", 8554, "ticket=a%2Bb")
    assert parse_url("rtsp://[::1]/x").request_url == "rtsp://[::1]/x"
    assert parse_url("rtsp://10.0.0.5/x").port == 554


def test_rtsps_and_other_schemes_are_left_to_libavformat():
    with pytest.raises(Unsupported):
        parse_url("rtsps://cam/x")
    with pytest.raises(BadData):
        parse_url("rtsp:///nohost")


@pytest.mark.parametrize("base, control, want", [
    ("rtsp://h/live", "trackID=1", "rtsp://h/live/trackID=1?ticket=t"),
    ("rtsp://h/live/", "trackID=1", "rtsp://h/live/trackID=1?ticket=t"),
    ("rtsp://h/live/", "rtsp://h2:554/other/track", "rtsp://h2:554/other/track?ticket=t"),
    ("rtsp://h/live/", "*", "rtsp://h/live/?ticket=t"),
    ("rtsp://h/live/", "", "rtsp://h/live/?ticket=t"),
    # GStreamer puts its slash after the query: text is appended, as it parses it back.
    ("rtsp://h/cam?ticket=t/", "stream=0", "rtsp://h/cam?ticket=t/stream=0"),
    ("rtsp://h/x", "rtsp://h/x/a?own=1", "rtsp://h/x/a?own=1"),
])
def test_control_urls_keep_the_query(base, control, want):
    assert resolve_control(base, control, "ticket=t") == want


def test_a_redirect_keeps_the_credentials_it_lacks():
    original = parse_url("rtsp://u:p%40@h/a")
    assert with_credentials("rtsp://other:554/b", original) == "rtsp://u:p%40@other:554/b"
    assert with_credentials("rtsp://x:y@other/b", original) == "rtsp://x:y@other/b"
