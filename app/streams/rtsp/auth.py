"""Basic and Digest authentication for RTSP requests (RFC 2617, as RFC 2326 uses it).

Digest is MD5 only, with or without ``qop=auth`` (cameras offer nothing else worth
having; SHA-256 digest from RFC 7616 is not seen on RTSP cameras). The credentials come
from the URL's ``user:password@``; nothing here logs them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

# One challenge: a scheme, then comma-separated key=value or key="quoted value".
_PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?')


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """``Digest realm="x", nonce="y"`` -> ("digest", {"realm": "x", "nonce": "y"})."""
    scheme, _, rest = header.strip().partition(" ")
    params: dict[str, str] = {}
    for match in _PARAM.finditer(rest):
        value = match.group(2)
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        params[match.group(1).lower()] = value
    return scheme.lower(), params


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def digest_response(username: str, password: str, realm: str, nonce: str, method: str,
                    uri: str, qop: str | None = None, nc: str = "", cnonce: str = "") -> str:
    """The ``response`` value of RFC 2617 section 3.2.2.1 (algorithm MD5)."""
    ha1 = _md5(f"{username}:{realm}:{password}")
    ha2 = _md5(f"{method}:{uri}")
    if qop:
        return _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return _md5(f"{ha1}:{nonce}:{ha2}")


class Authenticator:
    """Answers a server's challenges for one connection and signs every later request."""

    def __init__(self, username: str, password: str) -> None:
        self._username = username
        self._password = password
        self._scheme: str | None = None
        self._params: dict[str, str] = {}
        self._nc = 0

    @property
    def has_credentials(self) -> bool:
        return bool(self._username or self._password)

    def challenge(self, headers: list[str]) -> bool:
        """Take the WWW-Authenticate headers of a 401; True when a retry may succeed.

        A second challenge with the same nonce means the password is wrong (unless the
        server says the nonce was merely ``stale``)."""
        offers = [parse_challenge(h) for h in headers]
        digest = next((p for s, p in offers if s == "digest"), None)
        if digest is not None and digest.get("algorithm", "MD5").upper() not in ("MD5", ""):
            digest = None
        if digest is not None:
            again = self._scheme == "digest" and digest.get("nonce") == self._params.get(
                "nonce")
            stale = digest.get("stale", "").lower() == "true"
            self._scheme, self._params, self._nc = "digest", digest, 0
            return self.has_credentials and (stale or not again)
        if any(s == "basic" for s, _ in offers):
            again = self._scheme == "basic"
            self._scheme = "basic"
            return self.has_credentials and not again
        return False

    def header(self, method: str, uri: str) -> str | None:
        """The Authorization header for a request, or None before any challenge."""
        if self._scheme == "basic":
            token = base64.b64encode(f"{self._username}:{self._password}".encode()).decode()
            return f"Basic {token}"
        if self._scheme != "digest":
            return None
        p = self._params
        realm, nonce = p.get("realm", ""), p.get("nonce", "")
        fields = [f'username="{self._username}"', f'realm="{realm}"', f'nonce="{nonce}"',
                  f'uri="{uri}"']
        qops = [q.strip() for q in p.get("qop", "").split(",") if q.strip()]
        if "auth" in qops:
            self._nc += 1
            nc, cnonce = f"{self._nc:08x}", os.urandom(8).hex()
            response = digest_response(self._username, self._password, realm, nonce,
                                       method, uri, "auth", nc, cnonce)
            fields += [f'response="{response}"', "qop=auth", f"nc={nc}",
                       f'cnonce="{cnonce}"']
        else:
            response = digest_response(self._username, self._password, realm, nonce,
                                       method, uri)
            fields.append(f'response="{response}"')
        if "opaque" in p:
            fields.append(f'opaque="{p["opaque"]}"')
        if "algorithm" in p:
            fields.append(f"algorithm={p['algorithm']}")
        return "Digest " + ", ".join(fields)
