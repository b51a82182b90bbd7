"""Check an evidence request's package (docs/evidence-format.md, "An evidence request's
package"): the receipt's signature, and every export the receipt lists, found in its
folder, intact, signed, and the one the receipt names (same MP4 and manifest hashes)."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature

from app.verify.core import ExitCode, VerifyResult, _load_key, key_id_of, verify_export

RECEIPT_FILE = "receipt.json"
RECEIPT_SIGNATURE = "receipt.sig"
KEY_FILE = "server.pubkey.pem"


@dataclass
class PackageResult:
    receipt: bytes = b""  # receipt.json's bytes, as found in the package
    exports: list[VerifyResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # English, for the log and the CLI
    unreadable: bool = False  # the zip, the receipt or the key could not be read

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.exports) and all(r.ok for r in self.exports)

    @property
    def exit_code(self) -> ExitCode:
        """As ``python -m app.verify`` says it for one export; the worst export counts."""
        if self.unreadable:
            return ExitCode.MISSING
        if self.problems:
            return ExitCode.FAILED
        codes = {r.exit_code for r in self.exports}
        for code in (ExitCode.FAILED, ExitCode.MISSING, ExitCode.UNTRUSTED_SIGNER):
            if code in codes:
                return code
        return ExitCode.VERIFIED if self.exports else ExitCode.FAILED

    def summary(self) -> str:
        if self.ok:
            return (f"VERIFIED: the package's receipt and its {len(self.exports)} export(s), "
                    f"signed by key {self.exports[0].key_id}")
        said = self.problems + [r.summary() for r in self.exports if not r.ok]
        return "NOT VERIFIED: " + "; ".join(said)


def _root(names: list[str]) -> str:
    tops = {name.split("/", 1)[0] for name in names}
    return tops.pop() + "/" if len(tops) == 1 else ""


def verify_package(path: Path | str, key_pem: bytes | None = None,
                   trusted_key_ids: Iterable[str] = ()) -> PackageResult:
    """Never raises for a bad package: it says what is wrong instead."""
    result = PackageResult()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        result.problems.append(f"not a readable zip: {exc}")
        result.unreadable = True
        return result
    with archive, tempfile.TemporaryDirectory(prefix="pantau-package-") as tmp:
        names = archive.namelist()
        root = _root(names)
        if any(n.startswith("/") or ".." in n.split("/") for n in names):
            result.problems.append("the zip names files outside its folder")
            return result
        archive.extractall(tmp)
        folder = Path(tmp) / root
        try:
            result.receipt = (folder / RECEIPT_FILE).read_bytes()
            signature = (folder / RECEIPT_SIGNATURE).read_bytes()
            key = _load_key(key_pem if key_pem is not None else (folder / KEY_FILE).read_bytes())
            receipt = json.loads(result.receipt.decode("utf-8"))
            listed = list(receipt["exports"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            result.problems.append(f"the receipt or the key is missing or unreadable: {exc}")
            result.unreadable = True
            return result
        try:
            key.verify(signature, result.receipt)
        except InvalidSignature:
            result.problems.append("the receipt was changed after it was signed")
        if receipt.get("key_id") != key_id_of(key):
            result.problems.append(f"the receipt names key {receipt.get('key_id')}, "
                                   f"not {key_id_of(key)}")
        trusted = tuple(trusted_key_ids)
        for item in listed:
            stem = str(item.get("file_name") or "")
            checked = verify_export(folder / stem / f"{stem}.manifest.json", key_pem, trusted)
            result.exports.append(checked)
            manifest_path = folder / stem / f"{stem}.manifest.json"
            if checked.manifest is None or not manifest_path.is_file():
                continue
            if checked.manifest.get("file", {}).get("sha256") != item.get("sha256") or \
                    hashlib.sha256(manifest_path.read_bytes()).hexdigest() != \
                    item.get("manifest_sha256"):
                result.problems.append(f"export {item.get('id')} is not the one the receipt "
                                       f"lists")
        if not listed:
            result.problems.append("the receipt lists no export")
    return result
