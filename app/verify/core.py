"""Verify an evidence export: the signature over its manifest, then the MP4 against it.

An export is three files side by side, named after the clip:

    <name>.mp4             the footage, cut by remuxing (or re-encoded, as it says)
    <name>.manifest.json   {"manifest": {...}, "signature": {"alg", "key_id", "value"}}
    <name>.pubkey.pem      the server's public key, as the server published it

The signature covers the manifest's canonical JSON (sorted keys, no spaces, UTF-8). The
key given with --key wins; without one the copy in the folder is used, and the result
says so: whoever checks should compare its key id with the one the server publishes.
Nothing here needs Qt, PyAV or the network.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MANIFEST_SUFFIX = ".manifest.json"
KEY_SUFFIX = ".pubkey.pem"


class CheckStatus(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"


class Problem(enum.Enum):
    NONE = "none"
    NOT_FOUND = "not_found"  # the files are not there
    MANIFEST_UNREADABLE = "manifest_unreadable"
    KEY_UNREADABLE = "key_unreadable"
    KEY_MISMATCH = "key_mismatch"  # signed by another key than the one given
    MANIFEST_CHANGED = "manifest_changed"  # the signature does not match the manifest
    MP4_MISSING = "mp4_missing"
    MP4_CHANGED = "mp4_changed"  # size or SHA-256 differ from the manifest


@dataclass(frozen=True)
class Check:
    name: str  # "manifest", "key", "signature", "mp4"
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

    @property
    def ok(self) -> bool:
        return self.problem is Problem.NONE and bool(self.checks)

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
    """The form server.signing signs (the client cannot import the server)."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8")


def key_id_of(key: Ed25519PublicKey) -> str:
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
    elif path.name.endswith(KEY_SUFFIX):
        manifest = path.with_name(path.name[: -len(KEY_SUFFIX)] + MANIFEST_SUFFIX)
    else:
        manifest = path.with_name(path.stem + MANIFEST_SUFFIX)
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


def _load_key(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify_export(path: Path | str, key_pem: bytes | None = None) -> VerifyResult:
    """Check an export; never raises for bad files, it says what is wrong instead."""
    result = VerifyResult()
    found = find_export(Path(path))
    if found is None:
        return _fail(result, Problem.NOT_FOUND, "manifest", Path(path),
                     f"no single export manifest (*{MANIFEST_SUFFIX}) at {path}")
    mp4, manifest_path, key_path = found
    try:
        document = json.loads(manifest_path.read_bytes().decode("utf-8"))
        manifest = document["manifest"]
        signature = document["signature"]
        value = base64.b64decode(signature["value"], validate=True)
        signed_key_id = str(signature["key_id"])
        if signature.get("alg") != "Ed25519" or not isinstance(manifest, dict):
            raise ValueError("unknown signature algorithm")
    except FileNotFoundError:
        return _fail(result, Problem.NOT_FOUND, "manifest", manifest_path,
                     f"the manifest {manifest_path.name} is missing")
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        return _fail(result, Problem.MANIFEST_UNREADABLE, "manifest", manifest_path,
                     f"the manifest {manifest_path.name} is damaged or was changed ({exc})")
    result.manifest = manifest
    result.checks.append(Check("manifest", str(manifest_path), CheckStatus.PASSED,
                               "the manifest is readable"))

    source = "the key given" if key_pem is not None else str(key_path)
    try:
        key = _load_key(key_pem if key_pem is not None else key_path.read_bytes())
    except (OSError, ValueError) as exc:
        return _fail(result, Problem.KEY_UNREADABLE, "key", key_path,
                     f"the public key ({source}) cannot be read: {exc}")
    result.key_id, result.key_source = key_id_of(key), source
    if result.key_id != signed_key_id:
        return _fail(result, Problem.KEY_MISMATCH, "key", manifest_path,
                     f"the manifest was signed by key {signed_key_id}, not by {result.key_id} "
                     f"({source})")
    result.checks.append(Check("key", str(key_path), CheckStatus.PASSED,
                               f"key {result.key_id} from {source}"))
    try:
        key.verify(value, canonical_bytes(manifest))
    except InvalidSignature:
        return _fail(result, Problem.MANIFEST_CHANGED, "signature", manifest_path,
                     f"the manifest {manifest_path.name} was changed after it was signed")
    result.checks.append(Check("signature", str(manifest_path), CheckStatus.PASSED,
                               "the server's signature matches the manifest"))

    expected = manifest.get("file") or {}
    if not mp4.is_file():
        return _fail(result, Problem.MP4_MISSING, "mp4", mp4, f"the video {mp4.name} is missing")
    digest, size = _sha256(mp4)
    if size != expected.get("bytes") or digest != expected.get("sha256"):
        return _fail(result, Problem.MP4_CHANGED, "mp4", mp4,
                     f"the video {mp4.name} does not match the manifest: SHA-256 {digest} "
                     f"({size} bytes), the manifest says {expected.get('sha256')} "
                     f"({expected.get('bytes')} bytes)")
    result.checks.append(Check("mp4", str(mp4), CheckStatus.PASSED,
                               f"SHA-256 {digest}, {size} bytes, as signed"))
    return result
