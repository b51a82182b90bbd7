"""What the receiver raises. Socket errors (refused, timed out) pass through as the
OSError / TimeoutError they are."""

from __future__ import annotations


class RtspError(Exception):
    """Anything the RTSP peer did wrong, or that this receiver cannot do."""


class Unsupported(RtspError):
    """The stream is fine but not for this receiver (rtsps, no H.264/H.265 video, a
    server without TCP interleaving): the caller falls back to libavformat."""


class BadData(RtspError):
    """The peer answered with something that is not RTSP, SDP or RTP as specified."""


class ConnectionClosed(RtspError):
    """The peer closed the connection."""


class StatusError(RtspError):
    """An RTSP status other than 2xx (and other than a redirect answered)."""

    def __init__(self, status: int, reason: str, method: str) -> None:
        super().__init__(f"{method}: RTSP {status} {reason}")
        self.status = status
        self.reason = reason
        self.method = method


class Unauthorized(StatusError):
    """401: no credentials, or wrong ones."""


class Forbidden(StatusError):
    """403."""


class NotFound(StatusError):
    """404: no such stream."""


def status_error(status: int, reason: str, method: str) -> StatusError:
    kind = {401: Unauthorized, 403: Forbidden, 404: NotFound}.get(status, StatusError)
    return kind(status, reason, method)
