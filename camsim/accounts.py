"""Each camera's own account, as real cameras each have one.

password = the first 12 hex digits of HMAC-SHA256(key=fleet secret, msg=camera id):
deterministic (the same secret always gives the same site), different per camera, and
not derivable from another camera's password without the secret. The secret comes
from ``$CAMSIM_ONVIF_PASSWORD``; its default ``pantau-sim`` is a published demo
credential. The same account opens the camera's RTSP streams (digest) and its ONVIF
services (WS-Security UsernameToken).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

DEFAULT_USERNAME = "admin"
PASSWORD_HEX_DIGITS = 12


@dataclass(frozen=True)
class Account:
    username: str
    password: str

    def __repr__(self) -> str:  # keeps the password out of any log line
        return f"Account(username={self.username!r})"

    def to_json(self) -> dict:
        return {"username": self.username, "password": self.password}


def camera_password(secret: str, camera_id: str) -> str:
    digest = hmac.new(secret.encode(), camera_id.encode(), hashlib.sha256).hexdigest()
    return digest[:PASSWORD_HEX_DIGITS]


def camera_account(secret: str, camera_id: str, username: str = DEFAULT_USERNAME) -> Account:
    return Account(username, camera_password(secret, camera_id))
