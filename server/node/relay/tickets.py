"""Relay tickets: short-lived, signed permissions to open one camera stream.

A ticket names who (a user id, or the server's own recorder), which camera and profile,
and until when a session may be *started* with it; a session once open runs on (the
relay cuts it when the user or camera is disabled, not when the ticket ages). It is
``<payload>.<signature>``, both URL-safe base64 without padding, the signature
HMAC-SHA256 over the payload.

Two keys: viewer tickets are signed with ``DIR/keys/relay-ticket.key`` (0600, made on
first start) so they survive a restart; recorder tickets with a key that exists only
in this process's memory, so nothing read from the disk, the database or an answer can
ever be turned into a recorder ticket.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from server.cameras import Profile

KEY_FILE = Path("keys") / "relay-ticket.key"
DEFAULT_LIFETIME = timedelta(seconds=60)
MAX_TICKET_CHARS = 1000  # a query parameter longer than this is not one of ours


class TicketKind(StrEnum):
    VIEWER = "v"  # issued to a signed-in user by GET /cameras/{id}/live
    RECORDER = "r"  # the server's own recorder; only ever minted in memory


class TicketProblem(StrEnum):
    MISSING = "missing"
    MALFORMED = "malformed"  # not base64/JSON of the right shape
    FORGED = "forged"  # the signature does not match
    EXPIRED = "expired"


class TicketRefused(Exception):
    def __init__(self, problem: TicketProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Ticket:
    kind: TicketKind
    user_id: int | None  # None for the recorder
    camera_id: str
    profile: Profile
    expires: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_or_create_key(data_dir: Path) -> bytes:
    """The viewer-ticket key, written once with mode 0600 in a 0700 folder."""
    path = data_dir / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = binascii.unhexlify(path.read_text(encoding="ascii").strip())
        if len(key) < 32:
            raise ValueError(f"{path} holds no usable key") from None
        return key
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return key


class TicketSigner:
    def __init__(self, viewer_key: bytes, recorder_key: bytes | None = None) -> None:
        self._keys = {
            TicketKind.VIEWER: viewer_key,
            TicketKind.RECORDER: recorder_key or secrets.token_bytes(32),
        }

    def issue(self, ticket: Ticket) -> str:
        payload = {
            "k": ticket.kind.value,
            "c": ticket.camera_id,
            "p": ticket.profile.value,
            "e": int(ticket.expires.timestamp() * 1000),  # milliseconds
            # A random part makes every ticket unique, so two issued in one second
            # for the same stream are still told apart in the relay's log.
            "n": secrets.token_hex(4),
        }
        if ticket.user_id is not None:
            payload["u"] = ticket.user_id
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        return f"{_b64(body)}.{_b64(self._sign(ticket.kind, body))}"

    def verify(self, text: str | None, now: datetime) -> Ticket:
        """The ticket ``text`` stands for, or TicketRefused saying why not."""
        if not text:
            raise TicketRefused(TicketProblem.MISSING)
        if len(text) > MAX_TICKET_CHARS or text.count(".") != 1:
            raise TicketRefused(TicketProblem.MALFORMED)
        body_part, sig_part = text.split(".")
        try:
            body = _unb64(body_part)
            sig = _unb64(sig_part)
            payload = json.loads(body)
            kind = TicketKind(payload["k"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise TicketRefused(TicketProblem.MALFORMED) from None
        if not hmac.compare_digest(sig, self._sign(kind, body)):
            raise TicketRefused(TicketProblem.FORGED)
        try:
            user_id = payload.get("u")
            ticket = Ticket(
                kind=kind,
                user_id=int(user_id) if user_id is not None else None,
                camera_id=str(payload["c"]),
                profile=Profile(payload["p"]),
                expires=datetime.fromtimestamp(int(payload["e"]) / 1000, tz=now.tzinfo),
            )
        except (ValueError, KeyError, TypeError):
            raise TicketRefused(TicketProblem.MALFORMED) from None
        if kind is TicketKind.VIEWER and ticket.user_id is None:
            raise TicketRefused(TicketProblem.MALFORMED)
        if now >= ticket.expires:
            raise TicketRefused(TicketProblem.EXPIRED)
        return ticket

    def _sign(self, kind: TicketKind, body: bytes) -> bytes:
        return hmac.new(self._keys[kind], body, hashlib.sha256).digest()
