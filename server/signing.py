"""The server's Ed25519 key that signs evidence manifests, and its public identity.

The private key is made on first start in the data directory (mode 0600) and never
leaves it: not served, not logged. The signature covers a manifest file's exact bytes
(docs/evidence-format.md), so anyone can check it with the public key (GET
/api/v1/exports/public-key, ``python -m server keys fingerprint``, the server's start
log, or the copy saved next to every export) and openssl or any Ed25519 library.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

KEY_FILE = "keys/export-ed25519.pem"
SERVER_ID_FILE = "keys/server-id"


def fingerprint_of(public_raw: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, lower-case hex (64 characters)."""
    return hashlib.sha256(public_raw).hexdigest()


def key_id_of(public_raw: bytes) -> str:
    """The fingerprint's first 16 hex characters: short enough to read aloud."""
    return fingerprint_of(public_raw)[:16]


@dataclass(frozen=True)
class Signer:
    server_id: str
    key_id: str
    fingerprint: str
    public_pem: str
    _private: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        """The raw 64-byte Ed25519 signature of exactly ``data``."""
        return self._private.sign(data)

    def public_key(self) -> Ed25519PublicKey:
        return self._private.public_key()


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def load_signer(data_dir: Path) -> Signer:
    """The data directory's key, made on first use."""
    key_path = data_dir / KEY_FILE
    if not key_path.exists():
        private = Ed25519PrivateKey.generate()
        _write_private(
            key_path,
            private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
    loaded = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{key_path} is not an Ed25519 key")
    public = loaded.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    id_path = data_dir / SERVER_ID_FILE
    if not id_path.exists():
        id_path.write_text(f"pantau-{socket.gethostname()}-{key_id_of(raw)[:8]}\n")
    return Signer(id_path.read_text().strip(), key_id_of(raw), fingerprint_of(raw), pem, loaded)
