"""Verify an evidence export: the signature over its manifest, then the MP4 against it.

An export (version 2, docs/evidence-format.md) is four files side by side, named after
the clip:

    <name>.mp4             the footage, cut by remuxing (or re-encoded, as it says)
    <name>.manifest.json   the manifest: what the MP4 holds, who asked and why
    <name>.manifest.sig    the raw 64-byte Ed25519 signature of the manifest file's bytes
    <name>.pubkey.pem      the server's public key, as the server published it

Version 1 exports (made before) keep the signature inside the manifest file and sign
its canonical JSON; they are still checked, by their own rules.

Whose key signed matters as much as the signature: the key in the export folder came
with the files and proves nothing on its own. A key is trusted when it is given
(``key_pem``) or when its id is among ``trusted_key_ids`` (the client passes the id of
the server it is signed in to). Without either, a valid signature ends as
UNTRUSTED_SIGNER, never as verified. Nothing here needs Qt, PyAV or the network.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MANIFEST_SUFFIX = ".manifest.json"
SIGNATURE_SUFFIX = ".manifest.sig"
KEY_SUFFIX = ".pubkey.pem"
TRUSTED_KEYS_ENV = "PANTAU_TRUSTED_KEY_IDS"  # comma-separated key ids, for the CLI


class CheckStatus(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"


class Problem(enum.Enum):
    NONE = "none"
    NOT_FOUND = "not_found"  # the files are not there
    MANIFEST_UNREADABLE = "manifest_unreadable"
    SIGNATURE_UNREADABLE = "signature_unreadable"  # the .manifest.sig is not 64 bytes
    KEY_UNREADABLE = "key_unreadable"
    KEY_MISMATCH = "key_mismatch"  # signed by another key than the one trusted
    MANIFEST_CHANGED = "manifest_changed"  # the signature does not match the manifest
    MP4_MISSING = "mp4_missing"
    MP4_CHANGED = "mp4_changed"  # size or SHA-256 differ from the manifest
    UNTRUSTED_SIGNER = "untrusted_signer"  # intact, but signed by a key nobody vouched for


class ExitCode(enum.IntEnum):
    """``python -m app.verify``'s exit status (documented in docs/evidence-format.md)."""

    VERIFIED = 0
    FAILED = 1  # changed, or signed by another key than the trusted one
    UNTRUSTED_SIGNER = 2  # files intact and signed, but no trusted key says by whom
    MISSING = 3  # files missing or unreadable
    USAGE = 64  # bad command line (sysexits' EX_USAGE)


_EXIT = {
    Problem.NONE: ExitCode.VERIFIED,
    Problem.UNTRUSTED_SIGNER: ExitCode.UNTRUSTED_SIGNER,
    Problem.NOT_FOUND: ExitCode.MISSING,
    Problem.MP4_MISSING: ExitCode.MISSING,
    Problem.KEY_UNREADABLE: ExitCode.MISSING,
}


@dataclass(frozen=True)
class Check:
    name: str  # "manifest", "key", "signature", "mp4", "signer"
    file: str  # the file this check is about
    status: CheckStatus
    detail: str


