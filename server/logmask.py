"""Mask credentials before a URL or free text reaches a log line.

The server meets the client only over the network, so it keeps its own copy of this
small rule instead of importing the client's.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_USERINFO_IN_TEXT = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")
_SECRET_QUERY = re.compile(
    r"(?i)([?&](?:token|ticket|password|passwd|pwd|key|secret|auth)=)[^&#\s]*"
)


def mask_url(url: str) -> str:
    """``rtsp://user:pw@host/x?token=t`` → ``rtsp://***@host/x?token=***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return mask_text(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    masked = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return _SECRET_QUERY.sub(r"\1***", masked)


def mask_text(text: str) -> str:
    """Mask every URL credential and secret query value inside free text (error messages
    from libavformat quote the URL they failed on)."""
    return _SECRET_QUERY.sub(r"\1***", _USERINFO_IN_TEXT.sub(r"\1***@", text))
