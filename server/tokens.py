"""Bearer tokens: random, handed out once, stored only as SHA-256, expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

TOKEN_LIFETIME = timedelta(hours=12)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
