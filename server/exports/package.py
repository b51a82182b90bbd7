"""An approved evidence request handed over: its receipt, built once and signed, and one
zip holding the receipt, the server's public key and every export's four files
(docs/evidence-format.md, "An evidence request's package").

The receipt is written once, when every export of the request is done, and from then on
the same bytes are served by the receipt endpoint and put in the package: what the
supervisor prints and what the requester carries away cannot differ.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from server.clock import to_wire, utc_now
from server.exports.jobs import ExportJob
from server.exports.worker import export_dir
from server.signing import Signer

RECEIPT_VERSION = 1
RECEIPT_FILE = "receipt.json"
RECEIPT_SIGNATURE = "receipt.sig"
KEY_FILE = "server.pubkey.pem"
EXPORT_SUFFIXES = (".mp4", ".manifest.json", ".manifest.sig", ".pubkey.pem")


def request_dir(data_dir: Path, request_id: int) -> Path:
    return data_dir / "evidence" / str(request_id)


def package_name(request_id: int) -> str:
    return f"pantau-request-{request_id}"


def receipt_document(request: dict, jobs: list[ExportJob], signer: Signer) -> dict:
    """The receipt's content: the request, and per export its file and hashes."""
    exports = [job.to_json(job.ask.options.get("camera", {}).get("name", "")) for job in jobs]
    return {
        "pantau_receipt": RECEIPT_VERSION,
        "request": request,
        "exports": exports,
        "complete": True,
        "hidden_cameras": 0,
        "server_id": signer.server_id,
        "key_id": signer.key_id,
        "issued_at": to_wire(utc_now()),
    }


def _write_once(path: Path, data: bytes) -> bytes:
    """Write ``data`` to ``path`` unless it exists; returns what the file holds. Two
    callers racing both end up with the first one's bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        with contextlib.suppress(FileExistsError):  # the first one's bytes stay
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return path.read_bytes()


def stored_receipt(data_dir: Path, request_id: int) -> bytes | None:
    path = request_dir(data_dir, request_id) / RECEIPT_FILE
    return path.read_bytes() if path.is_file() else None


def issue_receipt(data_dir: Path, request_id: int, document: dict, signer: Signer) -> bytes:
    """The request's receipt bytes: the stored ones, else ``document`` written (readable
    JSON, UTF-8, one final newline) with its detached signature beside it."""
    folder = request_dir(data_dir, request_id)
    data = stored_receipt(data_dir, request_id)
    if data is None:
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        data = _write_once(folder / RECEIPT_FILE, data)
    if not (folder / RECEIPT_SIGNATURE).is_file():  # Ed25519 signs alike every time
        _write_once(folder / RECEIPT_SIGNATURE, signer.sign(data))
    return data


def build_package(data_dir: Path, request_id: int, receipt: bytes, jobs: list[ExportJob],
                  signer: Signer) -> Path:
    """The request's zip, made once (its contents never change after the receipt):
    ``pantau-request-N/`` with the receipt, its signature, the server's key, and one
    folder per export named after its files. Raises FileNotFoundError when an export's
    files are gone."""
    folder = request_dir(data_dir, request_id)
    path = folder / f"{package_name(request_id)}.zip"
    if path.is_file():
        return path
    root = package_name(request_id)
    sources = []
    for job in jobs:
        where = export_dir(data_dir, job.id)
        for suffix in EXPORT_SUFFIXES:
            source = where / f"{job.file_name}{suffix}"
            if not source.is_file():
                raise FileNotFoundError(source)
            sources.append((source, f"{root}/{job.file_name}/{job.file_name}{suffix}"))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".zip")
    try:
        # Stored, not deflated: the MP4s do not shrink and the manifests are small.
        with os.fdopen(fd, "wb") as out, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr(f"{root}/{RECEIPT_FILE}", receipt)
            zf.writestr(f"{root}/{RECEIPT_SIGNATURE}",
                        (folder / RECEIPT_SIGNATURE).read_bytes())
            zf.writestr(f"{root}/{KEY_FILE}", signer.public_pem)
            for source, name in sources:
                zf.write(source, name)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
