"""A live RTSP session: OPTIONS, DESCRIBE, SETUP of the first H.264/H.265 video media
over TCP interleaved transport, PLAY; then access units as their last packets arrive,
the session kept alive; TEARDOWN on close.

    receiver = RtspReceiver(url, timeout_s=5.0)
    receiver.open()              # raises Unsupported where libavformat should take over
    unit = receiver.read()       # an AccessUnit (Annex-B bytes, 90 kHz timestamp)
    receiver.close()
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable

from app.streams.rtsp.assembler import AccessUnit, AccessUnitAssembler
from app.streams.rtsp.auth import Authenticator
from app.streams.rtsp.connection import Interleaved, Response, RtspConnection
from app.streams.rtsp.errors import BadData, StatusError, Unsupported, status_error
from app.streams.rtsp.rtp import parse_rtp
from app.streams.rtsp.sdp import Media, parse_sdp
from app.streams.rtsp.url import (
    parse_url,
    resolve_control,
    strip_credentials,
    with_credentials,
)

__all__ = ["AccessUnit", "RtspReceiver"]

_log = logging.getLogger(__name__)

_DEFAULT_SESSION_TIMEOUT_S = 60.0  # RFC 2326 12.37
_UNSUPPORTED_TRANSPORT = 461


class _Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class RtspReceiver:
    """One live session. Not thread-safe, except :meth:`abort` (from any thread)."""

    def __init__(self, url: str, timeout_s: float,
                 on_data: Callable[[int], None] | None = None) -> None:
        self._url = parse_url(url)
        self._timeout_s = timeout_s
        self._on_data = on_data  # bytes of video RTP received, per packet
        self._conn: RtspConnection | None = None
        self._auth = Authenticator(self._url.username, self._url.password)
        self._session = ""
        self._session_timeout_s = _DEFAULT_SESSION_TIMEOUT_S
        self._keepalive_method = "OPTIONS"
        self._next_keepalive = 0.0
        self._play_url = ""
        self._video_channel = 0
        self._assembler: AccessUnitAssembler | None = None
        self._ready: deque[AccessUnit] = deque()
        self._aborted = False
        self.codec = ""  # FFmpeg's decoder name: "h264" or "hevc"
        self.parameter_sets: list[bytes] = []  # from the SDP, without start codes

    @property
    def dropped(self) -> int:
        """Access units dropped so far (lost packets, waiting for a keyframe)."""
        return 0 if self._assembler is None else self._assembler.dropped

    def open(self) -> None:
        """Connect and start playing, within ``timeout_s`` in all."""
        redirected = False
        while True:
            try:
                self._handshake(time.monotonic() + self._timeout_s)
                return
            except _Redirect as redirect:
                self._close_connection()
                if redirected:
                    raise StatusError(302, "redirected twice", "DESCRIBE") from None
                redirected = True
                self._url = parse_url(with_credentials(redirect.location, self._url))
                self._auth = Authenticator(self._url.username, self._url.password)

    def read(self) -> AccessUnit:
        """The next complete access unit; blocks (up to ``timeout_s`` of silence)."""
        conn = self._require_connection()
        assembler = self._assembler
        assert assembler is not None
        while not self._ready:
            if time.monotonic() >= self._next_keepalive:
                self._keep_alive()
            message = conn.read()
            if isinstance(message, Interleaved):
                self._on_interleaved(message)
            elif message.status >= 300:
                # Only keep-alives are in flight now; a camera that dislikes them
                # says so here, and the session goes on (or times out: then we know).
                _log.debug("keep-alive answered %d %s", message.status, message.reason)
        return self._ready.popleft()

    def close(self) -> None:
        """TEARDOWN (best effort, no wait for its answer) and close the connection."""
        conn = self._conn
        if conn is None:
            return
        if self._session and not self._aborted:
            try:
                conn.deadline = None
                conn.send("TEARDOWN", self._play_url, self._headers("TEARDOWN",
                                                                    self._play_url))
            except OSError:
                pass
        self._close_connection()

    def abort(self) -> None:
        """From another thread: make a blocked ``open``/``read`` give up now."""
        self._aborted = True
        conn = self._conn
        if conn is not None:
            conn.abort()

    # -- the handshake -------------------------------------------------------------------

    def _handshake(self, deadline: float) -> None:
        url = self._url
        self._conn = RtspConnection(url.host, url.port, self._timeout_s)
        if self._aborted:
            self._conn.abort()
        self._conn.deadline = deadline
        options = self._request("OPTIONS", url.request_url)
        public = {m.strip().upper() for m in options.header("public").split(",")}
        if "GET_PARAMETER" in public:
            self._keepalive_method = "GET_PARAMETER"
        describe = self._request("DESCRIBE", url.request_url, {"Accept": "application/sdp"})
        media = self._choose_media(describe)
        base = strip_credentials(describe.header("content-base")
                                 or describe.header("content-location") or url.request_url)
        setup_url = resolve_control(base, media.control, url.query)
        setup = self._request("SETUP", setup_url,
                              {"Transport": "RTP/AVP/TCP;unicast;interleaved=0-1"})
        self._take_session(setup)
        self._video_channel = _interleaved_channel(setup.header("transport"))
        # The session's URL (PLAY, GET_PARAMETER, TEARDOWN) is the base as the server
        # gave it, with no query added: GStreamer's server (the relay's) answers 404 to
        # a PLAY of its Content-Base with the ticket appended, and FFmpeg never adds it.
        # Without a Content-Base the base is the request URL, query and all.
        session_control = parse_sdp(describe.body.decode("utf-8", "replace")).control
        self._play_url = resolve_control(base, session_control, "")
        don_diff = media.fmtp.get("sprop-max-don-diff", "0")
        with_don = don_diff.isdigit() and int(don_diff) > 0  # H.265 DONL fields
        self._assembler = AccessUnitAssembler(self.codec, self.parameter_sets, with_don)
        self._request("PLAY", self._play_url, {"Range": "npt=0.000-"})
        self._conn.deadline = None
        self._next_keepalive = time.monotonic() + self._session_timeout_s / 2

    def _choose_media(self, describe: Response) -> Media:
        content_type = describe.header("content-type", "application/sdp").split(";")[0]
        if content_type.strip().lower() != "application/sdp":
            raise BadData(f"DESCRIBE answered {content_type}, not SDP")
        sdp = parse_sdp(describe.body.decode("utf-8", "replace"))
        media = sdp.first_video()
        if media is None:
            kinds = ", ".join(f"{m.kind} {m.encoding or '?'}" for m in sdp.media) or "none"
            raise Unsupported(f"no H.264/H.265 video in the SDP (media: {kinds})")
        self.codec = media.codec or ""
        self.parameter_sets = media.parameter_sets()
        return media

    def _take_session(self, setup: Response) -> None:
        value = setup.header("session")
        if not value:
            raise BadData("SETUP answered without a Session")
        session_id, *params = [p.strip() for p in value.split(";")]
        self._session = session_id
        for param in params:
            name, _, number = param.partition("=")
            if name.strip().lower() == "timeout":
                with contextlib.suppress(ValueError):
                    self._session_timeout_s = max(2.0, float(number))

    def _request(self, method: str, url: str, extra: dict[str, str] | None = None
                 ) -> Response:
        conn = self._require_connection()
        for attempt in range(2):
            headers = self._headers(method, url)
            headers.update(extra or {})
            cseq = conn.send(method, url, headers)
            response = self._await(cseq)
            if response.status == 401 and attempt == 0 and \
                    self._auth.challenge(response.all("www-authenticate")):
                continue
            break
        if 200 <= response.status < 300:
            return response
        if response.status in (301, 302) and response.header("location"):
            raise _Redirect(response.header("location"))
        if method == "SETUP" and response.status == _UNSUPPORTED_TRANSPORT:
            raise Unsupported("the server does not offer RTP over the RTSP connection")
        raise status_error(response.status, response.reason, method)

    def _headers(self, method: str, url: str) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self._session:
            headers["Session"] = self._session
        authorization = self._auth.header(method, url)
        if authorization is not None:
            headers["Authorization"] = authorization
        return headers

    def _await(self, cseq: int) -> Response:
        conn = self._require_connection()
        while True:
            message = conn.read()
            if isinstance(message, Interleaved):
                self._on_interleaved(message)  # data before PLAY's answer is data too
            elif message.cseq in (cseq, None):
                return message

    # -- the session ---------------------------------------------------------------------

    def _on_interleaved(self, frame: Interleaved) -> None:
        if frame.channel != self._video_channel or self._assembler is None:
            return  # RTCP, or a channel nobody set up: read and ignored
        if self._on_data is not None:
            self._on_data(len(frame.data))
        try:
            packet = parse_rtp(frame.data)
        except BadData:
            _log.debug("a frame on channel %d is not RTP", frame.channel)
            return
        self._ready.extend(self._assembler.push(packet))

    def _keep_alive(self) -> None:
        conn = self._require_connection()
        method = self._keepalive_method
        url = self._play_url if method == "GET_PARAMETER" else self._url.request_url
        conn.send(method, url, self._headers(method, url))
        self._next_keepalive = time.monotonic() + self._session_timeout_s / 2

    def _require_connection(self) -> RtspConnection:
        if self._conn is None:
            raise BadData("not connected")
        return self._conn

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._session = ""


def _interleaved_channel(transport: str) -> int:
    """The RTP channel the server chose (it may differ from the 0-1 asked for)."""
    fields = [f.strip() for f in transport.split(";")]
    if not fields or "TCP" not in fields[0].upper():
        raise Unsupported(f"the server chose another transport ({fields[0] if fields else ''})")
    for field_ in fields[1:]:
        name, _, value = field_.partition("=")
        if name.strip().lower() == "interleaved":
            first = value.split("-")[0].strip()
            if first.isdigit():
                return int(first)
    return 0
