"""Why a probe failed, as an enum whose values are the API's error codes: the client
shows each to an administrator with its own advice."""

from __future__ import annotations

from enum import StrEnum


class ProbeFailure(StrEnum):
    AUTH_FAILED = "camera_auth_failed"  # the device refused the user name or password
    REFUSED = "camera_refused"  # nothing accepts connections at that address
    TIMEOUT = "camera_timeout"  # connected (or trying), but no answer in time
    NOT_ONVIF = "not_onvif"  # an HTTP server answers, but not as an ONVIF device
    STREAM_UNREADABLE = "stream_unreadable"  # RTSP answered, but no video picture decoded


class ProbeError(Exception):
    """A probe that failed; ``message`` is a sentence for an administrator and never
    holds a password (URLs in it are masked)."""

    def __init__(self, failure: ProbeFailure, message: str) -> None:
        super().__init__(message)
        self.failure = failure
        self.message = message