@dataclass
class VerifyResult:
    checks: list[Check] = field(default_factory=list)
    problem: Problem = Problem.NONE
    manifest: dict | None = None
    key_id: str = ""
    key_source: str = ""  # the file the public key came from
    version: int = 0  # the manifest's format version

    @property
    def ok(self) -> bool:
        """Intact, signed, and by a trusted key."""
        return self.problem is Problem.NONE and bool(self.checks)

    @property
    def exit_code(self) -> ExitCode:
        if not self.checks:
            return ExitCode.FAILED
        return _EXIT.get(self.problem, ExitCode.FAILED)

    @property
    def failed_file(self) -> str:
        for check in self.checks:
            if check.status is CheckStatus.FAILED:
                return check.file
        return ""

    @property
    def failure(self) -> str:
        """What the first failed check says ("" when none failed)."""
        bad = next((c for c in self.checks if c.status is CheckStatus.FAILED), None)
        return bad.detail if bad else ("" if self.checks else "nothing was checked")

    def summary(self) -> str:
        if self.problem is Problem.UNTRUSTED_SIGNER:
            return f"SIGNER UNVERIFIED: {self.failure}"
        if not self.ok:
            bad = next((c for c in self.checks if c.status is CheckStatus.FAILED), None)
            return f"NOT VERIFIED: {bad.detail}" if bad else "NOT VERIFIED"
        m = self.manifest or {}
        camera = m.get("camera", {})
        return (
            f"VERIFIED: {m.get('file', {}).get('name', '')} — camera "
            f"{camera.get('id', '')} {camera.get('name', '')}, "
            f"{m.get('contained', {}).get('start_wib', '')} to "
            f"{m.get('contained', {}).get('end_wib', '')}, SHA-256 "
            f"{m.get('file', {}).get('sha256', '')}, signed by key {self.key_id}"
        )


