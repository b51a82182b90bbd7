"""RTSP URLs: credentials out of the URL, the request URL without them, and media
control URLs resolved against the base (RFC 2326 C.1.1) with the query string kept."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from app.streams.rtsp.errors import BadData, Unsupported

DEFAULT_PORT = 554


@dataclass(frozen=True)
class RtspUrl:
    host: str
    port: int
    request_url: str  # what goes on the request line: no user:password
    query: str  # kept on every request URL (the relay's ticket)
    username: str = ""
    password: str = ""


def parse_url(url: str) -> RtspUrl:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadData(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme == "rtsps":
        raise Unsupported("rtsps (TLS) is left to libavformat")
    if scheme != "rtsp":
        raise Unsupported(f"not an RTSP URL ({scheme})")
    if not parts.hostname:
        raise BadData("the URL has no host")
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    request_url = urlunsplit(("rtsp", netloc, parts.path or "/", parts.query, ""))
    return RtspUrl(
        host=host,
        port=port or DEFAULT_PORT,
        request_url=request_url,
        query=parts.query,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def with_credentials(location: str, original: RtspUrl) -> str:
    """A redirect's Location, given the original URL's credentials if it has none."""
    parts = urlsplit(location)
    if parts.username is not None or not (original.username or original.password):
        return location

    userinfo = f"{quote(original.username, safe='')}:{quote(original.password, safe='')}"
    return urlunsplit((parts.scheme, f"{userinfo}@{parts.netloc}", parts.path, parts.query,
                       parts.fragment))


def resolve_control(base: str, control: str, query: str) -> str:
    """The URL to SETUP a media (or PLAY the session) with.

    A relative control is appended to the base with a slash between, as cameras mean it
    (``rtsp://cam/live`` + ``trackID=1`` is ``rtsp://cam/live/trackID=1``; a strict RFC
    3986 join would drop ``live``). The original query goes on the result unless the
    result has its own."""
    if not control or control == "*":
        url = base
    elif control.lower().startswith("rtsp://"):
        url = control
    elif urlsplit(base).query:
        # A base whose server put its slash after the query (GStreamer does): only
        # text appended to it is what that server parses back.
        return base + ("" if base.endswith("/") else "/") + control
    else:
        parts = urlsplit(base)
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        url = urlunsplit((parts.scheme, parts.netloc, path + control.lstrip("/"),
                          parts.query, ""))
    parts = urlsplit(url)
    if parts.query or not query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def strip_credentials(url: str) -> str:
    parts = urlsplit(url)
    if parts.username is None:
        return url
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
