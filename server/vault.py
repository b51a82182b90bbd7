"""Camera passwords sealed at rest with a key that lives beside the database, never in it.

A copy of the database alone opens no camera. The key file (``DIR/keys/credentials.key``,
mode 0600) holds one or more keys, each named by the first 16 hex digits of its SHA-256;
the first is the one new secrets are sealed with. A sealed secret is
``v1:<key id>:<base64 of 12-byte nonce + AES-256-GCM ciphertext and tag>``, with the
credential's id as associated data, so a secret copied onto another credential's row
does not open.

Rotation (``python -m server keys rotate``) writes the new key in front of the old one,
re-seals every secret in one transaction, then drops the old key: a crash at any step
leaves every row openable by a key still in the file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, select

from server.clock import utc_now
from server.schema import credentials

KEY_FILE = Path("keys") / "credentials.key"
_SCHEME = "v1"


class VaultError(Exception):
    """A secret that cannot be opened: its key is gone or the row was tampered with."""


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only, replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Vault:
    def __init__(self, path: Path, keys: list[bytes]) -> None:
        if not keys:
            raise VaultError("a vault needs at least one key")
        self.path = path
        self._keys = list(keys)

    @classmethod
    def open(cls, data_dir: Path) -> Vault:
        """The data directory's vault; its key is made on first use."""
        path = data_dir / KEY_FILE
        if not path.exists():
            vault = cls(path, [AESGCM.generate_key(bit_length=256)])
            vault._save()
            return vault
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            keys = [base64.b64decode(k, validate=True) for k in doc["keys"]]
        except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise VaultError(f"the credentials key file {path} is unreadable: {exc}") from None
        if any(len(k) != 32 for k in keys):
            raise VaultError(f"the credentials key file {path} holds a key of the wrong size")
        return cls(path, keys)

    @property
    def key_id(self) -> str:
        return _key_id(self._keys[0])

    def seal(self, plaintext: str, credential_id: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._keys[0]).encrypt(
            nonce, plaintext.encode("utf-8"), credential_id.encode("utf-8")
        )
        return f"{_SCHEME}:{self.key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def open_secret(self, sealed: str, credential_id: str) -> str:
        try:
            scheme, key_id, body = sealed.split(":", 2)
            raw = base64.b64decode(body, validate=True)
        except (ValueError, binascii.Error):
            raise VaultError(f"credential {credential_id!r} is not a sealed secret") from None
        key = next((k for k in self._keys if _key_id(k) == key_id), None)
        if scheme != _SCHEME or key is None or len(raw) < 13:
            raise VaultError(f"credential {credential_id!r} was sealed with a key not held here")
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], credential_id.encode("utf-8"))
        except InvalidTag:
            raise VaultError(f"credential {credential_id!r} does not open (tampered?)") from None
        return plain.decode("utf-8")

    def rotate(self, engine: Engine) -> int:
        """Seal every credential with a new key; returns how many were re-sealed."""
        new = AESGCM.generate_key(bit_length=256)
        self._keys.insert(0, new)
        self._save()  # new key first, old ones still there: every row stays openable
        with engine.begin() as conn:
            rows = list(conn.execute(select(credentials.c.id, credentials.c.secret)))
            for cred_id, secret in rows:
                plain = self.open_secret(secret, cred_id)
                conn.execute(
                    credentials.update()
                    .where(credentials.c.id == cred_id)
                    .values(secret=self.seal(plain, cred_id), updated_at=utc_now())
                )
        self._keys = [new]
        self._save()
        return len(rows)

    def _save(self) -> None:
        doc = {"keys": [base64.b64encode(k).decode("ascii") for k in self._keys]}
        _write_private(self.path, json.dumps(doc) + "\n")


# --- credential rows --------------------------------------------------------------


def put_credential(
    conn: Connection, vault: Vault, credential_id: str, username: str, password: str
) -> None:
    values = dict(
        username=username, secret=vault.seal(password, credential_id), updated_at=utc_now()
    )
    exists = conn.execute(
        select(credentials.c.id).where(credentials.c.id == credential_id)
    ).first()
    if exists is None:
        conn.execute(credentials.insert().values(id=credential_id, **values))
    else:
        conn.execute(
            credentials.update().where(credentials.c.id == credential_id).values(**values)
        )


def get_credential(conn: Connection, vault: Vault, credential_id: str) -> tuple[str, str] | None:
    """(username, password) for server-side use only; None if there is no such row."""
    row = conn.execute(
        select(credentials.c.username, credentials.c.secret).where(
            credentials.c.id == credential_id
        )
    ).first()
    if row is None:
        return None
    return row.username, vault.open_secret(row.secret, credential_id)
