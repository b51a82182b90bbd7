"""The certificates a C2PA manifest is signed under (issue 17): C2PA needs an X.509
chain, not a bare key. The server keeps a small certificate authority of its own (an
ECDSA P-256 key, made on first use, mode 0600 beside the export key) and issues from it
a certificate for the export key (Ed25519) with C2PA's profile: not a CA, digital
signature, e-mail protection (one of the purposes C2PA accepts), subject and authority
key identifiers. The CA's certificate is public: a verifier given it as a trust anchor
shows the export as trusted (GET /api/v1/exports/public-key answers it). A city that
has its own PKI issues the certificate there instead and puts it in the file named
``SIGNER_CERT``; it is then used as it is, as long as it is for the export key."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_KEY = "c2pa-ca.key"
CA_CERT = "c2pa-ca.pem"
SIGNER_CERT = "c2pa-signer.pem"
VALID = timedelta(days=3650)
RENEW_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class C2paCredentials:
    chain_pem: str  # the signer's certificate, then the CA's
    ca_pem: str  # the trust anchor a verifier needs


# Two first exports (or an export and GET /public-key) at once must not both issue, nor
# one read a file the other is writing: one at a time in the process, and every file
# written whole under a temporary name and renamed.
_LOCK = threading.Lock()


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, path)


def _ca(folder: Path, server_id: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_path, cert_path = folder / CA_KEY, folder / CA_CERT
    if not key_path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        _write(key_path, mode=0o600, data=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        cert_path.unlink(missing_ok=True)
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    if cert_path.exists():
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Pantau evidence CA {server_id}"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pantau")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + VALID * 2)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _usable(cert: x509.Certificate, public: Ed25519PublicKey) -> bool:
    same = cert.public_key().public_bytes(serialization.Encoding.Raw,
                                          serialization.PublicFormat.Raw) == \
        public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return same and cert.not_valid_after_utc - datetime.now(UTC) > RENEW_BEFORE


def load_credentials(folder: Path, public: Ed25519PublicKey, server_id: str
                     ) -> C2paCredentials:
    """The chain for the export key, issuing (or renewing) its certificate as needed."""
    with _LOCK:
        return _load(folder, public, server_id)


def _load(folder: Path, public: Ed25519PublicKey, server_id: str) -> C2paCredentials:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = _ca(folder, server_id)
    cert_path = folder / SIGNER_CERT
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes()) \
        if cert_path.exists() else None
    if cert is None or not _usable(cert, public):
        now = datetime.now(UTC)
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([
                    x509.NameAttribute(NameOID.COMMON_NAME, f"Pantau server {server_id}"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pantau")]))
                .issuer_name(ca_cert.subject).public_key(public)
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + VALID)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                             False, False), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                               critical=False)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public),
                               critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    ca_pem = ca_cert.public_bytes(serialization.Encoding.PEM).decode()
    return C2paCredentials(cert.public_bytes(serialization.Encoding.PEM).decode() + ca_pem,
                           ca_pem)
