"""Where a device's ONVIF service is, from what an administrator types."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def device_service_url(address: str) -> str:
    """``host:port`` → its standard device service URL; a full http(s) URL as given.

    Raises ValueError with a sentence for the administrator."""
    text = address.strip()
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the ONVIF address must be host:port or an http(s) URL")
        if "@" in parts.netloc:
            raise ValueError("the ONVIF address must not hold a user name or password")
        path = parts.path or "/onvif/device_service"
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    parts = urlsplit("//" + text)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{text!r} has no valid port") from None
    if not parts.hostname or "@" in text or parts.path:
        raise ValueError(f"{text!r} is not host:port")
    netloc = parts.netloc if port else f"{parts.netloc}:80"
    return f"http://{netloc}/onvif/device_service"
