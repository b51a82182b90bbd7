"""WS-Security UsernameToken checks (the ONVIF way of authenticating SOAP calls).

PasswordDigest = Base64(SHA1(nonce + created + password)). A token whose Created time
is more than ``MAX_SKEW_S`` away from our clock is stale, and a nonce seen within that
window is a replay; both are refused like a wrong password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
import time
import xml.etree.ElementTree as ET
from datetime import datetime

from camsim.onvif.soap import child, child_text, not_authorized

MAX_SKEW_S = 300.0
_TOKEN_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
PASSWORD_DIGEST = f"{_TOKEN_PROFILE}#PasswordDigest"
PASSWORD_TEXT = f"{_TOKEN_PROFILE}#PasswordText"


def password_digest(nonce: bytes, created: str, password: str) -> str:
    raw = hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    return base64.b64encode(raw).decode()


def _parse_created(value: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise not_authorized() from None


class Authenticator:
    def __init__(self, user: str, password: str, clock=time.time) -> None:
        self._user = user
        self._password = password
        self._clock = clock
        self._seen: dict[bytes, float] = {}
        self._lock = threading.Lock()

    def check(self, header: ET.Element | None) -> None:
        """Return if the header carries a valid token for our user, else raise a fault."""
        token = child(header, "wsse:Security/wsse:UsernameToken")
        if token is None:
            raise not_authorized()
        password_node = child(token, "wsse:Password")
        if child_text(token, "wsse:Username") != self._user or password_node is None:
            raise not_authorized()
        given = (password_node.text or "").strip()
        kind = password_node.get("Type", PASSWORD_TEXT)
        if kind == PASSWORD_DIGEST:
            self._check_digest(token, given)
        elif kind == PASSWORD_TEXT:
            if not hmac.compare_digest(given.encode(), self._password.encode()):
                raise not_authorized()
        else:
            raise not_authorized()

    def _check_digest(self, token: ET.Element, given: str) -> None:
        nonce_text = child_text(token, "wsse:Nonce")
        created = child_text(token, "wsu:Created")
        if not nonce_text or not created:
            raise not_authorized()
        try:
            nonce = base64.b64decode(nonce_text, validate=True)
        except (binascii.Error, ValueError):
            raise not_authorized() from None
        now = self._clock()
        if abs(now - _parse_created(created)) > MAX_SKEW_S:
            raise not_authorized()
        expected = password_digest(nonce, created, self._password)
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise not_authorized()
        with self._lock:
            self._seen = {n: t for n, t in self._seen.items() if t > now - 2 * MAX_SKEW_S}
            if nonce in self._seen:
                raise not_authorized()
            self._seen[nonce] = now

