"""Masking of secrets before anything is logged or shown."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_CREDENTIALS_IN_URL = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")
_SECRET_QUERY = re.compile(
    r"(?i)([?&](?:token|ticket|password|passwd|pwd|key|secret)=)[^&#\s]*"
)
# "password=x", "token: x" in free text (exception messages, library logs).
_SECRET_WORD = re.compile(
    r"(?i)\b((?:password|passwd|pwd|token|secret|authorization)\s*[=:]\s*(?:bearer\s+)?)"
    r"[^\s,;&)\]'\"]+")


def mask_url(url: str) -> str:
    """Return ``url`` with user info and secret query values replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _mask_text(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    masked = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return _SECRET_QUERY.sub(r"\1***", masked)


def _mask_text(text: str) -> str:
    text = _CREDENTIALS_IN_URL.sub(r"\g<scheme>***@", text)
    return _SECRET_WORD.sub(r"\1***", _SECRET_QUERY.sub(r"\1***", text))


def mask_text(text: str) -> str:
    """Mask every URL credential and secret query value found inside free text."""
    return _mask_text(text)