def canonical_bytes(manifest: dict) -> bytes:
    """What a version-1 signature covers (sorted keys, no spaces, UTF-8)."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8")


def key_id_of(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex, first 16 characters."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def find_export(path: Path) -> tuple[Path, Path, Path] | None:
    """(mp4, manifest, key file) for a path naming any of them or their folder."""
    path = Path(path)
    if path.is_dir():
        manifests = sorted(path.glob("*" + MANIFEST_SUFFIX))
        if len(manifests) != 1:
            return None
        manifest = manifests[0]
    elif path.name.endswith(MANIFEST_SUFFIX):
        manifest = path
    else:
        suffix = next((s for s in (KEY_SUFFIX, SIGNATURE_SUFFIX) if path.name.endswith(s)), None)
        stem = path.name[: -len(suffix)] if suffix else path.stem
        manifest = path.with_name(stem + MANIFEST_SUFFIX)
    stem = manifest.name[: -len(MANIFEST_SUFFIX)]
    return manifest.with_name(stem + ".mp4"), manifest, manifest.with_name(stem + KEY_SUFFIX)


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fail(result: VerifyResult, problem: Problem, name: str, file: Path,
          detail: str) -> VerifyResult:
    result.checks.append(Check(name, str(file), CheckStatus.FAILED, detail))
    result.problem = problem
    return result


def _pass(result: VerifyResult, name: str, file: Path, detail: str) -> None:
    result.checks.append(Check(name, str(file), CheckStatus.PASSED, detail))


def _load_key(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


@dataclass(frozen=True)
class _Signed:
    manifest: dict
    signed_bytes: bytes  # what the signature covers
    signature: bytes
    key_id: str  # the key id the manifest names
    signature_file: Path


def _read_signed(manifest_path: Path) -> _Signed:
    """The manifest, the bytes its signature covers and the signature, for either
    version; raises FileNotFoundError or ValueError (and friends) when unreadable."""
    data = manifest_path.read_bytes()
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict):
        raise ValueError("not a JSON object")
    if "signature" in document and "manifest" in document:  # version 1
        manifest, signature = document["manifest"], document["signature"]
        if signature.get("alg") != "Ed25519" or not isinstance(manifest, dict):
            raise ValueError("unknown signature algorithm")
        value = base64.b64decode(signature["value"], validate=True)
        return _Signed(manifest, canonical_bytes(manifest), value, str(signature["key_id"]),
                       manifest_path)
    sig_path = manifest_path.with_name(
        manifest_path.name[: -len(MANIFEST_SUFFIX)] + SIGNATURE_SUFFIX)
    return _Signed(document, data, sig_path.read_bytes(),
                   str((document.get("server") or {}).get("key_id", "")), sig_path)


def _trusted_from_env() -> frozenset[str]:
    return frozenset(k.strip() for k in os.environ.get(TRUSTED_KEYS_ENV, "").split(",")
                     if k.strip())


def verify_export(path: Path | str, key_pem: bytes | None = None,
                  trusted_key_ids: Iterable[str] = ()) -> VerifyResult:
    """Check an export; never raises for bad files, it says what is wrong instead."""
    result = VerifyResult()
    trusted = frozenset(trusted_key_ids)
    found = find_export(Path(path))
    if found is None:
        return _fail(result, Problem.NOT_FOUND, "manifest", Path(path),
                     f"no single export manifest (*{MANIFEST_SUFFIX}) at {path}")
    mp4, manifest_path, key_path = found
    try:
        signed = _read_signed(manifest_path)
    except FileNotFoundError as exc:
        missing = Path(exc.filename or manifest_path)
        return _fail(result, Problem.NOT_FOUND, "manifest", missing,
                     f"{missing.name} is missing")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        return _fail(result, Problem.MANIFEST_UNREADABLE, "manifest", manifest_path,
                     f"the manifest {manifest_path.name} is damaged or was changed ({exc})")
    manifest = result.manifest = signed.manifest
    result.version = int(manifest.get("pantau_export") or 1)
    _pass(result, "manifest", manifest_path, f"the manifest is readable (version "
                                             f"{result.version})")

    source = "the key given" if key_pem is not None else str(key_path)
    try:
        key = _load_key(key_pem if key_pem is not None else key_path.read_bytes())
    except FileNotFoundError:
        return _fail(result, Problem.KEY_UNREADABLE, "key", key_path,
                     f"no key given and {key_path.name} is missing")
    except (OSError, ValueError) as exc:
        return _fail(result, Problem.KEY_UNREADABLE, "key", key_path,
                     f"the public key ({source}) cannot be read: {exc}")
    result.key_id, result.key_source = key_id_of(key), source
    if result.key_id != signed.key_id:
        return _fail(result, Problem.KEY_MISMATCH, "key", manifest_path,
                     f"the manifest was signed by key {signed.key_id}, not by {result.key_id} "
                     f"({source})")
    _pass(result, "key", key_path, f"key {result.key_id} from {source}")
    if len(signed.signature) != 64:
        return _fail(result, Problem.SIGNATURE_UNREADABLE, "signature", signed.signature_file,
                     f"{signed.signature_file.name} is not a 64-byte Ed25519 signature")
    try:
        key.verify(signed.signature, signed.signed_bytes)
    except InvalidSignature:
        return _fail(result, Problem.MANIFEST_CHANGED, "signature", manifest_path,
                     f"the manifest {manifest_path.name} was changed after it was signed")
    _pass(result, "signature", signed.signature_file,
          f"the signature by key {result.key_id} matches the manifest")

    expected = manifest.get("file") or {}
    if not mp4.is_file():
        return _fail(result, Problem.MP4_MISSING, "mp4", mp4, f"the video {mp4.name} is missing")
    digest, size = _sha256(mp4)
    if size != expected.get("bytes") or digest != expected.get("sha256"):
        return _fail(result, Problem.MP4_CHANGED, "mp4", mp4,
                     f"the video {mp4.name} does not match the manifest: SHA-256 {digest} "
                     f"({size} bytes), the manifest says {expected.get('sha256')} "
                     f"({expected.get('bytes')} bytes)")
    _pass(result, "mp4", mp4, f"SHA-256 {digest}, {size} bytes, as signed")

    # Last, whose key it is: the files are intact either way.
    trusted = trusted or (frozenset() if key_pem is not None else _trusted_from_env())
    if key_pem is not None:
        _pass(result, "signer", key_path, f"signed by the key given ({result.key_id})")
    elif result.key_id in trusted:
        _pass(result, "signer", key_path, f"key {result.key_id} is a trusted key")
    elif trusted:
        return _fail(result, Problem.KEY_MISMATCH, "signer", key_path,
                     f"signed by key {result.key_id}, which is not a trusted key "
                     f"({', '.join(sorted(trusted))})")
    else:
        return _fail(result, Problem.UNTRUSTED_SIGNER, "signer", key_path,
                     f"intact and signed by key {result.key_id}, but that key came with the "
                     f"export: give the server's key (--key) or its id (--trust-key-id) to "
                     f"know who signed")
    return result
